#!/bin/bash
# crash.sh - kill `dossier add` with SIGKILL at random moments and check
# that the index survives every kill.
#
#   crash.sh [-k KILLS] [-n DOCS] [-s SEED] [-S SHARDS]
#
# On a generated corpus of DOCS documents, `dossier add` (small batches,
# several threads) is killed KILLS times: at a random time during the run,
# in its first milliseconds, or just as a shard starts a commit.  After
# each kill:
#   - every shard passes xapian-check;
#   - the index opens: `stats` and a search work, and agree on the count;
#   - it holds exactly the documents of the batches committed before the
#     kill (DOSSIER_COMMIT_LOG says which), all of a batch killed during
#     its commit or none of it, and each document is identical to the one
#     a clean build makes (crashcheck.awk);
# then add runs again on the same index, killed again or to the end (about
# one time in four); a run that ends must leave an index identical to a
# clean build: same documents, terms, term statistics and metadata
# (`ixdump full`).  Prints a summary line with the figures.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"

kills_wanted=10
ndocs=1000
seed=$(( $(date +%s) % 100000 ))
shards=3
while getopts k:n:s:S: opt; do
    case $opt in
    k) kills_wanted=$OPTARG ;;
    n) ndocs=$OPTARG ;;
    s) seed=$OPTARG ;;
    S) shards=$OPTARG ;;
    *) echo "usage: crash.sh [-k KILLS] [-n DOCS] [-s SEED] [-S SHARDS]" >&2; exit 2 ;;
    esac
done
RANDOM=$seed
echo "crash: seed $seed, $ndocs documents, $kills_wanted kills, $shards shards"

# The checker must catch what it is meant to catch: a committed batch
# missing, half of a batch killed in its commit, an uncommitted document,
# a document that differs from the clean build.
selftest() {
    local d=$work/selftest
    mkdir -p "$d"
    printf '0 aa p1\n0 bb p2\n1 cc p3\n' >"$d/ref"
    printf 'doc 0.0 p1\ncommit-begin 0.0\ncommit-end 0.0\ndoc 0.1 p2\ndoc 1.0 p3\ncommit-begin 1.0\n' >"$d/log"
    : >"$d/prior"
    local present
    for present in '0 aa p1' '0 aa p1\n1 cc p3' ; do
        printf "$present\n" >"$d/present"
        awk -f "$here/crashcheck.awk" -v out="$d/out" "$d/prior" "$d/log" "$d/present" "$d/ref" >/dev/null
        check_eq "checker accepts [$present]" 0 $?
    done
    for present in '' '0 aa p1\n0 bb p2' '0 zz p1' '0 aa p1\n1 cc p3\n1 dd p4'; do
        printf "$present\n" | sed '/^$/d' >"$d/present"
        awk -f "$here/crashcheck.awk" -v out="$d/out" "$d/prior" "$d/log" "$d/present" "$d/ref" >/dev/null
        check_eq "checker rejects [$present]" 1 $?
    done
    # Two batches of one shard in a commit, half there.
    printf 'doc 0.0 p1\ndoc 0.0 p2\ncommit-begin 0.0\n' >"$d/log"
    printf '0 aa p1\n' >"$d/present"
    awk -f "$here/crashcheck.awk" -v out="$d/out" "$d/prior" "$d/log" "$d/present" "$d/ref" >/dev/null
    check_eq "checker rejects half a batch" 1 $?
}
selftest

export DOSSIER_NO_SYNC=1
addopts=(--batch-mb 1 -j 2 --no-progress)
mkdir -p c
"$GENCORPUS" c/corpus "$ndocs" "$seed" || exit 2
cd c || exit 2

# The clean build: what every run must end with.
new_index .dossier "$shards"
t0=$(now_ms)
DOSSIER_COMMIT_LOG="$work/ref.log" "$D" add "${addopts[@]}" corpus 2>"$work/ref.err"
rc=$?
t1=$(now_ms)
check_eq "clean build exit status" 0 "$rc"
build_ms=$((t1 - t0))
"$IXDUMP" full .dossier >"$work/ref.full" || exit 2
"$IXDUMP" docs .dossier >"$work/ref.docs" || exit 2
check_eq "clean build documents" "$ndocs" "$(wc -l <"$work/ref.docs")"
check_true "clean build passes xapian-check" xcheck_index .dossier
expected_commits=$(grep -c '^commit-begin' "$work/ref.log")
echo "crash: clean build ${build_ms} ms, $expected_commits commits"

kills=0 runs=0 completions=0 episodes=0 inflight_present=0 inflight_absent=0
nocommit=0 docchecks=0 xchecks=0 mode_timed=0 mode_early=0 mode_commit=0

