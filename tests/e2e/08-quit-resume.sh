#!/bin/sh
# 08-quit-resume.sh - q restores the terminal exactly (stty -a before and
# after) and saves the place: the next `lockstep` opens the same lesson at
# the same position.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys n
wait_for "Second fixture lesson"
keys n
wait_for "Third fixture lesson"
keys End
wait_for "slow demo for cancelling"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored

start_lab
wait_for "Lesson 3 of 3"
wait_for "slow demo for cancelling"
keys q
wait_exit
assert_tty_restored
