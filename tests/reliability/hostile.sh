#!/bin/bash
# hostile.sh - bad files, paths, queries and options.
#
#   hostile.sh [--big]
#
# Generates the bad inputs of hostile-gen.sh (binary data, NUL bytes,
# broken encodings, huge lines, deep HTML, broken and hostile gzip, odd
# names, links out of the corpus and in loops, a path longer than
# PATH_MAX...) and runs `add` on them: each must be indexed or reported in
# exactly one line "dossier: PATH: REASON"; the run must end (no stall),
# without a crash, and (under the sanitizers) without a leak, with exit
# status 1 since some files failed.  Then: files that vanish or change
# while add reads them, unreadable files and folders, paths named on the
# command line, bad queries and bad option values.  --big indexes the
# 200 MB line instead of only refusing it (slow: for the long run).

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"
. "$here/hostile-gen.sh"

big=0
[ "${1:-}" = --big ] && big=1
T="timeout 900"
export DOSSIER_NO_SYNC=1

# The path as dossier's messages show it: control characters and bytes
# that are not UTF-8 escaped (util/msg.c).
esc() {
    P=$1 LC_ALL=C awk 'BEGIN {
        for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
        s = ENVIRON["P"]; n = length(s); out = ""
        for (i = 1; i <= n; i++) {
            ch = substr(s, i, 1); c = ord[ch]
            if (c == 10) out = out "\\n"
            else if (c == 9) out = out "\\t"
            else if (c == 92) out = out "\\\\"
            else if (c < 32 || c == 127) out = out sprintf("\\x%02x", c)
            else if (c < 128) out = out ch
            else {
                k = c >= 240 && c <= 244 ? 4 : c >= 224 ? 3 : c >= 194 && c < 224 ? 2 : 0
                ok = k > 0 && i + k - 1 <= n
                for (j = 1; ok && j < k; j++) {
                    d = ord[substr(s, i + j, 1)]
                    if (d < 128 || d > 191) ok = 0
                }
                if (ok) { out = out substr(s, i, k); i += k - 1 }
                else out = out sprintf("\\x%02x", c)
            }
        }
        printf "%s", out
    }'
}

# Lines of file $2 that start with "dossier: $1: ".
lines_about() {
    local prefix
    prefix="dossier: $(esc "$1"): "
    PREFIX=$prefix awk 'index($0, ENVIRON["PREFIX"]) == 1' "$2"
}

# ---- The bad files ---------------------------------------------------------
mkdir h
cd h || exit 2
make_hostile corpus "$work/outside" "$big"
maxsize=()
[ "$big" = 1 ] && maxsize=(--max-size 300)
start=$(now_ms)
$T "$D" add --no-progress "${maxsize[@]}" corpus >"$work/add.out" 2>"$work/add.err"
rc=$?
echo "hostile: add over $ncases bad files and paths took $(($(now_ms) - start)) ms, exit $rc"
check_eq "add over bad files: exit status (1: some failed)" 1 "$rc"
summary=$(tail -1 "$work/add.err")
check_contains "add ends with its counts" "$summary" " failed ("
check_true "index passes xapian-check" xcheck_index .dossier

