#!/bin/sh
# 29-history-fifo.sh - a FIFO planted where the ':' history lives neither
# blocks the lab at start nor when a command is entered (libedit would open
# it and wait for a writer): the history is simply not used, and the lab
# goes on and quits normally.
. "$(dirname "$0")/lib.sh"
fixture_data

mkdir -p "$XDG_STATE_HOME/lockstep"
mkfifo "$XDG_STATE_HOME/lockstep/history"
start_lab
wait_for "First fixture lesson"
keys :
keys -l "next"
keys Enter
wait_for "Second fixture lesson"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
[ -p "$XDG_STATE_HOME/lockstep/history" ] || fail "the FIFO was replaced"
