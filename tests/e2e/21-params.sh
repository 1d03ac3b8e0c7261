#!/bin/sh
# 21-params.sh - e edits the focused demo's parameters on the prompt, with
# every parameter's range shown above it; a value out of range is refused
# with the registry's message, a good one is used by the next run.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "demo race_counter"
keys ']'
wait_for "r run"
keys e
wait_for ":set race_counter threads=2 iters=2000000 seed=1 slowmo=0"
wait_for "threads 1..256"
keys C-u
keys -l "set threads=999"
keys Enter
wait_for "set: threads must be 1..256, got 999"
keys e
wait_for ":set race_counter"
keys C-u
keys -l "set race_counter threads=3 iters=1000"
keys Enter
wait_for "race_counter: threads=3 iters=1000"
keys r
wait_for "done in" 30
wait_for "threads=3 iters=1000 "
wait_match "expected +3,000"
keys Escape
keys q
wait_exit
assert_tty_restored
