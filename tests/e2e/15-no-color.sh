#!/bin/sh
# 15-no-color.sh - colours by default; NO_COLOR (set and non-empty) or
# --color=never: attributes only (bold, reverse, underline), still ✓/✗.
. "$(dirname "$0")/lib.sh"
fixture_data

esc=$(printf '\033')
has_color() { tm capture-pane -e -p -t "$lab" | grep -q "$esc\[[0-9;]*3[1-7]m\|$esc\[[0-9;]*38;5"; }

run_demo() {
	wait_for "demo race_counter"
	keys :
	keys -l "run race_counter iters=1000"
	keys Enter
	wait_for "done in" 30
	wait_for "✓ correct"
}

start_lab
run_demo
has_color || fail "no colours by default"
keys q q
wait_exit

export NO_COLOR=1
start_lab
run_demo
has_color && fail "colours despite NO_COLOR"
tm capture-pane -e -p -t "$lab" | grep -q "$esc\[[0-9;]*[17]m" || fail "no bold/reverse"
keys q q
wait_exit
unset NO_COLOR

start_lab --color=never
run_demo
has_color && fail "colours despite --color=never"
keys q q
wait_exit
assert_tty_restored
