#!/bin/bash
# Incremental sync: unchanged, changed, moved, removed, dry runs, stdin.
. "$(dirname "$0")/lib.sh"

"$D" --index idx add corpus 2>/dev/null

# A changed file is re-indexed; an unchanged one is not even read.
printf '\nA new closing paragraph about zeppelins.\n' >>corpus/news/measles-outbreak.txt
run "$D" --index idx add corpus
check_contains "one changed" "$err" "0 added, 1 changed, 27 unchanged"
run "$D" --index idx search -l zeppelins
check_eq "changed text searchable" "corpus/news/measles-outbreak.txt" "$out"

# Touching a file without changing it: its content checksum matches.
touch corpus/news/korus-revision.txt
run "$D" --index idx add corpus
check_contains "touched is unchanged" "$err" "0 added, 0 changed, 28 unchanged"

# A moved file is recognised by content.
mkdir corpus/archive
mv corpus/reports/carbon-price-options.txt corpus/archive/carbon.txt
run "$D" --index idx add -v corpus
check_contains "one moved" "$err" "0 added, 0 changed, 27 unchanged, 1 moved"
check_contains "moved line" "$out" "moved corpus/reports/carbon-price-options.txt -> corpus/archive/carbon.txt"
run "$D" --index idx search -l 'carbon price'
check_contains "moved document found at its new path" "$out" "corpus/archive/carbon.txt"
check_not_contains "old path gone" "$out" "corpus/reports/carbon-price-options.txt"
run "$D" --index idx show --json corpus/archive/carbon.txt
check_contains "moved document keeps its date" "$out" '"date":"2011-09-22"'

# Two files of one size and modification time swapped: the status change
# time says they changed.  A chmod alone re-reads a file once.
mkdir swap
for n in x y; do printf "Swap $n\nMarch 1, 2018\n\nThe qqswap$n text.\n" > swap/$n.txt; done
touch -d '2020-01-01 00:00:00' swap/x.txt swap/y.txt
"$D" --index sidx add swap >/dev/null 2>&1
mv swap/x.txt swap/t; mv swap/y.txt swap/x.txt; mv swap/t swap/y.txt
run "$D" --index sidx add swap
check_contains "swapped files: both changed" "$err" "0 added, 2 changed"
run "$D" --index sidx search -l qqswapx
check_eq "swapped files: the word is where it now is" "swap/y.txt" "$out"
chmod 600 swap/x.txt
run "$D" --index sidx add swap
check_contains "chmod: unchanged" "$err" "0 added, 0 changed, 2 unchanged"

# Paths that start with a capital letter move too (an index of its own
# whose stored paths start with the folder's name).
mkdir -p caps/Press
printf 'Caps Memo\nMarch 1, 2018\n\nThe zyxwvcaps text.\n' > caps/Press/a.txt
(cd caps && "$D" add Press >/dev/null 2>&1 && mv Press/a.txt Press/b.txt &&
 "$D" add Press >/dev/null 2>&1 && "$D" search -l zyxwvcaps >"$work/caps.out" 2>&1)
check_eq "capital path: moved, still found" "Press/b.txt" "$(cat "$work/caps.out")"
(cd caps && mv Press Archive && "$D" add Archive Press >/dev/null 2>&1;
 "$D" search -l zyxwvcaps >"$work/caps.out" 2>&1)
check_eq "capital folder renamed: still found" "Archive/b.txt" "$(cat "$work/caps.out")"

# update removes documents whose files are gone; --dry-run changes nothing.
rm corpus/speeches/trade-forum-keynote.txt
run "$D" --index idx update --dry-run
check_contains "dry run says" "$out" "would remove corpus/speeches/trade-forum-keynote.txt"
run "$D" --index idx stats --json
check_contains "dry run removed nothing" "$out" '"documents":28,'
run "$D" --index idx update
check_contains "update removes" "$err" "1 removed"
run "$D" --index idx stats --json
check_contains "27 left" "$out" '"documents":27,'

