#!/bin/sh
# 01-open.sh - the lab opens on the first lesson: its title, the status bar
# (lesson N of M, hints), the lesson list folded away at 80x24 (shown from
# 100 columns; COLS/ROWS pick the size); q quits with status 0 and the
# terminal as it was.
. "$(dirname "$0")/lib.sh"

title=$(sed -n 's/^title: //p' "$root"/lessons/01-*.md | head -n 1)
[ -n "$title" ] || fail "no title in lessons/01-*.md"
n=$(ls "$root"/lessons/[0-9][0-9]-*.md | wc -l)

start_lab
wait_for "$title"
wait_for "Lesson 1 of $n"
wait_for "? keys"
if [ "$COLS" -lt 100 ]; then
	screen | grep -q "^ Lessons" && fail "the lesson list should be folded at ${COLS}x$ROWS"
else
	wait_for " Lessons"
fi
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
