#!/bin/bash
# Scale-out: the same corpus as one local shard, three local shards, and
# three remote shards (xapian-tcpsrv through `dossier serve` on loopback).
# Query latency as whole processes (the three set-ups alternate, query by
# query, so the machine's noise hits them alike) and throughput with all
# queries in one process (--batch).
#
# usage: bench/scaleout.sh CORPUS_DIR [BUILD_DIR] [ROUNDS]
#   CORPUS_DIR  e.g. a tree made by: BUILD/bench/dossier-gencorpus corpus 100M DIR
set -eu
corpus=${1:?usage: bench/scaleout.sh CORPUS_DIR [BUILD_DIR] [ROUNDS]}
build=${2:-$(cd "$(dirname "$0")/.." && pwd)/build}
rounds=${3:-5}
D=$build/dossier
gen=$build/bench/dossier-gencorpus
btime=$build/bench/dossier-btime
for x in "$D" "$gen" "$btime"; do
    [ -x "$x" ] || { echo "scaleout: $x is missing (build the project first)" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "scaleout: no corpus at $corpus" >&2; exit 2; }
command -v xapian-tcpsrv >/dev/null || { echo "scaleout: install xapian-tools" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

echo "indexing $(du -sh "$corpus" | cut -f1) into 1 and 3 shards..." >&2
"$D" --index "$work/one" add --no-progress --shards 1 "$corpus" 2>&1 | tail -1 >&2
"$D" --index "$work/three" add --no-progress --shards 3 "$corpus" 2>&1 | tail -1 >&2
"$D" --index "$work/one" compact >/dev/null 2>&1
"$D" --index "$work/three" compact >/dev/null 2>&1

port=$((30000 + ($$ % 20000)))
remote=()
for k in 0 1 2; do
    "$D" --index "$work/three" serve --interface 127.0.0.1 --port $((port + k)) --shard "$k" \
        >/dev/null 2>&1 &
    pids+=($!)
    remote+=(--shard "tcp://127.0.0.1:$((port + k))")
done
sleep 1

"$gen" queries "$corpus" "$work/q.tsv" 5 >/dev/null
# type<TAB>words<TAB>year_from<TAB>year_to -> a Dossier query
awk -F'\t' '{
    q = $2
    if ($1 ~ /phrase/) q = "\"" q "\""
    if ($3 != "") q = q " date:" $3 ".." $4
    print $1 "\t" q
}' "$work/q.tsv" >"$work/queries"

for setup in one three remote; do : >"$work/$setup.ms"; done
while IFS=$'\t' read -r type q; do
    passages=(-k 0)
    [ "$type" = snip ] && passages=(-k 3)
    for _ in $(seq 1 "$rounds"); do
        "$btime" lat "$work/one.ms" 1 0 -- "$D" --index "$work/one" search -n 10 "${passages[@]}" "$q"
        "$btime" lat "$work/three.ms" 1 0 -- "$D" --index "$work/three" search -n 10 "${passages[@]}" "$q"
        "$btime" lat "$work/remote.ms" 1 0 -- "$D" "${remote[@]}" search -n 10 "${passages[@]}" "$q"
    done
done <"$work/queries"

cut -f2 "$work/queries" >"$work/batch"
nq=$(wc -l <"$work/batch")
printf '| set-up | queries | median ms | p95 ms | batch: %s queries, s | queries/s |\n' "$nq"
printf '|---|---:|---:|---:|---:|---:|\n'
for setup in one three remote; do
    case $setup in
    one) args=(--index "$work/one") ; name="1 local shard" ;;
    three) args=(--index "$work/three") ; name="3 local shards" ;;
    remote) args=("${remote[@]}") ; name="3 remote shards" ;;
    esac
    start=$(date +%s.%N)
    "$D" "${args[@]}" search --batch -n 10 -k 3 <"$work/batch" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    sort -n "$work/$setup.ms" | awk -v name="$name" -v nq="$nq" -v secs="$(echo "$end - $start" | bc)" '
        { v[NR] = $1 }
        END {
            med = v[int((NR + 1) / 2)]; p95 = v[int(NR * 0.95 + 0.5)]
            printf "| %s | %d | %.1f | %.1f | %.2f | %.0f |\n", name, NR, med, p95, secs, nq / secs
        }'
done
