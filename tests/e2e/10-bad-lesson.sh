#!/bin/sh
# 10-bad-lesson.sh - a broken lesson (LOCKSTEP_DATA points to a copy of the
# data with one lesson damaged): the lab shows its problems, with file and
# line, in place of the lesson, and the other lessons still work.
. "$(dirname "$0")/lib.sh"
copy_data

bad=$(ls "$LOCKSTEP_DATA"/lessons/[0-9][0-9]-*.md | sed -n 2p)
num=$(basename "$bad" | sed 's/-.*//; s/^0//')
# a quiz without a right answer, never closed, and no title
sed -i '/^title:/d' "$bad"
printf '\n```quiz\n? Which one?\n- this\n- that\n' >>"$bad"

start_lab "$num"
wait_for "cannot be shown"
wait_for "$(basename "$bad"):"
keys n
wait_for "Lesson $((num + 1)) of" 5 2>/dev/null || wait_for "Lesson 3 of"
wait_gone "cannot be shown"
keys p
wait_for "cannot be shown"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
