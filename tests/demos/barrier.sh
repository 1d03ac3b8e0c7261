# barrier: with a barrier (pthread or condvar-made) no thread starts a phase
# before all finished the previous one; without one the fast threads run ahead.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

# Whether the race shows needs the threads on cores at once: that claim
# counts only when no other program held a core meanwhile (guard.sh).
# The protected variants must be exact in every run, busy or not.
race_shows() {
	ahead=0
	for i in 1 2 3 4 5; do
		out=$(demo barrier threads=3 phases=30 work_us=100)
		for v in pthread condvar; do
			assert_eq "$(result_field "$out" $v correct)" true "$v correct (run $i)"
			assert_eq "$(result_field "$out" $v observed)" 0 "$v threads seen ahead (run $i)"
			assert_eq "$(result_field "$out" $v metrics.max_ahead)" 0 "$v max_ahead (run $i)"
			# the barrier opened once per phase: one serial thread each time
			assert_eq "$(result_field "$out" $v metrics.serial)" 30 "$v serial (run $i)"
		done
		assert_eq "$(result_field "$out" none correct)" false "none correct (run $i)"
		n=$(result_field "$out" none observed)
		a=$(result_field "$out" none metrics.max_ahead)
		assert_le "$a" 30 "none max_ahead (run $i)"
		[ "$n" -gt 0 ] && [ "$a" -ge 2 ] && ahead=$((ahead + 1))
	done
	echo "runs where a thread ran 2+ phases ahead without a barrier, of 5: $ahead"
	[ "$ahead" -ge 4 ] || miss "runs where a thread ran 2+ phases ahead without a barrier, of 5: only $ahead"
}
guard_retry 3 race_shows

# a single phase needs no barrier: nobody can be ahead
out=$(demo barrier threads=4 phases=1 --variant none)
assert_eq "$(result_field "$out" none observed)" 0 "none with one phase"
