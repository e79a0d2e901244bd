#!/bin/sh
# bench/run.sh - Dossier against the tools users would pick instead, side
# by side in one run on the same files.  See bench/README.md.
#
#   sh bench/run.sh [--sizes "100M 1G"] [--real] [--peers "dossier sqlite-fts5 ..."]
#                   [--work DIR] [--data DIR] [--build DIR] [--runs N]
#                   [--install] [--smoke] [--queries-only] [--out FILE]
#
# For every corpus: build each tool's index from scratch, measure it,
# time queries one process per query and in one batch, re-scan the
# unchanged corpus, then add 1% new documents.  Writes a Markdown table
# (default WORK/results.md) and prints it.  --queries-only re-times the
# queries (one process each, and batch) on the indexes already built.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/dossier-bench
data=$root/../shared/data
build=
sizes=100M
real=0
peers="dossier xapian-raw xapian-omega recoll sqlite-fts5 lucene ripgrep"
runs=5
queries_only=0
install=0
smoke=0
out=

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --real) real=1; shift ;;
    --peers) peers=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --install) install=1; shift ;;
    --queries-only) queries_only=1; shift ;;
    --smoke) smoke=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

if [ "$smoke" = 1 ]; then
    sizes=2M
    peers=dossier
    runs=1
    real=0
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
out=${out:-$work/results.md}

say() { printf '%s\n' "run.sh: $*" >&2; }

# ---- The build of Dossier and the bench tools ------------------------------

# Our own Release build is always brought up to date: a binary left from
# older sources would be measured as if it were this code.  A build given
# with --build is the caller's (the test build, for the smoke test: it
# must not be rebuilt under the tests running from it).
if [ -z "$build" ]; then
    build=$root/build-bench
    say "building Dossier (Release) in $build"
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "$(nproc)" >/dev/null
fi
DOSSIER=$build/dossier
GEN=$build/bench/dossier-gencorpus
BTIME=$build/bench/dossier-btime
XRAW=$build/bench/dossier-xapianraw
XBATCH=$build/bench/dossier-xapianbatch
for t in "$DOSSIER" "$GEN" "$BTIME" "$XRAW" "$XBATCH"; do
    [ -x "$t" ] || { say "missing $t: the build failed"; exit 2; }
done

# ---- Peers: what each needs, installing it on request ----------------------

lucene_cp() {
    cp=
    for j in core analyzers-common queryparser highlighter queries memory; do
        f=/usr/share/java/lucene-$j-4.10.4.jar
        [ -f "$f" ] || return 1
        cp=$cp$f:
    done
    printf '%s' "$cp"
}

peer_ok() {
    case $1 in
    dossier|xapian-raw) return 0 ;;
    xapian-omega) command -v omindex >/dev/null && command -v quest >/dev/null ;;
    recoll) command -v recollindex >/dev/null && command -v recollq >/dev/null ;;
    sqlite-fts5) command -v sqlite3 >/dev/null ;;
    lucene) command -v javac >/dev/null && lucene_cp >/dev/null ;;
    ripgrep) command -v rg >/dev/null ;;
    *) return 1 ;;
    esac
}

peer_pkgs() {
    case $1 in
    xapian-omega) echo "xapian-omega xapian-tools" ;;
    recoll) echo "recoll python3-recoll" ;;
    sqlite-fts5) echo sqlite3 ;;
    lucene) echo "liblucene4.10-java default-jdk-headless" ;;
    ripgrep) echo ripgrep ;;
    esac
}

missing_pkgs=
for p in $peers; do
    peer_ok "$p" || missing_pkgs="$missing_pkgs $(peer_pkgs "$p")"
done
if [ -n "$missing_pkgs" ] && [ "$install" = 1 ]; then
    say "installing:$missing_pkgs"
    sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $missing_pkgs >/dev/null ||
        say "apt-get could not install every peer"
