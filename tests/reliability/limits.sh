#!/bin/bash
# limits.sh - a read-only index and a full disk.
#
#   limits.sh [-p POINTS]
#
# Read-only: the index write-protected (as root: dossier run as "nobody")
# and on a read-only file system (a read-only bind mount, in a user
# namespace when possible): add, update and remove fail at once with one
# line saying the index cannot be written and why; search, stats and show
# work; the index is unchanged.
#
# Full disk: faultfs.so (LD_PRELOAD) makes writes under the index fail
# with ENOSPC after a given number of bytes or at a given write call,
# POINTS times across a whole `add` (documents, commits, compaction); and,
# when a small tmpfs can be mounted, a real file system that fills up.
# Each time: one error line naming the disk as full, exit status 2 (or 0
# when only the final compaction failed, which says so), no stale lock or
# temporary shard, every shard passes xapian-check, search works, the
# index holds exactly the batches committed before the failure, and once
# there is room again a re-run of add ends identical to a clean build.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"
FAULTFS=${FAULTFS:-$bindir/tests/reliability/libfaultfs.so}

points=12
while getopts p: opt; do
    case $opt in
    p) points=$OPTARG ;;
    *) echo "usage: limits.sh [-p POINTS]" >&2; exit 2 ;;
    esac
done
export DOSSIER_NO_SYNC=1
# faultfs is loaded before a sanitizer runtime; a failed compaction makes
# Xapian leak (lsan-xapian.supp).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan-xapian.supp"
shards=2

# Can we mount (a tmpfs, a bind mount)?  As root, or in a user namespace.
mount_mode=none
if [ "$(id -u)" = 0 ] && mkdir -p "$work/mnt-probe" &&
    mount -t tmpfs -o size=1m tmpfs "$work/mnt-probe" 2>/dev/null; then
    umount "$work/mnt-probe"
    mount_mode=root
elif unshare -Urm true 2>/dev/null; then
    mount_mode=userns
fi
# in_mount_ns SCRIPT: run a bash script where mounts are allowed.
in_mount_ns() {
    case $mount_mode in
    root) unshare -m bash -c "$1" ;;
    userns) unshare -Urm bash -c "$1" ;;
    esac
}
echo "limits: mounts: $mount_mode"

# ---- A read-only index ------------------------------------------------------
mkdir ro
cd ro || exit 2
"$GENCORPUS" corpus 300 5 || exit 2
new_index .dossier "$shards"
"$D" add --no-progress corpus 2>/dev/null
"$IXDUMP" full .dossier >"$work/ro.before"
count_before=$("$D" search -c zan)
show_before=$("$D" show corpus/set-000/doc-00000.txt)
stats_before=$("$D" stats --json)

# writers_refused WHY PREFIX...: add, update and remove must fail at once
# with one line naming the reason; readers must work.
writers_refused() {
    local why=$1
    shift
    local cmd t0
    for cmd in "add --no-progress corpus" "update --no-progress" "remove corpus/set-001"; do
        t0=$(now_ms)
        # shellcheck disable=SC2086
        run "$@" "$D" $cmd
        check_eq "$why: $cmd: exit status" 2 "$rc"
        check_eq "$why: $cmd: one line" 1 "$(printf '%s\n' "$err" | grep -c .)"
        check_contains "$why: $cmd: says so" "$err" "cannot write to the index"
        case $why in
        write-protected) check_contains "$why: $cmd: reason" "$err" "Permission denied" ;;
        read-only*) check_contains "$why: $cmd: reason" "$err" "Read-only file system" ;;
        esac
        checks=$((checks + 1))
        [ $(($(now_ms) - t0)) -lt 2500 ] || fail "$why: $cmd: waited for a lock that is not there"
    done
    run "$@" "$D" search -c zan
    check_eq "$why: search" "0 $count_before" "$rc $out"
    run "$@" "$D" show corpus/set-000/doc-00000.txt
    check_eq "$why: show" "$show_before" "$out"
    run "$@" "$D" stats --json
    check_eq "$why: stats" "$stats_before" "$out"
    out=$(printf 'zan\nzan OR kol\n' | "$@" "$D" search --batch 2>&1)
    check_contains "$why: search --batch" "$out" '"query_end":"zan OR kol"'
}

# Write-protected: as root, permissions do not apply; run as nobody.
as_user=()
if [ "$(id -u)" = 0 ]; then
    if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        d=$work
        while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
        chmod -R o+rX "$work/ro"
    fi
else
    chmod -R a-w .dossier
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    writers_refused write-protected "${as_user[@]}"
else
    echo "limits: root without setpriv: write-protected index not tested"
fi
chmod -R u+w .dossier

