# event: sleeping on an event costs almost no CPU, spinning on a flag costs
# cores; a timed wait on a clear event returns false, and not early.
. "$(dirname "$0")/../lib/common.sh"

# real_cmp A OP B MESSAGE : compare decimal numbers with awk
real_cmp() { awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }" || fail "$4: expected $2 $3, got $1"; }

for i in 1 2 3; do
	out=$(demo event workers=4 delay_ms=100 timeout_ms=30)
	for v in event busy; do
		assert_eq "$(result_field "$out" $v correct)" true "$v correct (run $i)"
		assert_eq "$(result_field "$out" $v observed)" 4 "$v workers released after the go (run $i)"
	done
	# lost: whoever slept through the go is counted, and only then is it wrong
	missed=$(result_field "$out" lost metrics.missed)
	assert_eq $(( $(result_field "$out" lost observed) + missed )) 4 "lost: released + missed (run $i)"
	assert_eq "$(result_field "$out" lost correct)" "$([ "$missed" = 0 ] && echo true || echo false)" \
		"lost correct iff none missed (run $i)"
	assert_eq "$(result_field "$out" event metrics.timeout_ok)" 1 "event timed waits (run $i)"
	real_cmp "$(result_field "$out" event metrics.timed_ms)" '>=' 30 "event timed wait ms (run $i)"
	real_cmp "$(result_field "$out" event metrics.timed_ms)" '<' 500 "event timed wait ms (run $i)"
	# 4 sleepers for 100 ms: a few microseconds of CPU each
	real_cmp "$(result_field "$out" event metrics.wait_cpu_ms)" '<' 10 "event wait_cpu_ms (run $i)"
	# 4 spinners burn whatever cores they get: two on an idle machine; at
	# least a quarter of one even when other programs compete for the CPU
	real_cmp "$(result_field "$out" busy metrics.wait_cpu_ms)" '>=' 25 "busy wait_cpu_ms (run $i)"
	real_cmp "$(result_field "$out" busy metrics.cores_busy)" '>=' 0.25 "busy cores_busy (run $i)"
	busy=$(result_field "$out" busy metrics.wait_cpu_ms)
	ev=$(result_field "$out" event metrics.wait_cpu_ms)
	real_cmp "$busy" '>' "$(awk -v e="$ev" 'BEGIN { print e * 20 }')" "busy vs event CPU (run $i)"
done
