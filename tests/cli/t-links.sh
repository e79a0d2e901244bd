#!/bin/bash
# Symbolic links in a folder being added: a link to a file or folder of
# the same folder is not followed (the target is indexed once, under its
# own path; -v says so), a link out of it is skipped with a message, a
# link given on the command line to what the index's folder or a folder
# added before holds is read under its real path, with a note.
. "$(dirname "$0")/lib.sh"

mkdir -p v/c/zdir v/c/.hid v/out
printf 'Zdir Note\n\nA document about oryxxyz.\n' >v/c/zdir/a.txt
ln -s zdir v/c/alink
ln -s .. v/c/zdir/up
printf 'Real File\n\nA document about qqfilelink.\n' >v/c/real.txt
ln -s real.txt v/c/flink.txt
printf 'Hidden Note\n\nA document about hiddenword.\n' >v/c/.hid/h.txt
ln -s .hid v/c/shown
printf 'Outside Note\n\nA document about outsideword.\n' >v/out/o.txt
ln -s ../out v/c/outdir
cd v || exit 2

run "$D" add -v c
check_eq "links inside: exit status" 0 "$rc"
check_contains "links inside: counts (the link out is skipped)" "$err" \
    "3 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 1 skipped, 0 failed"
check_contains "-v names the folder link" "$out" \
    "skipped c/alink (symbolic link to c/zdir, which is read under its own path)"
check_contains "-v names the file link" "$out" \
    "skipped c/flink.txt (symbolic link to c/real.txt, which is read under its own path)"
check_contains "-v names the link back up" "$out" "skipped c/zdir/up (symbolic link to c,"
check_not_contains "links inside: nothing on stderr" "$err" "alink"
check_contains "link out: its message" "$err" \
    "dossier: c/outdir: symbolic link leads outside the corpus (use --follow to index it)"
run "$D" search -l oryxxyz
check_eq "a folder's document under its real path only" "c/zdir/a.txt" "$out"
run "$D" search -l qqfilelink
check_eq "a file's document under its real path only" "c/real.txt" "$out"
run "$D" show c/zdir/a.txt
check_eq "show the real path" 0 "$rc"
check_contains "show the real path: its title" "$out" "Zdir Note"
run "$D" search -l hiddenword
check_eq "a link to a hidden folder is followed" "c/shown/h.txt" "$out"
run "$D" search -c outsideword
check_eq "a link out is not followed" "0" "$out"

# Without -v, nothing is said about the links inside.
run "$D" add c
check_eq "again: exit status" 0 "$rc"
check_eq "again: only the link out is mentioned" \
    "dossier: c/outdir: symbolic link leads outside the corpus (use --follow to index it)" \
    "$(printf '%s\n' "$err" | grep -v ' added, ')"

# --follow follows the link out, still not those inside.
run "$D" add --follow c
check_contains "--follow: the folder out is read" "$err" "1 added"
run "$D" search -l outsideword
check_eq "--follow: under the link's path" "c/outdir/o.txt" "$out"
run "$D" search -l oryxxyz
check_eq "--follow: links inside still not followed" "c/zdir/a.txt" "$out"

# Links given on the command line to what the index's folder holds are
# read under their real paths, with a note: nothing is indexed twice.
run "$D" add c/alink c/flink.txt
check_contains "named links: the folder's note" "$err" \
    "dossier: c/alink: note: the same as $work/v/c/zdir (through a symbolic link): read there"
check_contains "named links: the file's note" "$err" \
    "dossier: c/flink.txt: note: the same as $work/v/c/real.txt (through a symbolic link): read there"
check_contains "named links: read once" "$err" "0 added, 0 changed, 2 unchanged"
run "$D" search -l oryxxyz
check_eq "named folder link: once, under its real path" "c/zdir/a.txt" "$out"

# Re-syncing the folder leaves each document once, under its real path.
run "$D" add -v c
check_contains "re-sync: nothing to remove" "$err" "0 removed"
run "$D" search -l oryxxyz
check_eq "re-sync: once" "c/zdir/a.txt" "$out"
run "$D" search -l qqfilelink
check_eq "re-sync: the file once" "c/real.txt" "$out"
run "$D" stats --json
check_contains "re-sync: documents" "$out" '"documents":4,'

