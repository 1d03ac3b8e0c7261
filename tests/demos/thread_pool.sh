# thread_pool: map keeps input order, as_completed yields in completion order
# (shortest first), shutdown waits for every queued task; all results exact.
. "$(dirname "$0")/../lib/common.sh"

# x100 of a real metric, as an integer
pct() { result_field "$1" "$2" "metrics.$3 * 100 | floor"; }

out=$(demo thread_pool workers=4 tasks=16 max_ms=30)
for v in map as_completed shutdown; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 16 "$v right results"
	assert_eq "$(result_field "$out" $v metrics.submitted)" 16 "$v submitted"
	assert_eq "$(result_field "$out" $v metrics.completed)" 16 "$v completed"
done
assert_eq "$(result_field "$out" map metrics.inversions)" 0 "map returns results in input order"
assert_ge "$(result_field "$out" as_completed metrics.inversions)" 1 "as_completed out of input order"
# sleeping tasks overlap: 4 workers finish well over twice as fast as one
assert_ge "$(pct "$out" map speedup)" 250 "map speedup x100 with 4 workers"

# One worker per task: every task starts at once, so as_completed must hand
# them back shortest first (5 ms slack for a loaded machine).
out=$(demo thread_pool --variant as_completed workers=10 tasks=10 max_ms=60 seed=7)
assert_eq "$(result_field "$out" as_completed correct)" true "as_completed correct"
lengths=$(printf '%s\n' "$out" | jq -r 'select(.event=="log" and .variant=="as_completed") | .text' |
	grep -o '([0-9]*ms)' | tr -d '(ms)')
prev=0
for l in $lengths; do
	assert_ge "$((l + 5))" "$prev" "as_completed order by length ($(echo $lengths))"
	prev=$l
done
[ "$(echo "$lengths" | wc -w)" -eq 10 ] || fail "expected 10 lengths, got: $lengths"

# One worker, CPU-bound tasks: shutdown still drains the whole queue.
out=$(demo thread_pool --variant shutdown,map workers=1 tasks=6 max_ms=5 io=0)
assert_eq "$(result_field "$out" shutdown metrics.completed)" 6 "one worker drains the queue"
assert_eq "$(result_field "$out" shutdown correct)" true "shutdown correct with one worker"
assert_le "$(pct "$out" map speedup)" 110 "one worker cannot overlap tasks"
