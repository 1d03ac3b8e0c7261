# worker_errors: one malformed record; "ignored" loses the error (and the rest
# of that worker's records), "collected" and "stop_early" report it with where.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo worker_errors threads=4 items=100000 bad_item=30000)
for v in ignored collected stop_early; do
	assert_eq "$(result_field "$out" $v expected)" 1 "$v: errors in the input"
done
assert_eq "$(result_field "$out" ignored observed)" 0 "ignored: errors reported"
assert_eq "$(result_field "$out" ignored correct)" false "ignored correct"
# worker 1 owns records 25000..49999 and stops at 30000: 20000 are never parsed
assert_eq "$(result_field "$out" ignored metrics.parsed)" 80000 "ignored: records parsed"
printf '%s\n' "$out" | grep -q '"text":"main: all 4 workers joined, total' ||
	fail "ignored: main did not claim success"
for v in collected stop_early; do
	assert_eq "$(result_field "$out" $v observed)" 1 "$v: errors reported"
	printf '%s\n' "$out" | grep -q "\"variant\":\"$v\",\"text\":\"worker 1: record 30000 \\\\\"12x4\\\\\": Invalid argument\"" ||
		fail "$v: the report does not name the worker, record and reason"
done
assert_eq "$(result_field "$out" collected metrics.parsed)" 80000 "collected: records parsed"
p=$(result_field "$out" stop_early metrics.parsed)
assert_le "$p" 80000 "stop_early parses no more than collected"

# no bad record: nothing to report, every record parsed, the sum is exact
out=$(demo worker_errors threads=3 items=1000 bad_item=1000)
for v in ignored collected stop_early; do
	assert_eq "$(result_field "$out" $v observed)" 0 "$v: nothing reported without an error"
	assert_eq "$(result_field "$out" $v correct)" true "$v correct without an error"
	assert_eq "$(result_field "$out" $v metrics.parsed)" 1000 "$v parsed"
	assert_eq "$(result_field "$out" $v metrics.sum)" -500 "$v sum of 1 - 2 + 3 ... - 1000"
done

"$LAB/worker_errors" threads=65 2>/tmp/we.err.$$; st=$?
msg=$(cat /tmp/we.err.$$); rm -f /tmp/we.err.$$
assert_eq "$st" 2 "exit status for threads=65"
case "$msg" in *"threads must be 1..64, got 65"*) ;; *) fail "message was: $msg";; esac