# remove takes documents out explicitly, folders too.
run "$D" --index idx remove corpus/letters
check_contains "folder removed" "$err" "5 removed"
run "$D" --index idx remove corpus/letters
check_eq "removing again fails" 1 "$rc"
check_contains "not in the index" "$err" "corpus/letters: not in the index"

# Paths on standard input.
printf 'corpus/letters/seasonal-visa-letter.txt\ncorpus/letters/2015-05-06-committee-note.txt\n' >list
run "$D" --index idx add - <list
check_contains "stdin paths" "$err" "2 added"
# "-" beside other paths: both.
mkdir -p stdin-a stdin-b
printf 'Ibis Note\n\nA note about ibises.\n' >stdin-a/x.txt
printf 'Kite Note\n\nA note about kites.\n' >stdin-b/y.txt
run "$D" --index idx add - stdin-b <<<"stdin-a/x.txt"
check_contains "stdin and a folder" "$err" "2 added"
run "$D" --index idx add -0 stdin-b
check_contains "-0 without '-': said" "$err" "give '-' for them"

# A file outside the index's folder is indexed under its absolute path.
mkdir -p "$work/outside"
printf 'Outside Title\n\nMarch 9, 2020\n\nA memo about quinoa tariffs.\n' >"$work/outside/memo.txt"
(mkdir -p "$work/home" && cd "$work/home" && "$D" add "$work/outside/memo.txt" >/dev/null 2>&1 &&
    "$D" search -l quinoa >"$work/found" 2>&1)
check_eq "outside file" "$work/outside/memo.txt" "$(cat "$work/found")"

# --copy-into copies the file into the corpus and indexes the copy.
run "$D" --index idx add --copy-into corpus/news "$work/outside/memo.txt"
check_contains "copied and added" "$err" "1 added"
[ -f corpus/news/memo.txt ] || fail "--copy-into did not copy"
run "$D" --index idx search -l quinoa
check_eq "copy indexed" "corpus/news/memo.txt" "$out"
# With nothing to copy, --copy-into says so (it had done nothing, in silence).
run "$D" --index idx add --copy-into corpus/news
check_eq "--copy-into with no file: exit" 2 "$rc"
check_contains "--copy-into with no file: said" "$err" "--copy-into corpus/news: give the files to copy"

# --copy-into creates the folder, keeps the file's date, reuses an
# identical copy and never overwrites a different one.
touch -d 2001-02-03T12:00:00 "$work/outside/memo.txt"
run "$D" --index idx add --copy-into corpus/inbox "$work/outside/memo.txt"
check_contains "copied into a new folder" "$err" "1 added"
run "$D" --index idx show --json corpus/inbox/memo.txt
check_contains "copy keeps the dateline date" "$out" '"date":"2020-03-09"'
[ "$(stat -c %Y corpus/inbox/memo.txt)" = "$(stat -c %Y "$work/outside/memo.txt")" ] ||
    fail "the copy should keep the original's modification time"
checks=$((checks + 1))
run "$D" --index idx add --copy-into corpus/inbox "$work/outside/memo.txt"
check_contains "identical copy reused" "$err" "1 unchanged"
printf 'changed\n' >>"$work/outside/memo.txt"
run "$D" --index idx add --copy-into corpus/inbox "$work/outside/memo.txt"
check_contains "different copy refused" "$err" "already exists with other content"
printf 'Another Memo\nMarch 9, 2020\n\nThe qqanother text.\n' >"$work/outside/another.txt"
run "$D" --index idx add --copy-into corpus/inbox "$work/outside/memo.txt" "$work/outside/another.txt"
check_eq "one of two refused: exit 1" 1 "$rc"
check_contains "one of two refused: counted" "$err" "1 added, 0 changed, 0 unchanged, 0 moved, 0 removed, 0 skipped, 1 failed"
run "$D" --index idx add -n --copy-into corpus/inbox-dry "$work/outside/another.txt"
check_eq "dry run --copy-into: exit 0" 0 "$rc"
check_contains "dry run --copy-into: says" "$out" "would copy $work/outside/another.txt to corpus/inbox-dry/another.txt"
[ ! -e corpus/inbox-dry ] || fail "dry run --copy-into: nothing should be created"
checks=$((checks + 1))

