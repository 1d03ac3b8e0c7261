#!/bin/sh
# 30-present.sh - present mode at 200x60 (issue 15, item 5): P on the demo
# panel fills the screen with the run in big block digits, readable from the
# back of a room:
#   - lockstep --present opens in it on the lesson's demo;
#   - the observed number's glyphs span at least 5 rows (and at 80x24 the
#     screen is still drawn);
#   - + changes slowmo during a run (the run restarts with it; the heartbeat
#     row shows the new value);
#   - Space pauses the demo's whole process group: its CPU time (utime +
#     stime in /proc/PID/stat) stops growing while paused, and grows again
#     after Space resumes it; Esc cancels and leaves no demo behind;
#   - during a run the shared counter (progress `value`) climbs in big digits;
#   - the heartbeat row's elapsed time moves with 256 threads running.
# At 200x60 whatever size the suite runs at: the point is the projector.
COLS=200 ROWS=60
. "$(dirname "$0")/lib.sh"
fixture_data

# The demo's CPU time in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the ')' that ends the command name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# The running demo: lockstep's child.
demo_pid() { pgrep -P "$(lab_pid)" race_counter | head -1; }

# lockstep --present opens in present mode on the lesson's demo; r runs it
start_lab --present
wait_for "no run yet: r runs it"
screen | grep -q "^race_counter" || fail "--present: not on the lesson's demo"
keys r
wait_match "^done .* run 1 of 1" 60
wait_for "observed"
keys q
wait_gone "run 1 of 1"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "lockstep --present exited with $lab_status"

start_lab
wait_for "? keys"
keys :
keys -l "run race_counter threads=2 iters=2000000"
keys Enter
wait_for "done in" 60
keys P
wait_for "slowmo 0 ms" # present mode's heartbeat row (the panel says slowmo=0)
wait_for "observed"
s=$(screen)
# the rows under the first "observed" label that draw glyphs (█)
rows=$(printf '%s\n' "$s" | awk '
	!found && /observed/ { found = 1; next }
	found && /█/ { n++; next }
	found { exit }
	END { print n + 0 }')
[ "$rows" -ge 5 ] || fail "the observed number is $rows rows tall (want >= 5):
$s"
echo "ok: observed drawn $rows rows tall"

# 80x24: present mode still works (smaller or shortened digits, or plain text)
resize 80 24
poll_until '[ "$(screen | wc -l)" -eq 24 ] && screen | grep -q "^race_counter"' 10 ||
	fail "present mode not redrawn at 80x24"
s=$(screen)
resize 200 60
wait_for "observed"

# A long run, started from present mode (r): it stays on screen while it runs.
keys :
keys -l "set race_counter iters=1000000000"
keys Enter
keys r
wait_for "running" 20
wait_for "done of 1,000,000,000"
poll_until '[ -n "$(demo_pid)" ]' 10 || fail "no demo process under lockstep"
pid=$(demo_pid)
t0=$(cpu_ticks "$pid")
poll_until '[ "$(cpu_ticks "$pid")" -gt "$t0" ]' 20 || fail "the demo never used CPU time"

# Space pauses: every process of the demo stopped, its CPU time flat.
keys Space
wait_for "PAUSED"
poll_until 'grep -q "^[0-9]* (race_counter) T" "/proc/$pid/stat"' 5 ||
	fail "the demo is not stopped: $(cat "/proc/$pid/stat")"
t1=$(cpu_ticks "$pid")
sleep 1.5
t2=$(cpu_ticks "$pid")
[ "$t1" = "$t2" ] || fail "the demo used CPU while paused: $t1 -> $t2 ticks"
echo "ok: paused, CPU time stayed at $t2 ticks for 1.5 s"
# and Space resumes it: the CPU time grows again
keys Space
wait_for "resumed"
poll_until '[ "$(cpu_ticks "$pid")" -gt "$t2" ]' 20 || fail "the demo did not resume"
echo "ok: resumed, CPU time $t2 -> $(cpu_ticks "$pid") ticks"

# + during the run: slowmo goes up, and the run restarts with it
wait_for "slowmo 0 ms"
keys +
wait_for "slowmo 1 ms" 20
wait_for "the run restarted"
wait_for "running"
poll_until '[ -n "$(demo_pid)" ] && [ "$(demo_pid)" != "$pid" ]' 10 ||
	fail "no new run after +"
grep -q "slowmo=1" "/proc/$(demo_pid)/cmdline" 2>/dev/null ||
	tr '\0' ' ' <"/proc/$(demo_pid)/cmdline" | grep -q "slowmo=1" || fail "the new run has no slowmo=1"
# the shared counter climbs on screen: the glyph rows under its label change
wait_for "shared value now" 20
glyphs() { screen | awk '/shared value now/ { on = 1; next } on && /█/ { print; next } on { exit }'; }
g=$(glyphs)
[ -n "$g" ] || fail "the shared value is not drawn in big digits"
poll_until '[ "$(glyphs)" != "$g" ]' 10 || fail "the shared value did not climb"
echo "ok: the shared value climbs in big digits"
keys -- -
wait_for "slowmo 0 ms" 20
echo "ok: + and - changed slowmo during the run"

# The heartbeat moves while 256 threads saturate both cores: the elapsed
# time on the heartbeat row changes (it is redrawn on the clock, not only
# when the demo's busy thread 0 gets to report progress).
keys :
keys -l "set race_counter threads=256"
keys Enter
keys r
wait_for "threads=256" 20
wait_for "running" 20
elapsed() { screen | sed -n 2p | grep -oE "(running|PAUSED) +[0-9.]+ [mu]?s"; }
# within 1-2 s, five times over: the lab redraws it every 250 ms (the
# window depends on the lab getting a core: guarded, our tree excluded)
heartbeat() {
	for i in 1 2 3 4 5; do
		e=$(elapsed)
		poll_until '[ "$(elapsed)" != "$e" ]' 2 || miss "the heartbeat stayed at '$e' for 2 s"
	done
	echo "ok: the heartbeat moved 5 times with 256 threads running"
}
. "$root/tests/lib/guard.sh"
GUARD_ROOTS="$$,$(tm display-message -p '#{pid}')"
guard_retry 2 heartbeat

# Esc cancels the run; nothing is left behind
keys Escape
wait_for "cancelled" 20
poll_until '[ -z "$(demo_pid)" ]' 10 || fail "a demo process is left"
# q leaves present mode for the panel, which shows the same (cancelled) run
keys q
wait_for "r again"
