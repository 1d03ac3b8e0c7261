#!/bin/sh
# 24-views.sh - at 80x24, every view is reached through the app's table and
# Esc leads back to where it was opened from: the reader, the demo panel
# (r), the source (s, from the reader and from the demo panel), the help (?,
# from the reader and from the source), the exercises (x), and a learner's
# file shown by the exercises in the source view, where E hands over to the
# exercises (edit, then "verify it now?"). Each view shows its own key hints;
# the one y/n question takes y, Enter and no as each question says. The
# terminal is restored on the way out.
. "$(dirname "$0")/lib.sh"
fixture_data
mkdir -p "$LOCKSTEP_DATA/tests"
ln -s "$root/tests/exercises" "$LOCKSTEP_DATA/tests/exercises"
# exported before the first session starts the tmux server: the lab inherits them
export LOCKSTEP_WORKSPACE="$E2E_TMP/ws" LOCKSTEP_EXERCISE_QUICK=1
# the editor records the file it was given
cat >"$E2E_TMP/editor" <<EOF2
#!/bin/sh
echo "\$1" >"$E2E_TMP/edited"
EOF2
chmod +x "$E2E_TMP/editor"
export EDITOR="$E2E_TMP/editor" VISUAL=

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
wait_for "r again  R xK  e params  p pin  Esc back" # the source to the panel
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
keys i
wait_for "(y/n)"
keys y
wait_match "copied [0-9]+ files into"
[ -f "$LOCKSTEP_WORKSPACE/01-lost-updates.c" ] || fail "y created no workspace"

# the exercises -> the learner's file in the source view; E there edits it
# (the exercises view does), then "verify it now?": Enter says yes, and the
# verify shows in the exercises view; Esc goes back to the reader
keys Up
keys s
wait_for "$LOCKSTEP_WORKSPACE/01-lost-updates.c"
wait_for "E edit  / search  Esc back"
keys E
wait_for "verify 01 lost-updates now? (y/n)"
grep -q "01-lost-updates.c" "$E2E_TMP/edited" || fail "the editor did not get the learner's file"
keys Enter
wait_for "Exercises: 0 of"
wait_match "FAIL +01 lost-updates" 60
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
