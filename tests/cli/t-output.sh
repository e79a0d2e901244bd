#!/bin/bash
# Every way of showing a search's results (text, --json, -l, -c, --facet,
# --batch) counts and shows the same matches for the same query, the
# fallback to any of the words included, and says so the same way; the
# exit status says whether the query matched, whatever the page shows;
# --batch answers every input line, in order, each block as soon as it is
# ready; -c and -l follow --json.
. "$(dirname "$0")/lib.sh"

# A word no other document has: "korea walrusxyz" has no document with
# both words, so every view falls back to documents with either.
mkdir -p corpus/extra
echo walrusxyz >corpus/extra/walrus.txt
"$D" --index idx add corpus 2>/dev/null
S() { run "$D" --index idx search "$@"; }
note="dossier: note: no document has all the words"
q='korea walrusxyz'

# ---- The fallback, in every view ----
S -l "$q"
check_eq "-l: exit 0" 0 "$rc"
check_contains "-l: the note" "$err" "$note"
check_contains "-l: the walrus" "$out" "corpus/extra/walrus.txt"
files=$out
n=$(printf '%s\n' "$files" | wc -l)
korea=$("$D" --index idx search -c korea)
check_eq "the fallback finds the korea documents and the walrus" "$((korea + 1))" "$n"

S -c "$q"
check_eq "-c: exit 0" 0 "$rc"
check_eq "-c: counts what -l lists" "$n" "$out"
check_contains "-c: the note" "$err" "$note"

S --json -c "$q"
check_eq "--json -c: exit 0" 0 "$rc"
check_eq "--json -c: one object" "{\"count\":$n}" "$out"
check_contains "--json -c: the note" "$err" "$note"

for facet in year month; do
    S --facet $facet "$q"
    check_eq "--facet $facet: exit 0" 0 "$rc"
    check_contains "--facet $facet: the note" "$err" "$note"
    check_eq "--facet $facet: adds up to the count" "$n" \
        "$(printf '%s\n' "$out" | awk '{ s += $2 } END { print s + 0 }')"
    S --json --facet $facet "$q"
    check_eq "--json --facet $facet: exit 0" 0 "$rc"
    check_contains "--json --facet $facet: the note" "$err" "$note"
    check_eq "--json --facet $facet: adds up to the count" "$n" \
        "$(printf '%s\n' "$out" | grep -o ':[0-9]*' | tr -d : | awk '{ s += $1 } END { print s + 0 }')"
done

S -n 1000 -k 0 --color never "$q"
check_eq "text: exit 0" 0 "$rc"
check_contains "text: the note" "$err" "$note"
check_eq "text: the same documents, in the same order" "$files" \
    "$(printf '%s\n' "$out" | sed -n 's/^   //p')"

