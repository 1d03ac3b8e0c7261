# threads_timing: two sleeping tasks overlap in threads (about twice as fast);
# two computing tasks overlap too, on two cores. Timings are noisy on a shared
# machine, so each speed claim must hold in one of several runs.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

# ms VALUE_NS : nanoseconds to whole milliseconds
ms() { echo $(($1 / 1000000)); }
# x100 REAL : a ratio times 100, as an integer
x100() { printf '%s\n' "$1" | awk '{ printf "%d", $1 * 100 }'; }

sleep_ok=0
for i in 1 2 3; do
	out=$(demo threads_timing steps=4 step_ms=50 cpu_iters=15000000)
	for v in sequential threads cpu_sequential cpu_threads; do
		assert_eq "$(result_field "$out" $v correct)" true "$v correct (run $i)"
		assert_eq "$(result_field "$out" $v observed)" 8 "$v results (run $i)"
	done
	# sleeping can't be faster than its sleeps, whatever the machine does
	assert_ge "$(ms "$(result_field "$out" sequential elapsed_ns)")" 400 "sequential ms"
	assert_ge "$(ms "$(result_field "$out" threads elapsed_ns)")" 200 "threads ms"
	# sleeping uses almost no CPU; one computing thread at most one core
	assert_le "$(x100 "$(result_field "$out" threads metrics.cpu_util)")" 10 "threads cpu_util x100"
	assert_le "$(x100 "$(result_field "$out" cpu_sequential metrics.cpu_util)")" 105 "cpu_sequential cpu_util x100"
	s=$(x100 "$(result_field "$out" threads metrics.speedup)")
	echo "run $i: sleeping threads speedup x100 $s"
	[ "$s" -ge 170 ] && [ "$s" -le 210 ] && sleep_ok=$((sleep_ok + 1)) && break
done
assert_ge $sleep_ok 1 "runs where sleeping threads were ~2x faster"

# CPU time above wall time is only possible when both threads computed at the
# same moment: 2.0 on an idle machine. When another program keeps a core busy
# no program could show it, so the claim is measured in guarded windows only
# (guard.sh: other programs' use of the CPUs, from /proc/stat, minus ours).
two_cores_at_once() {
	out=$(demo threads_timing steps=4 cpu_iters=15000000 --variant cpu_sequential,cpu_threads)
	c=$(x100 "$(result_field "$out" cpu_threads metrics.speedup)")
	u=$(x100 "$(result_field "$out" cpu_threads metrics.cpu_util)")
	echo "computing threads speedup x100 $c, cpu_util x100 $u"
	[ "$c" -ge 130 ] && [ "$u" -ge 130 ] || miss "computing threads did not use two cores at once"
}
guard_retry 6 two_cores_at_once