nindexed=0 nfailed=0 nskipped=0 nabsent=0 bad_before=$failures
while IFS=$SEP read -r -d "$EOR" name path expect message word; do
    [ -n "$name" ] || continue
    about=$(lines_about "$path" "$work/add.err")
    nabout=$(printf '%s' "$about" | grep -c '^dossier: ')
    if [ "$name" = "a path longer than PATH_MAX" ]; then
        # The walker cannot go below PATH_MAX: it names the folder it could
        # not enter.
        about=$(grep -a 'file name too long' "$work/add.err")
        nabout=$(printf '%s' "$about" | grep -c '^dossier: corpus/0000')
        message=""
        [ -n "$about" ] && message=${about#*: *: }
    fi
    "$D" show "$path" >/dev/null 2>&1
    shown=$?
    case $expect in
    indexed)
        nindexed=$((nindexed + 1))
        check_eq "$name: indexed" 0 "$shown"
        if [ -n "$word" ]; then
            n=$("$D" search -c "$word" 2>/dev/null)
            checks=$((checks + 1))
            [ "${n:-0}" -ge 1 ] || fail "$name: '$word' not found"
        fi
        ;;
    failed | skipped)
        if [ "$expect" = failed ]; then nfailed=$((nfailed + 1)); else nskipped=$((nskipped + 1)); fi
        check_eq "$name: not indexed" 1 "$((shown != 0))"
        ;;
    absent)
        nabsent=$((nabsent + 1))
        check_eq "$name: not indexed" 1 "$((shown != 0))"
        ;;
    esac
    if [ -z "$message" ]; then
        check_eq "$name: nothing said about $(esc "$path")" 0 "$nabout"
    else
        check_eq "$name: one line about $(esc "$path")" 1 "$nabout"
        check_contains "$name: the reason" "$about" ": $message"
    fi
done <<<"$cases"
check_eq "no other lines on stderr" "$(grep -c '^dossier: ' "$work/add.err")" \
    "$(($(printf '%s' "$cases" | awk -F"$SEP" -v RS="$EOR" '$4 != ""' | wc -l)))"
check_contains "counts: failed files" "$summary" " $nfailed failed"
echo "hostile: $ncases bad files and paths: $nindexed indexed, $nfailed failed," \
    "$nskipped skipped, $nabsent ignored; $((failures - bad_before)) wrong"

# Run again: nothing changed, nothing new to say.
$T "$D" add --no-progress "${maxsize[@]}" corpus >/dev/null 2>"$work/add2.err"
rc=$?
checks=$((checks + 1))
[ "$rc" -le 1 ] || fail "second add: exit $rc"
check_contains "second add: nothing new" "$(tail -1 "$work/add2.err")" "0 added, 0 changed"
check_eq "second add: no new messages" "" \
    "$(grep '^dossier: ' "$work/add2.err" | grep -v 'note: ' | grep -vxFf "$work/add.err")"

# Following links: /dev/zero is not a regular file, the folder out of the
# corpus is read, the loop ends.
$T "$D" add --no-progress --follow "${maxsize[@]}" corpus >/dev/null 2>"$work/follow.err"
check_eq "add --follow: exit status" 1 "$?"
check_contains "add --follow: /dev/zero" "$(cat "$work/follow.err")" "dossier: corpus/zero.txt: not a regular file"
# (reached twice: through the link to it and the link to its folder)
check_eq "add --follow: file out of the corpus indexed" 2 "$("$D" search -c 'secret outside' 2>/dev/null)"
cd "$work" || exit 2

# ---- Paths named on the command line ---------------------------------------
mkdir args
cd args || exit 2
printf 'dashword\n' >-n.txt
printf 'plainword\n' >plain.txt
mkfifo pipe.txt
run $T "$D" add --no-progress -- -n.txt missing.txt pipe.txt plain.txt /dev/null
check_eq "named paths: exit status" 1 "$rc"
check_contains "named: missing file" "$err" "dossier: missing.txt: no such file or directory"
check_contains "named: FIFO" "$err" "dossier: pipe.txt: not a regular file"
check_contains "named: device" "$err" "dossier: /dev/null: not a regular file"
check_eq "named: file starting with a dash" 1 "$("$D" search -c dashword)"
check_eq "named: plain file" 1 "$("$D" search -c plainword)"
printf 'corpus/../plain.txt\n\n/nonexistent/x.txt\n' | $T "$D" add --no-progress - >/dev/null 2>"$work/stdin.err"
check_eq "paths on stdin: exit status" 1 "$?"
check_contains "paths on stdin: missing" "$(cat "$work/stdin.err")" "/nonexistent/x.txt: no such file or directory"
cd "$work" || exit 2

