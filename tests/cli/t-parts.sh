#!/bin/bash
# Write parts: a large run on an index of one shard writes with several
# threads into private parts and merges them into the shard at its end.
# The index must come out as one shard holding exactly what a run with
# one writer makes (same hits, scores and inflections), with no part left
# behind; small runs and indexes of several shards write directly.
. "$(dirname "$0")/lib.sh"

# The sample corpus plus 150 generated briefs (a large run: over 100 new
# documents), with inflections spread over all of them.
mkdir -p corpus/generated
words=(budget budgets tariff tariffs sanction sanctioned treaty treaties missile
    reactor pipeline vaccine vaccines vaccinated asylum border grid carbon
    emission subsidy subsidies quota inspector inspectors treasury embassy
    summit ceasefire refinery shipping tanker insurer customs customers
    audit audited committee hearing senator governor court appeal statute
    waiver exemption license licensed export exporting import steel wheat)
RANDOM=20261124
for i in $(seq 1 150); do
    {
        printf 'Brief %d on %s and %s\n\n' "$i" "${words[RANDOM % 50]}" "${words[RANDOM % 50]}"
        printf '%04d-%02d-%02d\n\n' $((1990 + RANDOM % 35)) $((1 + RANDOM % 12)) $((1 + RANDOM % 28))
        for p in 1 2 3; do
            for w in $(seq 1 $((20 + RANDOM % 40))); do printf '%s ' "${words[RANDOM % 50]}"; done
            printf '\n\n'
        done
    } >"corpus/generated/brief-$i.txt"
done
# Rare inflections, each in one file of its own, spread over the writers:
# only a merge that unites the parts' stem maps finds them all.
for i in $(seq 1 12); do
    form=(embargo embargoes embargoed embargoing)
    printf 'Note %d\n\nThe %s question came up again.\n' "$i" "${form[i % 4]}" \
        >"corpus/generated/note-$i.txt"
done
find corpus -type f -exec touch -d 2020-05-05T12:00:00 {} +

# The same files with one writer (no parts), and with parts (-j 3: two).
run "$D" --index single add --no-progress -j 1 corpus
check_eq "one writer: exit status" 0 "$rc"
run "$D" --index merged add --no-progress -j 3 corpus
check_eq "with parts: exit status" 0 "$rc"
check_contains "with parts: counts" "$err" "190 added, 0 changed"
check_eq "with parts: one shard, no part left" "config lock shard-0" "$(ls merged | tr '\n' ' ' | sed 's/ $//')"
check_contains "with parts: config" "$(cat merged/config)" "shards = 1"
if command -v xapian-check >/dev/null 2>&1; then
    check_eq "with parts: xapian-check" 0 "$(xapian-check merged/shard-0 >/dev/null 2>&1; echo $?)"
fi
run "$D" --index merged stats --json
check_contains "with parts: every document" "$out" '"documents":190,'

# Every query answers the same: documents and scores (equal scores may
# come in another order: document ids differ), and the inflections found
# through the stem map, which the merge unites from every part.
same() {
    local q=$1 a b
    a=$("$D" --index single search --json -n 200 -k 2 "$q" 2>&1 | sed 's/"rank":[0-9]*,//' | sort)
    b=$("$D" --index merged search --json -n 200 -k 2 "$q" 2>&1 | sed 's/"rank":[0-9]*,//' | sort)
    checks=$((checks + 1))
    [ "$a" = "$b" ] || fail "with parts: results differ for [$q]"
    [ -n "$a" ] || fail "no results for [$q]"
}
for q in budget tariffs sanction treaty vaccination inspector customs audit licensing \
    exports '"north korea"' 'budget AND NOT tariff' 'korea' 'date:2000..2010 treaty' \
    'summit NEAR/3 ceasefire' 'title:brief' 'How do inspectors audit refinery exports?'; do
    same "$q"
done
check_eq "inflections: every form of embargo" 12 "$("$D" --index merged search -c embargo)"
check_eq "inflections: from an inflected form" 12 "$("$D" --index merged search -c embargoed)"

# A small run (under 100 new documents) writes into the shard directly.
mkdir corpus/later
for i in 1 2 3; do printf 'Later note %d\n\nA treaty on wheat exports.\n' "$i" >"corpus/later/n$i.txt"; done
run "$D" --index merged add --no-progress -j 3 corpus
check_contains "small run: counts" "$err" "3 added, 0 changed, 190 unchanged"
check_eq "small run: still one shard" "config lock shard-0" "$(ls merged | tr '\n' ' ' | sed 's/ $//')"

