# spawn_join: sequential takes procs x work, concurrent about one work; each within 25%.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

guard_begin
out=$(demo spawn_join procs=4 work_ms=200)
guard_end && quiet=yes || quiet=no
seq_ms=$(( $(result_field "$out" sequential elapsed_ns) / 1000000 ))
con_ms=$(( $(result_field "$out" concurrent elapsed_ns) / 1000000 ))
# sleeping takes at least its time, whatever the machine does
assert_ge "$seq_ms" 600 "sequential ms"; assert_ge "$con_ms" 150 "concurrent ms"
for v in sequential concurrent; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v metrics.processes)" 4 "$v processes reported"
	# every process finished exactly once
	sorted=$(result_field "$out" $v metrics.finish_order | tr ' ' '\n' | sort -n | tr '\n' ' ')
	assert_eq "$sorted" "0 1 2 3 " "$v finish order holds each process once"
	# each child announced itself with its pid
	n=$(printf '%s\n' "$out" | jq -r --arg v $v 'select(.event=="log" and .variant==$v) | .text' |
		grep -c '^process [0-3] (pid [0-9]*) started$')
	assert_eq "$n" 4 "$v start lines"
done
assert_eq "$(result_field "$out" sequential metrics.finish_order)" "0 1 2 3" "sequential order"

# ... and no longer than 25% over 4 x 200 ms and 200 ms, on a quiet machine
spawn_join_times() {
	out=$(demo spawn_join procs=4 work_ms=200)
	seq_ms=$(( $(result_field "$out" sequential elapsed_ns) / 1000000 ))
	con_ms=$(( $(result_field "$out" concurrent elapsed_ns) / 1000000 ))
	echo "sequential $seq_ms ms, concurrent $con_ms ms"
	[ "$seq_ms" -le 1000 ] || miss "sequential took $seq_ms ms (limit 1000)"
	[ "$con_ms" -le 250 ] || miss "concurrent took $con_ms ms (limit 250)"
	[ $((seq_ms * 10 / con_ms)) -ge 30 ] || miss "sequential/concurrent ratio below 3 (4 processes)"
}
guard_retry 3 spawn_join_times

# parameters are validated before anything runs
"$LAB/spawn_join" procs=65 2>/dev/null; assert_eq $? 2 "exit status for procs=65"
