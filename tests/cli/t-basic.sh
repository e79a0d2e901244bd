#!/bin/bash
# The foundation end to end: add, search, exit statuses, index discovery,
# help for every command.
. "$(dirname "$0")/lib.sh"

run "$D" --index idx add corpus
check_eq "add exit status" 0 "$rc"
check_contains "add counts" "$err" "28 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 1 skipped, 0 failed"

run "$D" --index idx search sanctions
check_eq "search exit status" 0 "$rc"
# Header: rank, date, title, score; then the path; then path:line: passage.
check_contains "first hit header" "$out" "1. 2017-03-03  Senators Renew Call for Full Enforcement of North Korea Financial Sanctions  ["
check_contains "first hit path" "$out" "   corpus/letters/sanctions-enforcement-followup.txt"
check_contains "passage line" "$out" "corpus/letters/sanctions-enforcement-followup.txt:13: "
check_contains "plain highlight markers off a terminal" "$out" "**Sanctions**"
scores=$(printf '%s\n' "$out" | sed -n 's/.*  \[\([0-9.]*\)\]$/\1/p')
check_eq "ten hits by default" 10 "$(printf '%s\n' "$scores" | wc -l)"
check_eq "scores descend" "$(printf '%s\n' "$scores" | sort -rn)" "$scores"

run "$D" --index idx search -c sanctions
check_eq "count of documents with sanctions" 11 "$out"
run "$D" --index idx search -l -n 100 sanctions
check_eq "paths listed" 11 "$(printf '%s\n' "$out" | wc -l)"
check_not_contains "script text is not indexed" "$out" "vaccine-clinics-release.html"

run "$D" --index idx search xylophone
check_eq "no hits: exit 1" 1 "$rc"
check_eq "no hits: no output" "" "$out"

run "$D" --index nowhere search sanctions
check_eq "missing index: exit 2" 2 "$rc"
check_eq "missing index: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
check_contains "missing index: says so" "$err" "nowhere: no index there"

for q in '((( AND' '"' ':' 'NOT' 'OR OR' ')' 'date:' 'title:' '-' '*' 'NEAR/3' '“'; do
    run "$D" --index idx search "$q"
    case "$rc" in
    0 | 1) ;;
    *) fail "query [$q] exit status $rc: $err" ;;
    esac
    checks=$((checks + 1))
done

# Adding again changes nothing.
run "$D" --index idx add corpus
check_contains "re-add counts" "$err" "0 added, 0 changed, 28 unchanged"
run "$D" --index idx stats --json
check_contains "documents after re-add" "$out" '"documents":28,'

# The index is found from a subfolder, the way git finds .git.
run "$D" add corpus
check_eq "default index created" 0 "$rc"
[ -d .dossier ] || fail "add did not create .dossier"
(cd corpus/letters && "$D" search -l markey >"$work/found" 2>&1)
check_eq "search from a subfolder: paths relative to it" "../news/senate-letters-north-korea.txt" "$(cat "$work/found")"
DOSSIER_INDEX="$work/idx" run "$D" stats --json
check_contains "DOSSIER_INDEX" "$out" "\"index\":\"$work/idx\""

# An index whose creation was interrupted (shards half made, no config)
# is created again by the next add; readers are told what happened.
mkdir -p half/shard-0 half/shard-1
printf 'junk' >half/shard-0/iamglass
run "$D" --index half search sanctions
check_eq "half-made index: exit 2" 2 "$rc"
check_contains "half-made index: says so" "$err" "creation was interrupted"
run "$D" --index half add corpus/letters
check_eq "half-made index: add recreates it" 0 "$rc"
check_contains "half-made index: added" "$err" "5 added"

# A folder of other files is not made into an index (nor its shard-0
# subfolder emptied): the error suggests a folder of its own.
mkdir -p notes/shard-0
printf 'mine\n' >notes/shard-0/keep.txt
printf 'mine\n' >notes/todo.txt
run "$D" --index notes add corpus/letters
check_eq "folder of other files: exit 2" 2 "$rc"
check_contains "folder of other files: says so" "$err" "not a Dossier index: give a new or empty folder"
check_contains "folder of other files: suggests one" "$err" "notes/.dossier"
check_eq "folder of other files: left alone" "notes/shard-0/keep.txt notes/todo.txt" \
    "$(find notes -type f | sort | tr '\n' ' ' | sed 's/ $//')"
