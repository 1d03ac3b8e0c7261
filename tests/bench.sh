#!/bin/sh
# bench.sh - the lab's speed targets (run by `make bench`). Prints each
# figure and fails if one misses its target:
#
#   start to first screen   median of 10 runs < 50 ms. LOCKSTEP_BENCH_EXIT_AFTER_DRAW=1
#                           makes lockstep leave right after its first doupdate(); a
#                           tmux pane times each run (date +%s%N before the start and
#                           after the exit, so it includes exec and restoring the
#                           terminal: an upper bound).
#   idle CPU                user+system time over 10 s of doing nothing < 0.1 s
#                           (/proc/PID/stat utime+stime; the kernel counts in ticks of
#                           1/CLK_TCK s).
#   UI CPU during a demo    lockstep's own user+system time while race_counter runs
#                           (its threads are the child's, not counted) < 5% of a core;
#                           the same in present mode (P) at 200x60, then present mode
#                           idle for 5 s < 0.05 s.
#   explore                 `lockstep explore` of race_counter, its own measured wall
#                           time (median of 3) at most 1 ms an interleaving (2,000 in
#                           2 s): 924 + 90 interleavings, and 2,520.
#   report on 100 files     `lockstep report` of 97 progress exports and 3 bad files,
#                           median wall time of 5 runs < 1 s.
#   step marks              race_counter unsafe free run with the step marks compiled
#                           in vs. -DLAB_NO_STEP, the lab's flags (loops aligned):
#                           the median difference over 16 back-to-back rounds < 2%,
#                           threads=1 and threads=2; inconclusive (not counted)
#                           when the plain build differs from itself by 1% or more
#                           (CPU time from perf stat when perf is installed).
#
# CPU figures are noisy on a shared machine: the load average is printed with them.
set -u
LOCKSTEP_ROOT=${LOCKSTEP_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
export LOCKSTEP_ROOT
. "$LOCKSTEP_ROOT/tests/lib/common.sh"
[ -n "${LOCKSTEP_BIN:-}" ] && LOCKSTEP=$LOCKSTEP_BIN
export LANG=C.UTF-8 LC_ALL=C.UTF-8

command -v tmux >/dev/null || fail "bench needs tmux"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-bench.XXXXXX")
SOCK="lockstep-bench-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMP" "$XDG_STATE_HOME"' EXIT
tick=$(getconf CLK_TCK)
missed=0

# cpu_ticks PID: utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

poll_until() {
	_end=$(( $(date +%s) + $2 ))
	while ! eval "$1"; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

report() { # NAME VALUE UNIT TARGET OK
	printf '%-28s %10s %-4s (target %s) %s\n' "$1" "$2" "$3" "$4" "$5"
	[ "$5" = ok ] || missed=$((missed + 1))
}

echo "lockstep bench: $LOCKSTEP"
echo "load: $(uptime | sed 's/.*load average/load average/')"

# ---------------------------------------------------------------- start time
cat >"$TMP/start.sh" <<EOF
export LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$XDG_STATE_HOME' LOCKSTEP_DATA='$LOCKSTEP_DATA'
LOCKSTEP_BENCH_EXIT_AFTER_DRAW=1 "$LOCKSTEP" # warm the caches once
for i in 1 2 3 4 5 6 7 8 9 10; do
	s=\$(date +%s%N)
	LOCKSTEP_BENCH_EXIT_AFTER_DRAW=1 "$LOCKSTEP"
	e=\$(date +%s%N)
	echo \$(( (e - s) / 1000 )) >>"$TMP/start.us"
done
echo done >"$TMP/start.done"
exec sleep 600
EOF
tm new-session -d -s start -x 80 -y 24 sh "$TMP/start.sh"
poll_until '[ -s "$TMP/start.done" ]' 60 || fail "the start-time runs did not finish"
median_us=$(sort -n "$TMP/start.us" | sed -n '5p;6p' | awk '{ s += $1 } END { printf "%d", s / 2 }')
all_ms=$(sort -n "$TMP/start.us" | awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 / 1000 }')
ms=$(awk -v u="$median_us" 'BEGIN { printf "%.1f", u / 1000 }')
ok=ok; [ "$median_us" -lt 50000 ] || ok=MISSED
report "start to first screen" "$ms" ms "< 50 ms, median of 10" "$ok"
echo "    runs (ms): $all_ms"

# ---------------------------------------------------------------- idle CPU
cat >"$TMP/lab.sh" <<EOF
export LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$XDG_STATE_HOME' LOCKSTEP_DATA='$LOCKSTEP_DATA'
sh -c 'echo \$\$ >"$TMP/pid"; exec "\$@"' lockstep "$LOCKSTEP"
exec sleep 600
EOF
tm new-session -d -s lab -x 80 -y 24 sh "$TMP/lab.sh"
poll_until '[ -s "$TMP/pid" ] && tm capture-pane -p -t lab | grep -q "Lesson 1 of"' 10 ||
	fail "lockstep did not draw"
pid=$(cat "$TMP/pid")
sleep 0.5
t0=$(cpu_ticks "$pid")
sleep 10
t1=$(cpu_ticks "$pid")
idle=$(awk -v d=$((t1 - t0)) -v t="$tick" 'BEGIN { printf "%.2f", d / t }')
ok=ok; [ $((t1 - t0)) -lt $((tick / 10)) ] || ok=MISSED
report "idle CPU over 10 s" "$idle" s "< 0.1 s" "$ok"

# ---------------------------------------------------------------- UI CPU
tm send-keys -t lab :
tm send-keys -t lab -l "run race_counter iters=1000000000"
tm send-keys -t lab Enter
poll_until 'tm capture-pane -p -t lab | grep -q "running"' 10 || fail "race_counter did not start"
sleep 1
t0=$(cpu_ticks "$pid")
w0=$(date +%s%N)
sleep 8
t1=$(cpu_ticks "$pid")
w1=$(date +%s%N)
tm capture-pane -p -t lab | grep -q "running" || echo "    (the demo ended early: the figure covers less streaming)"
pct=$(awk -v d=$((t1 - t0)) -v t="$tick" -v w=$((w1 - w0)) 'BEGIN { printf "%.2f", 100 * (d / t) / (w / 1e9) }')
ok=$(awk -v p="$pct" 'BEGIN { print (p < 5) ? "ok" : "MISSED" }')
report "UI CPU during race_counter" "$pct" "%" "< 5% of a core" "$ok"
# the same run in present mode at projector size: big digits, the heartbeat
tm resize-window -t lab -x 200 -y 60 >/dev/null 2>&1
tm send-keys -t lab P
poll_until 'tm capture-pane -p -t lab | grep -q "slowmo 0 ms"' 10 || fail "present mode did not open"
sleep 1
t0=$(cpu_ticks "$pid")
w0=$(date +%s%N)
sleep 8
t1=$(cpu_ticks "$pid")
w1=$(date +%s%N)
tm capture-pane -p -t lab | grep -q "running" || echo "    (the demo ended early: the figure covers less streaming)"
pct=$(awk -v d=$((t1 - t0)) -v t="$tick" -v w=$((w1 - w0)) 'BEGIN { printf "%.2f", 100 * (d / t) / (w / 1e9) }')
ok=$(awk -v p="$pct" 'BEGIN { print (p < 5) ? "ok" : "MISSED" }')
report "UI CPU, present mode 200x60" "$pct" "%" "< 5% of a core" "$ok"
tm send-keys -t lab Escape
poll_until 'tm capture-pane -p -t lab | grep -q "cancelled"' 10 || echo "    (cancel not seen)"
sleep 0.5
t0=$(cpu_ticks "$pid")
sleep 5
t1=$(cpu_ticks "$pid")
idle=$(awk -v d=$((t1 - t0)) -v t="$tick" 'BEGIN { printf "%.2f", d / t }')
ok=ok; [ $((t1 - t0)) -lt $((tick / 20)) ] || ok=MISSED
report "idle CPU, present mode, 5 s" "$idle" s "< 0.05 s" "$ok"
tm send-keys -t lab q q q

# ---------------------------------------------------------------- explore
# The target, "about 2,000 interleavings in under 2 s", as a rate: at most
# 1 ms an interleaving, checked on two sizes on each side of 2,000 (the
# median of 3 runs each). race_counter unsafe threads=2 iters=3 has 924
# interleavings and threads=3 iters=1 90 (together 1,014, 165 runs of the
# demo); threads=4 iters=1 has 2,520 (415 runs). The time goes into the runs,
# not the count: iters=4 with 2 threads has 12,870 (printed, no target) but
# its states merge into 377 runs.
explore_ms() { # ARGS... : wall time of one explore, from its own --json
	"$LOCKSTEP" explore race_counter "$@" --json | jq '.wall_ns / 1e6 | floor'
}
explore_median() { # ARGS... : the median of 3
	for i in 1 2 3; do explore_ms "$@"; done | sort -n | sed -n 2p
}
e1014=$(( $(explore_median threads=2 iters=3 --variant unsafe) + $(explore_median threads=3 iters=1 --variant unsafe) ))
ok=ok; [ "$e1014" -lt 1014 ] || ok=MISSED
report "explore 924 + 90 interleav." "$e1014" ms "< 1014 ms: 1 ms each" "$ok"
e2520=$(explore_median threads=4 iters=1 --variant unsafe)
ok=ok; [ "$e2520" -lt 2520 ] || ok=MISSED
report "explore 2520 interleavings" "$e2520" ms "< 2520 ms: 1 ms each" "$ok"
j=$("$LOCKSTEP" explore race_counter threads=2 iters=4 --variant unsafe --json)
echo "    12,870 interleavings (2x4): $(printf '%s' "$j" | jq '.wall_ns / 1e6 | floor') ms," \
	"$(printf '%s' "$j" | jq .runs) runs of the demo"

# ---------------------------------------------------------------- step points
# The cost of the step marks in a free run: race_counter built twice with the
# same flags, with the marks and with -DLAB_NO_STEP (lab.h turns them into
# nothing), run alternately; the median of each. One thread shows the marks'
# own cost; two threads are the demo as the lesson runs it. The figure is CPU
# time (perf stat's task-clock, every thread of the run) when perf is there:
# wall time on a loaded machine mostly measures waiting for a core.
#
# The checked pair is built with the lab's own flags (mk/lab-flags.mk), which
# align loops and jump targets to 32 bytes, so the figure is the marks' cost,
# not where each build's loop happens to start. Measured 2026-12-02, one
# thread: with the flag read once (LAB_STEPPING_LOCAL) the aligned pair
# differed by 0.1% to 0.5%; the pair without alignment by +14% to +20% (idle:
# 179 vs 149 ms), the loop's placement, not the mark, which is one register
# test. That is why the lab builds aligned; the unaligned pair is printed too,
# unchecked. Figures come with a noise floor: the plain binary against
# itself, the same way; a difference below it proves nothing either way.
lab_flag() { sed -n "s/^$1 *:= *//p" "$root/mk/lab-flags.mk"; }
CCFLAGS="$(lab_flag LAB_STD)"
LABOPT=$(lab_flag LAB_OPT)
case $LABOPT in *-falign-loops=*) ;; *) fail "mk/lab-flags.mk's LAB_OPT no longer aligns loops: update the step-mark bench" ;; esac
UNALIGNED=$(printf '%s\n' $LABOPT | grep -v '^-falign' | tr '\n' ' ')
build_rc() { # OUTPUT FLAGS...
	_out=$1; shift
	${CC:-cc} $CCFLAGS "$@" "$root/lab/race_counter.c" "$root/lab/lab.c" -o "$_out" -lrt -lm
}
build_rc "$TMP/rc_marks" $LABOPT && build_rc "$TMP/rc_plain" $LABOPT -DLAB_NO_STEP &&
build_rc "$TMP/rc_marks_d" $UNALIGNED && build_rc "$TMP/rc_plain_d" $UNALIGNED -DLAB_NO_STEP ||
	fail "cannot build race_counter for the step-point bench"
