#!/bin/bash
# Ctrl-C (SIGINT), SIGTERM or SIGHUP during add: the work done so far is
# kept and said so, the exit status is 128 + the signal, and the next add
# completes the rest.
. "$(dirname "$0")/lib.sh"

mkdir many
for i in $(seq 1 3000); do
    printf 'Note %d\n\nMarch %d, 2019\n\nA short note number %d about tariffs and quotas.\n' \
        "$i" $((i % 28 + 1)) "$i" >"many/note-$i.txt"
done
# SIGINT (Ctrl-C), SIGTERM (a service stopped) and SIGHUP (a session that
# hangs up) each stop the run cleanly, exiting 128 + the signal's number.
interrupt_with() {
    local sig=$1 want=$2 ix=idx-$1
    # (A background job of a script starts with SIGINT ignored, which
    # Dossier keeps ignored: the signal's default is restored for it.)
    env --default-signal=INT "$D" --index "$ix" add --no-progress -j 1 --batch-mb 1 many >out 2>err &
    pid=$!
    # Let it start (index created), then interrupt it.
    for _ in $(seq 1 100); do
        [ -f "$ix/config" ] && break
        sleep 0.05
    done
    sleep 0.3
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "t-interrupt: add finished before SIG$sig; nothing to check" >&2
    else
        check_eq "SIG$sig: exit $want" "$want" "$rc"
        check_contains "SIG$sig: said so" "$(cat err)" "interrupted, work so far kept:"
        check_contains "SIG$sig: answered at once" "$(head -n 1 err)" \
            "dossier: stopping: keeping the work done so far (a second Ctrl-C stops at once"
        kept=$(sed -n 's/^interrupted, work so far kept: \([0-9]*\) added.*/\1/p' err)
        run "$D" --index "$ix" stats --json
        check_contains "SIG$sig: the work kept is in the index" "$out" "\"documents\":$kept,"
        run "$D" --index "$ix" add --no-progress many
        check_contains "SIG$sig: the next add completes it" "$err" \
            "$((3000 - kept)) added, 0 changed, $kept unchanged"
    fi
    run "$D" --index "$ix" search -c tariffs
    check_eq "SIG$sig: every note searchable" 3000 "$out"
}
interrupt_with INT 130
interrupt_with TERM 143
interrupt_with HUP 129

# Under nohup (SIGHUP ignored), a hang-up does not stop the run.
nohup "$D" --index idx-nohup add --no-progress -j 1 --batch-mb 1 many >out 2>err &
pid=$!
for _ in $(seq 1 100); do
    [ -f idx-nohup/config ] && break
    sleep 0.05
done
kill -HUP "$pid"
wait "$pid"
check_eq "nohup: a hang-up ignored, the run completes" 0 "$?"
check_eq "nohup: every note" 3000 "$("$D" --index idx-nohup search -c tariffs 2>/dev/null)"

finish
