# rlib.sh - helpers for the reliability tests (sourced by tests/reliability/*.sh).
#
# Needs DOSSIER (the dossier binary); IXDUMP and GENCORPUS (the helper
# programs built next to it) are found in the build tree when not set.
# Each script runs in its own scratch directory, $work, removed at exit
# unless KEEP=1.  Assertions count checks and failures; `finish` reports
# and exits non-zero if any check failed.

set -u
: "${DOSSIER:?DOSSIER must point to the dossier binary}"
D=$DOSSIER
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bindir=$(dirname "$DOSSIER")
IXDUMP=${IXDUMP:-$bindir/tests/reliability/ixdump}
GENCORPUS=${GENCORPUS:-$bindir/tests/reliability/gencorpus}
failures=0
checks=0
test_name=$(basename "$0" .sh)
base=${DOSSIER_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base"
work=$(mktemp -d "$base/$test_name.XXXXXX")
cleanup() {
    # Folders a test made unreadable must be made readable to be removed.
    chmod -R u+rwx "$work" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
cd "$work" || exit 2
unset DOSSIER_INDEX NO_COLOR DOSSIER_COMMIT_LOG
# Never find an index above the scratch folder (a user's own .dossier,
# such as the one the quick start makes in the clone).
DOSSIER_CEILING_DIRECTORIES=$(cd "$base" && pwd)
export DOSSIER_CEILING_DIRECTORIES
export LC_ALL=C.UTF-8

fail() {
    failures=$((failures + 1))
    printf 'FAIL: %s\n' "$*" >&2
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
    checks=$((checks + 1))
    [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

# check_contains WHAT HAYSTACK NEEDLE
check_contains() {
    checks=$((checks + 1))
    case "$2" in
    *"$3"*) ;;
    *) fail "$1: [$3] not found in [$2]" ;;
    esac
}

# check_not_contains WHAT HAYSTACK NEEDLE
check_not_contains() {
    checks=$((checks + 1))
    case "$2" in
    *"$3"*) fail "$1: [$3] should not be in [$2]" ;;
    esac
}

# check_true WHAT COMMAND...: the command must succeed.
check_true() {
    local what=$1
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}

# run CMD...: sets $out, $err and $rc (stdout and stderr kept in files too).
run() {
    "$@" >"$work/.stdout" 2>"$work/.stderr"
    rc=$?
    out=$(cat "$work/.stdout")
    err=$(cat "$work/.stderr")
}

# xcheck_index DIR: xapian-check every local shard of an index.
xcheck_index() {
    local dir=$1 n k ok=0
    n=$(sed -n 's/^ *shards *= *\([0-9]*\).*/\1/p' "$dir/config")
    for ((k = 0; k < n; k++)); do
        if ! xapian-check "$dir/shard-$k" >"$work/.xcheck" 2>&1; then
            echo "xapian-check $dir/shard-$k failed:" >&2
            tail -5 "$work/.xcheck" >&2
            ok=1
        fi
    done
    return $ok
}

# new_index DIR SHARDS: an empty index directory with a fixed shard count
# (the default depends on the number of CPUs).
new_index() {
    rm -rf "$1"
    mkdir -p "$1"
    printf 'shards = %s\n' "$2" >"$1/config"
}

# A random integer in [0, $1), from bash's seeded generator.
rand() {
    echo $(((RANDOM * 32768 + RANDOM) % $1))
}

# Milliseconds since the epoch.
now_ms() {
    local t
    t=$(date +%s%N)
    echo $((t / 1000000))
}

# Sleep for $1 milliseconds.
sleep_ms() {
    sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$test_name: $failures of $checks checks failed" >&2
        exit 1
    fi
    echo "$test_name: all $checks checks passed"
    exit 0
}