# A folder named through a link to one the index holds is read under the
# name it has there: once, with a note.
mkdir -p side/corp2
printf 'Side\nMarch 1, 2018\n\nThe qqsidelink text.\n' > side/corp2/a.txt
ln -s corp2 side/corp2link
run "$D" --index side/idx add side/corp2
run "$D" --index side/idx add side/corp2link
check_eq "link to a root: exit 0" 0 "$rc"
check_contains "link to a root: the note" "$err" "dossier: side/corp2link: note: the same as $work/v/side/corp2 (through a symbolic link): read there"
check_contains "link to a root: unchanged" "$err" "0 added, 0 changed, 1 unchanged"
run "$D" --index side/idx search -l qqsidelink
check_eq "link to a root: once" "side/corp2/a.txt" "$out"
# A link to a folder that holds a root: read under its real path.
mkdir -p side/c4/corpus/letters side/c4/corpus/news
printf 'Let\n\nThe qqholdlet text.\n' >side/c4/corpus/letters/a.txt
printf 'News\n\nThe qqholdnews text.\n' >side/c4/corpus/news/b.txt
ln -s c4/corpus side/c4link
"$D" --index side/idx add side/c4/corpus/letters >/dev/null 2>&1
run "$D" --index side/idx add side/c4link
check_contains "link to a folder holding a root: one added, one unchanged" "$err" "1 added, 0 changed, 1 unchanged"
run "$D" --index side/idx search -l 'qqholdlet OR qqholdnews'
check_eq "link to a folder holding a root: each once, real paths" "side/c4/corpus/letters/a.txt
side/c4/corpus/news/b.txt" "$(printf '%s\n' "$out" | sort)"
# The index's own folder through a link from outside.
ln -s "$work/v" "$work/vlink"
run "$D" add "$work/vlink/c/zdir"
check_contains "link to the index's folder: unchanged" "$err" "0 added, 0 changed, 1 unchanged"
run "$D" search -l oryxxyz
check_eq "link to the index's folder: once" "c/zdir/a.txt" "$out"

# --follow is remembered: a later update reads the edited target through
# the link; --no-follow stops it, and the document reached through the
# link goes.
printf 'Outside Note\n\nA document about outsideword, edited: revisedword.\n' >out/o.txt
run "$D" update
check_eq "--follow remembered: the edit is read" "c/outdir/o.txt" "$("$D" search -l revisedword)"
run "$D" add --no-follow c
check_contains "--no-follow: the link is skipped again" "$err" "c/outdir: symbolic link leads outside the corpus"
check_eq "--no-follow: its document goes" 0 "$("$D" search -c outsideword)"

# A file replaced by what the walk leaves out (a link out of the corpus,
# a FIFO) is no longer the file indexed: its document goes.
printf 'Swap Note\n\nA document about swapword.\n' >c/swap.txt
printf 'Pipe Note\n\nA document about pipeword.\n' >c/pipe.txt
"$D" add c 2>/dev/null
rm c/swap.txt c/pipe.txt
ln -s ../out/o.txt c/swap.txt
mkfifo c/pipe.txt
run "$D" update -v
check_contains "replaced by a link out: removed" "$out" "removed c/swap.txt"
check_contains "replaced by a FIFO: removed" "$out" "removed c/pipe.txt"
check_eq "replaced: no document left" 0 "$("$D" search -c 'swapword OR pipeword')"
rm c/swap.txt c/pipe.txt

# The index's own folder, refused, is not remembered as a folder added.
run "$D" add .dossier
check_contains "add the index: refused" "$err" "inside the index: not indexed"
run "$D" stats --json
check_not_contains "add the index: not a root" "$out" '".dossier"'

# With --follow, a link into another folder added is still not followed:
# what it leads to is indexed once, under its own path there.
mkdir -p h1 h2
printf 'Home Two\n\nA document about hometwoword.\n' >h2/t.txt
ln -s ../h2 h1/to-h2
"$D" --index hidx add --follow h1 h2 2>/dev/null
check_eq "a link into another folder added: once, there" "h2/t.txt" \
    "$("$D" --index hidx search -l hometwoword)"
run "$D" --index hidx update
check_eq "... and after a re-sync" "h2/t.txt" "$("$D" --index hidx search -l hometwoword)"

# A document read through a link (--follow) goes when the link's target
# folder is added and read under its own path, by add as by update.
mkdir -p dup/corp dup/out
printf 'Dup\n\ndupword.\n' >dup/out/o.txt
ln -s ../out/o.txt dup/corp/link.txt
"$D" --index didx add --follow dup/corp 2>/dev/null
"$D" --index didx add dup/out 2>/dev/null
run "$D" --index didx add -v dup/corp
check_contains "add: the link's document removed" "$out" "removed dup/corp/link.txt"
check_eq "add: the document once, under its own path" dup/out/o.txt "$("$D" --index didx search -l dupword)"

finish
