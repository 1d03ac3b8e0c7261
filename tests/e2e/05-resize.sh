#!/bin/sh
# 05-resize.sh - resizing while a demo runs: 80x24 -> 160x48 (the lesson
# list appears) -> 40x10 (terminal too small) -> 80x24, the columns are
# drawn again and the demo still runs; Tab shows the folded lesson list.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab 3
wait_for "Third fixture lesson"
keys ']'
wait_for "r run"
keys r
wait_for "running"
resize 160 48
wait_for " Lessons"
wait_for "Third fixture lesson"
wait_for "local"
resize 40 10
wait_for "terminal too small"
resize 80 24
wait_gone "terminal too small"
wait_for "unsafe"
wait_for "local"
wait_for "running"
screen | grep -q " Lessons" && fail "the lesson list should fold at 80x24"
keys Tab
wait_for " Lessons"
keys Tab
wait_gone " Lessons"
keys Escape
wait_for "cancelled"
keys Escape
wait_for "? keys"
resize "$COLS" "$ROWS"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
