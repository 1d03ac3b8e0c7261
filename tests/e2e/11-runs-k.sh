#!/bin/sh
# 11-runs-k.sh - :runs K then R runs the demo K times and shows each
# variant's spread: wrong k/K, min/median/max observed, a strip of ✓/✗.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "demo race_counter"
keys :
keys -l "runs 4"
keys Enter
wait_for "K = 4"
keys :
keys -l "set race_counter iters=100000"
keys Enter
wait_for "race_counter: iters=100000"
keys R
wait_for "4 runs in" 60
s=$(screen)
printf '%s\n' "$s" | grep -q "wrong *0/4" || fail "no 'wrong 0/4' for a safe variant"
printf '%s\n' "$s" | grep -q "median" || fail "no median"
printf '%s\n' "$s" | grep -q "✓✓✓✓" || fail "no strip of four ✓"
printf '%s\n' "$s" | grep -q "iters=100000" || fail "set did not apply"
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