fi
active=
for p in $peers; do
    if peer_ok "$p"; then
        active="$active $p"
    else
        say "MISSING peer $p: install $(peer_pkgs "$p") (or run with --install); skipped"
    fi
done

if [ -n "$(echo " $active " | grep ' lucene ')" ]; then
    LCP=$(lucene_cp)
    mkdir -p "$work/lucene-classes"
    javac -nowarn -d "$work/lucene-classes" -cp "$LCP" "$root/bench/lucene/LuceneBench.java" \
        2>/dev/null || { say "LuceneBench did not compile: lucene skipped"; active=$(echo "$active" | sed 's/ lucene//'); }
    LCP=$work/lucene-classes:$LCP
fi

# ---- Corpora ----------------------------------------------------------------

# gen-SIZE: the generated corpus (reused when already there).
prepare_gen() {
    c=$work/corpora/gen-$1
    # "model N" in info: the generator's text model (bench/gencorpus.c);
    # a corpus from an older one is written again.
    want=$("$GEN" model)
    if [ ! -f "$c/info" ] || ! grep -qx "model $want" "$c/info"; then
        say "generating the $1 corpus in $c"
        rm -rf "$c"
        mkdir -p "$c"
        "$GEN" corpus "$1" "$c" > "$c/info.tmp"
        mv "$c/info.tmp" "$c/info"
    fi
}

# real-NAME: a real corpus under DATA/corpora, copied to the scratch
# directory with each file's modification time set to the date in its
# name, so that tools that know only file dates can filter by date.
prepare_real() {
    name=$1
    src=$data/corpora/$name
    c=$work/corpora/real-$name
    [ -f "$c/info" ] && return 0
    say "preparing $name from $src"
    rm -rf "$c"
    mkdir -p "$c/tree" "$c/add"
    find "$src" -type f -name '*.txt' | LC_ALL=C sort > "$c/files"
    n=$(wc -l < "$c/files")
    nadd=$((n / 100))
    [ "$nadd" -ge 1 ] || nadd=1
    i=0
    while IFS= read -r f; do
        i=$((i + 1))
        b=$(basename "$f")
        if [ "$i" -le $((n - nadd)) ]; then dest=$c/tree/$b; else dest=$c/add/$b; fi
        cp "$f" "$dest"
        d=$(printf '%s\n' "$b" | sed -n 's/^\([0-9]\{4\}\)-\{0,1\}\([0-9][0-9]\)-\{0,1\}\([0-9][0-9]\).*/\1-\2-\3/p')
        [ -n "$d" ] || d=$(printf '%s\n' "$b" | sed -n 's/^\([0-9]\{4\}\)[^0-9].*/\1-07-01/p')
        [ -n "$d" ] && touch -d "$d 12:00:00 UTC" "$dest" 2>/dev/null || true
    done < "$c/files"
    bytes=$(find "$c/tree" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    printf 'docs %s\nbytes %s\nadd_docs %s\n' "$((n - nadd))" "$bytes" "$nadd" > "$c/info"
}

info() { awk -v k="$2" '$1 == k {print $2}' "$1/info"; }

# ---- Query sets in each tool's syntax ---------------------------------------
#
# queries.tsv: type, words, year from, year to (bench/gencorpus.c).

years_of() {  # Y1 Y2 PREFIX -> "PREFIXY1 PREFIX(Y1+1) ... PREFIXY2"
    awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN {for (y = a; y <= b; y++) printf " %s%d", p, y}'
}

# The query string a tool is given for one query.
qstring() {  # TOOL TYPE WORDS Y1 Y2
    case $1:$2 in
    dossier:phrase*) printf '"%s"' "$3" ;;
    dossier:date) printf '%s date:%s..%s' "$3" "$4" "$5" ;;
    xapian-omega:phrase*) printf '"%s"' "$3" ;;
    xapian-omega:date) printf '%s%s' "$3" "$(years_of "$4" "$5" year:)" ;;
    recoll:phrase*) printf '"%s"' "$3" ;;
    recoll:date) printf '%s date:%s-01-01/%s-12-31' "$3" "$4" "$5" ;;
    sqlite-fts5:phrase*) printf "SELECT path FROM docs WHERE docs MATCH '\"%s\"' ORDER BY rank LIMIT 10;" "$3" ;;
    sqlite-fts5:date) printf "SELECT path FROM docs WHERE docs MATCH '%s' AND year BETWEEN %s AND %s ORDER BY rank LIMIT 10;" "$3" "$4" "$5" ;;
    sqlite-fts5:snip) printf "SELECT path, snippet(docs, 2, '[', ']', '...', 16) FROM docs WHERE docs MATCH '%s' ORDER BY rank LIMIT 10;" "$3" ;;
    sqlite-fts5:*) printf "SELECT path FROM docs WHERE docs MATCH '%s' ORDER BY rank LIMIT 10;" "$3" ;;
    *) printf '%s' "$3" ;;
    esac
}

