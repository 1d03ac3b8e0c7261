# echo_server: every reply equals its request in all three servers; the
# iterative server serves one client at a time, so with slow clients its p99
# latency is far worse than a thread per client's; no socket stays open.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

ms() { result_field "$1" "$2" "metrics.$3 | floor"; }

out=$(demo echo_server clients=6 slow=2 slow_ms=15 requests=8 pool=3)
for v in iterative thread_per_client thread_pool; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 48 "$v replies equal to requests"
done
assert_eq "$(result_field "$out" iterative metrics.at_once)" 1 "iterative serves one at a time"
assert_ge "$(result_field "$out" thread_per_client metrics.at_once)" 2 "thread per client overlaps"
assert_le "$(result_field "$out" thread_pool metrics.at_once)" 3 "the pool never exceeds its size"
# fast clients wait behind two slow ones: 2 x 8 x 15 ms = 240 ms, at least
assert_ge "$(ms "$out" iterative p99_ms)" 150 "iterative p99 (ms)"

# latency and throughput are timing: measured on a quiet machine only
latency() {
	out=$(demo echo_server clients=6 slow=2 slow_ms=15 requests=8 pool=3 \
		--variant iterative,thread_per_client)
	it=$(ms "$out" iterative p99_ms) tpc=$(ms "$out" thread_per_client p99_ms)
	rps_it=$(result_field "$out" iterative "metrics.req_per_s | floor")
	rps_tpc=$(result_field "$out" thread_per_client "metrics.req_per_s | floor")
	echo "p99 ms: iterative $it, thread_per_client $tpc; req/s: $rps_it, $rps_tpc"
	[ "$tpc" -le 50 ] || miss "thread_per_client p99 $tpc ms (limit 50)"
	[ "$it" -ge $((tpc * 5 + 1)) ] || miss "iterative p99 not much worse than thread_per_client"
	[ "$rps_tpc" -ge $((rps_it * 3 / 2)) ] || miss "thread_per_client throughput under 1.5x iterative"
}
guard_retry 3 latency

# without slow clients every server keeps up
out=$(demo echo_server clients=4 slow=0 requests=20)
for v in iterative thread_per_client thread_pool; do
	assert_eq "$(result_field "$out" $v observed)" 80 "$v replies, no slow clients"
done

# nothing left listening on the loopback ports we used
port=$(printf '%s\n' "$out" | jq -r 'select(.event=="log") | .text' | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' | head -1)
[ -n "$port" ] || fail "no port in the log"
if ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port "; then fail "port $port still listening"; fi
