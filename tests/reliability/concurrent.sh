#!/bin/bash
# concurrent.sh - searches running while add and update write, and two
# writers at once.
#
#   concurrent.sh [-t SECONDS] [-s SEED] [-S SHARDS]
#
# Part 1, readers during writes.  A corpus holds 100 documents that never
# change ("stableword") and documents m-K.txt that a writer keeps
# rewriting, creating and deleting; each version V of m-K.txt carries K
# and V in its title and in every paragraph.  The writer runs `add` or
# `update` after each change (and `compact`, which swaps compacted copies
# of the shards in, after every sixth) and records the state the index
# holds after the run.  Meanwhile readers search without pause:
#   - one process per query: `search -c stableword` must print 100, and
#     `search --json mutword` must list documents whose title and passages
#     agree (no torn document) and which, shard by shard, match a state
#     the index was in (between two recorded states: a run commits each
#     shard separately) no older than the last state recorded before the
#     search started;
#   - one long-lived `search --batch` process, whose every answer must
#     match a recorded state the same way, no older than the last state
#     recorded before the query was sent.
# Every search must succeed with nothing on stderr.
#
# Part 2, two writers.  While a long `add` runs, a second `add` and an
# `update` must wait or fail with a message naming the lock holder; the
# index must then pass xapian-check and equal a clean build.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"

duration=20
seed=$(( $(date +%s) % 100000 ))
shards=3
while getopts t:s:S: opt; do
    case $opt in
    t) duration=$OPTARG ;;
    s) seed=$OPTARG ;;
    S) shards=$OPTARG ;;
    *) echo "usage: concurrent.sh [-t SECONDS] [-s SEED] [-S SHARDS]" >&2; exit 2 ;;
    esac
done
RANDOM=$seed
echo "concurrent: seed $seed, ${duration}s of writes, $shards shards"
# The state checker must reject what it is meant to reject.
selftest() {
    local d=$work/selftest
    mkdir -p "$d"
    printf '1 0 0\n2 0 1\n' >"$d/state.0"
    printf '1 1 0\n2 1 1\n3 1 1\n' >"$d/state.1"
    printf '2 2 1\n3 1 1\n' >"$d/state.2"
    local r verdict
    for r in '1 0|2 0' '1 1|2 0' '1 1|2 1' '2 1|3 1' '1 1|2 2|3 1' '2 2|3 1' '1 0|2 1|3 1'; do
        printf 'result x 0\n%s\nend\n' "$r" | tr '|' '\n' >"$d/res"
        verdict=$(awk -v nstates=2 -f "$here/statecheck.awk" "$d"/state.* "$d/res")
        check_eq "state checker accepts [$r]" "results 1 bad 0" "$verdict"
    done
    # Older than the freshest state (twice), a version never written, a
    # document gone that no state lacks, a document from nowhere.
    for r in 'F1|1 0|2 0' 'F1|1 1|2 0|3 1' '1 5|2 0' '2 2' '1 1|2 1|3 1|4 4'; do
        fresh=0
        case $r in F1*) fresh=1 r=${r#F1|} ;; esac
        printf 'result x %s\n%s\nend\n' "$fresh" "$r" | tr '|' '\n' >"$d/res"
        verdict=$(awk -v nstates=2 -f "$here/statecheck.awk" "$d"/state.* "$d/res")
        check_not_contains "state checker rejects [$r] (fresh $fresh)" "$verdict" "bad 0"
    done
}
selftest

export DOSSIER_NO_SYNC=1
NSTABLE=100
MAXMUT=60

mkdir -p c/corpus/stable c/corpus/mut "$work/r"
cd c || exit 2
for ((i = 0; i < NSTABLE; i++)); do
    printf 'Stable document %d\n\nstableword filler%d text that never changes.\n' "$i" "$i" \
        >"corpus/stable/s-$i.txt"
done

# write_mut K V: version V of document K.
write_mut() {
    printf 'Mutable %d version %d\n\nmutword ver%d kdoc%d first paragraph.\n\nAnother mutword ver%d kdoc%d paragraph.\n' \
        "$1" "$2" "$2" "$1" "$2" "$1" >"corpus/mut/m-$1.txt"
}

