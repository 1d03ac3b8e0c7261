#!/bin/sh
# 26-shared-progress.sh - the lab and the command line share the progress
# file: with the lab open on the exercises, `lockstep verify` in another
# terminal records a pass; the lab shows it within a few seconds without a
# key; a hint taken in the lab and one taken on the command line meanwhile
# are both kept; after the lab quits, every record is still there (and
# `lockstep progress` shows the pass).
. "$(dirname "$0")/lib.sh"

export LOCKSTEP_WORKSPACE="$E2E_TMP/ws" LOCKSTEP_EXERCISE_QUICK=1
"$LOCKSTEP" exercises init >/dev/null || fail "exercises init: exit $?"
state="$XDG_STATE_HOME/lockstep/progress.json"

start_lab 05-race-conditions
wait_for "Lesson 5 of"
keys x
wait_for "Exercises: 0 of"

# Another terminal: pass 02 and take a hint for 03.
cp "$root/tests/exercises/02-atomic-tickets/solution.c" "$LOCKSTEP_WORKSPACE/02-atomic-tickets.c"
out=$("$LOCKSTEP" verify --quick --no-tsan 2 2>&1) || fail "verify 2: exit $?: $out"
"$LOCKSTEP" hint 3 >/dev/null || fail "hint 3: exit $?"

# The lab sees the pass without a key press (it looks once a second).
wait_for "Exercises: 1 of" 10
wait_match "passed +02 atomic-tickets"

# The lab records something of its own: a hint for the selected one (01,
# the next pending one when the lab opened).
keys h
wait_for "Hint 1 of"

keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
[ "$lab_status" = 0 ] || fail "exit status $lab_status"

# Everything is on disk: the CLI's pass and hint, and the lab's hint.
out=$("$LOCKSTEP" progress) || fail "lockstep progress: exit $?"
printf '%s\n' "$out" | grep -qE "^Exercises passed: 1 of [0-9]+ \(next: 01 lost-updates\)" ||
	fail "lockstep progress: $out"
printf '%s\n' "$out" | grep -qE "^ +passed 02 atomic-tickets" || fail "lockstep progress: $out"
out=$("$LOCKSTEP" exercises) || fail "lockstep exercises: exit $?"
printf '%s\n' "$out" | grep -qE "^ +done +02 atomic-tickets" || fail "02 not done after the lab quit: $out"
[ "$(jq -r '.exercises["03-semaphore-limit"].hints' "$state")" = 1 ] ||
	fail "the CLI's hint for 03 was lost: $(cat "$state")"
[ "$(jq -r '.exercises["01-lost-updates"].hints' "$state")" = 1 ] ||
	fail "the lab's hint for 01 was lost: $(cat "$state")"
exit 0
