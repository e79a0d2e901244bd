# lib.sh - helpers for the command-line tests (sourced by tests/cli/t-*.sh).
#
# Each test script runs in its own scratch directory holding a copy of the
# sample corpus (so tests can modify it), with $D the dossier binary.
# Assertions print what they expected and what they got, and count
# failures; `finish` exits non-zero if any failed.

set -u
: "${DOSSIER:?DOSSIER must point to the dossier binary}"
: "${DOSSIER_CORPUS:?DOSSIER_CORPUS must point to the sample corpus}"
D=$DOSSIER
failures=0
checks=0
test_name=$(basename "$0" .sh)
base=${DOSSIER_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base"
work=$(mktemp -d "$base/$test_name.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
cp -R "$DOSSIER_CORPUS" corpus
# git does not keep modification times: give every file a fixed one so the
# document dated by mtime is reproducible.
find corpus -type f -exec touch -d 2020-05-05T12:00:00 {} +
unset DOSSIER_INDEX NO_COLOR
# Never find an index above the scratch folder (a user's own .dossier).
export DOSSIER_CEILING_DIRECTORIES=$base
export LC_ALL=C.UTF-8

fail() {
    failures=$((failures + 1))
    printf 'FAIL: %s\n' "$*" >&2
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        fail "$1: expected [$2], got [$3]"
    fi
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

# run CMD...: sets $out, $err and $rc
run() {
    out=$("$@" 2>"$work/.stderr")
    rc=$?
    err=$(cat "$work/.stderr")
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$test_name: $failures of $checks checks failed" >&2
        exit 1
    fi
    echo "$test_name: all $checks checks passed"
    exit 0
}
