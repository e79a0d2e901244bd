#!/bin/bash
# How often does Dossier give a document the date written in its file
# name?  For each dated corpus under DATA (default ../shared/data/corpora
# beside the project), index it twice: once as it is, and once copied
# under neutral names (doc00001.txt ...) so that only the text decides.
# Prints, per corpus and run, the documents dated, the share that match
# the true date (exact day, or year for corpora dated by year), the
# sources used, and the indexing time.
#
# usage: bench/date-accuracy.sh [DATA_DIR] [DOSSIER_BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../shared/data/corpora}
dossier=${2:-$here/../build/dossier}
if [ ! -d "$data" ]; then
    echo "date-accuracy: no data folder at $data (give its path as the first argument)" >&2
    exit 2
fi
[ -x "$dossier" ] || { echo "date-accuracy: build dossier first ($dossier)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# corpus folder | files | how the true date is written in the name
corpora="us-executive-orders-proclamations/corpus|day8
presidential-speeches-millercenter/data|dayiso
sotu/data|year"

printf '| corpus | names | documents | dated | true date | metadata | dateline | filename | mention | mtime | index s |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
echo "$corpora" | while IFS='|' read -r dir kind; do
    src=$data/$dir
    [ -d "$src" ] || { echo "date-accuracy: $src missing, skipped" >&2; continue; }
    for names in original neutral; do
        tree=$scratch/$names
        rm -rf "$tree" "$scratch/idx" && mkdir -p "$tree"
        : >"$scratch/truth"
        i=0
        for f in "$src"/*; do
            [ -f "$f" ] || continue
            i=$((i + 1))
            base=$(basename "$f")
            case $kind in
            day8) truth=$(printf '%s' "$base" | sed -n 's/^\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\).*/\1-\2-\3/p') ;;
            dayiso) truth=$(printf '%s' "$base" | sed -n 's/^\([0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}\).*/\1/p') ;;
            year) truth=$(printf '%s' "$base" | sed -n 's/^\([0-9]\{4\}\).*/\1/p') ;;
            esac
            if [ "$names" = neutral ]; then
                name=$(printf 'doc%05d.txt' "$i")
            else
                name=$base
            fi
            cp "$f" "$tree/$name"
            touch -d 2000-01-01 "$tree/$name"
            printf '%s\t%s\n' "$name" "$truth" >>"$scratch/truth"
        done
        start=$(date +%s.%N)
        "$dossier" --index "$scratch/idx" add --no-progress "$tree" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        "$dossier" --index "$scratch/idx" search --json -k 0 -n 1000000 'NOT zzzzqqqq' 2>/dev/null |
            jq -r '[(.path | split("/") | last), (.date // ""), .date_source] | @tsv' >"$scratch/got"
        awk -F'\t' -v kind="$kind" -v corpus="$dir" -v names="$names" -v secs="$(echo "$end - $start" | bc)" '
            NR == FNR { truth[$1] = $2; next }
            {
                n++; src[$3]++
                if ($2 != "") dated++
                t = truth[$1]
                d = kind == "year" ? substr($2, 1, 4) : $2
                if (t != "" && d == t) ok++
            }
            END {
                split(corpus, c, "/")
                printf "| %s | %s | %d | %d | %.1f%% | %d | %d | %d | %d | %d | %.1f |\n", c[1], names, n, dated,
                    100 * ok / n, src["metadata"], src["dateline"], src["filename"], src["mention"],
                    src["mtime"], secs
            }' "$scratch/truth" "$scratch/got"
    done
done
