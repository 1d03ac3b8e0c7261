#!/bin/sh
# 28-done-asks.sh - d does not silently mark a lesson done past its quiz:
# with questions unanswered it asks first (n keeps it open, y marks it);
# marking it not done again, or a lesson without a quiz, needs no question.
. "$(dirname "$0")/lib.sh"
fixture_data

state="$XDG_STATE_HOME/lockstep/progress.json"
start_lab 1
wait_for "First fixture lesson"
keys d
wait_for "lesson 1 has 2 quiz questions unanswered: mark it done anyway? (y/n)"
keys n
wait_for "lesson 1 not marked done"
wait_for "0/3 done"
keys ']'
wait_for "r run"
keys ']'
wait_for "answer: a b c"
keys b
wait_for "Right"
keys d
wait_for "lesson 1 has 1 quiz question unanswered: mark it done anyway? (y/n)"
keys y
wait_for "lesson 1 marked done"
wait_for "1/3 done"
[ "$(jq -c '.done.first' "$state")" = true ] || fail "not saved as done: $(jq -c . "$state")"
keys d
wait_for "lesson 1 marked not done"
wait_for "0/3 done"
keys q
wait_exit
assert_tty_restored
