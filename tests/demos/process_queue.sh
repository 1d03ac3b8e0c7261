# process_queue: every item arrives once, in FIFO order, checksum matches, sentinel ends it.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo process_queue items=3000 seed=5)
for v in pipe mqueue; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 3000 "$v items in FIFO order"
	assert_eq "$(result_field "$out" $v metrics.received)" 3000 "$v items received"
	assert_eq "$(result_field "$out" $v metrics.sentinel)" 1 "$v sentinel seen"
	assert_eq "$(result_field "$out" $v metrics.checksum_ok)" 1 "$v checksum"
	printf '%s\n' "$out" | grep -q "\"variant\":\"$v\",\"text\":\"consumer: sentinel after 3000 items, stopping\"" ||
		fail "$v: consumer did not stop at the sentinel"
done
sum5=$(result_field "$out" pipe metrics.checksum)
assert_eq "$(result_field "$out" mqueue metrics.checksum)" "$sum5" "both queues carry the same items"
# the seed decides the items: another seed, another checksum
out=$(demo process_queue items=3000 seed=6 --variant pipe)
[ "$(result_field "$out" pipe metrics.checksum)" != "$sum5" ] || fail "seed did not change the items"
# no message queue left behind
ls /dev/mqueue 2>/dev/null | grep -q lockstep-queue && fail "a message queue was left behind"

"$LAB/process_queue" items=abc 2>/dev/null; assert_eq $? 2 "exit status for items=abc"
