#!/bin/sh
# 24-views.sh - at 80x24, every view is reached through the app's table and
# Esc leads back to where it was opened from: the reader, the demo panel
# (r), the source (s, from the reader and from the demo panel), the help (?,
# from the reader and from the source), the exercises (x); each shows its
# own key hints on the status bar. The terminal is restored on the way out.
. "$(dirname "$0")/lib.sh"
fixture_data
mkdir -p "$LOCKSTEP_DATA/tests"
ln -s "$root/tests/exercises" "$LOCKSTEP_DATA/tests/exercises"
export LOCKSTEP_WORKSPACE="$E2E_TMP/ws"

COLS=80 ROWS=24
start_lab
reader() { # the reader, with its hints
	wait_for "First fixture lesson"
	wait_for "? keys  : command  / search  q quit"
}
reader

# the reader -> the source -> back
keys ']'
wait_for "r run"
keys s
wait_for "lab/race_counter.c"
wait_for "E edit  / search  Esc back"
keys Escape
reader

# the reader -> the help -> back
keys '?'
wait_for "Everywhere"
wait_match "Esc back *$"
keys Escape
reader

# the reader -> the demo panel (the card is still focused); the panel ->
# the source -> back to the panel
keys r
wait_for "race_counter"
wait_for "done in" 60
keys s
wait_for "lab/race_counter.c"
keys '?'
wait_for "Everywhere"
keys Escape
wait_for "lab/race_counter.c" # the help goes back to the source
keys Escape
wait_for "r again  R xK  e params  s source  Esc back" # the source to the panel
keys Escape
reader

# the reader -> the exercises -> back; on the way, the y/n question: for
# "copy the exercises?" only y says yes, so Enter creates nothing
keys x
wait_for "Exercises: 0 of"
keys Down
wait_for "v verify  h hint  s file  E edit  Esc back"
keys i
wait_for "(y/n)"
keys Enter
wait_for "nothing created; i asks again"
[ ! -e "$LOCKSTEP_WORKSPACE" ] || fail "Enter created the workspace"
keys Escape
reader

# :help opens the help from the prompt, and Esc leaves it
keys : ; keys -l 'help' ; keys Enter
wait_for "Everywhere"
keys Escape
reader

keys q
wait_exit
assert_eq "$lab_status" 0 "exit status"
assert_tty_restored
exit 0
