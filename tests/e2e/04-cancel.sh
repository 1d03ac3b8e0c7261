#!/bin/sh
# 04-cancel.sh - Esc cancels a running demo (its process is gone), Ctrl-C
# too, never the app; Ctrl-C with nothing running quits cleanly.
. "$(dirname "$0")/lib.sh"
fixture_data

children() { pgrep -P "$(lab_pid)" 2>/dev/null | wc -l; }

start_lab 3
wait_for "Third fixture lesson"
keys ']'
wait_for "r run"
keys r
wait_for "running"
wait_for "%"
[ "$(children)" -ge 1 ] || fail "no demo process while running"
keys Escape
wait_for "cancelled" 10
poll_until '[ "$(children)" -eq 0 ]' 5 || fail "the demo is still running after Esc"

keys r
wait_for "running"
keys C-c
wait_for "cancelled after" 10
poll_until '[ "$(children)" -eq 0 ]' 5 || fail "the demo is still running after Ctrl-C"
kill -0 "$(lab_pid)" 2>/dev/null || fail "Ctrl-C during a demo ended the app"
wait_for "race_counter"

keys Escape
wait_for "? keys"
keys C-c
wait_exit
[ "$lab_status" = 0 ] || fail "Ctrl-C exit status $lab_status"
assert_tty_restored
