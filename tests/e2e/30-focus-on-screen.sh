#!/bin/sh
# 30-focus-on-screen.sh - ] and [ move the focus to a card you can see: after
# scrolling away from the focused card, ] takes the first card on the screen
# (not the next one after the old focus, off screen), and the focused card's
# title is drawn in reverse so it is clearly the one r would run.
COLS=80 ROWS=24
. "$(dirname "$0")/lib.sh"
fixture_data
# a lesson of its own: three cards far apart
lesson="$E2E_TMP/fixture/lessons/04-far.md"
{
	printf -- '---\ntitle: Cards far apart\nsummary: Three cards with text between.\n'
	printf 'objectives:\n  - move between cards\n---\n\n## Cards\n\n'
	printf '```demo race_counter threads=2 iters=1000\nThe first card.\n```\n\n'
	for i in $(seq 40); do printf 'Filler line %d between the first and second card.\n\n' "$i"; done
	printf '```demo deadlock\nThe second card.\n```\n\n'
	for i in $(seq 40); do printf 'Filler line %d between the second and third card.\n\n' "$i"; done
	printf '```demo exec_system\nThe third card.\n```\n'
} >"$lesson"

# reverse: the line with TEXT carries the reverse attribute (ESC[...7m)
reversed() { tm capture-pane -e -p -t "$lab" | grep -F "$1" | grep -q "$(printf '\033')\[[0-9;]*7m"; }
# until the line with TEXT is drawn in reverse (at most 5 s): the screen may
# show the key hints a moment before the focused card is redrawn
wait_reversed() { poll_until "reversed '$1'" 5; }

start_lab 4
wait_for "Cards far apart"
keys ']'
wait_for "r run"
wait_reversed "demo race_counter" || fail "the focused first card is not drawn in reverse"
keys End
wait_for "demo exec_system"
wait_gone "demo race_counter"
keys ']'
wait_reversed "demo exec_system" || fail "] did not focus the card on the screen:
$(screen)"
screen | grep -q "demo deadlock" && fail "] jumped to the second card, off the screen"
keys Home
wait_for "demo race_counter"
wait_gone "demo exec_system"
keys '['
wait_reversed "demo race_counter" || fail "[ did not focus the card on the screen:
$(screen)"
keys q
wait_exit
assert_tty_restored
