#!/bin/bash
# t-ranking.sh - how long questions are ranked: read as natural language
# even with an aside in parentheses, answered by ranked OR, and expanded
# with pseudo-relevance feedback (--feedback), which never changes which
# documents match nor depends on how many hits are shown.
. "$(dirname "$0")/lib.sh"

run $D add corpus
check_eq "add exit status" 0 "$rc"

q='what sanctions (and which banks) enforce the rules against North Korea shipping'

run $D search --explain -n 3 "$q"
check_eq "question exit status" 0 "$rc"
check_contains "a question with parentheses is natural language" "$err" "a question of"
check_contains "OR mode" "$err" "mode:     OR (ranked, any word) [natural-language query]"
check_not_contains "parentheses are not a group" "$err" "parsed:   (AND sanctions (AND"
check_contains "'and' inside the aside is a word, not an operator" "$err" "parsed:   (AND sanctions banks enforce"
check_contains "feedback by default for a question" "$err" "feedback: "

run $D search --explain --feedback never -n 3 "$q"
check_not_contains "--feedback never" "$err" "feedback: "

# A short query gets no feedback unless asked for.
run $D search --explain sanctions
check_not_contains "no feedback for a short query" "$err" "feedback: "
run $D search --explain --feedback always sanctions
check_contains "--feedback always" "$err" "feedback: "
run $D search --feedback sometimes sanctions
check_eq "bad --feedback value" 2 "$rc"
check_contains "bad --feedback message" "$err" "--feedback is auto, always or never"

# Feedback only reorders: the same documents match.
run $D search -c --feedback never "$q"
plain=$out
run $D search -c "$q"
check_eq "feedback keeps the matching set" "$plain" "$out"

# Keywords joined by lower-case not/and with no other function word are
# no question: the operators apply.  With one ("why", "the"), they are
# words of the question.
run $D search --explain 'sanctions korea banks shipping not ransomware'
check_contains "keywords with not: as written" "$err" "mode:     as written"
check_contains "keywords with not: NOT applies" "$err" "parsed:   (NOT (AND sanctions korea banks shipping) ransomware)"
run $D search --explain 'sanctions and korea and banks'
check_contains "keywords with and: AND" "$err" "parsed:   (AND sanctions korea banks)"
check_contains "keywords with and: as written" "$err" "mode:     as written"
run $D search --explain 'why are sanctions not enforced on banks'
check_contains "a question with not: natural" "$err" "[natural-language query]"

# A phrase in quotes among the words of a question keeps the question
# natural (ranked OR, the phrase one of its parts): a word no document has
# does not empty it, as it would an AND.
q2='which sanctions on "North Korea" reach the zzqxv shipping banks'
run $D search --explain -n 3 "$q2"
check_eq "question with a phrase: exit status" 0 "$rc"
check_contains "question with a phrase is natural" "$err" "[natural-language query]"
check_contains "the phrase stays a phrase" "$err" '"north korea"'
check_contains "question with a phrase finds documents" "$out" "1. "
# A short query of quoted words still asks for all of them.
run $D search -c '"sanctions" "zzqxv"'
check_eq "quoted words: no fallback" 1 "$rc"

# Feedback reads at most a quarter of the matches: a question that
# matches few documents of a small corpus is expanded from its best few,
# not from most of the matches.
run $D search --explain 'what was in the budget deal'
check_contains "few matches: feedback from few documents" "$err" "feedback: 10 words from the best 3 hits"
check_eq "few matches: the budget agreement first" \
    "1. 2013-12-11  Budget Negotiators Announce Two-Year Spending Agreement" \
    "$(echo "$out" | grep '^1\. ' | sed 's/  \[.*//')"
run $D search --explain 'ransomware measles opioid zzqxv zzqxw'
check_not_contains "under 8 matches: no feedback" "$err" "feedback: "

# The ranking does not depend on the page asked for.
run $D search -l -n 20 "$q"
all=$out
run $D search -l -n 2 "$q"
check_eq "first two of 20 are the first two" "$(echo "$all" | head -2)" "$out"
run $D search -l -n 1 --offset 2 "$q"
check_eq "third by offset" "$(echo "$all" | sed -n 3p)" "$out"

# A short query of plain words ranks first the documents where they stand
# side by side, in order ("secretary of state": stop words between them
# count), over documents that hold the words more often but apart.
mkdir -p adj
for i in 1 2 3; do
    printf 'Notes %d\n\nThe zorplan for the county was drafted by the harbor board. A second zorplan draft, then a third zorplan, went to the board. Meanwhile, the general Quimshall spoke, and Quimshall left; Quimshall returned.\n' "$i" >"adj/apart-$i.txt"
done
printf 'Aid to Europe\n\nCongress debated the Quimshall Zorplan for European recovery.\n' >adj/together.txt
printf 'Cabinet\n\nThe Secretary of Quelland met the press. The secretary spoke of Quelland, of the secretary of Quelland, again.\n' >adj/stop.txt
printf 'Other cabinet\n\nThe secretary spoke at length. Quelland, the secretary said, and Quelland again; the secretary and the secretary left. Then came Quelland.\n' >adj/apart-stop.txt
"$D" --index adjidx add adj 2>/dev/null
check_eq "side by side first" "adj/together.txt" "$("$D" --index adjidx search -l -n 1 'Quimshall Zorplan')"
check_eq "stop words between count" "adj/stop.txt" "$("$D" --index adjidx search -l -n 1 'secretary of Quelland')"
check_eq "in order only: reversed, the most frequent first" "adj/apart-1.txt" \
    "$("$D" --index adjidx search -l -n 1 'Zorplan Quimshall')"
check_eq "every match still found" 4 "$("$D" --index adjidx search -c 'Quimshall Zorplan')"
check_contains "explain shows the bonus" "$("$D" --index adjidx search -n 0 --explain 'Quimshall Zorplan' 2>&1)" \
    "AND_MAYBE 1 * (quimshall@3 PHRASE 3 zorplan@4)"

finish
