#!/bin/sh
# 27-panel-truth.sh - the demo panel at 80x24 never shows a cut number, and
# every line a demo printed can be read by scrolling (issue 15, items 1-3):
#   - race_counter threads=4 iters=25000000: expected is 100,000,000 or
#     100.0M in every column, never a prefix such as 1000000;
#   - deadlock: the deadlocked variant says so (not "finished", not a full
#     bar), deadlocked is yes/no, never 1/0, and the wait-for cycle is whole;
#   - exec_system: every log line, the last one included, by scrolling; End
#     stops at the last line (never an empty page); yes/no, not 1/0;
#   - event: a metric only one variant has keeps its row in every column
#     ("-"), so the rows line up;
#   - gil: parameters too long for one row go on into the next, all shown;
#     a variant's kind is shown whole or not at all.
# At 80x24 whatever size the suite runs at: the point is the small screen.
COLS=80 ROWS=24
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "? keys"
keys :
keys -l "set race_counter threads=4 iters=25000000"
keys Enter
wait_for "race_counter: threads=4 iters=25000000"
keys :
keys -l "run race_counter"
keys Enter
wait_for "done in" 120
s=$(screen)
n=$(printf '%s\n' "$s" | grep -oE "expected +(100,000,000|100\.0M)( |$)" | wc -l)
[ "$n" -ge 4 ] || fail "expected 100,000,000 or 100.0M in four columns, got $n:
$s"
printf '%s\n' "$s" | grep -E "expected +[0-9,.]+[kMG]?" | grep -vqE "expected +(100,000,000|100\.0M)( |$)" &&
	fail "a cut or wrong expected value:
$s"
keys Escape
wait_for "? keys"

# deadlock: the cycle, whole, and a verdict that says deadlocked
keys :
keys -l "run deadlock"
keys Enter
wait_for "done in" 60
keys End
wait_for "rounds done"
wait_match "waits for lock [AB]; thread [01] holds"
s=$(screen)
printf '%s\n' "$s" | grep -qE "^ *lock [AB], waits for lock [AB]$" ||
	fail "the wait-for cycle is not whole:
$s"
keys Home
# the count row: deadlocked where the others say finished
wait_match "^ deadlocked +│ finished"
wait_for "✗ deadlocked"
s=$(screen)
printf '%s\n' "$s" | grep -qE "deadlocked +yes" || fail "no 'deadlocked yes':
$s"
printf '%s\n' "$s" | grep -qE "deadlocked +[01]( |$)" && fail "a yes/no metric shown as 1/0:
$s"
keys Escape
wait_for "? keys"

# exec_system: the last line of its log, by scrolling; End stops there
keys :
keys -l "run exec_system"
keys Enter
wait_for "done in" 60
wait_for "same_pid"
s=$(screen)
printf '%s\n' "$s" | grep -qE "same_pid +(yes|no) " || fail "same_pid is not yes/no:
$s"
printf '%s\n' "$s" | grep -qE "same_pid +[01] " && fail "same_pid shown as 1/0"
keys End
wait_for "lockstep-no-such-program -> exit 127"
wait_for "more above"
s=$(screen)
# End shows the last page, not an empty one: the panel's last row has text
last=$(printf '%s\n' "$s" | sed -n "$((ROWS - 1))p")
[ -n "$(printf '%s' "$last" | tr -d ' ')" ] || fail "End scrolled past the content:
$s"
# more j's move nothing (the status row may change: compare the panel)
panel() { screen | sed -n "1,$((ROWS - 1))p"; }
p=$(panel)
for i in 1 2 3 4 5 6 7 8 9 10; do keys j; done
keys k
wait_gone "more above (k, PgUp, Home)"
keys j
wait_for "more above (k, PgUp, Home)"
[ "$(panel)" = "$p" ] || fail "j scrolled past the end:
$(screen)"
keys Home
wait_for "██"
wait_for "fork made pid"
keys Escape
wait_for "? keys"

keys :
keys -l "run event"
keys Enter
wait_for "done in" 60
wait_match "^ timeout_ok +yes │ timeout_ok +- │ timeout_ok +-$"
wait_match "^ timed_ms +[0-9.]+ ms │ timed_ms +- │ timed_ms +-$"
keys Escape
wait_for "? keys"

keys :
keys -l "run gil steps=100000 requests=5 repeat=1"
keys Enter
wait_for "done in" 60
wait_match "^ slowmo=0 +done in"
screen | grep -qE "cpu_processes (s|sa|saf) " && fail "a variant's kind is cut:
$(screen)"
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