# A read-only file system.
if [ "$mount_mode" != none ]; then
    {
        declare -f writers_refused run check_eq check_contains fail now_ms
        declare -p D work count_before show_before stats_before
        echo "checks=0 failures=0"
        echo "mount --bind '$work/ro' '$work/ro' && mount -o remount,ro,bind '$work/ro' || exit 3"
        echo "cd '$work/ro' && writers_refused read-only-fs"
        echo "echo \"\$checks \$failures\" >'$work/rofs.result'"
    } >"$work/rofs.sh"
    in_mount_ns ". '$work/rofs.sh'"
    if [ -f "$work/rofs.result" ]; then
        read -r c f <"$work/rofs.result"
        checks=$((checks + c))
        failures=$((failures + f))
    else
        fail "read-only file system: the test did not run"
    fi
else
    echo "limits: cannot mount: read-only file system not tested"
fi
"$IXDUMP" full .dossier >"$work/ro.after"
checks=$((checks + 1))
cmp -s "$work/ro.before" "$work/ro.after" || fail "the read-only index changed"
cd "$work" || exit 2

# ---- A full disk --------------------------------------------------------------
mkdir full
cd full || exit 2
"$GENCORPUS" corpus 800 6 || exit 2
addopts=(--no-progress --batch-mb 1 -j 2 --compact)
new_index .dossier "$shards"
LD_PRELOAD=$FAULTFS FAULTFS_DIR="$PWD/.dossier" FAULTFS_COUNT="$work/ref.count" \
    "$D" add "${addopts[@]}" corpus 2>"$work/ref.err"
check_eq "clean build with faultfs loaded" 0 "$?"
"$IXDUMP" full .dossier >"$work/ref.full"
"$IXDUMP" docs .dossier >"$work/ref.docs"
read -r total_calls total_bytes <"$work/ref.count"
echo "limits: a clean build writes $total_bytes bytes in $total_calls calls"

nfull=0 nadd=0 ncommit=0 ncompact=0 nother=0
# full_disk_point DESCRIPTION ENV...: one add that meets a full disk.
full_disk_point() {
    local what=$1
    shift
    nfull=$((nfull + 1))
    new_index .dossier "$shards"
    rm -f "$work/full.log"
    env "$@" LD_PRELOAD="$FAULTFS" FAULTFS_DIR="$PWD/.dossier" DOSSIER_COMMIT_LOG="$work/full.log" \
        "$D" add "${addopts[@]}" corpus >/dev/null 2>"$work/full.err"
    local st=$? errs
    errs=$(grep '^dossier: ' "$work/full.err" | grep -v 'note: ')
    case $errs in
    *"cannot add"* | *"cannot update"* | *"cannot write"*) nadd=$((nadd + 1)) ;;
    *"cannot commit"* | *"fatal: "*) ncommit=$((ncommit + 1)) ;;
    *"compact"*) ncompact=$((ncompact + 1)) ;;
    *) nother=$((nother + 1)) ;;
    esac
    if [ -n "$errs" ]; then
        check_eq "$what: one error line" 1 "$(printf '%s\n' "$errs" | wc -l)"
        check_contains "$what: names the full disk" "$errs" "No space left on device"
    fi
    case $errs in
    *compact*) check_eq "$what: exit status (compaction failed: $errs)" 0 "$st" ;;
    "") check_eq "$what: exit status (nothing failed)" 0 "$st" ;;
    *) check_eq "$what: exit status ($errs)" 2 "$st" ;;
    esac
    # (After a fatal error Xapian could not unwind from, the process exits
    # at once and leaves its "writer" note; the next add shows that the
    # lock itself went with it.)
    case $errs in
    *"fatal: "*) ;;
    *) check_eq "$what: no stale lock holder" "" "$(ls .dossier/writer 2>/dev/null)" ;;
    esac
    check_eq "$what: no leftover shard copy" "" "$(ls -d .dossier/*.new .dossier/*.old 2>/dev/null)"
    if [ ! -f .dossier/config ]; then
        fail "$what: the index is gone"
        return
    fi
    check_true "$what: xapian-check" xcheck_index .dossier
    run "$D" search -c zan
    checks=$((checks + 1))
    case $rc in 0 | 1) ;; *) fail "$what: search: exit $rc: $err" ;; esac
    if "$IXDUMP" docs .dossier >"$work/present" 2>"$work/ixdump.err"; then
        : >"$work/prior"
        local verdict
        verdict=$(awk -f "$here/crashcheck.awk" -v out="$work/newset" \
            "$work/prior" "$work/full.log" "$work/present" "$work/ref.docs")
        check_eq "$what: exactly the committed batches ($(printf '%s' "$verdict" | head -3))" \
            0 "$?"
    else
        fail "$what: the index cannot be read: $(cat "$work/ixdump.err")"
    fi
    # Room again: add finishes the job.
    "$D" add "${addopts[@]}" corpus >/dev/null 2>"$work/again.err"
    check_eq "$what: add with room again" 0 "$?"
    "$IXDUMP" full .dossier >"$work/again.full"
    checks=$((checks + 1))
    cmp -s "$work/again.full" "$work/ref.full" ||
        fail "$what: after the disk had room again, the index differs from a clean build"
}

