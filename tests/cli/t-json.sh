#!/bin/bash
# --json: every line of every kind of output is valid JSON and follows the
# schema documented in the README, checked by dossier-jsoncheck (built
# from tests/jsoncheck.c beside the dossier binary); also for documents
# full of control characters and bytes that are not UTF-8.
. "$(dirname "$0")/lib.sh"

J=$(dirname "$D")/dossier-jsoncheck
if [ ! -x "$J" ]; then
    echo "t-json: $J is not built" >&2
    exit 1
fi

# Two hostile documents: every control character, DEL, quotes and
# backslashes, and invalid bytes, one mostly ASCII and one mostly UTF-8.
mkdir -p corpus/odd
{
    printf 'Controlword title line\n\n'
    printf 'controlword'
    for c in 01 02 03 04 05 06 07 08 0b 0c 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 7f; do
        printf "\\x$c controlword "
    done
    printf '\n\nA "quoted" controlword \\ back\\slash \\u0041 and \x1b[31m escape controlword\n\n'
    printf 'Invalid \xff\xfe bytes \xc3 and \xed\xa0\x80 surrogate \xf8\x88\x80\x80\x80 controlword\n'
} >corpus/odd/controls.txt
{
    printf 'Überschrift — “controlword” \xc2\x9b31m café naïve résumé 北京 🙂\n\n'
    printf 'Körper controlword \xff\xfe ende \xc3\x28 controlword ‘quote’ — dash\n\n'
    printf 'tab\there controlword\x01\x02\x1b end — “more” 🙂 controlword\n'
} >corpus/odd/mixed-utf8.txt

run "$D" --index idx add corpus
check_eq "index with the odd documents" 0 "$rc"
check_contains "all added" "$err" "30 added"

# validate WHAT WORDS CMD...: run CMD, check every line of its output.
validate() {
    local what=$1 words=$2
    shift 2
    "$@" >"$work/out.jsonl" 2>"$work/err"
    local status=$?
    checks=$((checks + 1))
    if [ "$status" -gt 1 ]; then
        fail "$what: exit $status: $(cat "$work/err")"
        return
    fi
    if [ -n "$words" ]; then
        verdict=$("$J" --words "$words" <"$work/out.jsonl")
    else
        verdict=$("$J" <"$work/out.jsonl")
    fi
    if [ $? -ne 0 ]; then
        fail "$what: $verdict"
    fi
}

# The hostile documents: their passages and highlights.
validate "controls: hits" controlword "$D" --index idx search --json -k 10 controlword
check_contains "controls: both documents" "$verdict" "2 hits"
validate "controls: passages" controlword "$D" --index idx search --json --passages -n 100 controlword
check_contains "controls: passages found" "$verdict" "0 hits"
run "$D" --index idx search --json -k 10 controlword
check_not_contains "no raw ESC in JSON" "$out" $'\x1b'
check_contains "escape escaped" "$out" '\u001b'
check_contains "quote escaped" "$out" '\"quoted\"'
check_contains "backslash escaped" "$out" 'back\\slash'
# The text view drops or masks every control character (C0, DEL, C1),
# in passages, titles and with --passages.
for mode in "" --passages; do
    run "$D" --index idx search $mode --color never -k 10 controlword
    check_not_contains "no raw ESC in the text view $mode" "$out" $'\x1b'
    check_not_contains "no raw DEL in the text view $mode" "$out" $'\x7f'
    check_not_contains "no raw C1 CSI in the text view $mode" "$out" $'\xc2\x9b'
    check_contains "text view highlights $mode" "$out" "**controlword**"
done
check_contains "C1 in a title is shown as ?" "$out" "“controlword” ?31m café"

# Every kind of query and output.
queries=(
    'sanctions' '"North Korea"' 'Jong-un' 'US-ROK' 'cafe' 'Markey AND Cruz'
    'sanctions NOT korea' 'NOT sanctions' 'sanctions NEAR/3 banks' '"sanctions banks"~3'
    'NEAR(sanctions banks, 3)' 'sanction*' 'title:korea' 'author:forsythe' 'type:letter'
    'dir:corpus/letters' 'ext:html' 'date:2017' 'date:2017/2018' 'mentions:2017-02-14'
    'date:2017 sanctions' 'date:garbage budget' 'foo AND' '((('
)
for q in "${queries[@]}"; do
    validate "hits [$q]" "" "$D" --index idx search --json -n 100 "$q"
    validate "passages [$q]" "" "$D" --index idx search --json --passages -n 100 "$q"