# ---- Per-tool commands --------------------------------------------------------
#
# Each tool implements build, rescan, add, query (one process) and batch.
# Variables: C = corpus dir, I = the tool's index dir, R = results dir.

t_build() {
    case $1 in
    dossier) "$BTIME" run "$R/build.time" -- "$DOSSIER" add --no-progress --index "$DX" "$C/tree" ;;
    xapian-raw) "$BTIME" run "$R/build.time" -- "$XRAW" "$I/db" "$C/tree" ;;
    xapian-omega) "$BTIME" run "$R/build.time" -- omindex --db "$I/db" --url / "$C/tree" ;;
    recoll)
        mkdir -p "$I"
        printf 'topdirs = %s\ndbdir = %s\nnoaspell = 1\nloglevel = 1\n' "$C/tree" "$I/xapiandb" > "$I/recoll.conf"
        "$BTIME" run "$R/build.time" -- recollindex -c "$I" ;;
    sqlite-fts5)
        mkdir -p "$I"
        cat > "$I/build.sql" <<EOF
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, year UNINDEXED, body, tokenize='porter unicode61');
INSERT INTO docs(path, year, body) SELECT name, CAST(strftime('%Y', mtime, 'unixepoch') AS INT), readfile(name) FROM fsdir('$C/tree') WHERE name LIKE '%.txt';
EOF
        "$BTIME" run "$R/build.time" -- sqlite3 -init "$I/build.sql" "$I/fts.db" .quit ;;
    lucene) "$BTIME" run "$R/build.time" -- java -cp "$LCP" LuceneBench index "$I/lucene" create "$C/tree" ;;
    ripgrep) mkdir -p "$I"; echo "0.000 0.000 0 0" > "$R/build.time" ;;
    esac
}

t_index_path() {
    case $1 in
    dossier) echo "$DX" ;;
    xapian-raw|xapian-omega) echo "$I/db" ;;
    recoll) echo "$I/xapiandb" ;;
    sqlite-fts5) echo "$I/fts.db" ;;
    lucene) echo "$I/lucene" ;;
    ripgrep) echo "" ;;
    esac
}

t_rescan() {
    case $1 in
    dossier) "$BTIME" run "$R/rescan.time" -- "$DOSSIER" update --no-progress --index "$DX" ;;
    xapian-omega) "$BTIME" run "$R/rescan.time" -- omindex --db "$I/db" --url / "$C/tree" ;;
    recoll) "$BTIME" run "$R/rescan.time" -- recollindex -c "$I" ;;
    esac
}

