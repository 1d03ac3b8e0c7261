#!/bin/sh
# 07-prompt.sh - the ':' prompt: Tab completes commands, demos and
# parameters (and shows the candidates), a command runs, Up recalls it,
# the history outlives the session, and mistakes get a one-line error.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys :
keys -l "ru"
keys Tab
wait_for "run  runs"
keys C-u
keys -l "run race_c"
keys Tab
wait_for ":run race_counter"
keys -l "it"
wait_for ":run race_counter it"
keys Tab
wait_for ":run race_counter iters="
keys -l "100000"
keys Enter
wait_for "done in" 30
wait_match "expected +200,000"
keys Escape
wait_for "? keys"
keys :
keys Up
wait_for ":run race_counter iters=100000"
keys Escape
wait_for "? keys"
keys :
keys -l "frobnicate"
keys Enter
wait_for "unknown command 'frobnicate'"
keys :
keys -l "run race_counter threads=0"
keys Enter
wait_for "run: threads must be 1..256, got 0"
keys q
wait_exit
assert_tty_restored
grep -q "iters=100000" "$XDG_STATE_HOME/lockstep/history" || fail "history not saved"

# a new session finds the history
start_lab
wait_for "First fixture lesson"
keys :
keys Up
wait_for ":run race_counter threads=0"
keys Up
wait_for "frobnicate"
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