done
validate "per-doc 0" "" "$D" --index idx search --json -k 0 sanctions
validate "per-doc 10" "" "$D" --index idx search --json -k 10 sanctions
validate "offset" "" "$D" --index idx search --json --offset 3 -n 4 sanctions
validate "sort date" "" "$D" --index idx search --json --sort date sanctions
validate "facet year" "" "$D" --index idx search --json --facet year sanctions
check_contains "facet year is one object" "$verdict" "1 lines: 0 hits, 0 passages, 1 facets"
validate "facet month" "" "$D" --index idx search --json --facet month 'NOT xylophone'
validate "similar" "" "$D" --index idx similar --json corpus/news/korus-revision.txt
validate "no hits" "" "$D" --index idx search --json xylophone
check_contains "no hits: no lines" "$verdict" "0 lines"
# -c and -l follow --json: one count object, one path object per match.
validate "count" "" "$D" --index idx search --json -c sanctions
check_contains "count is one object" "$verdict" "1 lines: 0 hits, 0 passages, 0 facets, 0 summaries, 1 counts, 0 files"
validate "files" "" "$D" --index idx search --json -l sanctions
n=$("$D" --index idx search -c sanctions)
check_contains "files: one object per match" "$verdict" "$n lines: 0 hits, 0 passages, 0 facets, 0 summaries, 0 counts, $n files"
validate "count of no hits" "" "$D" --index idx search --json -c xylophone
check_eq "count of no hits is 0" '{"count":0}' "$(cat "$work/out.jsonl")"

printf '%s\n' "${queries[@]}" controlword >"$work/batch"
validate "batch" "" "$D" --index idx search --batch <"$work/batch"
check_contains "batch: one summary per query" "$verdict" "$((${#queries[@]} + 1)) summaries"
validate "batch -c" "" "$D" --index idx search --batch -c <"$work/batch"
check_contains "batch -c: a count and a summary per query" "$verdict" "$((${#queries[@]} + 1)) summaries, $((${#queries[@]} + 1)) counts"
validate "batch -l" "" "$D" --index idx search --batch -l <"$work/batch"
check_contains "batch -l: paths" "$verdict" "0 hits, 0 passages, 0 facets, $((${#queries[@]} + 1)) summaries, 0 counts"
validate "batch --facet" "" "$D" --index idx search --batch --facet year <"$work/batch"
check_contains "batch --facet: a facet and a summary per query" "$verdict" "$((${#queries[@]} + 1)) facets, $((${#queries[@]} + 1)) summaries"

# The highlights are the query's words, in the original text.
validate "highlights: sanctions" sanctions "$D" --index idx search --json -k 10 -n 100 sanctions
validate "highlights: phrase" "north,korea,korea’s" "$D" --index idx search --json -k 10 -n 100 '"North Korea"'
validate "highlights: passages" "north,korea,korea’s" "$D" --index idx search --json --passages -n 100 '"North Korea"'
validate "highlights: NOT" korea,koreas "$D" --index idx search --json -k 10 -n 100 'korea NOT sanctions'
validate "highlights: NEAR" sanctions,banks "$D" --index idx search --json -k 10 'sanctions NEAR/3 banks'
validate "highlights: accents" 'café,cafe,cafés' "$D" --index idx search --json -k 10 cafe
validate "highlights: apostrophe" "jong,un’s,un" "$D" --index idx search --json -k 10 -n 100 Jong-un

# The README's example line is itself valid.
sed -n '/^```json$/,/^```$/p' "$DOSSIER_SRC/README.md" | grep '^{' >"$work/readme.jsonl"
verdict=$("$J" <"$work/readme.jsonl")
check_eq "README example is valid" 0 "$?"

finish