for ((i = 1; i <= points; i++)); do
    b=$((total_bytes * i / (points + 1)))
    full_disk_point "disk full after $b bytes" FAULTFS_BYTES=$b
    k=$((total_calls * i / (points + 1)))
    full_disk_point "disk full at write $k of $total_calls" FAULTFS_FAIL_AT=$k
done
# The last writes: commits of the last batches and the compaction.
for k in $((total_calls - 1)) $((total_calls - 5)) $((total_calls - 20)) $((total_calls * 97 / 100)); do
    full_disk_point "disk full at write $k of $total_calls" FAULTFS_FAIL_AT=$k
done
echo "limits: $nfull full disks: $nadd while adding documents, $ncommit in a commit," \
    "$ncompact in the compaction, $nother elsewhere"

# A real file system that fills up: an 8 MB tmpfs, where the index of
# these small batches (16 MB before compaction) does not fit.
if [ "$mount_mode" != none ]; then
    mkdir -p "$work/small"
    new_index "$work/refreal/.dossier" "$shards"
    "$D" add --index "$work/refreal/.dossier" "${addopts[@]}" corpus 2>/dev/null
    "$IXDUMP" full "$work/refreal/.dossier" >"$work/refreal.full"
    "$IXDUMP" docs "$work/refreal/.dossier" >"$work/refreal.docs"
    in_mount_ns "
        mount -t tmpfs -o size=8m tmpfs '$work/small' || exit 3
        mkdir '$work/small/.dossier' && printf 'shards = $shards\n' >'$work/small/.dossier/config'
        DOSSIER_COMMIT_LOG='$work/real.log' '$D' add --index '$work/small/.dossier' ${addopts[*]} corpus \
            >/dev/null 2>'$work/real.err'
        echo \$? >'$work/real.rc'
        ls '$work/small/.dossier' >'$work/real.ls'
        for s in '$work/small/.dossier'/shard-*; do
            xapian-check \"\$s\" >/dev/null 2>&1 || echo \"\$s\"
        done >'$work/real.xcheck'
        '$D' search --index '$work/small/.dossier' -c zan >/dev/null 2>'$work/real.search'; echo \$? >>'$work/real.search'
        '$IXDUMP' docs '$work/small/.dossier' >'$work/real.docs' 2>&1
        mount -o remount,size=64m '$work/small'
        '$D' add --index '$work/small/.dossier' ${addopts[*]} corpus >/dev/null 2>'$work/real2.err'
        echo \$? >'$work/real2.rc'
        '$IXDUMP' full '$work/small/.dossier' >'$work/real2.full'
    "
    if [ -f "$work/real.rc" ]; then
        check_eq "real full disk: exit status ($(grep '^dossier: ' "$work/real.err"))" 2 "$(cat "$work/real.rc")"
        check_contains "real full disk: message" "$(cat "$work/real.err")" "No space left on device"
        check_eq "real full disk: one error line" 1 "$(grep -c '^dossier: ' "$work/real.err")"
        check_eq "real full disk: no lock holder, no shard copy" "config lock shard-0 shard-1" "$(tr '\n' ' ' <"$work/real.ls" | sed 's/ $//')"
        check_eq "real full disk: xapian-check" "" "$(cat "$work/real.xcheck")"
        check_eq "real full disk: search works" 1 "$(($(tail -1 "$work/real.search") <= 1))"
        : >"$work/prior"
        verdict=$(awk -f "$here/crashcheck.awk" -v out="$work/newset" \
            "$work/prior" "$work/real.log" "$work/real.docs" "$work/refreal.docs")
        check_eq "real full disk: exactly the committed batches ($(printf '%s' "$verdict" | head -3))" 0 "$?"
        echo "limits: real full disk: $(grep -c . "$work/real.docs") of 800 documents committed before it filled"
        check_eq "real full disk: add with room again" 0 "$(cat "$work/real2.rc")"
        checks=$((checks + 1))
        cmp -s "$work/real2.full" "$work/refreal.full" ||
            fail "real full disk: after the disk had room again, the index differs from a clean build"
    else
        fail "real full disk: the test did not run (mount failed?)"
    fi
else
    echo "limits: cannot mount: no real full disk tested"
fi
finish
