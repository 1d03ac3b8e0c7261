#!/bin/sh
# 03-race-counter.sh - r on a focused demo card runs race_counter: four
# variant columns; the unsafe count is wrong (✗, observed < expected), the
# three protected ones exact (✓). A busy machine can hide the race (the
# threads take turns), so it tries a few times.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "demo race_counter"
keys ']'
wait_for "r run"
tries=8
for try in $(seq $tries); do
	keys r
	wait_for "done in" 30
	s=$(screen)
	for v in unsafe mutex atomic local; do
		printf '%s\n' "$s" | grep -q "$v" || fail "no $v column"
	done
	verdicts=$(printf '%s\n' "$s" | grep -E "WRONG|correct" | head -n 1)
	# columns in order: unsafe first, then three exact ones
	ok=$(printf '%s\n' "$verdicts" | grep -o "✓ correct" | wc -l)
	case $verdicts in
	*"✗ WRONG"*"✓ correct"*) [ "$ok" -eq 3 ] && break ;;
	esac
	# a loaded machine can hide the race: run again
	echo "try $try: $verdicts" >&2
	[ "$try" = "$tries" ] && fail "expected '✗ WRONG' then three '✓ correct', got: $verdicts"
	keys Escape
	wait_for "? keys"
done
# the first number on each row is the unsafe column's
obs=$(printf '%s\n' "$s" | grep -o "observed *[0-9]*" | head -n 1 | awk '{ print $2 }')
exp=$(printf '%s\n' "$s" | grep -o "expected *[0-9]*" | head -n 1 | awk '{ print $2 }')
[ -n "$obs" ] && [ -n "$exp" ] || fail "no expected/observed numbers"
[ "$obs" -lt "$exp" ] || fail "unsafe observed $obs is not below expected $exp"
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