# ---- Files vanishing and changing while add reads them ---------------------
mkdir -p vanish/corpus
cd vanish || exit 2
for ((i = 0; i < 400; i++)); do
    printf 'vanishing document %d quagga\n%0200d\n' "$i" 0 >"corpus/v-$i.txt"
done
$T "$D" add --no-progress -j 1 corpus >/dev/null 2>"$work/vanish.err" &
apid=$!
for ((i = 399; i >= 0; i -= 2)); do rm -f "corpus/v-$i.txt"; done
wait "$apid"
rc=$?
checks=$((checks + 1))
case $rc in 0 | 1) ;; *) fail "add with vanishing files: exit $rc" ;; esac
gone=$(grep -c ': no such file or directory$' "$work/vanish.err")
other=$(grep -v ': no such file or directory$' "$work/vanish.err" | grep -vc ' added, ')
indexed=$("$D" search -c quagga 2>/dev/null)
# Every file still there is indexed; a deleted one is indexed, reported
# gone, or was deleted before the walk saw it.
"$D" search -l -n 1000 quagga 2>/dev/null | sort >"$work/vanish.indexed"
(cd corpus && ls) | sed 's|^|corpus/|' | sort >"$work/vanish.left"
check_eq "vanishing files: every file left is indexed" "" \
    "$(comm -23 "$work/vanish.left" "$work/vanish.indexed" | head -3)"
checks=$((checks + 1))
[ $((${indexed:-0} + gone)) -le 400 ] || fail "vanishing files: a file both indexed and reported"
check_eq "vanishing files: no other messages" 0 "$other"
check_contains "vanishing files: counts" "$(tail -1 "$work/vanish.err")" " $gone failed"
check_true "vanishing files: xapian-check" xcheck_index .dossier
# update removes what vanished.
$T "$D" update --no-progress >/dev/null 2>&1
check_eq "update after vanishing files" 200 "$("$D" search -c quagga 2>/dev/null)"
echo "hostile: vanishing files: $indexed indexed, $gone reported gone"

# One file rewritten (two contents, replaced by a rename or rewritten in
# place) while add reads it, again and again: each run ends, what is
# indexed is the file as it was at some moment (a writer in place passes
# through the prefixes of the new content), never a mixture of two
# versions; once the writes stop, the index matches the file.
mkdir changing
big_a() { awk 'BEGIN { for (i = 0; i < 300000; i++) print "alphaversion line", i }'; }
big_b() { awk 'BEGIN { for (i = 0; i < 200000; i++) print "betaversion row", i }'; }
big_a >changing/a.tmp
big_b >changing/b.tmp
cp changing/a.tmp changing/live.txt
(
    while [ ! -e "$work/stop-writer" ]; do
        cp changing/b.tmp changing/live.txt.new && mv changing/live.txt.new changing/live.txt
        cat changing/a.tmp >changing/live.txt
        : >changing/live.txt
        cat changing/b.tmp >changing/live.txt
    done
) &
wpid=$!
# What the index holds of live.txt must not mix the two versions.
whole_version() {
    local text na nb
    text=$("$D" show --json changing/live.txt 2>/dev/null)
    na=$(printf '%s' "$text" | grep -o alphaversion | wc -l)
    nb=$(printf '%s' "$text" | grep -o betaversion | wc -l)
    if [ "$na" -gt 0 ] && [ "$nb" -gt 0 ]; then
        echo "live.txt indexed with $na alpha and $nb beta lines" >&2
        return 1
    fi
}
runs_ok=0 torn=0
for ((i = 0; i < 20; i++)); do
    $T "$D" add --no-progress changing/live.txt >/dev/null 2>>"$work/changing.err"
    rc=$?
    case $rc in 0 | 1) runs_ok=$((runs_ok + 1)) ;; *) fail "add of a changing file: exit $rc" ;; esac
    whole_version || torn=$((torn + 1))
