#!/bin/sh
# 18-wide.sh - at 160x48 the lesson list is shown with its marks (● current,
# ✓ done) and a python/c pair sits side by side.
. "$(dirname "$0")/lib.sh"

COLS=160 ROWS=48
lesson=$(grep -l '^```python pair' "$root"/lessons/[0-9][0-9]-*.md | head -n 1)
[ -n "$lesson" ] || { echo "no lesson with a python/c pair: skipped"; exit 0; }
num=$(basename "$lesson" | sed 's/-.*//; s/^0//')
start_lab "$num"
wait_for " Lessons"
wait_for "● "
keys d
# its quiz is unanswered, so the lab asks first (28-done-asks tests the question)
wait_for "mark it done anyway? (y/n)"
keys y
wait_for "marked done"
wait_for "●✓"
# find the pair: a line with "python" and "c" captions side by side
for i in $(seq 40); do
	screen | grep -qE "[Pp]ython.*[│|] .*\bC\b|[Pp]ython +.* C( |$)" && break
	keys PageDown
	sleep 0.05
done
screen | grep -qE "[Pp]ython.*[│|] .*\bC\b|[Pp]ython +.* C( |$)" || fail "no side-by-side python/c pair"
keys q
wait_exit
assert_tty_restored