t_add() {
    case $1 in
    dossier) "$BTIME" run "$R/add.time" -- "$DOSSIER" add --no-progress --index "$DX" "$C/tree/zz_add" ;;
    xapian-omega) "$BTIME" run "$R/add.time" -- omindex --db "$I/db" --no-delete --url / "$C/tree" zz_add ;;
    recoll)
        find "$C/tree/zz_add" -type f > "$I/addlist"
        # recollindex -i takes the files as arguments.
        "$BTIME" run "$R/add.time" -- sh -c 'exec recollindex -c "$0" -i $(cat "$1")' "$I" "$I/addlist" ;;
    sqlite-fts5)
        cat > "$I/add.sql" <<EOF
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
INSERT INTO docs(path, year, body) SELECT name, CAST(strftime('%Y', mtime, 'unixepoch') AS INT), readfile(name) FROM fsdir('$C/tree/zz_add') WHERE name LIKE '%.txt';
EOF
        "$BTIME" run "$R/add.time" -- sqlite3 -init "$I/add.sql" "$I/fts.db" .quit ;;
    lucene) "$BTIME" run "$R/add.time" -- java -cp "$LCP" LuceneBench index "$I/lucene" append "$C/tree/zz_add" ;;
    esac
}

# Time one query, one process per run: appends each run's ms to $2.
t_query() {  # TOOL FILE TYPE WORDS Y1 Y2 NRUNS WARMUP
    tq_tool=$1 f=$2 type=$3 words=$4 y1=$5 y2=$6 tq_n=$7 tq_w=$8
    q=$(qstring "$tq_tool" "$type" "$words" "$y1" "$y2")
    case $tq_tool in
    dossier)
        k=0
        [ "$type" = snip ] && k=3
        "$BTIME" lat "$f" "$tq_n" "$tq_w" -- "$DOSSIER" search --index "$DX" --color never -n 10 -k $k "$q" ;;
    xapian-omega)
        "$BTIME" lat "$f" "$tq_n" "$tq_w" -- quest -d "$I/db" -m 10 -o and -b year:Y "$q" ;;
    recoll)
        if [ "$type" = snip ]; then
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- recollq -c "$I" -A -p 3 -n 10 "$q"
        else
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- recollq -c "$I" -b -n 10 "$q"
        fi ;;
    sqlite-fts5)
        "$BTIME" lat "$f" "$tq_n" "$tq_w" -- sqlite3 -readonly "$I/fts.db" "$q" ;;
    lucene)
        if [ "$type" = date ]; then
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- java -cp "$LCP" LuceneBench search "$I/lucene" "$type" "$words" "$y1" "$y2"
        else
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- java -cp "$LCP" LuceneBench search "$I/lucene" "$type" "$words"
        fi ;;
    ripgrep)
        set -- $words
        case $type in
        rare|common|phrase*)
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- rg -i -w -F -l -- "$words" "$C/tree" ;;
        and2|and3|snip)
            last=$(eval echo \${$#})
            pipe='rg -i -w -F -l -0 -- "$1" "$0"'
            tq_i=2
            while [ $tq_i -le $# ]; do
                if [ $tq_i -eq $# ] && [ "$type" = snip ]; then
                    pipe="$pipe | xargs -0 -r rg -i -w -F -m1 -M 200 -- \"\$$tq_i\""
                elif [ $tq_i -eq $# ]; then
                    pipe="$pipe | xargs -0 -r rg -i -w -F -l -- \"\$$tq_i\""
                else
                    pipe="$pipe | xargs -0 -r rg -i -w -F -l -0 -- \"\$$tq_i\""
                fi
                tq_i=$((tq_i + 1))
            done
            : "$last"
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- sh -c "$pipe" "$C/tree" "$@" ;;
        date)
            "$BTIME" lat "$f" "$tq_n" "$tq_w" -- sh -c 'find "$0" -type f -newermt "$2-01-01" ! -newermt "$(($3 + 1))-01-01" -print0 | xargs -0 -r rg -i -w -F -l -- "$1"' "$C/tree" "$words" "$y1" "$y2" ;;
        esac ;;
    esac
}

# Every non-snippet query of the set in one process.
t_batch() {  # TOOL BATCHTSV
    tool=$1 tsv=$2
    case $tool in
    dossier)
        while IFS="$(printf '\t')" read -r type words y1 y2; do
            qstring dossier "$type" "$words" "$y1" "$y2"; echo
        done < "$tsv" > "$I/batch.txt"
        "$BTIME" run "$R/batch.time" -- sh -c 'exec "$0" search --index "$1" --batch -n 10 -k 0 < "$2" > "$3"' \
            "$DOSSIER" "$DX" "$I/batch.txt" "$I/batch.out" ;;
    xapian-omega)
        while IFS="$(printf '\t')" read -r type words y1 y2; do
            qstring xapian-omega "$type" "$words" "$y1" "$y2"; echo
        done < "$tsv" > "$I/batch.txt"
        "$BTIME" run "$R/batch.time" -- sh -c 'exec "$0" "$1" < "$2" > "$3"' "$XBATCH" "$I/db" "$I/batch.txt" "$I/batch.out" ;;
    recoll)
        while IFS="$(printf '\t')" read -r type words y1 y2; do
            qstring recoll "$type" "$words" "$y1" "$y2"; echo
        done < "$tsv" > "$I/batch.txt"
        # Debian's python3 (a python3 earlier in PATH may lack the module).
        py=python3
        [ -x /usr/bin/python3 ] && py=/usr/bin/python3
        "$py" -c 'from recoll import recoll' 2>/dev/null || return 0
        "$BTIME" run "$R/batch.time" -- "$py" -c '
import sys
from recoll import recoll
db = recoll.connect(confdir=sys.argv[1])
q = db.query()
for line in open(sys.argv[2]):
    q.execute(line.strip())
    for i in range(min(10, q.rowcount)):
        print(q.fetchone().url)
' "$I" "$I/batch.txt" > "$I/batch.out" ;;
    sqlite-fts5)
        while IFS="$(printf '\t')" read -r type words y1 y2; do
            qstring sqlite-fts5 "$type" "$words" "$y1" "$y2"; echo
        done < "$tsv" > "$I/batch.sql"
        "$BTIME" run "$R/batch.time" -- sh -c 'exec sqlite3 -readonly "$0" < "$1" > "$2"' "$I/fts.db" "$I/batch.sql" "$I/batch.out" ;;
    lucene)
        "$BTIME" run "$R/batch.time" -- sh -c 'exec java -cp "$0" LuceneBench batch "$1" "$2" > "$3"' "$LCP" "$I/lucene" "$tsv" "$I/batch.out" ;;
    esac
}

