#!/bin/bash
# Scale-out: three shards served by xapian-tcpsrv (through `dossier serve`)
# on loopback answer every kind of query exactly as one local index holding
# the same documents; a server that stops gives a clear error, or a partial
# answer naming the missing shard with --partial.
. "$(dirname "$0")/lib.sh"

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "t-remote: xapian-tcpsrv (xapian-tools) is not installed" >&2
    exit 1
fi

# The sample corpus plus generated documents.
mkdir -p corpus/generated
words=(budget tariff sanction treaty missile reactor pipeline ransomware vaccine
    asylum border grid carbon emission subsidy quota inspector treasury embassy
    summit ceasefire refinery shipping tanker insurer customs ledger audit
    committee hearing senator governor district court appeal statute waiver
    exemption license export import steel aluminum wheat soybean fishery)
RANDOM=20170303
for i in $(seq 1 150); do
    y=$((1990 + RANDOM % 35)) m=$((1 + RANDOM % 12)) d=$((1 + RANDOM % 28))
    {
        printf 'Generated brief %d on %s and %s\n\n' "$i" "${words[RANDOM % 46]}" "${words[RANDOM % 46]}"
        printf '%04d-%02d-%02d\n\n' "$y" "$m" "$d"
        for p in 1 2 3; do
            for w in $(seq 1 $((20 + RANDOM % 40))); do printf '%s ' "${words[RANDOM % 46]}"; done
            printf '\n\n'
        done
    } >"corpus/generated/brief-$i.txt"
done

"$D" --index one add --shards 1 corpus 2>/dev/null
"$D" --index three add --shards 3 corpus 2>/dev/null
run "$D" --index three stats --json
check_contains "three shards hold everything" "$out" '"documents":178,'
# --shards on an existing index is a warning, in the index's own numbers.
run "$D" --index one add --shards 2 corpus
check_eq "--shards on an index: exit 0" 0 "$rc"
check_contains "--shards on an index of one shard" "$err" "already has 1 shard; --shards applies"
run "$D" --index three add --shards 2 corpus
check_contains "--shards on an index of three" "$err" "already has 3 shards; --shards applies"

# Serve each shard on its own loopback port.  Another program on the
# machine may hold a port tried (another test's server even): then our
# server exits at once and the next port is tried, so that no answer
# comes from someone else's index.
next_port=$((20000 + ($$ % 20000)))
pids=()
specs=()
stop_servers() { kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; }
trap 'stop_servers; rm -rf "$work"' EXIT
# serve LOG ARGS...: 'dossier ARGS --port P' on a free port, listening
# and answering; sets $port and adds the server to $pids.
serve() {
    local log=$1 pid
    shift
    for _ in $(seq 1 20); do
        port=$next_port
        next_port=$((next_port + 1))
        "$D" "$@" --port "$port" >"$log" 2>&1 &
        pid=$!
        # Ours once it says it listens (not when some server answers).
        for _ in $(seq 1 200); do
            kill -0 "$pid" 2>/dev/null || break
            if grep -q '^Listening' "$log"; then
                for _ in $(seq 1 200); do
                    "$D" --shard "tcp://127.0.0.1:$port" search -c budget >/dev/null 2>&1 && break
                    sleep 0.1
                done
                pids+=("$pid")
                return 0
            fi
            sleep 0.1
        done
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    fail "no loopback port to serve on"
    return 1
}
ports=()
for k in 0 1 2; do
    serve "$work/srv$k.log" --index three serve --interface 127.0.0.1 --shard "$k"
    ports+=("$port")
    specs+=(--shard "tcp://127.0.0.1:$port")
done

# Round every score to 5 significant digits so that the last bits of the
# floating-point sums do not matter.  Hits keep their order, except that
# hits with equal scores (whose order depends on document ids, which differ
# between the two layouts) are put in path order.
normalise() {
    awk '{
        out = ""; s = $0; first = ""
        while (match(s, /"score":[-0-9.e+]+/)) {
            v = sprintf("%.5g", substr(s, RSTART + 8, RLENGTH - 8) + 0)
            if (first == "") first = v
            out = out substr(s, 1, RSTART - 1) "\"score\":" v
            s = substr(s, RSTART + RLENGTH)
        }
        line = out s
        sub(/"rank":[0-9]*,/, "", line)
        if (first != prev) group++
        prev = first
        printf "%06d\t%s\n", group, line
    }' | sort -t"$(printf '\t')" -k1,1n -k2,2 | cut -f2-
}

