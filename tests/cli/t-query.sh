#!/bin/bash
# dossier search from the command line: exit statuses (0 hits, 1 none, 2
# error), repaired queries with one warning line each, a query that starts
# with -word, --explain, --now, sorting, counting, colour, spelling,
# similar documents.  (tests/unit/test-query.c asserts the hit sets of the
# whole query language through the library.)
. "$(dirname "$0")/lib.sh"

"$D" --index idx add corpus 2>/dev/null
S() { run "$D" --index idx search "$@"; }

# ---- Exit statuses ----
S -l Markey
check_eq "hits: exit 0" 0 "$rc"
check_eq "hits: the document" "corpus/news/senate-letters-north-korea.txt" "$out"
S xylophone
check_eq "no hits: exit 1" 1 "$rc"
check_eq "no hits: nothing on stdout" "" "$out"
S -c xylophone
check_eq "count of nothing: exit 1" 1 "$rc"
check_eq "count of nothing: 0" 0 "$out"
S 'sanctions NOT sanctions'
check_eq "NOT everything: exit 1" 1 "$rc"
S --sort sideways sanctions
check_eq "bad --sort: exit 2" 2 "$rc"
check_contains "bad --sort: says why" "$err" "--sort is relevance, date or -date"
S --now 2017-02-30 sanctions
check_eq "bad --now: exit 2" 2 "$rc"
S --facet decade sanctions
check_eq "bad --facet: exit 2" 2 "$rc"
S --color sometimes sanctions
check_eq "bad --color: exit 2" 2 "$rc"
S -n x sanctions
check_eq "bad -n: exit 2" 2 "$rc"
S
check_eq "no query: exit 2" 2 "$rc"
S --bogus sanctions
check_eq "unknown option: exit 2" 2 "$rc"
mkdir -p broken/.dossier/shard-0
echo "not a database" >broken/.dossier/shard-0/iamglass
echo "shards = 1" >broken/.dossier/config
run "$D" --index broken/.dossier search sanctions
check_eq "unusable index: exit 2" 2 "$rc"
check_eq "unusable index: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
run "$D" --index nowhere search sanctions
check_eq "no index: exit 2" 2 "$rc"

# ---- Malformed queries: repaired, one warning line, never an error ----
malformed=(
    'foo AND' 'sanctions AND' 'AND sanctions' 'sanctions OR' '"North Korea' '(sanctions'
    'sanctions)' 'date:garbage sanctions' 'sanctions :' 'NOT' 'title:' 'sanctions NEAR'
    'NEAR/3 sanctions' 'date:2017-13 sanctions' '"" sanctions' '* sanctions' 'mentions:'
    'NEAR(sanctions banks' 'sanctions ”' '“North Korea'
    'sanctions NEAR/x korea' 'secondary NEAR/0 sanctions' '"secondary sanctions"~0' 'date:-2017'
    'sanctions date:2017-' '()' 'sanctions ( )' 'sanctions -' '+ sanctions' 'OR OR'
    'sanctions OR OR korea' 'sanctions AND OR korea' 'NEAR' 'sanctions (' '"' 'title:"'
)
for q in "${malformed[@]}"; do
    S -c "$q"
    checks=$((checks + 1))
    case "$rc" in
    0 | 1) ;;
    *) fail "[$q]: exit $rc" ;;
    esac
    check_eq "[$q]: one warning line" 1 "$(printf '%s\n' "$err" | grep -c '^dossier: warning: ')"
done
S 'sanctions AND'
check_eq "dangling AND: the warning" "dossier: warning: ignored 'AND' at the end" "$err"
check_eq "dangling AND: still searched" 0 "$rc"
S -c 'date:garbage Markey'
check_eq "bad date: the rest searched" 1 "$out"
check_contains "bad date: names it" "$err" "ignored 'date:garbage'"
S -c 'date:garbage'
check_eq "only a bad date: no hits" 1 "$rc"
S -c 'sanctions :'
check_contains "stray colon" "$err" "stray ':'"
check_eq "stray colon: sanctions searched" 11 "$out"
S -c 'sanctions NEAR/x banks'
check_eq "NEAR/x: the warning" \
    "dossier: warning: NEAR/x: the distance must be a number; used 10 words, the default" "$err"
check_eq "NEAR/x: read as NEAR" 1 "$out"
S -c 'date:-2017'
check_eq "date:-2017: the warning" "dossier: warning: ignored 'date:-2017': '-2017' is not a date (for up to 2017, write date:..2017)" "$err"
check_eq "date:-2017: not read as date:2017" 0 "$out"
S -c 'OR OR'
check_eq "OR OR: the warning" \
    "dossier: warning: ignored 'OR OR' with nothing before or after it" "$err"