# ---- One corpus, one tool --------------------------------------------------------

tool_paths() {  # CORPUS_NAME TOOL: sets C I R DX
    C=$work/corpora/$1
    I=$work/index/$1/$2
    R=$work/results/$1/$2
    # Dossier's index sits beside the corpus's tree, as a user's would
    # (paths are then stored relative to the corpus folder).
    DX=$C/.dossier
}

# Build one tool's index (or, with --queries-only, get ready to re-time
# the queries on the index built before, which also holds the 1% added
# then).  Returns 1 when the tool has no queries to time.
build_tool() {  # CORPUS_NAME TOOL
    cname=$1 tool=$2
    tool_paths "$cname" "$tool"
    if [ "$queries_only" = 1 ]; then
        [ "$tool" != xapian-raw ] && [ -d "$R" ] || return 1
        rm -f "$R"/lat-*.ms "$R/batch.time"
        mkdir -p "$I"
        return 0
    fi
    rm -rf "$I" "$R" "$C/tree/zz_add"
    [ "$tool" != dossier ] || rm -rf "$DX"
    mkdir -p "$I" "$R"
    say "$cname: $tool: build"
    t_build "$tool" > "$R/build.log" 2>&1 || say "$cname: $tool: build failed (see $R/build.log)"
    ip=$(t_index_path "$tool")
    if [ -n "$ip" ] && [ -e "$ip" ]; then
        du -sb "$ip" | awk '{print $1}' > "$R/size"
    else
        echo 0 > "$R/size"
    fi
    [ "$tool" != xapian-raw ]
}

