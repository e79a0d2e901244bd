#!/bin/sh
# run.sh - fuzz one target for a while.
#
#   run.sh FUZZER SECONDS [WORKDIR] [LIBFUZZER-OPTIONS...]
#
# FUZZER is a libFuzzer build of a target (tests/fuzz/fuzz-NAME, built
# with clang and -DDOSSIER_FUZZ=ON).  It starts from the kept inputs in
# tests/fuzz/corpus/NAME, with the dictionary tests/fuzz/NAME.dict if
# there is one; new inputs go to WORKDIR/corpus (kept between runs) and a
# crash to WORKDIR/crash-* (WORKDIR defaults to a new temporary folder).
# Prints libFuzzer's final figures: executions, coverage (cov: edges,
# ft: features), corpus size.  Exits non-zero if the target crashed.
set -u
fuzzer=$1
seconds=$2
shift 2
work=${1:-}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$fuzzer" | sed 's/^fuzz-//')
[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$name.XXXXXX")
mkdir -p "$work/corpus"
dict=""
[ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
# shellcheck disable=SC2086
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/" $dict "$@" \
    "$work/corpus" "$here/corpus/$name" >"$work/log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
cov=$(grep -E '^#[0-9]+.*cov:' "$work/log" | tail -1 | sed 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*\(corp: [0-9]*\/[0-9]*[a-zA-Z]*\).*/\1 \2 \3/')
echo "fuzz-$name: ${seconds}s, ${execs:-?} executions, ${cov:-no coverage line}, exit $rc"
if [ $rc -ne 0 ]; then
    grep -E 'ERROR|check failed|SUMMARY|Test unit written' "$work/log" | head -20
    ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null
fi
exit $rc
