# process_pool: map returns squares in input order; imap_unordered returns each
# result once; more workers give the same prime count, faster.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

out=$(demo process_pool workers=3 n=10 chunksize=3 --variant map,imap_unordered)
assert_eq "$(result_field "$out" map metrics.results)" "0 1 4 9 16 25 36 49 64 81" "map results in input order"
assert_eq "$(result_field "$out" map observed)" 10 "map results in place"
arr=$(result_field "$out" imap_unordered metrics.arrival | tr ' ' '\n' | sort -n | tr '\n' ' ')
assert_eq "$arr" "0 1 2 3 4 5 6 7 8 9 " "imap_unordered: every result exactly once"
for v in map imap_unordered; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v metrics.workers)" 3 "$v workers"
	# 10 inputs in chunks of 3 make 4 tasks, shared among the workers
	tasks=$(result_field "$out" $v metrics.per_worker | tr ' ' '\n' | awk '{s += $1} END {print s}')
	assert_eq "$tasks" 4 "$v tasks run in total"
done

# a bigger map: every one of 5000 results in its place (tasks and results interleave)
out=$(demo process_pool workers=2 n=5000 chunksize=7 --variant map)
assert_eq "$(result_field "$out" map observed)" 5000 "map n=5000"

# speedup: the answer is the same in every run; with 2 CPUs it is faster,
# which only a quiet machine can show (guard.sh)
two_workers_faster() {
	out=$(demo process_pool workers=2 limit=1000000 --variant speedup)
	assert_eq "$(result_field "$out" speedup observed)" 78498 "primes below 10^6"
	assert_eq "$(result_field "$out" speedup correct)" true "speedup correct"
	s=$(result_field "$out" speedup metrics.speedup | awk '{printf "%d", $1 * 100}')
	echo "speedup x100 with 2 workers: $s"
	[ "$s" -ge 130 ] || miss "speedup x100 with 2 workers on 2+ CPUs: $s (at least 130)"
}
if [ "$(nproc)" -ge 2 ]; then
	guard_retry 4 two_workers_faster
else
	two_workers_faster || true
fi

"$LAB/process_pool" chunksize=0 2>/dev/null; assert_eq $? 2 "exit status for chunksize=0"
