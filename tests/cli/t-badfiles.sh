#!/bin/bash
# Bad files and paths: files with no text (empty, white space only, a
# byte-order mark only, a gzip of nothing) or no words (markup, front
# matter or punctuation alone) and broken symbolic links fail
# with one line each and exit status 1, are remembered until they change,
# and a document whose file becomes empty is removed; a file refused for
# its size names --max-size and its bytes are not counted as read; remove
# ends with what it did.
. "$(dirname "$0")/lib.sh"

# ---- Files with no text, named ------------------------------------------
mkdir named
cd named || exit 2
: >empty.txt
printf '\n\n  \n' >blank.txt
printf '\357\273\277\n' >bom.txt
: | gzip -c -n >nothing.txt.gz
printf 'Fine Note\n\nA document about wombats.\n' >ok.txt
run "$D" add empty.txt blank.txt bom.txt nothing.txt.gz ok.txt
check_eq "no text: exit status" 1 "$rc"
check_contains "empty file: its line" "$err" "dossier: empty.txt: empty file"
check_contains "blank file: its line" "$err" "dossier: blank.txt: no text"
check_contains "byte-order mark only: its line" "$err" "dossier: bom.txt: no text"
check_contains "gzip of nothing: its line" "$err" "dossier: nothing.txt.gz: empty file"
check_contains "no text: counted as failed" "$err" "1 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 0 skipped, 4 failed"
check_eq "no text: one line each, and the counts" 5 "$(printf '%s\n' "$err" | grep -c .)"
run "$D" stats --json
check_contains "no text: not indexed" "$out" '"documents":1,'
run "$D" show empty.txt
check_contains "empty file: not in the index" "$err" "not in the index"
cd "$work" || exit 2

# ---- Files with no words: markup, front matter or punctuation alone -------
mkdir nowords
cd nowords || exit 2
printf '<html><head><style>p { color: red }</style></head><body><div></div></body></html>\n' >markup.html
printf '<html><body><p> &nbsp; </p></body></html>\n' >spaces.html
printf -- '---\ndate: 2020-01-01\n---\n' >front.md
printf -- '... --- !!! ***\n' >punct.txt
printf -- '---\ntitle: Wombat Survey\n---\n' >titled.md
run "$D" add markup.html spaces.html front.md punct.txt titled.md
check_eq "no words: exit status" 1 "$rc"
for f in markup.html spaces.html front.md punct.txt; do
    check_contains "no words: $f" "$err" "dossier: $f: no words to index"
done
check_contains "no words: a title is enough" "$err" "1 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 0 skipped, 4 failed"
check_eq "no words: the titled one is found by its title" 1 "$("$D" search -c wombat 2>/dev/null)"
cd "$work" || exit 2

# ---- In a folder: remembered until they change -----------------------------
mkdir -p f
: >f/empty.txt
printf '   \n\t\n' >f/blank.txt
printf 'Kept Note\n\nA document about numbats.\n' >f/kept.txt
ln -s missing.txt f/broken.txt
ln -s loop2.txt f/loop1.txt
ln -s loop1.txt f/loop2.txt
run "$D" --index idx add f
check_eq "folder: exit status" 1 "$rc"
check_contains "folder: empty file" "$err" "dossier: f/empty.txt: empty file"
check_contains "folder: blank file" "$err" "dossier: f/blank.txt: no text"
check_contains "folder: broken link" "$err" "dossier: f/broken.txt: broken symbolic link"
check_contains "folder: link loop" "$err" "dossier: f/loop1.txt: symbolic link loop"
check_contains "folder: counts" "$err" "1 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 0 skipped, 5 failed"

run "$D" --index idx add -v f
check_eq "again: remembered, exit 0" 0 "$rc"
check_contains "again: a note" "$err" "5 files that failed before were not read again"
check_contains "again: counted as skipped" "$err" "0 added, 0 changed, 1 unchanged, 0 moved, 0 removed, 5 skipped, 0 failed"
check_contains "again: -v names the empty file" "$out" "skipped f/empty.txt (failed before: empty file)"
check_contains "again: -v names the broken link" "$out" "skipped f/broken.txt (failed before: broken symbolic link)"
run "$D" --index idx update
check_eq "update: remembered too" 0 "$rc"
# ... also after a run that added other paths only.
printf 'Elsewhere\n\nA document about potoroos.\n' >elsewhere.txt
run "$D" --index idx add elsewhere.txt
check_eq "another path added: exit 0" 0 "$rc"
run "$D" --index idx add f
check_eq "after another path: still remembered, exit 0" 0 "$rc"
check_contains "after another path: the note" "$err" "5 files that failed before were not read again"

# A file that gets text is indexed; a link that is mended is taken.
printf 'Now Full\n\nA document about quokkas.\n' >f/empty.txt
printf 'Was Missing\n\nA document about bilbies.\n' >f/missing.txt
ln -sfn missing.txt f/broken.txt
run "$D" --index idx add f
check_eq "changed: exit status" 0 "$rc"
check_contains "changed: indexed" "$err" "2 added"
run "$D" --index idx search -l quokkas
check_eq "the file with text now" "f/empty.txt" "$out"
run "$D" --index idx search -l bilbies
check_eq "the mended link's target, under its own path" "f/missing.txt" "$out"