# A file that fails is not read again, nor counted again as failing,
# until it changes; named on the command line it is tried again.
head -c 4000 /dev/urandom >corpus/news/noise.txt
run "$D" --index idx add corpus
check_eq "a binary file fails" 1 "$rc"
check_contains "named with its reason" "$err" "corpus/news/noise.txt: "
run "$D" --index idx add -v corpus
check_eq "not a new failure" 0 "$rc"
check_contains "remembered" "$err" "1 file that failed before was not read again"
check_contains "-v names it" "$out" "skipped corpus/news/noise.txt (failed before: "
run "$D" --index idx add corpus/news/noise.txt
check_eq "named: tried again" 1 "$rc"
touch -d 2011-01-01 corpus/news/noise.txt
run "$D" --index idx add corpus
check_eq "changed: tried again" 1 "$rc"
rm corpus/news/noise.txt

# What 'remove' takes out of an added folder stays out on 'update', until
# it is added again by name.
run "$D" --index idx remove corpus/press/summit-preparations.txt
check_contains "remove a file" "$err" "1 removed"
run "$D" --index idx update
check_contains "update keeps it out" "$err" "0 added"
run "$D" --index idx search -l 'Singapore summit'
check_not_contains "removed file stays out" "$out" "summit-preparations.txt"
run "$D" --index idx add corpus/press/summit-preparations.txt
check_contains "added again by name" "$err" "1 added"
run "$D" --index idx update
check_contains "and kept after update" "$err" "0 removed"

# A name under an added folder that is neither indexed nor a file (a typo)
# is an error and excludes nothing; a file not indexed yet is left out of
# later re-syncs, and remove says so.
run "$D" --index idx remove corpus/press/summit-preparatoins.txt
check_eq "typo: exit 1" 1 "$rc"
check_contains "typo: said" "$err" "corpus/press/summit-preparatoins.txt: not in the index"
printf 'Late Note\n\nMay 6, 2021\n\nA note about quarries.\n' >corpus/press/late-note.txt
run "$D" --index idx remove corpus/press/late-note.txt
check_eq "not yet indexed: exit 0" 0 "$rc"
check_contains "not yet indexed: said" "$err" \
    "corpus/press/late-note.txt: not in the index; left out of re-syncs of its folder"
run "$D" --index idx update
check_eq "not yet indexed: kept out" 0 "$("$D" --index idx search -c quarries)"
printf 'Summit Notes\n\nMay 7, 2021\n\nA note about typos.\n' >corpus/press/summit-preparatoins.txt
run "$D" --index idx update
check_eq "the typo excluded nothing" 1 "$("$D" --index idx search -c typos)"

# A file replaced by a folder of the same name: its document goes.
mkdir -p swap
printf 'Swap Note\n\nA note about walruses.\n' >swap/thing
"$D" --index idx add swap 2>/dev/null
rm swap/thing
mkdir swap/thing
printf 'Inner Note\n\nA note about narwhals.\n' >swap/thing/inner.txt
run "$D" --index idx update
check_contains "file become a folder: its document removed" "$err" "1 added, 0 changed"
check_eq "file become a folder: not found" 0 "$("$D" --index idx search -c walruses)"
check_eq "file become a folder: what it holds is" 1 "$("$D" --index idx search -c narwhals)"

