#!/bin/bash
# Re-syncing with add: a folder given again loses the documents whose
# files are gone, under that folder only; a file given removes nothing; a
# folder that is missing or cannot be read removes nothing; add with no
# path re-syncs the folders added so far the same way.  What remove took
# out stays out when its folder is re-synced (update, add, add of a folder
# above it), until its own path is added again.
. "$(dirname "$0")/lib.sh"

# in_index PATH: 0 if the index holds PATH's document.
in_index() { "$D" --index idx show "$1" >/dev/null 2>&1; }
ndocs() { "$D" --index idx stats --json 2>/dev/null | sed -n 's/.*"documents":\([0-9]*\),.*/\1/p'; }
# check_in WHAT PATH / check_out WHAT PATH
check_in() {
    checks=$((checks + 1))
    in_index "$2" || fail "$1: $2 should be in the index"
}
check_out() {
    checks=$((checks + 1))
    in_index "$2" && fail "$1: $2 should not be in the index"
}

"$D" --index idx add corpus 2>/dev/null
check_eq "start" 28 "$(ndocs)"

# A file deleted from a folder added: add of the folder removes it.
rm corpus/news/measles-outbreak.txt
run "$D" --index idx add -v corpus
check_eq "deleted file: exit status" 0 "$rc"
check_contains "deleted file: counted" "$err" "0 added, 0 changed, 27 unchanged, 0 moved, 1 removed"
check_contains "deleted file: -v names it" "$out" "removed corpus/news/measles-outbreak.txt"
check_out "deleted file" corpus/news/measles-outbreak.txt
run "$D" --index idx search -c 'path:corpus/news/measles-outbreak.txt'
check_eq "deleted file: not found" "0" "$out"

# add FILE removes nothing.
rm corpus/news/korus-revision.txt
run "$D" --index idx add corpus/letters/seasonal-visa-letter.txt
check_contains "add FILE: nothing removed" "$err" "0 removed"
check_in "add FILE" corpus/news/korus-revision.txt

# add of a sub-folder removes only under it.
rm corpus/speeches/trade-forum-keynote.txt
run "$D" --index idx add corpus/news
check_contains "sub-folder: its gone file removed" "$err" "1 removed"
check_out "sub-folder" corpus/news/korus-revision.txt
check_in "sub-folder: another folder's gone file stays" corpus/speeches/trade-forum-keynote.txt

# A dry run says what it would remove, and removes nothing.
run "$D" --index idx add -n corpus
check_contains "dry run: says" "$out" "would remove corpus/speeches/trade-forum-keynote.txt"
check_in "dry run" corpus/speeches/trade-forum-keynote.txt

# A folder given that is missing removes nothing (and fails, as before).
mv corpus/speeches speeches-away
run "$D" --index idx add corpus/speeches
check_eq "missing folder: exit status" 1 "$rc"
check_contains "missing folder: said" "$err" "dossier: corpus/speeches: no such file or directory"
check_contains "missing folder: nothing removed" "$err" "0 removed"
check_in "missing folder" corpus/speeches/denuclearization-remarks.txt
mv speeches-away corpus/speeches

# A folder given that cannot be read removes nothing (not testable as
# root, who reads every folder).
if [ "$(id -u)" != 0 ]; then
    chmod 000 corpus/letters
    run "$D" --index idx add corpus/letters
    chmod 755 corpus/letters
    check_eq "unreadable folder: exit status" 1 "$rc"
    check_contains "unreadable folder: said" "$err" "dossier: corpus/letters: permission denied"
    check_contains "unreadable folder: nothing removed" "$err" "0 removed"
    check_in "unreadable folder" corpus/letters/seasonal-visa-letter.txt
fi

# add with no path re-syncs the folders added so far, removals included.
check_eq "before the re-sync" 26 "$(ndocs)"
run "$D" --index idx add
check_contains "add alone: removes too" "$err" "1 removed"
check_out "add alone" corpus/speeches/trade-forum-keynote.txt
check_eq "after the re-sync" 25 "$(ndocs)"