RC_ITERS=100000000 # long enough that a run's start-up is far below 1% of it
if perf stat -x, -e task-clock true >/dev/null 2>&1; then
	clock="CPU time (perf task-clock)"
	cost_ns() { # PROGRAM THREADS : CPU time of one run, in ns
		perf stat -x, -e task-clock "$1" --json --variant unsafe "$2" iters=$RC_ITERS 2>&1 >/dev/null |
			awk -F, '/task-clock/ { printf "%d\n", $1 * 1000000 }'
	}
else
	clock="wall time (no perf)"
	cost_ns() {
		"$1" --json --variant unsafe "$2" iters=$RC_ITERS | jq -r 'select(.event == "result") | .elapsed_ns'
	}
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Each round runs three back to back: the marked binary, the plain one, and
# the plain one again. The figure is the median over 16 rounds of (marked -
# plain) / plain; the noise floor is the same median of (plain again -
# plain), taken in the same minutes. A slow phase of the machine (runs 1.5x
# longer for a while, seen here with nothing else running) then slows a
# whole round instead of whichever binary it fell on. The plain run is in
# the middle and the other two swap places every round: with two threads
# the run right after another one was 3% faster (2026-12-02), a bias that
# would otherwise land on one side. When the noise floor
# is 1% or more, the figure cannot show a 2% difference either way: it is
# printed as inconclusive, neither met nor missed.
ROUNDS=16
pct_of() { # A B : 100 * (A - B) / B
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", 100 * (a - b) / b }'
}
median_g() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
mark_cost() { # MARKED PLAIN THREADS : sets m, p (median ns), pct and noise
	: >"$TMP/marks"; : >"$TMP/plain"; : >"$TMP/diff"; : >"$TMP/self"
	for i in $(seq $ROUNDS); do
		if [ $((i % 2)) -eq 1 ]; then
			_m=$(cost_ns "$1" "$3"); _p=$(cost_ns "$2" "$3"); _q=$(cost_ns "$2" "$3")
		else
			_q=$(cost_ns "$2" "$3"); _p=$(cost_ns "$2" "$3"); _m=$(cost_ns "$1" "$3")
		fi
		echo "$_m" >>"$TMP/marks"; echo "$_p" >>"$TMP/plain"
		pct_of "$_m" "$_p" >>"$TMP/diff"; pct_of "$_q" "$_p" >>"$TMP/self"
	done
	m=$(median <"$TMP/marks"); p=$(median <"$TMP/plain")
	pct=$(median_g <"$TMP/diff"); noise=$(median_g <"$TMP/self")
}
inconclusive=0
for threads in threads=1 threads=2; do
	mark_cost "$TMP/rc_marks" "$TMP/rc_plain" $threads
	if awk -v n="$noise" 'BEGIN { exit !(n >= 1 || n <= -1) }'; then
		printf '%-28s %10s %-4s (target %s) %s\n' "step marks, unsafe $threads" "$pct" "%" \
			"< 2% slower" "INCONCLUSIVE: noise floor $noise%"
		inconclusive=$((inconclusive + 1))
	else
		ok=$(awk -v x="$pct" 'BEGIN { print (x < 2) ? "ok" : "MISSED" }')
		report "step marks, unsafe $threads" "$pct" "%" "< 2% slower" "$ok"
	fi
	echo "    noise floor (the plain build against itself): $noise%;" \
		"median $clock, ms: with marks $((m / 1000000)), without $((p / 1000000))"
	echo "    ($ROUNDS rounds, the lab's flags: $LABOPT)"
	mark_cost "$TMP/rc_marks_d" "$TMP/rc_plain_d" $threads
	echo "    without the alignment (layout not fixed): $pct% ($((m / 1000000)) vs $((p / 1000000)) ms), noise floor $noise%"