done
check_eq "changing file: never two versions mixed" 0 "$torn"
touch "$work/stop-writer"
wait "$wpid"
cp changing/b.tmp changing/live.txt
$T "$D" add --no-progress changing/live.txt >/dev/null 2>&1
check_eq "changing file: 20 runs ended" 20 "$runs_ok"
check_eq "changing file: final content indexed" 1 "$("$D" search -c betaversion 2>/dev/null)"
check_eq "changing file: old content gone" 0 "$("$D" search -c alphaversion 2>/dev/null)"
n=$("$D" show --json changing/live.txt | sed -n 's/.*"bytes":\([0-9]*\).*/\1/p')
check_eq "changing file: size recorded" "$(wc -c <changing/live.txt)" "$n"
echo "hostile: changing file: messages seen: $(grep '^dossier: ' "$work/changing.err" | sed 's/^dossier: [^:]*: //' | sort | uniq -c | tr -s ' \n' ' ')"
cd "$work" || exit 2

# ---- Unreadable files and folders ------------------------------------------
# Permissions do not stop root: as root, run dossier as "nobody".
mkdir -p perm/corpus/locked
printf 'lynx readable\n' >perm/corpus/ok.txt
printf 'caracal locked\n' >perm/corpus/secret.txt
printf 'hidden away\n' >perm/corpus/locked/inside.txt
chmod 000 perm/corpus/secret.txt perm/corpus/locked
as_user=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chmod 777 perm
        chmod 755 perm/corpus
        d=$work
        while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; d=$(dirname "$d"); done
    else
        echo "hostile: running as root without setpriv: unreadable files not tested"
    fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    cd perm || exit 2
    run $T "${as_user[@]}" "$D" add --no-progress corpus
    check_eq "unreadable: exit status" 1 "$rc"
    check_contains "unreadable file" "$err" "dossier: corpus/secret.txt: permission denied"
    check_contains "unreadable folder" "$err" "dossier: corpus/locked: permission denied"
    check_eq "unreadable: two failures" 2 "$(printf '%s\n' "$err" | grep -c 'permission denied')"
    check_eq "unreadable: the readable file is indexed" 1 "$("${as_user[@]}" "$D" search -c lynx 2>/dev/null)"
    # Unchanged, they are not read again; made readable (a chmod moves
    # only the status change time), they are.
    run $T "${as_user[@]}" "$D" add --no-progress corpus
    check_eq "unreadable again: exit status (the folder)" 1 "$rc"
    check_not_contains "unreadable again: file not read" "$err" "secret.txt"
    check_contains "unreadable again: passed over" "$err" "1 file that failed before was not read again"
    chmod 644 corpus/secret.txt
    run $T "${as_user[@]}" "$D" add --no-progress corpus
    check_eq "made readable: exit status (the folder)" 1 "$rc"
    check_contains "made readable: indexed" "$err" "1 added"
    check_eq "made readable: found" 1 "$("${as_user[@]}" "$D" search -c caracal 2>/dev/null)"
    cd "$work" || exit 2
fi
chmod -R u+rwx perm

