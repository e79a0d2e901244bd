#!/bin/bash
# security.sh - what dossier writes and runs, links, and file modes.
#
# - No shell, ever: every command, fed file names and queries full of
#   shell syntax, runs under fsaudit.so, which records every program
#   started; none may be, except the one `serve` documents (xapian-tcpsrv,
#   run directly, never through a shell); and no file those names or
#   queries would have created exists.
# - Nothing written outside the index directory: fsaudit.so records every
#   file and folder created, written, renamed or removed; all must lie in
#   the index (add --copy-into writes into the folder it is given, too).
# - Symbolic links: a link out of the corpus is not followed without
#   --follow, and the index is never indexed, whatever link leads to it.
# - The index is created with the user's umask.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"
FSAUDIT=${FSAUDIT:-$bindir/tests/reliability/libfsaudit.so}
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export DOSSIER_NO_SYNC=1

mkdir -p base/corpus/sub outside
cd base || exit 2
cp -R "${DOSSIER_CORPUS:?}"/. corpus/
printf 'secret outside the corpus: zeppelin\n' >"$work/outside/secret.txt"
# Names a shell would act on.
for name in '$(touch pwned1).txt' '`touch pwned2`.txt' 'a;touch pwned3;.txt' \
    'b|touch pwned4.txt' 'c&&touch pwned5.txt' "d'\$(touch pwned6)'.txt" '-rf.txt'; do
    printf 'shell name %s\n' "$name" >"corpus/sub/$name"
done
ln -s "$work/outside/secret.txt" corpus/secret-link.txt
ln -s "$work/outside" corpus/outside-link

audit=$work/audit.log
: >"$audit"
# audited CMD...: run dossier under fsaudit.so.
audited() {
    FSAUDIT_LOG=$audit LD_PRELOAD=$FSAUDIT "$D" "$@"
}

# The whole life of an index, with hostile queries.
run audited add --no-progress corpus
check_eq "add: exit status ($err)" 0 "$rc"
check_eq "add: every shell-syntax name indexed" 7 "$("$D" search -c 'shell name' 2>/dev/null)"
check_eq "link out of the corpus not followed" 0 "$("$D" search -c zeppelin 2>/dev/null)"
check_contains "link out of the corpus: said so" "$err" \
    "dossier: corpus/secret-link.txt: symbolic link leads outside the corpus"
for q in '$(touch pwned7)' '`touch pwned8`' 'x; touch pwned9' '"$(touch pwned10)"' \
    'title:$(touch pwned11)' 'date:$(touch pwned12)' "path:corpus/sub/\$(touch pwned1).txt"; do
    audited search "$q" >/dev/null 2>&1
    audited search --json --passages "$q" >/dev/null 2>&1
done
printf '%s\n' '$(touch pwned13)' '`touch pwned14`' 'sanctions' | audited search --batch >/dev/null 2>&1
audited show 'corpus/sub/$(touch pwned1).txt' >/dev/null 2>&1
check_eq "show a shell-syntax name" 0 "$?"
audited show --json 'corpus/sub/`touch pwned2`.txt' >/dev/null 2>&1
audited stats >/dev/null 2>&1
audited similar corpus/letters/seasonal-visa-letter.txt >/dev/null 2>&1
audited add --dry-run --no-progress corpus >/dev/null 2>&1
printf 'changed\n' >>corpus/sub/-rf.txt
rm 'corpus/sub/a;touch pwned3;.txt'
audited update --no-progress >/dev/null 2>&1
check_eq "update: exit status" 0 "$?"
audited remove 'corpus/sub/b|touch pwned4.txt' >/dev/null 2>&1
check_eq "remove a shell-syntax name" 0 "$?"
audited compact >/dev/null 2>&1
run audited add --no-progress -- 'corpus/sub/-rf.txt' 'corpus/sub/c&&touch pwned5.txt'
check_eq "add named files with shell syntax: exit status" 0 "$rc"
audited add --no-progress --follow corpus >/dev/null 2>&1
# (through the link to it and the link to its folder)
check_eq "--follow: the links out of the corpus are followed" 2 "$("$D" search -c zeppelin 2>/dev/null)"