S -c 'Markey OR OR Whitcomb'
check_eq "OR OR between words: the warning" "dossier: warning: ignored a repeated 'OR'" "$err"
check_eq "OR OR between words: read as OR" 2 "$out"
S -c '()'
check_eq "(): the warning" "dossier: warning: ignored parentheses with no words in them" "$err"

# ---- A query starting with -word (not an option) ----
S -l -korea sanctions
check_eq "-word first: exit 0" 0 "$rc"
check_eq "-word first: hits" "corpus/letters/ransomware-reporting-letter.md
corpus/reports/infrastructure-cyber-brief.md" "$(printf '%s\n' "$out" | sort)"
S -korea -l sanctions
check_eq "-word first, option after" 2 "$(printf '%s\n' "$out" | wc -l)"
S -l -- -korea sanctions
check_eq "-- then -word" 2 "$(printf '%s\n' "$out" | wc -l)"
S -c -korea -nuclear sanctions
check_eq "two -words" 2 "$out"
S --sort -date -l sanctions -n 2
check_eq "--sort -date keeps its value" "corpus/reports/infrastructure-cyber-brief.md
corpus/letters/ransomware-reporting-letter.md" "$out"
S -ck0 sanctions
check_eq "clustered short options" 11 "$out"
S -lc sanctions
check_contains "-l and -c together: refused" "$err" "-c, -l and --facet are three views"
S -n2 -k0 -l sanctions
check_eq "-n2 attached" 2 "$(printf '%s\n' "$out" | wc -l)"
S -c sanctions -ransomware
check_eq "-word last" 9 "$out"

# ---- --explain ----
S --explain -c '"sanctions banks"~3 date:2017/2018 -korea'
check_contains "explain: parsed" "$err" "parsed:   (NOT (AND (NEAR/3 =sanctions =banks) date:2017-01-01..2018-12-31) korea)"
check_contains "explain: xapian" "$err" "xapian:   "
S --explain -c 'Markey OR'
check_contains "explain: the repair" "$err" "warning: ignored 'OR' at the end"
check_contains "explain: what was run" "$err" "parsed:   markey"

# ---- Relative dates and --now ----
S -l --now 2017-03-04 date:yesterday
check_eq "--now yesterday" "corpus/letters/sanctions-enforcement-followup.txt
corpus/news/senate-letters-north-korea.txt" "$(printf '%s\n' "$out" | sort)"
S -l --now 2018-03-04 'date:"last 6 months"'
check_eq "--now last 6 months" "corpus/news/pyeongchang-joint-team.txt
corpus/reports/testimony-opioid-response.txt" "$(printf '%s\n' "$out" | sort)"
S -c --now 2017-03-18 date:2w..
check_eq "--now 2w.. (none)" 0 "$out"

# ---- Sorting, limits, counting ----
S --sort date -k 0 sanctions -n 3
check_eq "--sort date: oldest first" "2016-06-14 2017-03-03 2017-03-03" \
    "$(printf '%s\n' "$out" | sed -n 's/^[0-9]*\. \([0-9-]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//')"
S --sort -date -k 0 sanctions -n 3
check_eq "--sort -date: newest first" "2023-05-16 2021-06-09 2020-12-08" \
    "$(printf '%s\n' "$out" | sed -n 's/^[0-9]*\. \([0-9-]*\) .*/\1/p' | tr '\n' ' ' | sed 's/ $//')"
S -c 'NOT sanctions'
check_eq "count NOT" 17 "$out"
S -l -n 3 --offset 9 sanctions
check_eq "offset past the middle" 2 "$(printf '%s\n' "$out" | wc -l)"
S --facet year 'mentions:2017'
check_contains "facet text" "$out" "2017         3 "

# ---- Passages in the text view ----
S -n 1 -k 2 'sanctions NEAR/3 banks'
check_contains "text view: passage line" "$out" "corpus/letters/sanctions-enforcement-followup.txt:13: "
check_contains "text view: NEAR lit" "$out" "secondary **sanctions** against foreign **banks**"
check_not_contains "text view: far Sanctions unlit" "$out" "**Sanctions**"
S -n 1 -k 1 'korea OR (sanctions NOT tariffs)' dir:corpus/press
check_not_contains "NOT words unlit" "$out" "**tariff"
S --passages -n 2 '"North Korea"'
check_eq "--passages: two ranked passages" 2 "$(printf '%s\n' "$out" | grep -c '^[0-9]*\. ')"

