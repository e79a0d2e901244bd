#!/bin/sh
# run.sh - the ranking evaluation in one command (see README.md).
#
#   bench/eval/run.sh [--build DIR] [--systems "dossier xapian ..."]
#                     [--work DIR] [--keep] [DATA_DIR]
#
# For each collection folder of DATA_DIR (default: ../shared/data/judged
# next to the repository): write its documents as files, index them with
# Dossier and with each baseline, run every judged query through each,
# and print MAP, nDCG@10, P@10 and R@100 per collection and system, then
# their mean over the collections.
#
# Systems:
#   dossier      `dossier add`, then `dossier search --batch -n 1000`
#   xapian       omindex + quest, as they come (Xapian's BM25 defaults)
#   fts5         SQLite FTS5, unicode61 tokenizer, bm25()
#   fts5-porter  SQLite FTS5, porter tokenizer, bm25()
#   lucene       Lucene 4.10, EnglishAnalyzer, BM25Similarity
# A baseline whose tools are missing is skipped with a note saying what
# to install (sh bench/eval/deps.sh installs them all).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build
data=""
systems="dossier xapian fts5 fts5-porter lucene"
work=""
keep=0
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --systems) systems=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) data=$1; shift ;;
    esac
done
[ -n "$data" ] || data=$root/../shared/data/judged
if [ ! -d "$data" ]; then
    echo "run.sh: no judged collections at $data" >&2
    echo "run.sh: pass the folder that holds cisi/, cranfield/, medline/ (or other collections) as DATA_DIR" >&2
    exit 2
fi
data=$(cd "$data" && pwd)

dossier=$build/dossier
evaltool=$build/dossier-eval
if [ ! -x "$dossier" ] || [ ! -x "$evaltool" ]; then
    echo "run.sh: building into $build" >&2
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j "$(nproc)" --target dossier dossier-eval >/dev/null
fi

if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-eval.XXXXXX")
else
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
fi
[ "$keep" -eq 1 ] || trap 'rm -rf "$work"' EXIT
start=$(date +%s)

lucene_jars=${LUCENE_JARS:-/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar:/usr/share/java/lucene-queryparser-4.10.4.jar}

# Is a system's tooling here?  Prints why not.
available() {
    case $1 in
    dossier) return 0 ;;
    xapian)
        command -v omindex >/dev/null && command -v quest >/dev/null && return 0
        echo "run.sh: skipping xapian: needs omindex and quest (apt-get install xapian-omega xapian-tools)" >&2 ;;
    fts5|fts5-porter)
        command -v sqlite3 >/dev/null && return 0
        echo "run.sh: skipping $1: needs sqlite3 (apt-get install sqlite3)" >&2 ;;
    lucene)
        if command -v javac >/dev/null && command -v java >/dev/null; then
            ok=1
            for j in $(echo "$lucene_jars" | tr ':' ' '); do [ -f "$j" ] || ok=0; done
            [ $ok -eq 1 ] && return 0
        fi
        echo "run.sh: skipping lucene: needs a JDK and Lucene 4.10 (apt-get install default-jdk-headless liblucene4.10-java)" >&2 ;;
    *) echo "run.sh: unknown system $1" >&2 ;;
    esac
    return 1
}
ran=""
for s in $systems; do
    if available "$s"; then ran="$ran $s"; fi
done

# The files of a collection: collection.conf in its folder, or the known
# layouts of the classic collections.
spec() {
    dir=$1 name=$(basename "$1")
    if [ -f "$dir/collection.conf" ]; then
        sed -n "s/^$2[[:space:]]*=[[:space:]]*\([a-z]*\):\(.*\)$/\1:$(printf '%s' "$dir" | sed 's/[\/&]/\\&/g')\/\2/p" "$dir/collection.conf"
        return
    fi
    case $name:$2 in
    cisi:docs) echo "smart:$dir/CISI.ALL" ;;
    cisi:queries) echo "smart:$dir/CISI.QRY" ;;
    cisi:qrels) echo "pairs:$dir/CISI.REL" ;;
    cranfield:docs) echo "smart:$dir/cran.all.1400" ;;
    cranfield:queries) echo "smartpos:$dir/cran.qry" ;;
    cranfield:qrels) echo "cranfield:$dir/cranqrel" ;;
    medline:docs) echo "smart:$dir/MED.ALL" ;;
    medline:queries) echo "smart:$dir/MED.QRY" ;;
    medline:qrels) echo "trec:$dir/MED.REL" ;;
    esac
}

if echo "$ran" | grep -qw lucene; then
    mkdir -p "$work/java"
    javac -nowarn -cp "$lucene_jars" -d "$work/java" "$root/bench/eval/LuceneBM25.java"
fi

