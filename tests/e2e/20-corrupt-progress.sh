#!/bin/sh
# 20-corrupt-progress.sh - a corrupt progress file is a warning on the status
# bar, never a crash; the lab starts afresh and saves a good file again.
. "$(dirname "$0")/lib.sh"
fixture_data

mkdir -p "$XDG_STATE_HOME/lockstep"
printf '{"version": 1, "current": "sec' >"$XDG_STATE_HOME/lockstep/progress.json"
start_lab
wait_for "was not a valid progress"
wait_for "First fixture lesson"
keys n
wait_for "Second fixture lesson"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
jq -e '.current == "second"' "$XDG_STATE_HOME/lockstep/progress.json" >/dev/null ||
	fail "progress not saved afresh: $(cat "$XDG_STATE_HOME/lockstep/progress.json")"