# ---- Colour: --color, NO_COLOR, terminals ----
S --color always -n 1 -k 1 Markey
check_contains "--color always" "$out" $'\033[1;31mMarkey\033[0m'
S --color never -n 1 -k 1 Markey
check_not_contains "--color never" "$out" $'\033'
check_contains "--color never: markers" "$out" "**Markey**"
S -n 1 -k 1 Markey
check_not_contains "auto, not a terminal" "$out" $'\033'
if command -v script >/dev/null 2>&1; then
    tty_out=$(script -qec "'$D' --index idx search -n 1 -k 1 Markey" /dev/null 2>&1)
    check_contains "auto on a terminal: colour" "$tty_out" $'\033[1;31mMarkey'
    tty_out=$(NO_COLOR=1 script -qec "'$D' --index idx search -n 1 -k 1 Markey" /dev/null 2>&1)
    check_not_contains "NO_COLOR on a terminal" "$tty_out" $'\033'
    check_contains "NO_COLOR: markers" "$tty_out" "**Markey**"
fi

# ---- Did you mean ----
S sanctons
check_eq "misspelt: exit 1" 1 "$rc"
check_contains "did you mean" "$err" "did you mean 'sanctions'?"

# ---- Similar documents ----
# field:(a OR b) for the fields of values: any of them, as field:a OR field:b.
for pair in 'type:(letter OR report)|type:letter OR type:report' \
    'date:(2017 OR 2018)|date:2017 OR date:2018' \
    'ext:(md OR html)|ext:md OR ext:html' \
    'dir:(corpus/letters corpus/press)|dir:corpus/letters OR dir:corpus/press'; do
    a=${pair%%|*} b=${pair#*|}
    run "$D" --index idx search -c "$a"
    check_eq "[$a] as [$b]" "$("$D" --index idx search -c "$b" 2>/dev/null)" "$out"
    check_eq "[$a]: no warning" "" "$err"
done
# Only filters and NOT: every document scores 0, newest first as for
# filters alone.
dates=$("$D" --index idx search -k 0 -n 10 'NOT sanctions dir:corpus/letters' 2>/dev/null | sed -n 's/^[0-9]*\. \([0-9-]*\) .*/\1/p')
check_eq "NOT with a filter: newest first" "$(printf '%s\n' "$dates" | sort -r)" "$dates"
[ "$(printf '%s\n' "$dates" | grep -c .)" -ge 2 ] || fail "NOT with a filter: fewer than 2 hits"
checks=$((checks + 1))
run "$D" --index idx search -c 'type:()'
check_contains "type:(): said" "$err" "ignored 'type:()': no value in it"

run "$D" --index idx similar -n 5 corpus/letters/sanctions-enforcement-followup.txt
check_eq "similar: exit 0" 0 "$rc"
check_not_contains "similar: never itself" "$out" "sanctions-enforcement-followup.txt"
check_contains "similar: the other letter on the same affair" "$out" "corpus/news/senate-letters-north-korea.txt"
run "$D" --index idx similar -n 0 corpus/letters/sanctions-enforcement-followup.txt
check_eq "similar -n 0: exit 0 (some are similar), as search -n 0" "0 " "$rc $out"
run "$D" --index idx similar corpus/nothing-here.txt
check_eq "similar: unknown document" 1 "$rc"
run "$D" --index idx similar
check_eq "similar: no path" 2 "$rc"

# A paragraph longer than a passage is cut into windows; phrases still
# run on across the cuts (only paragraphs keep proximity apart).  One
# paragraph of 40 sentences of 8 distinct words: every pair of neighbours
# is a phrase of the document.
mkdir longpara
awk 'function w(i, j,   L) { L = "abcdefghijklmnopqrstuvwxyz"
        return "zq" substr(L, i % 26 + 1, 1) substr(L, int(i / 26) % 26 + 1, 1) substr(L, j + 1, 1) }
    BEGIN { f = "longpara/long.txt"; print "Long paragraph" > f; print "" > f; line = ""
        for (i = 0; i < 40; i++) { for (j = 0; j < 8; j++) line = line (j ? " " : "") w(i, j); line = line ". " }
        print line > f }'
"$D" --index lidx add longpara >/dev/null 2>&1
check_contains "the paragraph is cut into windows" \
    "$("$D" --index lidx show --json longpara/long.txt | grep -o '"line":3' | wc -l | tr -d ' ')" "3"