S --json -n 1000 -k 0 "$q"
check_eq "--json: exit 0" 0 "$rc"
check_contains "--json: the note" "$err" "$note"
check_eq "--json: the same documents, in the same order" "$files" \
    "$(printf '%s\n' "$out" | sed 's/^{"rank":[0-9]*,"path":"\([^"]*\)".*/\1/')"

S --json -l "$q"
check_eq "--json -l: exit 0" 0 "$rc"
check_eq "--json -l: the same paths, as objects" "$files" \
    "$(printf '%s\n' "$out" | sed -n 's/^{"path":"\([^"]*\)"}$/\1/p')"

out=$(printf '%s\n' "$q" | "$D" --index idx search --batch -n 1000 -k 0 2>"$work/err")
rc=$?
check_eq "--batch: exit 0" 0 "$rc"
check_eq "--batch: no note on stderr" "" "$(cat "$work/err")"
check_contains "--batch: the note in the summary" "$out" \
    '"note":"no document has all the words'
check_eq "--batch: the same documents" "$files" \
    "$(printf '%s\n' "$out" | sed -n 's/^{"rank":[0-9]*,"path":"\([^"]*\)".*/\1/p')"
check_contains "--batch: the summary" "$out" "{\"query_end\":\"$q\",\"hits\":$n,"
out=$(printf '%s\n' "$q" | "$D" --index idx search --batch -c 2>/dev/null)
check_eq "--batch -c: the count" "{\"count\":$n}" "$(printf '%s\n' "$out" | head -1)"

# A query whose words are all in some document never falls back, whatever
# the page: not for -c, nor past the last of its matches.
S -c 'korea sanctions'
both=$out
check_eq "both words: no note" "" "$err"
S --offset "$both" -l 'korea sanctions'
check_eq "past the last match: nothing" "" "$out"
check_eq "past the last match: no fallback" "" "$err"
check_eq "past the last match: it did match" 0 "$rc"
S -l 'korea sanctions'
check_eq "-l lists what -c counts" "$both" "$(printf '%s\n' "$out" | wc -l)"

# ---- Exit status: whether the query matched, whatever -n shows ----
S -n 0 korea
check_eq "-n 0 with matches: exit 0" 0 "$rc"
check_eq "-n 0: nothing shown" "" "$out"
S -n 0 --json korea
check_eq "-n 0 --json with matches: exit 0" 0 "$rc"
S -n 0 xylophone
check_eq "-n 0 without matches: exit 1" 1 "$rc"
S -n 0 "$q"
check_eq "-n 0 through the fallback: exit 0" 0 "$rc"
check_contains "-n 0 through the fallback: the note" "$err" "$note"
S -n 0 --passages korea
check_eq "-n 0 --passages with matches: exit 0" 0 "$rc"
S --offset 1000 korea
check_eq "an offset past the matches: exit 0" 0 "$rc"
S -c xylophone
check_eq "-c of nothing: exit 1" 1 "$rc"
check_eq "-c of nothing: 0" 0 "$out"
S --json -c xylophone
check_eq "--json -c of nothing: exit 1" 1 "$rc"
check_eq "--json -c of nothing: 0" '{"count":0}' "$out"
S --json -l xylophone
check_eq "--json -l of nothing: exit 1" 1 "$rc"
check_eq "--json -l of nothing: no lines" "" "$out"
printf 'xylophone\nkorea\n' | "$D" --index idx search --batch -n 0 >/dev/null 2>&1
check_eq "--batch -n 0, one query matching: exit 0" 0 "$?"
printf 'xylophone\n' | "$D" --index idx search --batch >/dev/null 2>&1
check_eq "--batch, no query matching: exit 1" 1 "$?"

# ---- --batch: one block per input line, in order ----
printf 'korea\r\n\nmeasles\n   \n\r\nkorea' >"$work/lines"
out=$("$D" --index idx search --batch -n 1 -k 0 <"$work/lines" 2>/dev/null)
check_eq "--batch: exit 0" 0 "$?"
check_eq "--batch: a summary per line, in order, CRs dropped" \
    "$(printf '%s\n' korea '' measles '   ' '' korea)" \
    "$(printf '%s\n' "$out" | sed -n 's/^{"query_end":"\([^"]*\)".*/\1/p')"
check_not_contains "--batch: no CR kept" "$out" '\r'
# Each block: korea's and measles' one hit then the summary; the empty,
# blank and CR-only lines' summary alone.
check_eq "--batch: the blocks" "hit end end hit end end end hit end" \
    "$(printf '%s\n' "$out" | sed -e 's/^{"rank".*/hit/' -e 's/^{"query_end".*/end/' | tr '\n' ' ' | sed 's/ $//')"
check_contains "--batch: an empty line's summary" "$out" '{"query_end":"","hits":0,"estimated":0,'
check_contains "--batch: a blank line's summary" "$out" '{"query_end":"   ","hits":0,"estimated":0,'
# With -c and --facet too: no zero count for a blank line.
out=$(printf 'korea\n   \n\nkorea\n' | "$D" --index idx search --batch -c)
check_eq "--batch -c: blank lines answered by their summary alone" "count end end end count end" \
    "$(printf '%s\n' "$out" | sed -e 's/^{"count".*/count/' -e 's/^{"query_end".*/end/' | tr '\n' ' ' | sed 's/ $//')"

# -l, -c and --facet describe the matching documents, with --passages too.
check_eq "--passages -l lists the files" "$("$D" --index idx search -l tariff 2>&1)" \
    "$("$D" --index idx search --passages -l tariff 2>&1)"
check_eq "--passages -c counts the documents" "$("$D" --index idx search -c tariff 2>&1)" \
    "$("$D" --index idx search --passages -c tariff 2>&1)"

# --batch gives the spelling suggestions a single query prints.
out=$(printf 'sanctoins\n' | "$D" --index idx search --batch -n 1 -k 0 2>/dev/null)
check_contains "--batch: did you mean" "$out" '"did_you_mean":{"sanctoins":"sanctions"}'
# --explain keeps a query with a newline on its line.
run "$D" --index idx search --explain -n 0 "$(printf 'korea\nsanctions')"
check_contains "--explain: newline escaped" "$err" 'query:    korea\nsanctions'
check_eq "--explain: one line per field" 0 "$(printf '%s\n' "$err" | grep -c '^sanctions')"

# Plain words that no document has together fall back to any of them; an
# AND or quoted words ask for every word, and exit 1 when none has them.
run "$D" --index idx search -c measles sanctions
check_contains "plain words: the fallback" "$err" "no document has all the words"
[ "$out" -gt 0 ] || fail "plain words: the fallback counts nothing"
checks=$((checks + 1))
for q in 'measles AND sanctions' '"measles" "sanctions"' 'measles and sanctions'; do
    run "$D" --index idx search -c "$q"
    check_eq "all asked [$q]: none, exit 1" "1 0" "$rc $out"
    check_not_contains "all asked [$q]: no fallback" "$err" "no document has all the words"
done

# --passages follows --sort, and -k caps the passages of one document.
dates=$("$D" --index idx search --passages -n 8 --sort date korea 2>/dev/null | sed -n 's/^[0-9]*\. \([0-9-]*\) .*/\1/p')
check_eq "--passages --sort date: oldest first" "$(printf '%s\n' "$dates" | sort)" "$dates"
dates=$("$D" --index idx search --passages -n 8 --sort -date korea 2>/dev/null | sed -n 's/^[0-9]*\. \([0-9-]*\) .*/\1/p')
check_eq "--passages --sort -date: newest first" "$(printf '%s\n' "$dates" | sort -r)" "$dates"
check_eq "--passages --sort: 8 passages" 8 "$(printf '%s\n' "$dates" | grep -c .)"
paths=$("$D" --index idx search --passages -n 8 -k 1 korea 2>/dev/null | sed -n 's/^\([^ ]*\.[a-z.]*\):[0-9]*: .*/\1/p')
check_eq "--passages -k 1: one passage a document" "$(printf '%s\n' "$paths" | sort -u | wc -l)" \
    "$(printf '%s\n' "$paths" | wc -l)"
check_eq "--passages -k 1: still 8" 8 "$(printf '%s\n' "$paths" | grep -c .)"

# show's passage previews are cut between characters, never inside one,
# and marked as cut only when they are.
mkdir -p cut
{ printf 'Cut Title\n\n'; printf 'x%.0s' $(seq 159); printf '\303\251 more words\n\nShort one.\n'; } >cut/a.txt
"$D" --index cutidx add cut 2>/dev/null
out=$("$D" --index cutidx show cut/a.txt)
check_eq "show: valid UTF-8" 0 "$(printf '%s\n' "$out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; echo $?)"
check_contains "show: a cut passage ends in an ellipsis" "$out" "xxx…"
check_eq "show: a whole passage does not" 1 "$(printf '%s\n' "$out" | grep -c ': Short one\.$')"

# --batch as a co-process: each block is written out as soon as it is
# answered, while standard input is still open.
mkfifo "$work/bq"
"$D" --index idx search --batch -n 1 -k 0 <"$work/bq" >"$work/bout" 2>/dev/null &
bpid=$!
exec 3>"$work/bq"
printf 'tariff\n' >&3
got=""
for _ in $(seq 100); do
    got=$(grep -c '"query_end":"tariff"' "$work/bout")
    [ "$got" = 1 ] && break
    sleep 0.05
done
check_eq "--batch: a block arrives while the input is open" 1 "$got"
printf 'korea\n' >&3
exec 3>&-
wait "$bpid"
check_eq "--batch: co-process exit status" 0 "$?"
check_eq "--batch: both blocks" 2 "$(grep -c '"query_end"' "$work/bout")"

# --passages: the top passages do not depend on how many are shown, and
# pages fit together.  300 generated documents of random paragraphs,
# where a document's rank says little about its best passage's.
mkdir pages
awk 'BEGIN { srand(7); split("alpha beta gamma delta epsilon policy budget treaty court senate agency report", w, " ");
    for (d = 1; d <= 300; d++) {
        f = sprintf("pages/doc%03d.txt", d); print "Document " d > f; print "" > f
        np = 1 + int(rand() * 6)
        for (p = 1; p <= np; p++) {
            n = 20 + int(rand() * 120); line = ""
            for (i = 0; i < n; i++) line = line (rand() < 0.03 ? "quorum" : w[1 + int(rand() * 12)]) " "
            print line > f; print "" > f
        }
        close(f)
    } }'
"$D" --index pidx add pages >/dev/null 2>&1
unranked() { sed 's/"rank":[0-9]*,//'; }
p30=$("$D" --index pidx search --passages --json -n 30 quorum | unranked)
check_eq "--passages: 30 of them" 30 "$(printf '%s\n' "$p30" | grep -c '"line"')"
check_eq "--passages -n 10 is the first 10 of -n 30" "$(printf '%s\n' "$p30" | sed -n 1,10p)" \
    "$("$D" --index pidx search --passages --json -n 10 quorum | unranked)"
check_eq "--passages --offset 10 -n 10 is the second 10" "$(printf '%s\n' "$p30" | sed -n 11,20p)" \
    "$("$D" --index pidx search --passages --json -n 10 --offset 10 quorum | unranked)"
# Deep pages too: ten pages of 50 are the 500 of one search.
p500=$("$D" --index pidx search --passages --json -n 500 quorum | unranked)
pages=$(for off in 0 50 100 150 200 250 300 350 400 450; do
    "$D" --index pidx search --passages --json -n 50 --offset $off quorum | unranked; done)
check_eq "--passages: deep pages fit together" "$p500" "$pages"

# ---- A document with no title line is shown by its file name ----
# One long line, as the State of the Union files are: no title.
mkdir -p notitle
{
    printf 'Fellow-Citizens of the Senate and House of Representatives: '
    for i in $(seq 1 40); do printf 'the state of the union is strong and the economy grows '; done
    printf 'while the ocelotquux sleeps '
    for i in $(seq 1 40); do printf 'and the state of the union is strong '; done
    printf '\n'
} >notitle/1993_address.txt
printf 'A Titled Note\n\nThe ocelotquux woke up while the economy grows.\n' >notitle/titled.txt
for i in 1 2 3; do
    printf 'Budget Talk %s\n\nSenators argued about appropriations.\n' $i >notitle/other$i.txt
done
"$D" --index ntidx add notitle >/dev/null 2>&1
out=$("$D" --index ntidx search -k 1 ocelotquux)
check_contains "untitled: the header names the file" "$out" "1993        1993_address.txt  ["
check_contains "titled: the header has the title" "$out" "A Titled Note  ["
check_not_contains "untitled: no (untitled)" "$out" "(untitled)"
check_contains "--passages: the header names the file" \
    "$("$D" --index ntidx search --passages ocelotquux)" "1993        1993_address.txt  ["
check_contains "similar: the header names the file" \
    "$("$D" --index ntidx similar notitle/titled.txt)" "1993_address.txt  ["
check_eq "--json: the title stays empty" '"title":""' \
    "$("$D" --index ntidx search --json ocelotquux | grep -o '"title":"[^"]*"' | sort | head -1)"

# ---- A passage cut inside a sentence says so ----
# The sentences carry no capitals, so the window that holds the word
# starts inside one: its text begins with an ellipsis.  The titled
# note's passage is a whole paragraph: none.  The width is wide enough
# to show whole windows, so the cut is the window's.
pass=$("$D" --index ntidx search -k 1 --width 5000 ocelotquux | grep -F 'ocelotquux')
check_contains "mid-sentence passage starts with …" \
    "$(printf '%s\n' "$pass" | grep -F 1993_address.txt)" "1993_address.txt:1: …"
check_contains "the window ends inside a sentence too" \
    "$(printf '%s\n' "$pass" | grep -F 1993_address.txt)" "strong and…"
check_contains "whole paragraph: no ellipsis" \
    "$(printf '%s\n' "$pass" | grep -F titled.txt)" "titled.txt:3: The **ocelotquux** woke up while the economy grows."

# ---- -l --null: paths end with NUL, for xargs -0 ----
check_eq "-l --null: the paths of -l, NUL-terminated" \
    "$("$D" --index idx search -l korea | tr '\n' '\0' | od -c)" \
    "$("$D" --index idx search -l --null korea | od -c)"
check_eq "-l --null: a NUL after each path" "$("$D" --index idx search -c korea)" \
    "$("$D" --index idx search -l --null korea | tr -cd '\0' | wc -c)"
run "$D" --index idx search --null korea
check_eq "--null without -l: exit 2" 2 "$rc"
check_contains "--null without -l: says so" "$err" "--null goes with -l"

# ---- No match: the text view says so, -l and -c stay quiet ----
run "$D" --index idx search '"korea walrusxyz"'
check_eq "no match: exit 1" 1 "$rc"
check_eq "no match: nothing on stdout" "" "$out"
check_eq "no match: one line" "dossier: no document matches" "$err"
run "$D" --index idx search -l '"korea walrusxyz"'
check_eq "no match -l: silent" "" "$out$err"
run "$D" --index idx search -c '"korea walrusxyz"'
check_eq "no match -c: 0 and no line" "0" "$out$err"

# similar takes --color as search does.
check_contains "similar --color always: colored" \
    "$("$D" --index ntidx similar --color always notitle/titled.txt)" "$(printf '\033[')"
check_not_contains "similar --color never: plain" \
    "$("$D" --index ntidx similar --color never notitle/titled.txt)" "$(printf '\033[')"
run "$D" --index ntidx similar --color sometimes notitle/titled.txt
check_eq "similar --color sometimes: exit 2" 2 "$rc"

# Output that cannot be written (a full disk) is an error, as for grep.
if [ -w /dev/full ]; then
    "$D" --index idx search --json -n 100 korea >/dev/full 2>"$work/full.err"
    check_eq "full disk: exit 2" 2 "$?"
    check_contains "full disk: said" "$(cat "$work/full.err")" "dossier: cannot write the output"
    printf 'korea\n' | "$D" --index idx search --batch >/dev/full 2>"$work/full.err"
    check_eq "full disk, --batch: exit 2" 2 "$?"
fi

# Views that exclude each other, and malformed shards, are refused.
for opts in "-c -l" "-l --facet year" "-c --facet month"; do
    run "$D" --index idx search $opts korea
    check_eq "search $opts: exit 2" 2 "$rc"
    check_contains "search $opts: says why" "$err" "-c, -l and --facet are three views of the matches: give one"
done
run "$D" --index idx search --batch --explain </dev/null
check_eq "--batch --explain: exit 2" 2 "$rc"
run "$D" --shard tcp://127.0.0.1 search -c korea
check_eq "tcp:// without a port: exit 2" 2 "$rc"
check_contains "tcp:// without a port: says so" "$err" "tcp://127.0.0.1: not a remote shard: give tcp://HOST:PORT"
# A NUL in a --batch line is read as a space, with a warning.
out=$(printf 'kor\0ea\n' | "$D" --index idx search --batch -c 2>"$work/nul.err")
check_contains "--batch NUL: the whole line read" "$out" '"query_end":"kor ea"'
check_contains "--batch NUL: warned" "$(cat "$work/nul.err")" "a query line held a NUL byte"

# --batch's "estimated" is exact for a result of a few pages.
for q in korea tariff sanctions; do
    check_contains "--batch estimated, exact for $q" \
        "$(printf '%s\n' "$q" | "$D" --index idx search --batch -n 1 -k 0 | tail -1)" \
        "\"estimated\":$("$D" --index idx search -c "$q"),"
done

finish