run "$D" --index notes/.dossier add corpus/letters
check_contains "the suggested folder works" "$err" "5 added"

# Only the exact names an index holds count as its leftovers: files that
# merely start like them are somebody's.
for name in configuration.txt shard-notes.md part-two.txt; do
    mkdir "like-$name"
    printf 'mine\n' >"like-$name/$name"
    run "$D" --index "like-$name" add corpus/letters
    check_eq "a file named $name: refused" 2 "$rc"
    check_eq "a file named $name: left alone" "like-$name/$name" "$(find "like-$name" -type f)"
done
# What an interrupted creation or a crashed writer leaves does not stop
# an index being made there.
mkdir -p leftovers/shard-0.gone123 leftovers/part-1
: >leftovers/writer
: >leftovers/config.tmp4567
run "$D" --index leftovers add corpus/letters
check_eq "leftovers: index made" 0 "$rc"
check_contains "leftovers: added" "$err" "5 added"

for cmd in add index update remove search show stats similar; do
    run "$D" "$cmd" --help
    check_eq "$cmd --help exit" 0 "$rc"
    check_contains "$cmd --help text" "$out" "usage: dossier "
done
run "$D" --help
check_contains "program help lists commands" "$out" "similar"
run "$D" frobnicate
check_eq "unknown command" 2 "$rc"
run "$D" search --limit=abc sanctions
check_eq "bad option value" 2 "$rc"
check_contains "bad option message" "$err" "--limit needs a number from 0 to 1000000, not 'abc'"
run "$D" search -k 5000 sanctions
check_contains "a value past the limit: the range said" "$err" "--per-doc needs a number from 0 to 1000, not '5000'"
# A long option without its value is named as written.
run "$D" stats --index
check_eq "long option without a value: exit" 2 "$rc"
check_contains "long option without a value: named" "$err" "option '--index' is unknown or needs a value"
run "$D" similar corpus/letters/seasonal-visa-letter.txt --terms
check_contains "similar --terms without a value" "$err" "option '--terms' is unknown or needs a value"
run "$D" --index
check_contains "global --index without a value" "$err" "option '--index' needs a value"

# An empty path (an unset variable in a script) is refused, never read as
# the current folder: 'remove ""' had emptied the index.
before=$("$D" search -c sanctions 2>/dev/null)
run "$D" remove ''
check_eq "remove '': exit" 2 "$rc"
check_contains "remove '': said" "$err" "an empty path was given"
check_eq "remove '': nothing removed" "$before" "$("$D" search -c sanctions 2>/dev/null)"
run "$D" add corpus/letters ''
check_eq "add with an empty path: exit" 2 "$rc"
check_contains "add with an empty path: said" "$err" "an empty path was given"
# ... also as an empty record on standard input, which is skipped.
run "$D" remove corpus/letters
printf 'corpus/letters/seasonal-visa-letter.txt\0\0' | "$D" add -0 - >/dev/null 2>&1
check_contains "add -0 - with an empty record: not the current folder" \
    "$("$D" stats)" "folders:     corpus"
check_not_contains "add -0 - with an empty record: no '.' added" "$("$D" stats)" "folders:     ."
run "$D" --index '' search sanctions
check_eq "--index '': exit" 2 "$rc"
check_contains "--index '': said" "$err" "--index was given an empty path"

# An index moved apart from its corpus shows paths that do not exist: the
# text view says so once, and not when the files are there.
run "$D" search -n 3 sanctions
check_not_contains "files where the index says: no note" "$err" "where the index says"
mkdir -p mvapart
cp -R .dossier mvapart/ix
run "$D" --index mvapart/ix search -n 3 sanctions
check_contains "an index moved apart: said once" "$err" \
    "note: no file of these hits is where the index says: was the index moved apart from its corpus?"
check_eq "an index moved apart: still answers" 0 "$rc"

finish