# After a kill: the index must be sound and hold exactly what was committed.
check_killed() {
    local log=$1 prior=$2
    if [ ! -f .dossier/config ] || ! grep -q '^commit-end' "$work"/run.*.log 2>/dev/null; then
        # Nothing was ever committed in this episode: the index may be
        # half created, but the next add must cope (checked at the end of
        # the episode); it must not have documents.
        nocommit=$((nocommit + 1))
        if [ -f .dossier/config ] && "$IXDUMP" docs .dossier >"$work/present" 2>/dev/null; then
            check_eq "documents before any commit" 0 "$(wc -l <"$work/present")"
        fi
        : >"$prior"
        return
    fi
    xchecks=$((xchecks + shards))
    check_true "xapian-check after kill $kills" xcheck_index .dossier
    run "$D" stats --json
    check_eq "stats after kill $kills: exit status (${err})" 0 "$rc"
    local ndoc
    ndoc=$(printf '%s' "$out" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')
    if ! "$IXDUMP" docs .dossier >"$work/present" 2>"$work/ixdump.err"; then
        fail "after kill $kills: index cannot be read: $(cat "$work/ixdump.err")"
        return
    fi
    check_eq "stats documents after kill $kills" "$(wc -l <"$work/present")" "$ndoc"
    run "$D" search -c zan
    checks=$((checks + 1))
    case $rc in 0 | 1) ;; *) fail "search after kill $kills: exit $rc: $err" ;; esac
    local verdict
    verdict=$(awk -f "$here/crashcheck.awk" -v out="$work/newset" \
        "$prior" "$log" "$work/present" "$work/ref.docs" 2>&1)
    local st=$?
    checks=$((checks + 1))
    docchecks=$((docchecks + $(wc -l <"$work/present")))
    if [ $st -ne 0 ]; then
        fail "after kill $kills (log $log):"
        printf '%s\n' "$verdict" | head -20 >&2
        KEEP=1
    fi
    case $verdict in
    *"inflight present"*) inflight_present=$((inflight_present + 1)) ;;
    *"inflight absent"*) inflight_absent=$((inflight_absent + 1)) ;;
    esac
    cp "$work/newset" "$prior"
}

# A run that ended: the index must equal the clean build.
check_complete() {
    completions=$((completions + 1))
    check_true "xapian-check after a complete run" xcheck_index .dossier
    "$IXDUMP" full .dossier >"$work/full" 2>&1
    checks=$((checks + 1))
    if ! cmp -s "$work/full" "$work/ref.full"; then
        fail "episode $episodes: the completed index differs from a clean build"
        diff "$work/ref.full" "$work/full" | head -20 >&2
        KEEP=1
    fi
}

while [ "$kills" -lt "$kills_wanted" ]; do
    episodes=$((episodes + 1))
    rm -f "$work"/run.*.log
    new_index .dossier "$shards"
    : >"$work/prior"
    while :; do
        runs=$((runs + 1))
        log="$work/run.$runs.log"
        : >"$log"  # (a run killed before it opens the log logs nothing)
        DOSSIER_COMMIT_LOG=$log "$D" add "${addopts[@]}" corpus 2>"$work/add.err" &
        pid=$!
        case $(rand 3) in
        0)
            mode=timed
            sleep_ms "$(rand $((build_ms * 6 / 5 + 1)))"
            ;;
        1)
            mode=early
            sleep_ms "$(rand 60)"
            ;;
        *)
            # Just as a commit begins: poll the log for the Nth commit-begin.
            mode=commit
            target=$((1 + $(rand $((expected_commits + 1)))))
            while kill -0 "$pid" 2>/dev/null; do
                n=$(grep -c '^commit-begin' "$log" 2>/dev/null)
                [ "${n:-0}" -ge "$target" ] && break
                sleep 0.002
            done
            ;;
        esac
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        st=$?
        if [ "$st" -ne 137 ]; then
            # The run ended before the kill.
            checks=$((checks + 1))
            case $st in
            0) ;;
            *) fail "add exited with $st: $(cat "$work/add.err")" ;;
            esac
            check_complete
            break
        fi
        kills=$((kills + 1))
        eval "mode_$mode=\$((mode_$mode + 1))"
        check_killed "$log" "$work/prior"
        if [ "$kills" -ge "$kills_wanted" ] || [ "$(rand 4)" = 0 ]; then
            # Finish the episode: run add to the end, and compare.
            runs=$((runs + 1))
            DOSSIER_COMMIT_LOG="$work/run.$runs.log" "$D" add "${addopts[@]}" corpus 2>"$work/add.err"
            st=$?
            check_eq "add after kill $kills: exit status ($(head -3 "$work/add.err"))" 0 "$st"
            check_complete
            break
        fi
    done
done

echo "crash: $kills kills survived ($mode_timed at random times, $mode_early early," \
    "$mode_commit at a commit), $runs runs of add, $episodes episodes," \
    "$completions completed runs identical to a clean build checked;" \
    "batches killed in their commit: $inflight_present kept whole, $inflight_absent dropped whole;" \
    "$nocommit kills before any commit; $docchecks documents compared; $xchecks xapian-checks"
finish
