# thread_queue: the locked queue delivers every item exactly once, in each
# producer's order; without the lock items are lost or duplicated (and the
# demo still ends, on time).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

# Whether the race shows needs the threads on cores at once: that claim
# counts only when no other program held a core meanwhile (guard.sh).
# The protected variants must be exact in every run, busy or not.
race_shows() {
	broken=0
	for i in 1 2 3 4 5; do
		out=$(demo thread_queue producers=2 consumers=2 items=20000 capacity=16 timeout_ms=3000)
		assert_eq "$(result_field "$out" locked correct)" true "locked correct (run $i)"
		assert_eq "$(result_field "$out" locked observed)" 40000 "locked items got (run $i)"
		for k in lost duplicated out_of_order bad_values timeouts; do
			assert_eq "$(result_field "$out" locked metrics.$k)" 0 "locked $k (run $i)"
		done
		assert_eq "$(result_field "$out" locked metrics.sum_ok)" 1 "locked checksum (run $i)"

		lost=$(result_field "$out" unsafe metrics.lost)
		dup=$(result_field "$out" unsafe metrics.duplicated)
		assert_le "$lost" 40000 "unsafe lost (run $i)"
		# it ends on time (its consumers give up after timeout_ms): timing
		ms=$(( $(result_field "$out" unsafe elapsed_ns) / 1000000 ))
		[ "$ms" -le 5000 ] || miss "unsafe took $ms ms (run $i), limit 5000"
		[ $((lost + dup)) -gt 0 ] && [ "$(result_field "$out" unsafe correct)" = false ] &&
			broken=$((broken + 1))
	done
	echo "runs where the unlocked queue lost or duplicated items, of 5: $broken"
	[ "$broken" -ge 4 ] || miss "runs where the unlocked queue lost or duplicated items, of 5: only $broken"
}
guard_retry 3 race_shows

# more threads than cores and a single slot: still exact
out=$(demo thread_queue producers=3 consumers=4 items=3000 capacity=1 --variant locked)
assert_eq "$(result_field "$out" locked correct)" true "locked, capacity 1"
assert_eq "$(result_field "$out" locked observed)" 9000 "locked, capacity 1: items"
