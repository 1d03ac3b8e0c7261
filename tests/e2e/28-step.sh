#!/bin/sh
# 28-step.sh - the step view at 80x24: a challenge card opens it, thread
# letters win the challenge (race_counter unsafe, 2 threads x 3, counter ends
# at 2), the win screen shows the schedule, u undoes a step (the timeline is
# one step shorter), and `lockstep progress` lists the win. Then: leaving a
# step session by Esc, q, SIGTERM or SIGKILL of lockstep leaves no demo
# process behind (pgrep on the demo's binary).
. "$(dirname "$0")/lib.sh"

# one lesson with one challenge, whatever the real lessons say
mkdir -p "$E2E_TMP/data/lessons" "$E2E_TMP/data/build"
ln -s "$root/lab" "$E2E_TMP/data/lab"
ln -s "$root/build/lab" "$E2E_TMP/data/build/lab"
cat >"$E2E_TMP/data/lessons/01-steps.md" <<'LESSON'
---
title: Stepping fixture
summary: One challenge for the step view test.
objectives:
  - win a challenge
  - undo a step
---

## The challenge

```challenge e2e-ends-at-2 race_counter threads=2 iters=3 variant=unsafe fixed=mutex
goal: end counter == 2
title: Lose four increments
python: counter += 1 in two threads, no Lock

Make the counter end at 2.
```
LESSON
export LOCKSTEP_DATA="$E2E_TMP/data"
demo_bin="$E2E_TMP/data/build/lab/race_counter" # as lockstep starts it
# demo processes of this test's data only (the path is this test's)
demos() { pgrep -f "^$demo_bin --step" | tr '\n' ' '; }
before=$(demos)

start_lab 1
wait_for "Stepping fixture"
keys ']'
keys S
wait_for "Challenge: Lose four increments"
wait_for "schedule (0)"
# explore's shortest winning schedule, typed one letter at a time (the
# last step brings up the win screen instead of the timeline)
win=ABAAABABBBBA
i=1
while [ $i -le ${#win} ]; do
	keys "$(printf '%s' "$win" | cut -c$i)"
	[ $i -lt ${#win} ] && wait_for "schedule ($i)"
	i=$((i + 1))
done
wait_for "CHALLENGE WON"
wait_for "schedule: $win (12 steps)"
wait_for "explore proves it"
screen | grep -q "0 of [0-9]* interleavings" || fail "no proof on the win screen: $(screen)"
# undo: the timeline and the schedule are one step shorter
keys u
wait_for "undone: back at step 11"
wait_for "schedule (11): ABAAABABBBB"
row_a=$(screen | grep '^A | ' | head -1)
[ "$(printf '%s' "${row_a#A | }" | wc -c)" -eq 11 ] || fail "A's timeline is not 11 steps: '$row_a'"
# the win is in progress
"$LOCKSTEP" progress | grep -q "won 01 e2e-ends-at-2" || fail "the win is not in lockstep progress: $("$LOCKSTEP" progress)"
"$LOCKSTEP" progress | grep -q "Challenges won: 1 of 1" || fail "progress does not count the win"
# the last step again wins again; f then steps the fixed variant, goal shown
keys A
wait_for "CHALLENGE WON"
wait_for "won again"
keys f
wait_for "Step race_counter (mutex) threads=2 iters=3"
wait_for "Challenge: Lose four increments, fixed. Goal: end counter == 2"
wait_for "schedule (0)"

# leaving: Esc ends the child at once
[ -n "$(demos)" ] || fail "no stepped demo running while the view is open"
keys Escape
poll_until '[ "$(demos)" = "$before" ]' 5 || fail "Esc left a demo behind: $(demos)"

# q (the view's close key), then quit
keys S
wait_for "schedule (0)"
keys A
wait_for "schedule (1)"
keys q
poll_until '[ "$(demos)" = "$before" ]' 5 || fail "q left a demo behind: $(demos)"
keys q
wait_exit

# :step with a variant and parameters; r moves a random ready thread; a
# plays on by itself (+ makes it faster) until the run is over
start_lab 1
wait_for "Stepping fixture"
keys ':'
keys -l 'step race_counter mutex threads=2 iters=1'
keys Enter
wait_for "Step race_counter (mutex) threads=2 iters=1"
wait_for "schedule (0)"
keys A
wait_for "schedule (1): A"
keys A
wait_for "lock: held by A"
wait_for "B BLOCKED"
wait_for "waits: mutex lock (A has it)"
keys B # refused: the state stays
wait_for "thread B is blocked"
keys r # A is the only one ready
wait_for "schedule (3): AAA"
keys + + + a
wait_for "FINISHED: observed 2, expected 2 - correct" 20
screen | grep -q "^schedule ([0-9]*): AA[AB]*$" || fail "no schedule line after auto-play: $(screen)"
keys Escape
poll_until '[ "$(demos)" = "$before" ]' 5 || fail "Esc left a demo behind: $(demos)"
keys q
wait_exit

# SIGTERM and SIGKILL of lockstep while stepping
for sig in TERM KILL; do
	start_lab 1
	wait_for "Stepping fixture"
	keys ']'
	keys S
	wait_for "schedule (0)"
	keys B
	wait_for "schedule (1)"
	[ -n "$(demos)" ] || fail "no stepped demo before SIG$sig"
	kill -$sig "$(lab_pid)"
	poll_until '[ "$(demos)" = "$before" ]' 5 || fail "SIG$sig left a demo behind: $(demos)"
	[ "$sig" = KILL ] || { wait_exit; assert_tty_restored; }
done
echo "ok"
