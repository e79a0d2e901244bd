#!/bin/sh
# long.sh - the long reliability runs (hours, not minutes), with a summary.
#
#   sh tests/reliability/long.sh BUILD [FUZZBUILD] [OUTDIR]
#
# BUILD is a build folder (normal or sanitizer) holding the dossier binary
# and the test helpers; FUZZBUILD, if given, a clang -DDOSSIER_FUZZ=ON
# build whose fuzz targets are then run for FUZZ_SECONDS each (default
# 1800).  Runs, each with a figure line in OUTDIR/summary.txt (default a
# new temporary folder):
#   crash.sh       KILLS (default 120) SIGKILLs on 3,000 documents
#   concurrent.sh  CONCURRENT_SECONDS (default 600) of searches during writes
#   hostile.sh     --big: the 200 MB line indexed, not only refused
#   limits.sh      LIMITS_POINTS (default 40) full-disk points, both ways
#   security.sh, valgrind.sh (skipped in a sanitizer build)
# and exits non-zero if any of them failed.
set -u
build=$(cd "${1:?usage: long.sh BUILD [FUZZBUILD] [OUTDIR]}" && pwd)
fuzzbuild=${2:-}
out=${3:-$(mktemp -d "${TMPDIR:-/tmp}/dossier-long.XXXXXX")}
mkdir -p "$out"
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
export DOSSIER="$build/dossier" DOSSIER_CORPUS="$src/corpus" DOSSIER_TEST_TMP="$out/tmp"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
summary=$out/summary.txt
status=0

step() {
    name=$1
    shift
    echo "== $name: $*" | tee -a "$summary"
    start=$(date +%s)
    bash "$here/$name.sh" "$@" >"$out/$name.log" 2>&1
    rc=$?
    # The figure lines each script prints, and its verdict.
    grep -E "^$name: " "$out/$name.log" | tee -a "$summary"
    echo "   exit $rc after $(($(date +%s) - start)) s" | tee -a "$summary"
    [ $rc -eq 0 ] || [ $rc -eq 77 ] || status=1
}

step crash -k "${KILLS:-120}" -n 3000
step concurrent -t "${CONCURRENT_SECONDS:-600}"
step hostile --big
step limits -p "${LIMITS_POINTS:-40}"
step security
step valgrind

if [ -n "$fuzzbuild" ]; then
    for t in date query parse gzip record; do
        sh "$src/tests/fuzz/run.sh" "$fuzzbuild/tests/fuzz/fuzz-$t" "${FUZZ_SECONDS:-1800}" \
            "$out/fuzz-$t" | tee -a "$summary" || status=1
    done
fi
echo "== summary in $summary; exit $status"
exit $status