compare() {
    local what=$1
    shift
    local local_out remote_out
    local_out=$("$D" --index one search --json -n 1000 "$@" 2>/dev/null | normalise)
    remote_out=$("$D" "${specs[@]}" search --json -n 1000 "$@" 2>/dev/null | normalise)
    checks=$((checks + 1))
    if [ -z "$local_out" ]; then
        fail "$what: no hits locally for [$*]"
    elif [ "$local_out" != "$remote_out" ]; then
        fail "$what: remote differs for [$*]"
        diff <(printf '%s\n' "$local_out") <(printf '%s\n' "$remote_out") | head -5 >&2
    fi
}

for q in budget tariff sanction sanctions treaty missile reactor pipeline vaccine asylum \
    border grid carbon subsidy customs audit steel wheat korea senator 'budget tariff' \
    'carbon OR emission' 'steel NOT aluminum' 'sanction*'; do
    compare "term" "$q"
done
for q in '"North Korea"' '"budget tariff"' '"steel aluminum"' '"carbon emission"' \
    '"Kim Jong-un"' 'US-ROK' '"clean energy standard"' '"treasury department"' \
    '"customs ledger"' '"senator governor"' '"wheat soybean"' '"vaccine budget"' \
    '"border grid"' '"audit committee"' '"missile reactor"' '"sanction treaty"' \
    '"grid carbon"' '"asylum border"' 'budget NEAR/3 tariff' 'steel ADJ/2 aluminum' \
    '"pipeline ransomware"~3'; do
    compare "phrase" "$q"
done
for q in 'date:2017' 'date:2018-03' 'date:1990..1999 budget' 'date:2000..2009 tariff' \
    'date:..1995' 'date:2020..' 'year:2019' 'date:2017-Q1' 'date:>=2015-06-01 steel' \
    'date:<2001 carbon' 'mentions:2017-02-14' 'mentions:2018' 'date:1995/2005 vaccine' \
    'date:"March 3, 2017"' 'date:2010..2015 sanction' 'date:2021 OR date:2019' \
    'budget date:2005..2010' 'wheat date:1990..2024' 'date:2016..2017 korea' \
    'date:2003 OR date:2004'; do
    compare "date" "$q"
done
for q in budget sanctions '"North Korea"' 'steel tariff' carbon vaccine asylum grid \
    'missile NEAR treaty' treasury customs audit wheat pipeline reactor embassy summit \
    ceasefire refinery tanker; do
    compare "passages" --passages "$q"
done

# Facets come from the remote shards too.
a=$("$D" --index one search --facet year --json budget 2>/dev/null)
b=$("$D" "${specs[@]}" search --facet year --json budget 2>/dev/null)
check_eq "facets" "$a" "$b"

# The three shards served as one database by one server answer the same:
# shard 0's stem map holds every shard's words (a server of several
# databases shows the metadata of the first only).
serve "$work/srv3.log" --index three serve --interface 127.0.0.1
port3=$port
all_specs=("${specs[@]}")
specs=(--shard "tcp://127.0.0.1:$port3")
for q in tariff tariffs imports budget sanction important 'steel tariffs' '"North Korea"' \
    'sanction*'; do
    compare "one server for three shards" "$q"
done
specs=("${all_specs[@]}")

# A port already taken: one line, exit 2.
run "$D" --index three serve --interface 127.0.0.1 --port "$port3"
check_eq "port in use: exit 2" 2 "$rc"
check_contains "port in use: said" "$err" "cannot listen on 127.0.0.1 port $port3: the port is in use"

# A server's idle timeout (--timeout, in seconds) closes a batch's
# connection; the batch connects again.
serve "$work/srv4.log" --index three serve --interface 127.0.0.1 --timeout 1
port4=$port
mkfifo tq
"$D" --shard "tcp://127.0.0.1:$port4" search --batch -c <tq >idle.out 2>idle.err &
bpid=$!
exec 3>tq
printf 'budget\n' >&3
sleep 1.6
printf 'tariff\n' >&3
exec 3>&-
wait "$bpid"
check_eq "batch after an idle timeout: exit 0" 0 "$?"
check_eq "batch after an idle timeout: both counted" 2 "$(grep -c '^{"count":[1-9]' idle.out)"
check_eq "batch after an idle timeout: nothing said" "" "$(cat idle.err)"