# ---- Bad queries -----------------------------------------------------------
cd h || exit 2
nq=0
bad_query() {
    nq=$((nq + 1))
    run $T "$D" search --color never --now 2020-01-01 "$@"
    local label="$*"
    [ ${#label} -gt 80 ] && label="${label:0:80}... (${#label} bytes)"
    checks=$((checks + 1))
    case $rc in
    0 | 1) ;;
    *) fail "query [$label]: exit $rc: ${err:0:300}" ;;
    esac
    if printf '%s\n' "$err" | grep -v '^$' | grep -qv '^dossier: '; then
        fail "query [$label]: stray output on stderr: ${err:0:300}"
    fi
}
# (one argument may hold 128 KB)
long_query=$(awk 'BEGIN { for (i = 0; i < 12000; i++) printf "word%d ", i }')
deep_parens=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "("; printf "bilby"; for (i = 0; i < 5000; i++) printf ")" }')
deep_nots=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "NOT "; printf "bilby" }')
many_ors=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "w%d OR ", i; printf "bilby" }')
for q in "" " " "AND" "OR OR OR" "NOT" "(((" ")))" '"' '"""' '"unclosed phrase' \
    "a AND" "AND a" "NEAR" "a NEAR/0 b" "a NEAR/999999999999 b" "a NEAR/-3 b" \
    'NEAR(a b, 99999999999)' '"a b"~99999999999' "*" "a*" "**" "z*" "title:" ":" "::" \
    "date:" "date:9999-99-99" "date:0000-00-00" "date:2017-02-30" "date:..." "date:...." \
    "date:2017..2016" "date:>=" "date:<" "date:last 99999999999 years" "date:99999999999d" \
    "mentions:garbage" "year:-1" "path:" "dir:/" "ext:" "type:" "author:\"" \
    "$(printf 'caf\351')" "$(printf '\377\376\375')" "$(printf 'tab\there')" "$(printf 'esc\033[2J')" \
    "$long_query" "$deep_parens" "$deep_nots" "$many_ors" "+ - + -" "-bilby" "NOT bilby"; do
    bad_query "$q"
    bad_query --json "$q"
done
bad_query --passages "$deep_parens"
bad_query --facet month "$many_ors"
huge_query=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "w%d OR (", i; printf "bilby" }')
printf '%s\n' "" "(((" "$deep_nots" "date:9999-99-99" "$(printf 'caf\351')" "*" "$huge_query" |
    $T "$D" search --batch >/dev/null 2>"$work/batch.err"
rc=$?
checks=$((checks + 1))
case $rc in 0 | 1) ;; *) fail "bad queries in --batch: exit $rc: $(head -3 "$work/batch.err")" ;; esac
nq=$((nq + 7))
echo "hostile: $nq bad queries"

# ---- Bad option values -----------------------------------------------------
nopt=0
bad_option() {
    nopt=$((nopt + 1))
    run $T "$D" "$@"
    check_eq "[$*]: exit status" 2 "$rc"
    # getopt names an unknown option on a line of its own first.
    case "$*" in
    *--no-such-option*) err=$(printf '%s\n' "$err" | grep -v 'unrecognized option') ;;
    esac
    check_eq "[$*]: one line on stderr" 1 "$(printf '%s\n' "$err" | grep -c .)"
    check_contains "[$*]: says what is wrong" "$err" "dossier: "
}
for args in "search -n -1 x" "search -n abc x" "search -n 99999999999999999999999 x" \
    "search --offset -5 x" "search -k -1 x" "search --k1 nan x" "search --k1 -1 x" \
    "search --b 2 x" "search --b abc x" "search --now 2017-13-45 x" "search --now yesterday-ish x" \
    "search --sort sideways x" "search --facet week x" "search --color sometimes x" \
    "search --width -1 x" "search --no-such-option x" "search --index /nonexistent x" \
    "add -j 0 corpus" "add -j 100000 corpus" "add --batch-mb 0 corpus" "add --batch-mb -1 corpus" \
    "add --max-size 0 corpus" "add --max-size abc corpus" "add --date-order ymd corpus" \
    "add --no-such-option corpus" "show" "show --no-such-option x" "remove" \
    "stats --no-such-option" "no-such-command"; do
    # shellcheck disable=SC2086
    bad_option $args
done
run "$D" search --index "$work/h/corpus/plain.txt.gz" x
check_eq "--index on a file: exit status" 2 "$rc"
run "$D" search --index "$work/h/corpus" x
check_eq "--index on a folder that is not an index: exit status" 2 "$rc"
check_contains "--index on a folder that is not an index: message" "$err" "not a Dossier index"
nopt=$((nopt + 2))
echo "hostile: $nopt bad option values"
finish