# Runs (and warm-up runs) per query, and queries per type, of a tool:
# slow tools get fewer.
tool_runs() {  # TOOL: sets qn qw qper
    qn=$runs qw=1 qper=1000
    case $1 in
    lucene) qn=2 qw=0 qper=3 ;;
    ripgrep) qn=1 qw=0 qper=3 ;;
    esac
}

# Time the queries of every tool in TOOLS, one process per query, all
# tools together: in each round every query runs once with each tool in
# turn, so that the tools' figures share the machine's moments of load
# and can be compared (a tool timed alone, minutes after another, would
# not be).  Each query's runs go to its own file, joined at the end.
time_queries() {  # CORPUS_NAME TOOLS
    cname=$1 tools=$2
    maxn=0
    for tool in $tools; do
        tool_paths "$cname" "$tool"
        tool_runs "$tool"
        echo "$qn" > "$R/qruns"
        [ "$qn" -gt "$maxn" ] && maxn=$qn
        rm -f "$I"/lat.*
        # A tool's queries: the first qper of each type.
        awk -F '\t' -v per="$qper" '{ if (++seen[$1] <= per) print; else print "" }' \
            "$C/queries.tsv" > "$I/qset.tsv"
    done
    say "$cname: queries ($tools)"
    # (t_query sets variables of its own: the loops use other names.)
    bt_round=1
    while [ "$bt_round" -le "$maxn" ]; do
        bt_q=0
        while IFS= read -r bt_line; do
            bt_q=$((bt_q + 1))
            for bt_tool in $tools; do
                tool_paths "$cname" "$bt_tool"
                tool_runs "$bt_tool"
                [ "$bt_round" -le "$qn" ] || continue
                bt_spec=$(sed -n "${bt_q}p" "$I/qset.tsv")
                [ -n "$bt_spec" ] || continue
                bt_wu=0
                [ "$bt_round" = 1 ] && bt_wu=$qw
                bt_type=$(printf '%s' "$bt_spec" | cut -f1)
                bt_words=$(printf '%s' "$bt_spec" | cut -f2)
                bt_y1=$(printf '%s' "$bt_spec" | cut -f3)
                bt_y2=$(printf '%s' "$bt_spec" | cut -f4)
                t_query "$bt_tool" "$I/lat.$bt_q" "$bt_type" "$bt_words" "$bt_y1" "$bt_y2" 1 "$bt_wu" \
                    < /dev/null || say "$cname: $bt_tool: query '$bt_words' failed"
            done
        done < "$C/queries.tsv"
        bt_round=$((bt_round + 1))
    done
    for tool in $tools; do
        tool_paths "$cname" "$tool"
        bt_q=0
        while IFS="$(printf '\t')" read -r bt_type bt_words bt_y1 bt_y2; do
            bt_q=$((bt_q + 1))
            [ -n "$bt_type" ] || continue
            cat "$I/lat.$bt_q" >> "$R/lat-$bt_type.ms" 2>/dev/null || true
        done < "$I/qset.tsv"
    done
}