# One server stops during a batch: the queries after it each get an error
# block, and the batch answers to the end; with --partial, the shards that
# are up answer them.
mkfifo bq pq
"$D" "${specs[@]}" search --batch -c <bq >batch.out 2>batch.err &
bpid=$!
"$D" "${specs[@]}" search --batch --partial -c <pq >partial.out 2>partial.err &
ppid=$!
exec 3>bq 4>pq
printf 'budget\n' >&3
printf 'budget\n' >&4
for _ in $(seq 100); do
    [ "$(cat batch.out partial.out | grep -c '"query_end"')" = 2 ] && break
    sleep 0.05
done
kill "${pids[1]}"
wait "${pids[1]}" 2>/dev/null
sleep 0.3
printf 'tariff\ncarbon\n' >&3
printf 'tariff\ncarbon\n' >&4
exec 3>&- 4>&-
wait "$ppid"
check_eq "batch --partial, a shard down: exit 0" 0 "$?"
check_eq "batch --partial, a shard down: every query counted" 3 \
    "$(grep -c '^{"count":[1-9]' partial.out)"
check_contains "batch --partial: names the missing shard" "$(cat partial.err)" \
    "tcp://127.0.0.1:${ports[1]}"
wait "$bpid"
check_eq "batch, a shard down: exit 2" 2 "$?"
check_eq "batch, a shard down: every query answered" \
    '{"query_end":"budget",{"query_end":"tariff",{"query_end":"carbon",' \
    "$(grep -o '{"query_end":"[a-z]*",' batch.out | tr -d '\n')"
check_contains "batch: the first query counted" "$(head -1 batch.out)" '{"count":'
check_eq "batch: two error blocks" 2 "$(grep -c '"error":".*unreachable' batch.out)"
check_contains "batch: stderr names the query" "$(cat batch.err)" "dossier: query 'tariff': "
J=$(dirname "$D")/dossier-jsoncheck
if [ -x "$J" ]; then
    verdict=$("$J" <batch.out)
    check_eq "batch with errors: the documented JSON ($verdict)" 0 "$?"
fi

# One server stops: a clear error naming it, or a partial answer with --partial.
run "$D" "${specs[@]}" search -c budget
check_eq "a shard down: exit 2" 2 "$rc"
check_contains "a shard down: names it" "$err" "shard tcp://127.0.0.1:${ports[1]} is unreachable"
check_contains "a shard down: search offers --partial" "$err" "use --partial"
run "$D" "${specs[@]}" stats
check_eq "a shard down, stats: exit 2" 2 "$rc"
check_not_contains "a shard down, stats: no --partial offered" "$err" "--partial"
run "$D" "${specs[@]}" search --partial -c budget
check_eq "partial answer" 0 "$rc"
check_contains "partial answer names the missing shard" "$err" "tcp://127.0.0.1:${ports[1]}"
full=$("$D" --index one search -c budget 2>/dev/null)
[ "$out" -lt "$full" ] && [ "$out" -gt 0 ] || fail "partial count $out should be between 0 and $full"
checks=$((checks + 1))

# A client index holding only remote shards, named in its config file.
mkdir client
printf 'shards = 0\nremote = tcp://127.0.0.1:%d\nremote = tcp://127.0.0.1:%d\n' \
    "${ports[0]}" "${ports[2]}" >client/config
run "$D" --index client search --partial -c budget
check_eq "config with remote shards" 0 "$rc"
run "$D" --index client add corpus
check_eq "no local shard to write" 2 "$rc"
check_contains "no local shard message" "$err" "no local shards to write to"

# With remote shards only, paths are those of the remote indexes, wherever
# the search runs from: dir: is read as stored, and show and similar
# print paths as search does.
outside=$("$D" --index client search --partial -c dir:corpus/letters 2>/dev/null)
[ "$outside" -gt 0 ] || fail "remote-only: dir:corpus/letters finds nothing"
checks=$((checks + 1))
mkdir -p client/sub
inside=$(cd client/sub && "$D" --index .. search --partial -c dir:corpus/letters 2>/dev/null)
check_eq "remote-only: dir: from inside the client folder" "$outside" "$inside"
p=$("$D" --index client search --partial -l -n 1 tariff 2>/dev/null)
shown=$(cd client/sub && "$D" --index .. show --json "$p" 2>/dev/null | sed -n 's/^{"path":"\([^"]*\)".*/\1/p')
check_eq "remote-only: show prints the path as search does" "$p" "$shown"

