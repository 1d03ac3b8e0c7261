#!/bin/sh
# 13-search.sh - / searches the lesson: the match count, n and N step
# through matches while the search is shown, Esc ends it and n means
# "next lesson" again.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
keys /
wait_for "/"
keys -l "variant"
wait_for "match"
keys Enter
wait_for "for 'variant': n next, N previous"
keys n
wait_for "match 2 of"
keys N
wait_for "match 1 of"
# the match is highlighted (reverse or a background colour)
tm capture-pane -e -p -t "$lab" | grep -q "$(printf '\033')\[[0-9;]*m[Vv]ariant" ||
	fail "the match is not highlighted"
keys Escape
wait_for "? keys"
keys n
wait_for "Second fixture lesson"
keys /
keys -l "nothing-like-this"
keys Enter
wait_for "no match for 'nothing-like-this'"
keys q
wait_exit
assert_tty_restored