# The batch of queries, then (unless --queries-only) the re-scan and the
# 1% add, of one tool.
finish_tool() {  # CORPUS_NAME TOOL
    cname=$1 tool=$2
    tool_paths "$cname" "$tool"
    awk -F '\t' '$1 != "snip"' "$C/queries.tsv" > "$I/batch.tsv"
    awk 'END {print NR}' "$I/batch.tsv" > "$R/batch.n"
    t_batch "$tool" "$I/batch.tsv" > "$R/batch.log" 2>&1 || say "$cname: $tool: batch failed"
    if [ "$queries_only" = 1 ]; then
        date -u '+%Y-%m-%d %H:%M' > "$R/when.queries"
        return 0
    fi
    say "$cname: $tool: rescan, add 1%"
    t_rescan "$tool" > "$R/rescan.log" 2>&1 || say "$cname: $tool: rescan failed"
    cp -al "$C/add" "$C/tree/zz_add"
    t_add "$tool" > "$R/add.log" 2>&1 || say "$cname: $tool: add failed"
    # The index after that small add: compaction left it tight, and an add
    # loosens what it touches.
    ip=$(t_index_path "$tool")
    if [ -n "$ip" ] && [ -e "$ip" ]; then
        du -sb "$ip" | awk '{print $1}' > "$R/size.add"
    fi
    rm -rf "$C/tree/zz_add"
    date -u '+%Y-%m-%d %H:%M' > "$R/when"
}

# ---- The table ------------------------------------------------------------------

# "median p95" over the queries of a latency file: each query's median of
# its RUNS consecutive runs first, so that a burst of load on the machine
# moves one query's figure at most.
stats() {  # FILE RUNS
    awk -v r="$2" '{ v[++k] = $1 } k == r {
        for (i = 2; i <= k; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
        printf "%.3f\n", (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
        k = 0 }' "$1" |
    sort -n | awk '{v[NR] = $1} END {
        if (NR == 0) { print "- -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        k = int(0.95 * NR + 0.999); if (k < 1) k = 1; if (k > NR) k = NR
        printf "%.1f %.1f\n", m, v[k] }'
}

field() {  # FILE N: the Nth field of the last line, or "-"
    if [ -s "$1" ]; then tail -n 1 "$1" | awk -v n="$2" '{print $n}'; else echo -; fi
}

summarize_corpus() {  # CORPUS_NAME
    cname=$1
    C=$work/corpora/$cname
    bytes=$(info "$C" bytes)
    docs=$(info "$C" docs)
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
    echo
    echo "### $cname: $docs documents, $mb MB (+$(info "$C" add_docs) for the add step)"
    echo
    echo "| tool | build wall s | build CPU s | MB/s | peak RSS MB | index MB | index/corpus | add 1% s | after add 1% | rescan s |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for tool in $tools_done; do
        R=$work/results/$cname/$tool
        [ -d "$R" ] || continue
        wall=$(field "$R/build.time" 1) cpu=$(field "$R/build.time" 2) rss=$(field "$R/build.time" 3)
        size=$(cat "$R/size" 2>/dev/null || echo 0)
        sadd=$(cat "$R/size.add" 2>/dev/null || echo 0)
        add=$(field "$R/add.time" 1) rescan=$(field "$R/rescan.time" 1)
        if [ "$tool" = ripgrep ]; then
            echo "| ripgrep | no index | – | – | – | 0 | 0 | – | – | – |"
            continue
        fi
        awk -v t="$tool" -v w="$wall" -v c="$cpu" -v r="$rss" -v s="$size" -v b="$bytes" \
            -v a="$add" -v rs="$rescan" -v sa="$sadd" 'BEGIN {
            mbs = (w > 0) ? sprintf("%.1f", b / 1e6 / w) : "–"
            after = (sa > 0) ? sprintf("%.2fx", sa / b) : "–"
            printf "| %s | %.1f | %.1f | %s | %.0f | %.1f | %.2f | %s | %s | %s |\n", t, w, c, mbs,
                r / 1024, s / 1e6, s / b, (a == "-") ? "–" : a, after, (rs == "-") ? "–" : rs }'
    done
    # Dossier's build throughput against each other index builder's.
    dw=$(field "$work/results/$cname/dossier/build.time" 1)
    if [ "$dw" != - ]; then
        ratios=
        for tool in xapian-raw xapian-omega recoll sqlite-fts5 lucene; do
            tw=$(field "$work/results/$cname/$tool/build.time" 1)
            [ "$tw" != - ] || continue
            ratios="$ratios $(awk -v t="$tool" -v a="$tw" -v b="$dw" 'BEGIN {printf "%s %.2fx,", t, a / b}')"
        done
        [ -z "$ratios" ] || { echo; echo "Dossier's build speed relative to:${ratios%,} (build wall time of the other / Dossier's)."; }
    fi
    echo
    echo "Query latency, one process per query, in ms: median / p95 over the type's queries of each query's median run."
    echo
    echo "| tool | rare | common | and2 | and3 | phrase2 | phrase3 | date | snip |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for tool in $tools_done; do
        R=$work/results/$cname/$tool
        [ -d "$R" ] && [ "$tool" != xapian-raw ] || continue
        line="| $tool |"
        for type in rare common and2 and3 phrase2 phrase3 date snip; do
            if [ -s "$R/lat-$type.ms" ]; then
                set -- $(stats "$R/lat-$type.ms" "$(cat "$R/qruns" 2>/dev/null || echo 1)")
                line="$line $1 / $2 |"
            else
                line="$line – |"
            fi
        done
        echo "$line"
    done
    echo
    printf 'Measured (UTC):'
    for tool in $tools_done; do
        f=$work/results/$cname/$tool
        [ -s "$f/when" ] && printf ' %s %s' "$tool" "$(cat "$f/when")"
        [ -s "$f/when.queries" ] && printf ' (queries %s)' "$(cat "$f/when.queries")"
        [ -s "$f/when" ] && printf ';'
    done
    echo
    echo
    echo "Batch: the set's non-snippet queries in one process (top 10 each)."
    echo
    echo "| tool | queries | wall s | queries/s | peak RSS MB |"
    echo "|---|---|---|---|---|"
    for tool in $tools_done; do
        R=$work/results/$cname/$tool
        [ -s "$R/batch.time" ] || continue
        awk -v t="$tool" -v n="$(cat "$R/batch.n")" -v w="$(field "$R/batch.time" 1)" \
            -v r="$(field "$R/batch.time" 3)" 'BEGIN {
            printf "| %s | %d | %.2f | %.0f | %.0f |\n", t, n, w, (w > 0) ? n / w : 0, r / 1024 }'
    done
}