# What remove took out stays out when its folder is re-synced ...
run "$D" --index idx remove corpus/reports
check_eq "remove a folder: its line" "6 removed" "$err"
run "$D" --index idx add corpus
check_contains "add of the folder above: keeps it out" "$err" "0 added"
check_out "add of the folder above" corpus/reports/carbon-price-options.txt
run "$D" --index idx add
check_out "add alone" corpus/reports/carbon-price-options.txt
run "$D" --index idx update
check_out "update" corpus/reports/carbon-price-options.txt
run "$D" --index idx search -c 'dir:corpus/reports'
check_eq "removed folder: nothing found" "0" "$out"
# ... until its own path is added again.
run "$D" --index idx add corpus/reports
check_contains "added again by name" "$err" "6 added"
run "$D" --index idx add corpus
check_contains "and kept on the next re-sync" "$err" "0 added, 0 changed, 25 unchanged, 0 moved, 0 removed"
check_eq "all back" 25 "$(ndocs)"

# The same for a file: a folder above it keeps it out, its name brings it back.
run "$D" --index idx remove corpus/press/summit-preparations.txt
check_eq "remove a file: its line" "1 removed" "$err"
run "$D" --index idx add corpus/press
check_out "add of its folder" corpus/press/summit-preparations.txt
run "$D" --index idx add corpus/press/summit-preparations.txt
check_contains "a file added again by name" "$err" "1 added"
run "$D" --index idx update
check_in "kept after update" corpus/press/summit-preparations.txt

# A shard folder gone from an index of several: the message names it, and
# add makes it again with its documents.
"$D" --index sh3 add --shards 3 corpus 2>/dev/null
before=$("$D" --index sh3 search -c korea 2>/dev/null)
mv sh3/shard-1 shard-1-away
run "$D" --index sh3 search -c korea
check_eq "missing shard: exit 2" 2 "$rc"
check_contains "missing shard: named" "$err" "sh3/shard-1: this shard of the index is missing"
run "$D" --index sh3 add corpus
check_eq "missing shard: add makes it again" 0 "$rc"
check_eq "missing shard: every document back" "$before" "$("$D" --index sh3 search -c korea 2>/dev/null)"
# Shard 0 also held the list of folders added: the message says to name them.
mv sh3/shard-0 shard-0-away
run "$D" --index sh3 search -c korea
check_contains "missing shard 0: the folders named as lost" "$err" \
    "sh3/shard-0: this shard of the index is missing, with its documents and the list of folders added ('dossier add FOLDER...'"
rm -rf sh3/shard-0 && mv shard-0-away sh3/shard-0

# A shard whose creation was killed after Xapian made its empty tables but
# before it wrote its version file: add makes it again.  With anything
# more in it, the shard is damaged, and the message says so and why.
mkdir half
printf 'shards = 2\n' >half/config
"$D" --index half add corpus/press 2>/dev/null
rm half/shard-1/iamglass
for t in half/shard-1/*.glass; do : >"$t"; done
: >half/shard-1/v.tmp
run "$D" --index half search -c korea
check_eq "half-made shard: search refuses" 2 "$rc"
check_contains "half-made shard: said so, and the cure" "$err" \
    "half/shard-1: this shard of the index was left half made by an interrupted run ('dossier add' makes it again)"
mkdir -p plainfolder
run "$D" --shard plainfolder search -c korea
check_contains "--shard on a plain folder: no shard there" "$err" "plainfolder: no index or shard there"
run "$D" --index half add corpus
check_eq "half-made shard: add makes it again ($err)" 0 "$rc"
check_eq "half-made shard: every document there" 25 \
    "$("$D" --index half stats --json 2>/dev/null | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')"
rm half/shard-0/iamglass
run "$D" --index half add corpus
check_eq "shard without its version file: exit 2" 2 "$rc"
check_contains "shard without its version file: named as damaged" "$err" \
    "half/shard-0: this shard of the index is damaged ("
check_contains "shard without its version file: Xapian's reason" "$err" "iamglass"
check_eq "shard without its version file: kept, not made again" 1 \
    "$(find half/shard-0 -name 'postlist.glass' -size +0 | wc -l)"

finish