# run_system SYSTEM DIR > RUN
run_system() {
    sys=$1 dir=$2
    case $sys in
    dossier)
        # Exit 1 is some files failed (Cranfield has two empty documents,
        # which no system can find): said in add.log, and the run goes on.
        rc=0
        (cd "$dir" && "$dossier" --index .dossier add docs >/dev/null 2>"$dir/add.log") || rc=$?
        if [ "$rc" -gt 1 ]; then
            cat "$dir/add.log" >&2
            echo "run.sh: $(basename "$dir"): dossier add failed (exit $rc)" >&2
            return 1
        fi
        cut -f2- "$dir/queries.tsv" |
            (cd "$dir" && "$dossier" --index .dossier search --batch -n 1000 2>"$dir/search.log") |
            "$evaltool" batch-run "$dir" ;;
    xapian)
        omindex --db "$dir/omega" --url / "$dir/docs" >/dev/null 2>&1
        tab=$(printf '\t')
        while IFS=$tab read -r qid text; do
            quest -d "$dir/omega" -m 1000 -- "$text" 2>/dev/null |
                awk -v q="$qid" '/^[0-9]+: \[/ { w = substr($2, 2, length($2) - 2) }
                     /^url=\// { id = substr($0, 6); sub(/\.txt$/, "", id); n++;
                                 print q, "Q0", id, n, w, "xapian" }'
        done < "$dir/queries.tsv" ;;
    fts5|fts5-porter)
        tok="unicode61"
        [ "$sys" = fts5-porter ] && tok="porter unicode61"
        "$evaltool" fts5-sql "$dir" "$tok" | sqlite3 :memory: |
            awk -F '\t' -v s="$sys" '{ n[$1]++; print $1, "Q0", $2, n[$1], $3, s }' ;;
    lucene)
        java -cp "$lucene_jars:$work/java" LuceneBM25 "$dir" ;;
    esac
}

results=$work/results.txt
: > "$results"
found=0
for cdir in "$data"/*/; do
    cdir=${cdir%/}
    name=$(basename "$cdir")
    docs=$(spec "$cdir" docs)
    if [ -z "$docs" ]; then
        echo "run.sh: skipping $name: no collection.conf and not a known collection" >&2
        continue
    fi
    found=1
    dir=$work/$name
    "$evaltool" prepare --docs "$docs" --queries "$(spec "$cdir" queries)" \
        --qrels "$(spec "$cdir" qrels)" "$dir" 2>"$dir.prepare.log" || {
        cat "$dir.prepare.log" >&2
        exit 1
    }
    echo "run.sh: $name: $(sed 's/^dossier-eval: //' "$dir.prepare.log")" >&2
    for s in $ran; do
        t0=$(date +%s)
        run_system "$s" "$dir" > "$dir/run.$s"
        # shellcheck disable=SC2046  # the five measures, as words
        set -- $("$evaltool" score "$dir/qrels.txt" "$dir/run.$s")
        echo "$name $s $1 $2 $3 $4 $5" >> "$results"
        echo "run.sh: $name: $s: $(( $(date +%s) - t0 )) s" >&2
    done
done
if [ $found -eq 0 ]; then
    echo "run.sh: no collection found in $data" >&2
    exit 2
fi

awk '
    { key = $1 " " $2; m[key, 1] = $3; m[key, 2] = $4; m[key, 3] = $5; m[key, 4] = $6
      if (!($1 in cseen)) { cseen[$1] = 1; colls[++nc] = $1 }
      if (!($2 in sseen)) { sseen[$2] = 1; syss[++ns] = $2 }
      q[$1] = $7 }
    END {
      printf "%-16s %-12s %7s %7s %7s %7s\n", "collection", "system", "MAP", "nDCG@10", "P@10", "R@100"
      for (c = 1; c <= nc; c++) {
        for (s = 1; s <= ns; s++) {
          key = colls[c] " " syss[s]
          printf "%-16s %-12s %7.4f %7.4f %7.4f %7.4f\n", (s == 1 ? colls[c] " (" q[colls[c]] ")" : ""), syss[s], m[key, 1], m[key, 2], m[key, 3], m[key, 4]
        }
      }
      if (nc > 1)
        for (s = 1; s <= ns; s++) {
          for (k = 1; k <= 4; k++) { sum = 0; for (c = 1; c <= nc; c++) sum += m[colls[c] " " syss[s], k]; avg[k] = sum / nc }
          printf "%-16s %-12s %7.4f %7.4f %7.4f %7.4f\n", (s == 1 ? "mean" : ""), syss[s], avg[1], avg[2], avg[3], avg[4]
        }
    }' "$results"
echo "run.sh: done in $(( $(date +%s) - start )) s" >&2
if [ "$keep" -eq 1 ]; then echo "run.sh: runs and logs kept in $work" >&2; fi
