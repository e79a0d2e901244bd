#!/bin/bash
# Whole-process time of `dossier search` on the sample corpus and, when
# the data is there, on the executive orders: ten queries of every kind
# (words, phrase, AND, date range, NEAR, field, wildcard), each as its own
# process, listing hits (-k 0), with 3 passages per hit (the default) and
# ranking passages across the corpus (--passages).  The three modes
# alternate query by query, so the machine's noise hits them alike.
# Prints, per corpus and mode, the median of the queries' median times
# and their range, in ms.
#
# usage: bench/search-time.sh [DATA_DIR] [BUILD_DIR] [RUNS]
#   DATA_DIR  default ../shared/data beside the project (the executive
#             orders are skipped, with a note, when it is missing)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../shared/data}
build=${2:-$here/../build}
runs=${3:-15}
D=$build/dossier
btime=$build/bench/dossier-btime
for x in "$D" "$btime"; do
    [ -x "$x" ] || { echo "search-time: $x is missing (build the project first)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sample_queries=(sanctions '"North Korea"' 'Markey AND Cruz' date:2017 'sanction* NEAR/5 Korea'
    title:testimony "Jong-un's" 'cafe OR vaccine' 'date:2016..2017 sanctions' US-ROK)
eo_queries=('national emergency' '"executive order"' 'tariff AND steel' 'date:1990..1999 defense'
    'proclamation NEAR/5 week' title:emergency 'environmental protection agency' Cuba
    'date:2001 terrorism' 'refugee*')

# "median min max" of the per-query medians in files $1.*
summary() {
    for f in "$1".*; do
        sort -n "$f" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f ms (%.1f-%.1f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

measure() {  # NAME CORPUS_DIR QUERY...
    local name=$1 corpus=$2
    shift 2
    local ix=$work/$name.ix
    "$D" --index "$ix" add --no-progress "$corpus" >/dev/null 2>&1 || true
    local i=0
    for q in "$@"; do
        i=$((i + 1))
        for r in $(seq "$runs"); do
            warm=0
            [ "$r" = 1 ] && warm=1
            "$btime" lat "$work/$name.list.$i" 1 "$warm" -- "$D" search --index "$ix" --color never -n 10 -k 0 "$q"
            "$btime" lat "$work/$name.pass.$i" 1 "$warm" -- "$D" search --index "$ix" --color never -n 10 -k 3 "$q"
            "$btime" lat "$work/$name.across.$i" 1 "$warm" -- "$D" search --index "$ix" --color never -n 10 --passages "$q"
        done
    done
    echo "$name: hits only $(summary "$work/$name.list"); 3 passages per hit $(summary "$work/$name.pass");" \
        "--passages $(summary "$work/$name.across")"
}

measure sample "$here/../corpus" "${sample_queries[@]}"
eo=$data/corpora/us-executive-orders-proclamations/corpus
if [ -d "$eo" ]; then
    measure executive-orders "$eo" "${eo_queries[@]}"
else
    echo "executive-orders: skipped, no data at $eo"
fi