done

# ---------------------------------------------------------------- class report
# `lockstep report` over 100 progress exports (97 good, 3 bad: truncated, a
# foreign JSON file, binary junk), as an instructor gathers them: the median
# wall time of 5 runs, table to /dev/null.
mkdir -p "$TMP/class"
"$LOCKSTEP" progress --export --name s0 -o "$TMP/class/s0.json" >/dev/null ||
	fail "cannot export progress for the report bench"
for i in $(seq 1 96); do sed "s/\"name\":.*\"s0\"/\"name\": \"s$i\"/" "$TMP/class/s0.json" >"$TMP/class/s$i.json"; done
head -c 300 "$TMP/class/s0.json" >"$TMP/class/truncated.json"
echo '{"version":1,"done":{}}' >"$TMP/class/foreign.json"
head -c 2000 "$LOCKSTEP" >"$TMP/class/junk.json"
: >"$TMP/report.ms"
for i in 1 2 3 4 5; do
	s=$(date +%s%N)
	"$LOCKSTEP" report "$TMP/class" >/dev/null 2>&1
	e=$(date +%s%N)
	echo $(( (e - s) / 1000000 )) >>"$TMP/report.ms"
done
rms=$(sort -n "$TMP/report.ms" | sed -n 3p)
ok=ok; [ "$rms" -lt 1000 ] || ok=MISSED
report "report on 100 files" "$rms" ms "< 1000 ms, median of 5" "$ok"

echo "load: $(uptime | sed 's/.*load average/load average/')"
[ "$inconclusive" -eq 0 ] ||
	echo "bench: $inconclusive figure(s) inconclusive (the machine was noisy): run make bench again"
if [ "$missed" -gt 0 ]; then
	echo "bench: $missed target(s) missed"
	exit 1
fi
if [ "$inconclusive" -gt 0 ]; then echo "bench: every conclusive target met"; else echo "bench: all targets met"; fi
