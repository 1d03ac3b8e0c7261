# threads_basic: every thread runs in one process, with its own id and name.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo threads_basic threads=8)
main_tid=$(result_field "$out" target metrics.main_tid)
for v in target run_method; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 8 "$v threads that reported"
	assert_eq "$(result_field "$out" $v metrics.same_pid)" 8 "$v threads in main's process"
	assert_eq "$(result_field "$out" $v metrics.distinct_tid)" 8 "$v distinct thread ids"
	assert_eq "$(result_field "$out" $v metrics.names_ok)" 8 "$v names read back"
	# the thread ids in the narration: 8 different ones, none of them main's
	tids=$(printf '%s\n' "$out" | jq -r --arg v $v \
		'select(.event=="log" and .variant==$v) | .text | capture("tid (?<t>[0-9]+),") | .t')
	assert_eq "$(printf '%s\n' "$tids" | sort -u | wc -l)" 8 "$v distinct tids in the log"
	printf '%s\n' "$tids" | grep -qx "$main_tid" && fail "$v: a thread reported main's tid"
done
# names as given: worker-N for target, counter-N for the run() objects
for i in 0 7; do
	printf '%s\n' "$out" | grep -q "thread $i: .*name \\\\\"worker-$i\\\\\"" || fail "no worker-$i"
	printf '%s\n' "$out" | grep -q "thread $i: .*name \\\\\"counter-$i\\\\\"" || fail "no counter-$i"
done
printf '%s\n' "$out" | grep -q '1+..+80 is 3240' || fail "counter-7 did not sum 1..80"