# path: name patterns over remote shards: the name only, anchored.
run "$D" --index client search --partial -c 'path:*sanctions*'
check_eq "remote: a name pattern" "$(find corpus -type f -name '*sanctions*' | wc -l | tr -d ' ')" "$out"
run "$D" --index client search --partial -c 'path:anctions*'
check_eq "remote: a name pattern is anchored" 0 "$out"

# stats over local indexes given with --shard: their sizes and the folders
# added to each (absolute: they are different indexes' folders).
mkdir -p sa/docs sb/docs
printf 'Alpha note\n\nbudget words\n' >sa/docs/a.txt
printf 'Beta note\n\nbudget more\n' >sb/docs/b.txt
"$D" --index sa/.dossier add sa/docs 2>/dev/null
"$D" --index sb/.dossier add sb/docs 2>/dev/null
run "$D" --shard sa/.dossier --shard sb/.dossier stats --json
check_contains "stats --shard: both indexes' folders" "$out" "\"roots\":[\"$work/sa/docs\",\"$work/sb/docs\"]"
sizes=$(( $(du -sb sa/.dossier | cut -f1) + $(du -sb sb/.dossier | cut -f1) ))
got=$(printf '%s\n' "$out" | sed -n 's/.*"index_bytes":\([0-9]*\).*/\1/p')
[ -n "$got" ] && [ "$got" -gt 0 ] && [ "$got" -le "$sizes" ] ||
    fail "stats --shard: index_bytes $got, expected the two indexes' files (at most $sizes)"
checks=$((checks + 1))
run "$D" --shard sa/.dossier --shard sb/.dossier stats
check_not_contains "stats --shard: local sizes known" "$out" "(remote shards)"
run "$D" --shard sa/.dossier/shard-0 --shard sb/.dossier stats --json
check_contains "stats --shard: a shard folder counts as its index" "$out" "\"roots\":[\"$work/sa/docs\",\"$work/sb/docs\"]"
run "$D" --shard sa/.dossier --shard sa/.dossier/shard-0 stats --json
check_contains "stats --shard: an index named twice is counted once" "$out" '"documents":1,'
check_contains "stats --shard: its folders once" "$out" "\"roots\":[\"$work/sa/docs\"]"
check_eq "search --shard: a shard named twice counts once" 1 \
    "$("$D" --shard sa/.dossier --shard sa/.dossier search -c budget)"
# Local indexes given with --shard show paths as --index does: from the
# current folder, each under its own index's folder.
check_eq "search --shard: local paths from the current folder" "sa/docs/a.txt
sb/docs/b.txt" "$("$D" --shard sa/.dossier --shard sb/.dossier search -l budget | sort)"
check_eq "search --shard a shard folder: the same" "sa/docs/a.txt" \
    "$("$D" --shard sa/.dossier/shard-0 search -l budget)"
run "$D" --shard sa/.dossier --shard "tcp://127.0.0.1:${ports[0]}" stats --json
check_contains "stats --shard with a remote one: size unknown" "$out" '"index_bytes":null'

# A long --batch --partial says in each summary which shards it left out,
# and takes a restarted server back (it tries every few seconds).
full=$("$D" --index three search -c budget)
mkfifo rq
"$D" "${specs[@]}" search --batch --partial -c <rq >retry.out 2>retry.err &
rpid=$!
exec 5>rq
printf 'budget\n' >&5
for _ in $(seq 100); do grep -q '"query_end"' retry.out && break; sleep 0.05; done
check_contains "batch --partial: the summary names the shard left out" "$(head -2 retry.out | tail -1)" \
    "\"missing_shards\":[\"tcp://127.0.0.1:${ports[1]}\"]"
"$D" --index three serve --interface 127.0.0.1 --shard 1 --port "${ports[1]}" >"$work/srv1b.log" 2>&1 5>&- &
pids+=("$!")
for _ in $(seq 100); do grep -q '^Listening' "$work/srv1b.log" && break; sleep 0.1; done
sleep 5.5
printf 'budget\n' >&5
exec 5>&-
wait "$rpid"
check_eq "batch --partial: the restarted shard answers again" "{\"count\":$full}" "$(sed -n 3p retry.out)"
check_not_contains "batch --partial: then nothing left out" "$(sed -n 4p retry.out)" "missing_shards"
check_contains "batch --partial: said" "$(cat retry.err)" "1 shard(s) answer again"

finish