# A folder that was added and is gone (renamed, deleted, or on a drive not
# mounted now) fails update and keeps its documents, as add does, until
# 'remove' forgets it; back in place, it is in sync at once.
mkdir extra
printf 'Extra Note\n\nMay 5, 2021\n\nA note about lighthouses.\n' >extra/note.txt
"$D" --index idx add extra 2>/dev/null
mv extra moved-extra
run "$D" --index idx update
check_eq "missing folder: update fails" 1 "$rc"
check_contains "missing folder: said" "$err" "dossier: extra: this folder no longer exists; its documents are kept (dossier remove extra forgets them)"
check_contains "missing folder: nothing removed" "$err" "0 removed, 1 skipped, 1 failed"
check_eq "missing folder: its document still found" 1 "$("$D" --index idx search -c lighthouses)"
mv moved-extra extra
run "$D" --index idx update
check_eq "folder back: update succeeds" 0 "$rc"
check_contains "folder back: unchanged" "$err" "0 removed, 1 skipped, 0 failed"
# An empty folder in its place (a mount point with nothing mounted).
mv extra moved-extra
mkdir extra
run "$D" --index idx update
check_eq "empty folder: update fails" 1 "$rc"
check_contains "empty folder: said" "$err" "dossier: extra: this folder is empty (not mounted?); its documents are kept"
check_eq "empty folder: its document still found" 1 "$("$D" --index idx search -c lighthouses)"
run "$D" --index idx add
check_eq "empty folder, add alone: fails" 1 "$rc"
check_contains "empty folder, add alone: said" "$err" "dossier: extra: this folder is empty (not mounted?); its documents are kept"
check_eq "empty folder, add alone: its document still found" 1 "$("$D" --index idx search -c lighthouses)"
run "$D" --index idx add extra
check_eq "empty folder named: fails" 1 "$rc"
check_contains "empty folder named: said" "$err" "dossier: extra: this folder is empty (not mounted?); its documents are kept"
check_eq "empty folder named: its document still found" 1 "$("$D" --index idx search -c lighthouses)"
# A subfolder of a folder added, emptied and named: synced as update
# would (its documents go), not kept as an unmounted share.
mkdir -p sub-root/inner
printf 'Inner\n\ninnerword.\n' >sub-root/inner/i.txt
"$D" --index idx add sub-root 2>/dev/null
rm sub-root/inner/i.txt
run "$D" --index idx add sub-root/inner
check_eq "emptied subfolder named: exit 0" 0 "$rc"
check_eq "emptied subfolder named: its document goes" 0 "$("$D" --index idx search -c innerword)"
# A folder added while empty, with no document from it: nothing to keep,
# nothing to fail.
mkdir inbox
"$D" --index idx add inbox 2>/dev/null
run "$D" --index idx update
check_not_contains "empty inbox: no message" "$err" "inbox"
check_contains "empty inbox: only the emptied folder fails" "$err" "0 removed, 1 skipped, 1 failed"
rmdir extra
run "$D" --index idx remove extra
check_eq "remove forgets a missing folder: exit 0" 0 "$rc"
check_eq "remove forgets a missing folder: its document" 0 "$("$D" --index idx search -c lighthouses)"
run "$D" --index idx update
check_not_contains "missing folder: forgotten" "$err" "no longer exists"
run "$D" --index idx stats --json
check_not_contains "missing folder: not a root" "$out" '"extra"'

# compact keeps every document and the answers; an interrupted compaction
# (a leftover copy, or a shard swapped out) is repaired when the index is
# next opened for writing.
before=$("$D" --index idx search -l -n 100 'sanctions OR tariff' 2>/dev/null)
run "$D" --index idx compact
check_eq "compact exit" 0 "$rc"
check_contains "compact reports" "$err" "compacted"
check_eq "same answers after compact" "$before" "$("$D" --index idx search -l -n 100 'sanctions OR tariff' 2>/dev/null)"
ls idx/shard-*.new >/dev/null 2>&1 && fail "compact left a copy behind"
checks=$((checks + 1))
mv idx/shard-0 idx/shard-0.new
run "$D" --index idx add corpus/news/memo.txt
check_eq "interrupted swap repaired" 0 "$rc"
[ -d idx/shard-0 ] && [ ! -e idx/shard-0.new ] || fail "shard-0 not restored"
checks=$((checks + 1))
check_eq "answers after repair" "$before" "$("$D" --index idx search -l -n 100 'sanctions OR tariff' 2>/dev/null)"