# A hit of a mutword search (one JSON line) -> "K V"; a hit whose path,
# title and passage disagree gives "TORN ...".
hit_awk='
function hit(line,    p, t, tv, x, vk, kk) {
    p = line; sub(/.*"path":"[^"]*m-/, "", p); sub(/\.txt".*/, "", p)
    t = line; sub(/.*"title":"Mutable /, "", t); sub(/".*/, "", t)
    split(t, tv, " version ")
    x = line; sub(/.*"text":"/, "", x)
    vk = x; sub(/^[^"]*ver/, "", vk); sub(/[^0-9].*/, "", vk)
    kk = x; sub(/^[^"]*kdoc/, "", kk); sub(/[^0-9].*/, "", kk)
    if (p != tv[1] || p != kk || tv[2] != vk || p == "" || vk == "")
        return "TORN " line
    return p " " vk
}'

# parse_hits: JSON Lines of a mutword search -> sorted "K V" lines.
parse_hits() {
    awk "$hit_awk"' /"path"/ { print hit($0) }' | sort
}

# The index state after a writer step: "K V SHARD" lines.
record_state() {
    "$D" search --json -n 1000 -k 1 mutword 2>>"$work/writer.err" | parse_hits >"$work/st.tmp"
    "$IXDUMP" docs .dossier | awk '{ p = $3; if (sub(/.*\/m-/, "", p)) { sub(/\.txt$/, "", p); print p, $1 } }' \
        | sort >"$work/shard.tmp"
    join "$work/st.tmp" "$work/shard.tmp" >"$work/r/state.$1"
    check_eq "state $1: documents" "$(wc -l <"$work/st.tmp")" "$(wc -l <"$work/r/state.$1")"
}

new_index .dossier "$shards"
declare -A ver=()
for ((k = 0; k < 20; k++)); do
    ver[$k]=0
    write_mut "$k" 0
done
"$D" add --no-progress corpus 2>/dev/null
record_state 0
now_ms >$work/r/time.0

stop=$work/stop
reader_proc() {
    local id=$1 n=0 fails=0 start last
    while [ ! -e "$stop" ]; do
        last=$(ls "$work/r" | sed -n 's/^time\.//p' | sort -n | tail -1)
        out=$("$D" search -c stableword 2>"$work/rd$id.err")
        rc=$?
        if [ "$rc" != 0 ] || [ "$out" != "$NSTABLE" ] || [ -s "$work/rd$id.err" ]; then
            echo "reader $id: search -c stableword: exit $rc, [$out], $(cat "$work/rd$id.err")"
            fails=$((fails + 1))
        fi
        n=$((n + 1))
        "$D" search --json -n 1000 -k 1 mutword >"$work/rd$id.out" 2>"$work/rd$id.err"
        rc=$?
        if [ "$rc" != 0 ] || [ -s "$work/rd$id.err" ]; then
            echo "reader $id: search mutword: exit $rc, $(cat "$work/rd$id.err")"
            fails=$((fails + 1))
        fi
        n=$((n + 1))
        { echo "result $id.$n $last"; parse_hits <"$work/rd$id.out"; echo end; } >>"$work/r/results.$id"
    done
    echo "$n $fails" >"$work/r/count.$id"
}

# The long-lived reader: one query per line, as fast as it answers.
reader_batch() {
    local id=$1
    while [ ! -e "$stop" ]; do
        # The last state recorded before the query is sent: the answer
        # must be at least that fresh.
        ls "$work/r" | sed -n 's/^time\.//p' | sort -n | tail -1 >>"$work/batch.fresh"
        echo mutword
        echo stableword
        sleep 0.005
    done | "$D" search --batch -n 1000 -k 1 >"$work/batch.out" 2>"$work/batch.err"
    echo "$?" >"$work/r/batch.rc"
}

reader_proc 1 >"$work/reader1.log" &
pids="$!"
reader_proc 2 >"$work/reader2.log" &
pids="$pids $!"
reader_batch 3 &
bpid=$!

# The writer.
t_end=$(($(now_ms) + duration * 1000))
step=0 adds=0 updates=0 compacts=0
declare -A model=()
for k in "${!ver[@]}"; do model[$k]=${ver[$k]}; done
while [ "$(now_ms)" -lt "$t_end" ]; do
    step=$((step + 1))
    for ((c = 0, nc = 1 + $(rand 4); c < nc; c++)); do
        k=$(rand $MAXMUT)
        case $(rand 4) in
        0) if [ -n "${ver[$k]:-}" ] && [ "${#ver[@]}" -gt 3 ]; then
               rm -f "corpus/mut/m-$k.txt"; unset "ver[$k]"
           fi ;;
        *) ver[$k]=$step; write_mut "$k" "$step" ;;
        esac
    done
    if [ "$(rand 2)" = 0 ]; then
        "$D" add --no-progress corpus 2>>"$work/writer.err"
        rc=$?; adds=$((adds + 1))
        model=()   # add of a folder removes what is gone from it, as update does
        for k in "${!ver[@]}"; do model[$k]=${ver[$k]}; done
    else
        "$D" update --no-progress 2>>"$work/writer.err"
        rc=$?; updates=$((updates + 1))
        model=()
        for k in "${!ver[@]}"; do model[$k]=${ver[$k]}; done
    fi
    check_eq "writer step $step exit status" 0 "$rc"
    if [ $((step % 6)) = 0 ]; then
        # Compacted copies of the shards swapped in under the readers.
        "$D" compact >/dev/null 2>>"$work/writer.err"
        check_eq "writer step $step: compact" 0 "$?"
        compacts=$((compacts + 1))
    fi
    record_state "$step"
    # The index must hold what the writer wrote.
    for k in "${!model[@]}"; do echo "$k ${model[$k]}"; done | sort >"$work/model"
    check_eq "state $step matches the files written" "$(cat "$work/model")" \
        "$(cut -d' ' -f1,2 "$work/r/state.$step")"
    now_ms >"$work/r/time.$step"
done
touch "$stop"
wait $pids
wait "$bpid"
check_eq "batch reader exit status" 0 "$(cat $work/r/batch.rc)"
checks=$((checks + 1))
if [ -s "$work/batch.err" ]; then
    fail "batch reader errors: $(head -5 "$work/batch.err")"
fi

# The batch reader's answers, as results.
awk "$hit_awk"'
    FILENAME == ARGV[1] { fresh[++nf] = $1; next }
    /"query_end":"mutword"/ {
        n++; print "result 3." n " " fresh[n]
        for (i = 0; i < nh; i++) print h[i] | "sort"
        close("sort"); print "end"; nh = 0; next
    }
    /"query_end"/ { nh = 0; next }
    /"path"/ { h[nh++] = hit($0) }' "$work/batch.fresh" "$work/batch.out" >"$work/r/results.3"
batch_queries=$(grep -c '"query_end"' "$work/batch.out")
stable_bad=$(grep '"query_end":"stableword"' "$work/batch.out" | grep -vc "\"estimated\":$NSTABLE,")
check_eq "batch reader: stableword always $NSTABLE documents" 0 "$stable_bad"

# Reader failures.
cat "$work/reader1.log" "$work/reader2.log" >&2
read -r n1 f1 <$work/r/count.1
read -r n2 f2 <$work/r/count.2
check_eq "failed searches (one process per query)" 0 $((f1 + f2))
torn=$(cat $work/r/results.* | grep -c '^TORN')
check_eq "torn documents in results" 0 "$torn"

# Every result against the recorded states.
verdict=$(awk -v nstates="$step" -f "$here/statecheck.awk" "$work"/r/state.* "$work"/r/results.*)
printf '%s\n' "$verdict" | grep -v '^results' | head -10 >&2
nres=$(printf '%s\n' "$verdict" | sed -n 's/^results \([0-9]*\).*/\1/p')
nbad=$(printf '%s\n' "$verdict" | sed -n 's/^results [0-9]* bad \([0-9]*\)/\1/p')
check_eq "results matching no committed state" 0 "$nbad"
check_true "xapian-check after the writes" xcheck_index .dossier
searches=$((n1 + n2 + batch_queries))
echo "concurrent: $step writer steps ($adds add, $updates update, $compacts compact) in ${duration}s;" \
    "$searches searches ($((n1 + n2)) one per process, $batch_queries in --batch)," \
    "$((f1 + f2 + stable_bad)) failed; $nres result lists checked against the committed states"

# ---- Part 2: two writers at once. ----------------------------------------
cd "$work" || exit 2
mkdir w
cd w || exit 2
"$GENCORPUS" corpus 2000 "$seed" || exit 2
new_index .dossier "$shards"
"$D" add --no-progress -j 1 corpus 2>"$work/w1.err" &
w1=$!
# Wait until the first writer holds the lock (it writes the "writer" file).
for ((i = 0; i < 500; i++)); do
    [ -f .dossier/writer ] && break
    sleep 0.01
done
run "$D" add --no-progress corpus
second_rc=$rc second_err=$err
run "$D" update --no-progress
third_rc=$rc third_err=$err
wait "$w1"
check_eq "first writer exit status ($(cat "$work/w1.err"))" 0 "$?"
for pair in "add:$second_rc" "update:$third_rc"; do
    cmd=${pair%%:*} st=${pair#*:}
    if [ "$cmd" = add ]; then e=$second_err; else e=$third_err; fi
    case $st in
    0) echo "concurrent: second writer ($cmd) waited for the lock and succeeded" ;;
    2)
        check_contains "second writer ($cmd) message" "$e" "index is locked by 'add' (pid $w1"
        check_eq "second writer ($cmd): one line" 1 "$(printf '%s\n' "$e" | wc -l)"
        echo "concurrent: second writer ($cmd) refused: $e"
        ;;
    *) fail "second writer ($cmd): exit $st: $e" ;;
    esac
done
check_true "xapian-check after two writers" xcheck_index .dossier
"$IXDUMP" full .dossier >"$work/two.full"
new_index "$work/ref/.dossier" "$shards"
mv corpus "$work/ref/" && (cd "$work/ref" && "$D" add --no-progress corpus 2>/dev/null &&
    "$IXDUMP" full .dossier >"$work/ref.full")
checks=$((checks + 1))
cmp -s "$work/two.full" "$work/ref.full" || fail "index written with a second writer waiting differs from a clean build"
# ---- Part 3: writers one after another while one merges. ------------------
# An index of one shard: a large run writes into parts and ends by merging
# them into a compacted copy of the shard, swapped in.  More writers try,
# one after another until the first is done, with searches between them:
# none may get in before the first has finished (its lock covers the
# merge and the swap), and the first must add every file.
cd "$work" || exit 2
mkdir m
cd m || exit 2
"$GENCORPUS" corpus 1500 "$seed" || exit 2
new_index .dossier 1
"$D" add --no-progress -j 2 corpus 2>"$work/m1.err" &
m1=$!
# Once it holds the lock (before that, its shard does not exist yet: the
# config new_index wrote stands alone, and a writer says there is no index).
for ((i = 0; i < 500; i++)); do
    [ -f .dossier/writer ] && break
    sleep 0.01
done
# A new writer every quarter second (each waits for the lock up to its
# limit), so that some start during the merge.
late=0
while kill -0 "$m1" 2>/dev/null && [ "$late" -lt 40 ]; do
    "$D" search -c treaty >/dev/null 2>&1 &
    "$D" update --no-progress >"$work/late.$late.out" 2>&1 &
    late=$((late + 1))
    sleep 0.25
done
wait "$m1"
check_eq "merging writer exit status ($(cat "$work/m1.err"))" 0 "$?"
check_eq "merging writer: every file indexed" "$(find corpus -type f | wc -l)" \
    "$("$D" stats --json | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')"
wait
for ((i = 0; i < late; i++)); do
    e=$(cat "$work/late.$i.out")
    case $e in
    *"index is locked by"* | *" unchanged, "*) ;;
    *) fail "a later writer: $e" ;;
    esac
done
check_true "xapian-check after the merge" xcheck_index .dossier
echo "concurrent: $late writers tried while one merged"
finish
