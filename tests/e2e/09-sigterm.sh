#!/bin/sh
# 09-sigterm.sh - SIGTERM (also while a demo runs) and SIGHUP end the lab
# cleanly: the terminal is restored, the demo is gone, the place is saved,
# and the exit status says which signal ended it (143, 129), as for any
# program killed by one.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab 3
wait_for "Third fixture lesson"
keys ']'
wait_for "r run"
keys r
wait_for "running"
pid=$(lab_pid)
kids=$(pgrep -P "$pid" | tr '\n' ' ')
[ -n "$kids" ] || fail "no demo process"
kill -TERM "$pid"
wait_exit
[ "$lab_status" = 143 ] || fail "exit status after SIGTERM: $lab_status, expected 143"
assert_tty_restored
for k in $kids; do
	kill -0 "$k" 2>/dev/null && fail "demo process $k outlived the lab"
done
grep -q '"third"' "$XDG_STATE_HOME/lockstep/progress.json" || fail "place not saved"

start_lab
wait_for "Third fixture lesson"
kill -HUP "$(lab_pid)"
wait_exit
[ "$lab_status" = 129 ] || fail "exit status after SIGHUP: $lab_status, expected 129"
assert_tty_restored