# Nothing any of those names or queries asked a shell to do was done.
check_eq "no file created by shell syntax" "" "$(find "$work" -name 'pwned*' | head -3)"
# No program started.
check_eq "no program started" "" "$(grep '^X ' "$audit" | head -3)"
# Nothing written outside the index.
index_dir=$work/base/.dossier
outside_writes=$(grep '^W ' "$audit" | cut -c3- | grep -v "^$index_dir\$" | grep -v "^$index_dir/" | sort -u)
check_eq "nothing written outside the index" "" "$(printf '%s' "$outside_writes" | head -5)"
nwrites=$(grep -c '^W ' "$audit")
echo "security: $nwrites writes and removals recorded, all inside the index; no program started"

# --copy-into writes the copy, and only the copy, outside the index.
: >"$audit"
run audited add --no-progress --copy-into corpus/inbox "$work/outside/secret.txt"
check_eq "--copy-into: exit status ($err)" 0 "$rc"
# (mkdir -p of the folder: its parent, which exists, is tried too)
outside_writes=$(grep '^W ' "$audit" | cut -c3- | grep -v "^$index_dir/" | grep -v "^$index_dir\$" |
    grep -v "^$work/base/corpus/inbox" | grep -vx "$work/base/corpus" | sort -u)
check_eq "--copy-into: writes only the index and the copy" "" "$outside_writes"
check_eq "--copy-into: the original is untouched" "secret outside the corpus: zeppelin" \
    "$(cat "$work/outside/secret.txt")"

# serve runs xapian-tcpsrv itself, with its arguments, no shell; an
# interface that is shell syntax is refused before anything starts.
if command -v xapian-tcpsrv >/dev/null; then
    : >"$audit"
    run audited serve --port 1 --interface '$(touch pwned15)'
    check_eq "serve, a hostile interface: exit 2" 2 "$rc"
    check_eq "serve, a hostile interface: nothing started" "" "$(grep '^X ' "$audit")"
    check_eq "serve: no shell" "" "$(find "$work" -name 'pwned*' | head -3)"
    : >"$audit"
    port=$((20000 + ($$ % 20000)))
    # Not through the function: $! must be the server itself (serve
    # execs xapian-tcpsrv), or killing it would leave the server running.
    FSAUDIT_LOG=$audit LD_PRELOAD=$FSAUDIT \
        "$D" serve --port "$port" --interface 127.0.0.1 >/dev/null 2>&1 &
    spid=$!
    for _ in $(seq 1 50); do
        "$D" --shard "tcp://127.0.0.1:$port" search -c shell >/dev/null 2>&1 && break
        sleep 0.1
    done
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
    check_eq "serve: the one program started" "X xapian-tcpsrv" "$(grep '^X ' "$audit" | sort -u)"
fi

# The index is never indexed, whatever link leads to it.
ln -s ../.dossier corpus/index-link
ln -s ../.dossier/config corpus/config-link.txt
ln -s .dossier index-at-base
run "$D" add --no-progress . corpus/index-link index-at-base/config
check_contains "a link to the index folder" "$err" "dossier: corpus/index-link: symbolic link leads into the index"
check_contains "a link to a file in the index" "$err" \
    "dossier: corpus/config-link.txt: symbolic link leads into the index"
check_contains "a path inside the index" "$err" "dossier: index-at-base/config: inside the index"
check_eq "nothing of the index indexed" 0 "$("$D" search -c 'shards' 2>/dev/null)"
cd "$work" || exit 2

# The index is created with the user's umask.
for mask in 077 027 022 002; do
    rm -rf "umask-$mask"
    mkdir "umask-$mask"
    (cd "umask-$mask" && umask "$mask" && "$D" add --no-progress "$work/base/corpus/letters" >/dev/null 2>&1)
    # Every permission bit the umask removes must be absent.
    bad=$(find "umask-$mask/.dossier" -perm "/$mask" | head -3)
    check_eq "umask $mask: no file or folder with a masked permission" "" "$bad"
    # And what it allows is there: the owner reads and writes everything.
    check_eq "umask $mask: owner can read and write" "" "$(find "umask-$mask/.dossier" ! -perm -u+rw | head -3)"
    if [ "$mask" = 002 ]; then
        check_eq "umask 002: the group may write" "" \
            "$(find "umask-$mask/.dossier" -type f ! -name writer ! -perm -g+w | head -3)"
    fi
done
finish
