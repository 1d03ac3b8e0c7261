#!/bin/sh
# 02-navigate.sh - moving between lessons: n and p, g N Enter, :goto id,
# :next and :prev, and a message at either end.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys n
wait_for "Second fixture lesson"
wait_for "Lesson 2 of 3"
keys p
wait_for "First fixture lesson"
keys p
wait_for "this is the first lesson"
keys g
wait_for "go to lesson:"
keys -l 3
keys Enter
wait_for "Third fixture lesson"
keys n
wait_for "this is the last lesson"
keys : 
keys -l "goto second"
keys Enter
wait_for "Second fixture lesson"
keys :
keys -l "next"
keys Enter
wait_for "Third fixture lesson"
keys :
keys -l "goto 99"
keys Enter
wait_for "no lesson '99'"
keys q
wait_exit
assert_tty_restored