# 'add' alone re-syncs the folders added; with only files added, it says
# what to do instead.
mkdir solo
printf 'Solo\n\nThe qqsolo text.\n' >solo/a.txt
"$D" --index soloidx add solo/a.txt >/dev/null 2>&1
run "$D" --index soloidx add
check_eq "add alone, no folder: exit 2" 2 "$rc"
check_contains "add alone, no folder: what to do" "$err" "no folder was added before; give files or folders ('dossier update' re-reads the files indexed)"

# ---- --reindex: every file read and built again ----
rm -rf ridx rcorpus && cp -r corpus rcorpus && rm -rf rcorpus/extra
printf '\0\1\2binary\0' >rcorpus/blob.txt
"$D" --index ridx add rcorpus 2>/dev/null
n=$("$D" --index ridx search -c 'korea OR budget OR trade')
before=$("$D" --index ridx show --json rcorpus/news/korus-revision.txt)
run "$D" --index ridx update
check_contains "update: the binary file is not read again" "$err" "2 skipped, 0 failed"
run "$D" --index ridx update --reindex -v
docs=$(find rcorpus -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.gz' \) ! -name blob.txt | wc -l)
check_contains "--reindex: every document built again" "$err" "0 added, 0 changed, $docs reindexed, 0 unchanged"
check_contains "--reindex: the binary file is read again" "$err" "1 failed"
check_contains "--reindex -v: one line a document" "$out" "reindexed rcorpus/news/korus-revision.txt"
check_eq "--reindex: the same matches" "$n" "$("$D" --index ridx search -c 'korea OR budget OR trade')"
check_eq "--reindex: the same document" "$before" \
    "$("$D" --index ridx show --json rcorpus/news/korus-revision.txt)"
run "$D" --index ridx update
check_contains "after --reindex: nothing to do" "$err" "0 added, 0 changed, $docs unchanged"
# A moved file is built at its new path and its old document removed.
mv rcorpus/news/korus-revision.txt rcorpus/korus.txt
run "$D" --index ridx update --reindex
check_contains "--reindex: a move is an add and a remove" "$err" "1 added, 0 changed, $((docs - 1)) reindexed, 0 unchanged, 0 moved, 1 removed"
check_eq "--reindex: the moved document found once" "rcorpus/korus.txt" "$("$D" --index ridx search -l 'title:"revised trade pact"')"
# add --reindex: only what it is given.
run "$D" --index ridx add --reindex rcorpus/letters
check_contains "add --reindex: the folder given" "$err" "$(find rcorpus/letters -type f | wc -l) reindexed, 0 unchanged"

# compact packs tables as tightly as xapian-compact's default (FULL): a
# second compaction by it gains nothing.  Enough documents, of words made
# here, that the tables span many blocks.
if command -v xapian-compact >/dev/null 2>&1; then
    mkdir -p bigc
    awk 'BEGIN {
        srand(11)
        for (d = 0; d < 600; d++) {
            f = sprintf("bigc/d%03d.txt", d)
            printf "Memo %d\n\n", d > f
            for (w = 0; w < 400; w++) {
                n = int(rand() * rand() * 5000)
                printf "w%x%s", n, (w % 12 == 11) ? "\n" : " " > f
            }
            close(f)
        }
    }'
    "$D" --index cidx add --no-progress bigc 2>/dev/null
    run "$D" --index cidx compact
    check_eq "compact of a larger index: exit" 0 "$rc"
    xapian-compact cidx/shard-0 cidx-again >/dev/null 2>&1
    mine=$(du -sb cidx/shard-0 | cut -f1)
    again=$(du -sb cidx-again | cut -f1)
    [ "$mine" -le "$again" ] || fail "compact: xapian-compact made it smaller ($mine -> $again bytes)"
    checks=$((checks + 1))
fi

