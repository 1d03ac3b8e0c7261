#!/bin/sh
# 33-panel-pin.sh - at 80x24, p pins the demo panel's result; the next run
# with another parameter appears beside it, the parameter that differs
# marked with a * (and reverse video) on both sides, the others not; p
# again unpins. In the reader, p is still "previous lesson".
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "demo race_counter"
keys :
keys -l "set race_counter iters=20000"
keys Enter
wait_for "race_counter: iters=20000"
keys r
wait_for "done in" 60
keys p
wait_for "pinned: change a parameter"
keys :
keys -l "set race_counter iters=3000"
keys Enter
wait_for "race_counter: iters=3000"
keys r
wait_for "now race_counter" 60
wait_gone "(running)" 60
s=$(screen)
line=$(printf '%s\n' "$s" | grep '[*]iters=' | head -1)
printf '%s\n' "$line" | grep -q '\*iters=20000 .*\*iters=3000\b' ||
	{ printf '%s\n' "$s" >&2; fail "the changed parameter is not marked on both sides: $line"; }
printf '%s\n' "$s" | grep -q '\*threads=' && fail "an unchanged parameter is marked"
printf '%s\n' "$s" | grep -q "pinned race_counter" || fail "no pinned column"
# each side has a line per variant: the pinned side expects 40,000, now 6,000
printf '%s\n' "$s" | grep -q "mutex . 40,000.*mutex . 6,000" ||
	{ printf '%s\n' "$s" >&2; fail "no mutex row on both sides"; }
# reverse video on the marked parameter (tmux shows attributes with -e)
tm capture-pane -e -p -t "$lab" | grep "[*]iters=" | head -1 | grep -q "$(printf '\033')\[[0-9;]*7[;m][^*]*\*iters=20000" ||
	fail "the changed parameter is not in reverse video"
keys p
wait_for "unpinned"
wait_gone "pinned race_counter"
keys Escape
wait_for "? keys"
# the reader keeps p for the previous lesson
keys n
wait_for "Lesson 2 of"
keys p
wait_for "Lesson 1 of"
keys q
wait_exit
assert_tty_restored
