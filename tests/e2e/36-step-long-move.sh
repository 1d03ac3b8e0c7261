#!/bin/sh
# 36-step-long-move.sh - a move that takes long does not freeze the lab. The
# fixture tests/stepdemo/slowstep pauses pause_ms between two step points;
# while thread A is in that pause the step view says A is RUNNING, `?` opens
# the help and Esc comes back, each within 1 s, and the move then lands by
# itself; u, which replays that long move in a fresh child, does not freeze
# the lab either. Esc during a long move leaves the view and ends the demo
# within 1 s; Ctrl-C during one stops it and keeps the view. No demo is left
# behind.
. "$(dirname "$0")/lib.sh"

data="$E2E_TMP/data"
mkdir -p "$data/lessons" "$data/lab" "$data/build/lab"
ln -s "$root/build/tests/stepdemo/slowstep" "$data/build/lab/slowstep"
ln -s "$root/tests/stepdemo/slowstep.c" "$data/lab/slowstep.c"
"$data/build/lab/slowstep" --describe >"$data/build/lab/registry.jsonl" || fail "slowstep --describe"
cat >"$data/lessons/01-slow.md" <<'LESSON'
---
title: Slow steps fixture
summary: A demo whose threads pause between two step points.
objectives:
  - keep the lab answering
---

## Slow

Nothing to read here.
LESSON
export LOCKSTEP_DATA="$data"
demo_bin="$data/build/lab/slowstep"
demos() { pgrep -f "^$demo_bin --step" | tr '\n' ' '; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# within_1s TEXT: TEXT appears on the screen within a second
within_1s() {
	_t0=$(now_ms)
	wait_for "$1" 5
	_dt=$(( $(now_ms) - _t0 ))
	[ "$_dt" -lt 1000 ] || fail "'$1' took $_dt ms (limit 1000) during a long move"
}

start_lab 1
wait_for "Slow steps fixture"
keys ':'
keys -l 'step slowstep pause_ms=6000'
keys Enter
wait_for "schedule (0)"
t0=$(now_ms)
keys A
within_1s "A RUNNING"
keys '?'
within_1s "Keys"
keys Escape
within_1s "A RUNNING"
# B's letter is refused while A runs, and says why
keys B
within_1s "thread A is still running step 1"
[ $(( $(now_ms) - t0 )) -lt 6000 ] || fail "the checks outlasted the move: make pause_ms longer"
# the move lands by itself, 6 s after it was sent
wait_for "schedule (1): A" 15
dt=$(( $(now_ms) - t0 ))
[ "$dt" -ge 6000 ] || fail "the move landed after $dt ms, before its 6 s pause ended"

# u replays the schedule in a fresh child, long move included: the keys
# still answer meanwhile, and the replay ends where it should
keys A
wait_for "schedule (2): AA"
keys u
within_1s "replaying the schedule: step 1 of 1"
keys '?'
within_1s "Keys"
keys Escape
wait_for "undone: back at step 1" 15
wait_for "schedule (1): A"

# Esc in the middle of a long move (B's first): the view goes, and the demo
keys B
within_1s "B RUNNING"
[ -n "$(demos)" ] || fail "no stepped demo during the move"
t0=$(now_ms)
keys Escape
within_1s "Nothing to read here"
poll_until '[ -z "$(demos)" ]' 5 || fail "Esc left a demo behind: $(demos)"
dt=$(( $(now_ms) - t0 ))
[ "$dt" -lt 1000 ] || fail "the demo outlived Esc by $dt ms"

# Ctrl-C in the middle of a long move stops it; the view stays
keys ':'
keys -l 'step slowstep pause_ms=6000'
keys Enter
wait_for "schedule (0)"
keys B
within_1s "B RUNNING"
keys C-c
within_1s "stopped while thread B ran step 1"
poll_until '[ -z "$(demos)" ]' 2 || fail "Ctrl-C left a demo behind: $(demos)"
keys 0
wait_for "schedule (0)"
keys q
poll_until '[ -z "$(demos)" ]' 5 || fail "q left a demo behind: $(demos)"
keys q
wait_exit
echo "ok"
