#!/bin/sh
# 14-help.sh - ? shows every key from the keymap table and the commands;
# Esc goes back to the lesson.
. "$(dirname "$0")/lib.sh"
fixture_data

COLS=100 ROWS=60
start_lab
wait_for "First fixture lesson"
keys '?'
wait_for "Everywhere"
for k in "Tab" "Esc" "Ctrl-C" "PgDn" "g N Enter" "] [ Shift-Tab" "a b c / 1 2 3"; do
	screen | grep -qF -- "$k" || fail "help lacks '$k'"
done
keys End
wait_for "goto N|id"
wait_for "Editing the prompt"
keys Escape
wait_for "First fixture lesson"
keys q
wait_exit
assert_tty_restored
