#!/bin/bash
# Ctrl-C (SIGINT) or SIGTERM during add: the work done so far is kept and
# said so, the exit status is 130, and the next add completes the rest.
. "$(dirname "$0")/lib.sh"

mkdir many
for i in $(seq 1 3000); do
    printf 'Note %d\n\nMarch %d, 2019\n\nA short note number %d about tariffs and quotas.\n' \
        "$i" $((i % 28 + 1)) "$i" >"many/note-$i.txt"
done
"$D" --index idx add --no-progress -j 1 --batch-mb 1 many >out 2>err &
pid=$!
# Let it start (index created), then interrupt it.
for _ in $(seq 1 100); do
    [ -f idx/config ] && break
    sleep 0.05
done
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ]; then
    echo "t-interrupt: add finished before the signal; nothing to check" >&2
else
    check_eq "interrupted: exit 130" 130 "$rc"
    check_contains "interrupted: said so" "$(cat err)" "interrupted, work so far kept:"
    check_contains "interrupted: answered at once" "$(head -n 1 err)" \
        "dossier: stopping: keeping the work done so far (a second Ctrl-C stops at once"
    kept=$(sed -n 's/^interrupted, work so far kept: \([0-9]*\) added.*/\1/p' err)
    run "$D" --index idx stats --json
    check_contains "interrupted: the work kept is in the index" "$out" "\"documents\":$kept,"
    run "$D" --index idx add --no-progress many
    check_contains "the next add completes it" "$err" "$((3000 - kept)) added, 0 changed, $kept unchanged"
fi
run "$D" --index idx search -c tariffs
check_eq "every note searchable" 3000 "$out"

finish
