#!/bin/sh
# bench/smoke.sh BUILD_DIR - the benchmark's quick check, run by ctest:
# Dossier alone on a generated 2 MB corpus (build, queries of every type
# one process each, batch, re-scan, add 1%), asserting that every step
# ran and that the table has Dossier's rows.  No peers, no timing limits.
set -eu
build=${1:?usage: smoke.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=${DOSSIER_TEST_TMP:-${TMPDIR:-/tmp}}/dossier-bench-smoke.$$
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

sh "$here/run.sh" --smoke --build "$build" --work "$work" > "$work/out.md" 2> "$work/err.log" || {
    cat "$work/err.log" >&2
    echo "smoke: run.sh failed" >&2
    exit 1
}

fail() {
    echo "smoke: $*" >&2
    echo "--- table:" >&2
    cat "$work/out.md" >&2
    echo "--- log:" >&2
    cat "$work/err.log" >&2
    exit 1
}

R=$work/results/gen-2M/dossier
for f in build.time rescan.time add.time batch.time size size.add; do
    [ -s "$R/$f" ] || fail "no $f"
done
# Every timed step exited 0 (the fourth field is the exit status).
for f in build rescan add batch; do
    [ "$(awk '{print $4}' "$R/$f.time")" = 0 ] || fail "$f exited non-zero"
done
# One latency file per query type, each with a run per query.
for t in rare common and2 and3 phrase2 phrase3 date snip; do
    [ -s "$R/lat-$t.ms" ] || fail "no latency for $t queries"
done
# The batch answered every query.
n=$(cat "$R/batch.n")
got=$(grep -c '"query_end"' "$work/index/gen-2M/dossier/batch.out" || true)
[ "$n" -gt 0 ] && [ "$got" = "$n" ] || fail "batch answered $got of $n queries"
# The corpus was indexed whole, then the 1% added, and nothing changed on re-scan.
grep -q "0 added, 0 changed, [0-9]* unchanged" "$R/rescan.log" || fail "re-scan changed something"
grep -q "^[1-9][0-9]* added" "$R/add.log" || fail "add indexed nothing"
# The table has Dossier's rows: build, latency, batch.
rows=$(grep -c '^| dossier |' "$work/out.md" || true)
[ "$rows" = 3 ] || fail "expected 3 Dossier rows in the table, found $rows"
grep -q '^| dossier | [0-9.]* | [0-9.]* |' "$work/out.md" || fail "no build figures"
grep -q '^| dossier |.* | [0-9.]*x | [0-9.]* |$' "$work/out.md" || fail "no index size after the add"
echo "smoke: benchmark ran; table has Dossier's rows"
