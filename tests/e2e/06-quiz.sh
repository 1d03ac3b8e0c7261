#!/bin/sh
# 06-quiz.sh - answering a quiz: ] focuses a question, a letter or a digit
# answers, feedback and the explanation show at once, the answers are in
# the progress file, and passing the quiz marks the lesson done.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys ']'
wait_for "r run"
keys ']'
wait_for "answer: a b c"
keys b
wait_for "Right"
wait_for "The card says threads=2."
keys ']'
wait_for "answer: a b c"
keys 1
wait_for "Not quite"
wait_for "It counts privately"
keys 2
wait_for "Quiz passed"
wait_for "1/3 done"
state="$XDG_STATE_HOME/lockstep/progress.json"
[ -f "$state" ] || fail "no progress file"
[ "$(jq -c '.answers.first' "$state")" = "[1,1]" ] || fail "answers: $(jq -c . "$state")"
keys q
wait_exit
assert_tty_restored