# Parts left by a run killed before its merge are not part of the index,
# nor is an old copy of the shard that a swap left behind: searches ignore
# them and the next writer removes them.
mkdir merged/part-1 merged/part-2.new merged/shard-0.new.gone4242
echo junk >merged/part-1/iamglass
echo junk >merged/shard-0.new.gone4242/iamglass
run "$D" --index merged search -c treaty
check_eq "leftover parts: search ignores them" 0 "$rc"
run "$D" --index merged update --no-progress
check_eq "leftover parts: update exit status" 0 "$rc"
check_eq "leftover parts: removed by the next writer" "config lock shard-0" \
    "$(ls merged | tr '\n' ' ' | sed 's/ $//')"

# A writer takes the index's lock before it touches anything in its
# folder: while another holds it (here this shell, as a writer in the middle
# of a compaction into shard-0.new would), a writer waits, then gives up
# with the lock message and leaves that copy alone.
mkdir merged/shard-0.new
echo in-progress >merged/shard-0.new/marker
exec 9>merged/lock
flock -n 9 || fail "cannot take the lock for the test"
run "$D" --index merged update --no-progress
check_eq "lock held: update gives up" 2 "$rc"
check_contains "lock held: says so" "$err" "index is locked by"
check_eq "lock held: the copy of the holder stays" in-progress "$(cat merged/shard-0.new/marker 2>&1)"
run "$D" --index merged search -c treaty
check_eq "lock held: search is not stopped" 0 "$rc"
flock -u 9
exec 9>&-
run "$D" --index merged update --no-progress
check_eq "lock free: update runs" 0 "$rc"
check_eq "lock free: the leftover copy is removed" "config lock shard-0" \
    "$(ls merged | tr '\n' ' ' | sed 's/ $//')"

# Two runs that create a new index at once: the second waits for the
# first (it must not take the first's new shards for leftovers of an
# interrupted creation), and the index holds both runs' documents.
mkdir -p race
for i in $(seq 1 16); do
    printf 'Race note %d\n\nraceword %s\n' "$i" "$(seq -s ' ' "$i" 400)" >"race/r$i.txt"
done
for try in 1 2 3 4; do
    rm -rf ridx
    "$D" --index ridx add race/r{1..8}.txt >/dev/null 2>"$work/ra.err" &
    "$D" --index ridx add race/r{9..16}.txt >/dev/null 2>"$work/rb.err" &
    wait
    check_eq "two creators ($try): every document" 16 "$("$D" --index ridx search -c raceword 2>&1)"
done

# The record dictionary: trained by the first run that adds enough text
# (64 KB), here the second; records written before keep their form, and
# every record shows its text.
mkdir one-letter
cp corpus/letters/$(ls corpus/letters | head -1) one-letter/
run "$D" --index late add --no-progress one-letter
check_eq "late dictionary: first run" 0 "$rc"
run "$D" --index late stats --json
check_contains "late dictionary: none after 5 KB" "$out" '"dictionary_bytes":0,'
run "$D" --index late add --no-progress corpus
run "$D" --index late stats --json
check_not_contains "late dictionary: trained by the larger run" "$out" '"dictionary_bytes":0,'
check_contains "late dictionary: stats says so" "$("$D" --index late stats)" "KB dictionary"
first=$(ls one-letter)
run "$D" --index late show --text "one-letter/$first"
check_eq "late dictionary: an older record's text" "$(cat "one-letter/$first")" "$out"
run "$D" --index late show --text corpus/generated/brief-7.txt
check_eq "late dictionary: a newer record's text" "$(cat corpus/generated/brief-7.txt)" "$out"
run "$D" --index merged stats --json
check_not_contains "merged index has a dictionary" "$out" '"dictionary_bytes":0,'

# An index of several shards writes into them directly.
run "$D" --index three add --no-progress --shards 3 -j 3 corpus
check_eq "three shards: exit status" 0 "$rc"
check_eq "three shards: no part" "config lock shard-0 shard-1 shard-2" "$(ls three | tr '\n' ' ' | sed 's/ $//')"

# --part K/N: two indexes of one corpus hold each document once between
# them; a file named to the index that does not hold its part is said to
# be skipped, not passed over in silence.
"$D" --index part0 add --part 0/2 corpus 2>/dev/null
"$D" --index part1 add --part 1/2 corpus 2>/dev/null
p0=$("$D" --index part0 search -l 'NOT zzqqx' | sort)
p1=$("$D" --index part1 search -l 'NOT zzqqx' | sort)
check_eq "--part: no document in both" "" "$(comm -12 <(printf '%s\n' "$p0") <(printf '%s\n' "$p1"))"
check_eq "--part: every document in one" "$("$D" --index merged search -c 'NOT zzqqx' 2>/dev/null)" \
    "$(printf '%s\n%s\n' "$p0" "$p1" | grep -c .)"
other=$(printf '%s\n' "$p1" | head -1)
run "$D" --index part0 add "$other"
check_contains "--part: a file of the other part named" "$err" "$other: skipped: another part of the corpus (this index holds part 0 of 2)"
check_contains "--part: counted as skipped" "$err" "1 skipped"

finish