# A writer with a strict umask (root's cron job) keeps the index readable
# by its users: the compacted shard swapped in, the version file a commit
# rewrites and the config keep the access they had.
mkdir -p umcorpus
printf 'Umask Memo\n\nThe quokka survey.\n' >umcorpus/a.txt
(umask 022 && "$D" --index umidx add umcorpus 2>/dev/null)
printf 'Second\n\nAnother quokka.\n' >umcorpus/b.txt
(umask 077 && "$D" --index umidx add umcorpus 2>/dev/null && "$D" --index umidx compact 2>/dev/null)
check_eq "umask 077 writer: the shard folder keeps its mode" 755 "$(stat -c %a umidx/shard-0)"
check_eq "umask 077 writer: no file left unreadable" "" \
    "$(find umidx -type f ! -perm -0044 ! -name lock ! -name flintlock)"
# A shard folder swapped for a symbolic link lends nothing: the writer
# never changes the access of what the link points at.
"$D" --index lnidx add --shards 2 umcorpus 2>/dev/null
cp -R lnidx/shard-1 victim
echo secret >victim/secret
chmod 600 victim/secret
chmod 755 victim
rm -rf lnidx/shard-1
ln -s "$work/victim" lnidx/shard-1
"$D" --index lnidx add umcorpus 2>/dev/null
check_eq "a linked shard: a file of its target keeps its mode" 600 "$(stat -c %a victim/secret)"
check_eq "a linked shard: its target folder keeps its mode" 755 "$(stat -c %a victim)"

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
chmod 755 .
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && nobody test -r "$PWD/umidx/config"; then
    run nobody "$D" --index umidx search -c quokka
    check_eq "umask 077 writer: another user still searches" 2 "$out"
    chmod 700 umidx/shard-0
    run nobody "$D" --index umidx search -c quokka
    check_contains "an unreadable shard: said so, not 'missing'" "$err" \
        "umidx/shard-0: cannot read this shard of the index (Permission denied)"
    chmod 755 umidx/shard-0
    # A docdata table it cannot read, Xapian reads as empty: an error, not
    # hits without records.
    chmod 600 umidx/shard-0/docdata.glass
    run nobody "$D" --index umidx search quokka
    check_eq "an unreadable docdata table: exit 2" 2 "$rc"
    check_contains "an unreadable docdata table: said" "$err" "is the index's docdata.glass readable?"
    chmod 644 umidx/shard-0/docdata.glass
fi

# Files added by name (a list on standard input), under no folder added:
# update reads again the one that changed, and --reindex all of them.
mkdir -p loose
cp corpus/letters/*.txt loose/
find loose -name '*.txt' | "$D" --index lidx add - 2>/dev/null
n=$(find loose -name '*.txt' | wc -l | tr -d ' ')
echo "A paragraph about narwhals." >>loose/seasonal-visa-letter.txt
run "$D" --index lidx update
check_contains "update: a file added by name that changed is read again" "$err" \
    "0 added, 1 changed, $((n - 1)) unchanged"
check_eq "update: its new text found" 1 "$("$D" --index lidx search -c narwhals 2>/dev/null)"
run "$D" --index lidx update --reindex
check_contains "update --reindex: files added by name too" "$err" "$n reindexed"

# -q: a cron job's run prints nothing when all went well, and still names
# a file that fails.
run "$D" --index lidx update -q
check_eq "update -q: silent when nothing changed" "" "$err$out"
printf 'A short note.\n' >>loose/seasonal-visa-letter.txt
run "$D" --index lidx update -q
check_eq "update -q: silent on a change too" "" "$err$out"
printf 'bad\0bytes' >loose/zz-binary.txt
run "$D" --index lidx add -q loose/zz-binary.txt
check_eq "add -q: a failure still said, only it" "dossier: loose/zz-binary.txt: contains NUL bytes" "$err"
check_eq "add -q: exit 1 for a failed file" 1 "$rc"
printf 'x' >loose/zz-note.pdf
run "$D" --index lidx add -q loose/zz-note.pdf
check_contains "add -q: a file named but not read is still said" "$err" "loose/zz-note.pdf: skipped"
run "$D" --index lidx compact -q
check_eq "compact -q: silent" "" "$err$out"

finish