# ---- Main -------------------------------------------------------------------------

corpora=
for s in $sizes; do
    prepare_gen "$s"
    corpora="$corpora gen-$s"
done
if [ "$real" = 1 ]; then
    if [ -d "$data/corpora" ]; then
        for d in "$data"/corpora/*/; do
            name=$(basename "$d")
            prepare_real "$name"
            corpora="$corpora real-$name"
        done
    else
        say "MISSING real corpora: $data/corpora does not exist (give --data DIR); only generated corpora are measured"
    fi
fi

# The table shows every tool with results for a corpus, including those
# measured by an earlier invocation (each row says when).
tools_done="dossier xapian-raw xapian-omega recoll sqlite-fts5 lucene ripgrep"
for cname in $corpora; do
    C=$work/corpora/$cname
    if [ ! -s "$C/queries.tsv" ]; then
        per=10
        [ "$smoke" = 1 ] && per=2
        "$GEN" queries "$C/tree" "$C/queries.tsv" "$per" 2>/dev/null
    fi
    timed=""
    for tool in $active; do
        build_tool "$cname" "$tool" && timed="$timed $tool"
    done
    if [ -n "$timed" ]; then
        time_queries "$cname" "$timed"
        for tool in $timed; do
            finish_tool "$cname" "$tool"
        done
    fi
done

{
    echo "## Benchmark results"
    echo
    echo "$(date -u '+%Y-%m-%d'), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr); Dossier $("$DOSSIER" --version 2>/dev/null | head -n 1), Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?')."
    for cname in $corpora; do
        summarize_corpus "$cname"
    done
} > "$out"
cat "$out"