# A document whose file becomes empty is removed (its text is gone).
: >f/kept.txt
run "$D" --index idx add -v f
check_eq "emptied: exit status" 1 "$rc"
check_contains "emptied: its line" "$err" "dossier: f/kept.txt: empty file"
check_contains "emptied: the document removed" "$err" "1 removed"
check_contains "emptied: -v says so" "$out" "removed f/kept.txt"
run "$D" --index idx search -c numbats
check_eq "emptied: its old text is not found" "0" "$out"

# ---- Too large: --max-size named, the bytes not read not counted -----------
truncate -s 200M big.txt
run "$D" --index idx add --max-size 1 big.txt
check_eq "too large: exit status" 1 "$rc"
check_contains "too large: names --max-size" "$err" \
    "dossier: big.txt: larger than 1 MB (dossier add --max-size raises the limit)"
mb=$(printf '%s\n' "$err" | sed -n 's/.*(\([0-9.]*\) MB read in.*/\1/p')
checks=$((checks + 1))
awk -v mb="$mb" 'BEGIN { exit !(mb != "" && mb < 1) }' ||
    fail "too large: the 200 MB refused should not count as read: [$mb] MB"

# A file refused for its size in a folder is passed over while the limit
# stays, and tried again when --max-size raises it, as the message says.
mkdir -p sized
{ printf 'Sized Note\n\n'; head -c 1500000 /dev/zero | tr '\0' 'q'; printf ' quoll\n'; } >sized/big.txt
run "$D" --index sizedidx add --max-size 1 sized
check_contains "sized: refused" "$err" "sized/big.txt: larger than 1 MB"
run "$D" --index sizedidx add --max-size 1 sized
check_contains "sized: same limit, passed over" "$err" "1 file that failed before was not read again"
run "$D" --index sizedidx add --max-size 2 sized
check_eq "sized: a larger limit, indexed: exit" 0 "$rc"
check_contains "sized: a larger limit, indexed" "$err" "1 added"
check_eq "sized: found" 1 "$("$D" --index sizedidx search -c quoll 2>/dev/null)"

# ---- remove says what it did ------------------------------------------------
run "$D" --index idx remove f/empty.txt
check_eq "remove: exit status" 0 "$rc"
check_eq "remove: its line" "1 removed" "$err"
run "$D" --index idx remove f/empty.txt nowhere.txt
check_eq "remove nothing: exit status" 1 "$rc"
check_contains "remove nothing: names the path" "$err" "dossier: nowhere.txt: not in the index"
check_contains "remove nothing: its line" "$err" "0 removed, 2 not in the index"
check_not_contains "remove: not add's counts" "$err" "added"
run "$D" --index idx remove -n f
check_contains "remove --dry-run: its line" "$err" "dry run: 1 would be removed"

# ---- a name of spaces is visible in a message -------------------------------
out=$(printf '  \n' | "$D" --index idx add - 2>&1)
check_contains "a path of spaces is quoted" "$out" "dossier: '  ': "

# Another index inside the corpus (a Dossier index, or a bare Xapian
# database) is no documents: passed over with a note under -v.
mkdir -p nest/sub
printf 'Nest Note\n\nA note about qqnested.\n' >nest/sub/a.txt
"$D" --index nest/otheridx add nest/sub >/dev/null 2>&1
run "$D" --index nestidx add -v nest
check_eq "another index inside: exit 0" 0 "$rc"
check_contains "another index inside: said under -v" "$out" "skipped nest/otheridx (a search index: not indexed)"
check_contains "another index inside: only the document" "$err" "1 added, 0 changed"
run "$D" --index nestidx search -c qqnested
check_eq "another index inside: the document found" 1 "$out"
run "$D" --index nestidx add nest/otheridx
check_contains "an index named: not indexed" "$err" "dossier: nest/otheridx: a search index: not indexed"
check_contains "an index named: nothing added" "$err" "0 added"
# A client index of remote shards only: its settings file alone.
mkdir -p nest/client
printf '# Dossier index settings (see the README, "Shards").\nremote = tcp://127.0.0.1:9\n' >nest/client/config
run "$D" --index nestidx add -v nest
check_contains "a client index inside: passed over" "$out" "skipped nest/client (a search index: not indexed)"

# ---- A document's escape sequences never reach the terminal ---------------
# show prints a document's text and metadata with control characters as
# '?'; search -l does so on a terminal (script(1) gives it one) and passes
# a name as it is to a program.
mkdir -p esc
printf 'Escape Note\n\nText \033[1mbold\033[0m and \033]0;pwned\a here, escword.\n' >esc/e.txt
printf 'escword\n' >"$(printf 'esc/evil\033]0;x\a.txt')"
"$D" --index eidx add esc 2>/dev/null
run "$D" --index eidx show esc/e.txt
check_not_contains "show: no escape byte" "$out" "$(printf '\033')"
check_contains "show: shown as ?" "$out" "Text ?[1mbold?[0m and ?]0;pwned? here"
tty_out=$(script -qc "$D --index eidx search -l escword" /dev/null | tr -d '\r')
check_not_contains "search -l on a terminal: no escape byte" "$tty_out" "$(printf '\033')"
check_contains "search -l on a terminal: shown as ?" "$tty_out" "esc/evil?]0;x?.txt"
check_contains "search -l to a program: the name as it is" \
    "$("$D" --index eidx search -l escword)" "$(printf 'esc/evil\033]0;x\a.txt')"

finish
