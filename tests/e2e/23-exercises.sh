#!/bin/sh
# 23-exercises.sh - a lesson names its exercises; x opens the exercises view
# on them; v verifies the pristine 01 without freezing the screen and shows
# FAIL with its summary; with the reference solution copied in, v shows
# PASS and why it works; the pass is recorded (`lockstep exercises` says
# done).
. "$(dirname "$0")/lib.sh"

# A fresh workspace. Exported before the first session starts the tmux
# server, so the lab inherits them; `init` also remembers the workspace in
# the progress, which the lab reads as well.
export LOCKSTEP_WORKSPACE="$E2E_TMP/ws" LOCKSTEP_EXERCISE_QUICK=1
"$LOCKSTEP" exercises init >/dev/null || fail "exercises init: exit $?"
[ -f "$LOCKSTEP_WORKSPACE/01-lost-updates.c" ] || fail "init copied nothing"

start_lab 05-race-conditions
wait_for "Lesson 5 of"
keys End
wait_for "Exercises for this lesson: 01 lost-updates, 02 atomic-tickets"
keys x
wait_for "Exercises: 0 of"
wait_for "Workspace: $LOCKSTEP_WORKSPACE"
wait_match "next +01 lost-updates +lesson 05"
wait_for "02 atomic-tickets"
wait_for "Several threads call"

keys v
wait_for "FAIL" 60
wait_for "01 lost-updates"
wait_for "counter_add()"
wait_for "Stuck? h shows hint 1 of 3"

cp "$root/tests/exercises/01-lost-updates/solution.c" "$LOCKSTEP_WORKSPACE/01-lost-updates.c"
keys v
wait_for "PASS" 120
wait_for "Why it works"
wait_for "recorded in your progress"
wait_match "passed +01 lost-updates"

keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
[ "$lab_status" = 0 ] || fail "exit status $lab_status"

out=$("$LOCKSTEP" exercises) || fail "lockstep exercises: exit $?"
printf '%s\n' "$out" | grep -qE "^ +done +01 lost-updates" || fail "01 not done: $out"
printf '%s\n' "$out" | grep -qE "^ +pending +02 atomic-tickets" || fail "02 should be pending: $out"
exit 0
