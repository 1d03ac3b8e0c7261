# semaphore: the consumer waits for the producer's post; with K slots at most
# K threads are inside at once, without the semaphore more are.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

# at_least REAL INT : a decimal number is at least INT
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# Whether the race shows needs the threads on cores at once: that claim
# counts only when no other program held a core meanwhile (guard.sh).
# The protected variants must be exact in every run, busy or not.
race_shows() {
	over=0
	for i in 1 2 3 4 5; do
		out=$(demo semaphore items=3 produce_ms=20 threads=6 slots=2 rounds=20 hold_us=1000)

		assert_eq "$(result_field "$out" signal correct)" true "signal correct (run $i)"
		assert_eq "$(result_field "$out" signal observed)" 3 "items consumed after being made (run $i)"
		assert_eq "$(result_field "$out" signal metrics.sem_after)" 0 "signal count after (run $i)"
		# Timing, not a guarantee (lesson 07): the consumer is usually waiting
		# before the first item is made, and sleeps while each is made; a
		# busy machine can start it late. Only make-before-use is certain.
		order=$(result_field "$out" signal metrics.order)
		case $order in *">use") ;; *) fail "signal order (run $i): $order";; esac
		[ "$order" = "wait>make>use" ] || miss "signal order (run $i): $order"
		w=$(result_field "$out" signal metrics.wait_ms)
		at_least "$w" 50 || miss "signal wait_ms (run $i): $w, expected >= 50"

		assert_eq "$(result_field "$out" limit correct)" true "limit correct (run $i)"
		assert_le "$(result_field "$out" limit metrics.peak_inside)" 2 "limit peak (run $i)"
		assert_ge "$(result_field "$out" limit metrics.peak_inside)" 1 "limit peak (run $i)"
		assert_eq "$(result_field "$out" limit metrics.sem_after)" 2 "limit count after (run $i)"

		peak=$(result_field "$out" unlimited metrics.peak_inside)
		assert_le "$peak" 6 "unlimited peak (run $i)"
		[ "$peak" -gt 2 ] && over=$((over + 1))
	done
	echo "runs where more than 2 threads were inside without the semaphore, of 5: $over"
	[ "$over" -ge 4 ] || miss "runs where more than 2 threads were inside without the semaphore, of 5: only $over"
}
guard_retry 3 race_shows