missed=0 prev=
for w in $(sed -n 3p longpara/long.txt | tr -d '.'); do
    if [ -n "$prev" ] && [ "$("$D" --index lidx search -c "\"$prev $w\"")" != 1 ]; then
        missed="$missed $prev-$w"
    fi
    prev=$w
done
check_eq "every neighbouring pair is a phrase, across window cuts too" 0 "$missed"
# The passage where such a phrase starts shows it, lit where it stands.
windows=$("$D" --index lidx show --json longpara/long.txt | grep -o '"text":"[^"]*"' |
          sed -n '2,3p' | sed 's/"text":"//; s/"$//; s/\.//g')
cut_pair="$(printf '%s\n' "$windows" | sed -n 1p | awk '{print $NF}') $(printf '%s\n' "$windows" | sed -n 2p | awk '{print $1}')"
run "$D" --index lidx search --passages --json -n 1 "\"$cut_pair\""
check_contains "a phrase across a cut: its passage" "$out" '"highlights":[['
run "$D" --index lidx search --json -k 1 "\"$cut_pair\""
check_contains "a phrase across a cut: lit in the hit" "$out" '"highlights":[['

# word^N multiplies the word's weight by N (Lucene's boost).
s1=$("$D" --index idx search --json -n 1 -k 0 tariff | sed -n 's/.*"score":\([0-9.]*\).*/\1/p')
s2=$("$D" --index idx search --json -n 1 -k 0 'tariff^2' | sed -n 's/.*"score":\([0-9.]*\).*/\1/p')
check_eq "tariff^2 scores twice tariff" "$(awk -v a="$s1" 'BEGIN { printf "%.4f", 2 * a }')" \
    "$(awk -v a="$s2" 'BEGIN { printf "%.4f", a }')"

# A hyphenated word takes its last word's inflections, as a word does; a
# quoted one is exact.
mkdir -p hy
printf 'Mail Note\n\nWe sent e-mails about the trade-policies of the union.\n' >hy/m.txt
"$D" --index hyidx add hy 2>/dev/null
check_eq "e-mail finds e-mails" hy/m.txt "$("$D" --index hyidx search -l e-mail)"
check_eq "trade-policy finds trade-policies" hy/m.txt "$("$D" --index hyidx search -l trade-policy)"
check_eq "\"e-mail\" quoted is exact" 0 "$("$D" --index hyidx search -c '"e-mail"')"
check_eq "e-mail NEAR union: inflected inside NEAR too" hy/m.txt "$("$D" --index hyidx search -l 'e-mail NEAR union')"
check_eq "NEAR(e-mail trade-policy, 5)" hy/m.txt "$("$D" --index hyidx search -l 'NEAR(e-mail trade-policy, 5)')"
check_eq "NEAR with a quoted compound stays exact" 0 "$("$D" --index hyidx search -c '"e-mail" NEAR union')"
check_contains "the inflected compound is lit" "$("$D" --index hyidx search -k 1 --color never trade-policy)" \
    "**trade**-**policies**"

# "Did you mean" for a word of a phrase or of title: too.
run "$D" --index idx search -c '"sanctoins on banks"'
check_contains "did you mean, in a phrase" "$err" "no document has 'sanctoins'; did you mean 'sanctions'?"
run "$D" --index idx search -c 'title:sanctoins'
check_contains "did you mean, in title:" "$err" "no document has 'sanctoins'; did you mean 'sanctions'?"
run "$D" --index idx search -c '"sanctoins sanctoins"'
check_eq "did you mean: said once a word" 1 "$(printf '%s\n' "$err" | grep -c 'did you mean')"

# ... in title: only a word that some title holds.
mkdir -p zep
printf 'Alpha Note\n\nThe zeppelin flew; the zeppelin landed.\n' >zep/a.txt
printf 'Zeppelins Over the Bay\n\nZeppelins filled the sky.\n' >zep/b.txt
"$D" --index zidx add zep 2>/dev/null
run "$D" --index zidx search -c 'zepelin'
check_contains "text: did you mean" "$err" "did you mean 'zeppelin'?"
run "$D" --index zidx search -c 'title:zepelins'
check_contains "title: a title's word" "$err" "did you mean 'zeppelins'?"
run "$D" --index zidx search -c 'title:zepelin'
check_not_contains "title: not a word only the text has" "$err" "did you mean 'zeppelin'?"

finish
