#!/bin/sh
# 06-quiz.sh - answering a quiz: ] focuses a question (shown in reverse), a
# letter or a digit answers, feedback and the explanation show at once, the
# answers are in the progress file, and passing the quiz marks the lesson
# done. The first answer counts: another key afterwards changes nothing, so
# a wrong first answer followed by the right one does not pass the quiz.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys ']'
wait_for "r run"
keys ']'
wait_for "answer: a b c"
tm capture-pane -e -p -t "$lab" | grep "How many threads" | grep -q "$(printf '\033')\[[0-9;]*7m" ||
	fail "the focused question is not shown in reverse"
keys b
wait_for "Right"
wait_for "The card says threads=2."
keys a
wait_for "The first answer counts: you chose b, right."
keys ']'
wait_for "answer: a b c"
keys 2
wait_for "Quiz passed"
wait_for "1/3 done"
keys 1
wait_for "The first answer counts: you chose b, right."
state="$XDG_STATE_HOME/lockstep/progress.json"
[ -f "$state" ] || fail "no progress file"
[ "$(jq -c '.answers.first' "$state")" = "[1,1]" ] || fail "answers: $(jq -c . "$state")"
keys q
wait_exit
assert_tty_restored

# a wrong first answer, then the right one: the quiz is not passed
rm -f "$state"
start_lab 1
wait_for "First fixture lesson"
keys ']'
wait_for "r run"
keys ']'
wait_for "answer: a b c"
keys a
wait_for "Not quite"
keys b
wait_for "The first answer counts: you chose a; the right one is shown."
keys ']'
wait_for "answer: a b c"
keys 2
wait_for "Right. The explanation"
wait_for "0/3 done"
[ "$(jq -c '.answers.first' "$state")" = "[0,1]" ] || fail "answers: $(jq -c . "$state")"
[ "$(jq -c '.done.first // false' "$state")" = false ] || fail "lesson marked done: $(jq -c . "$state")"
keys q
wait_exit
assert_tty_restored
