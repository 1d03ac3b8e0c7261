# pipe_duplex: requests go one way, replies the other; closing a side gives end of file.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo pipe_duplex messages=500)
for v in socketpair two_pipes; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 500 "$v correct replies"
	assert_eq "$(result_field "$out" $v metrics.child_served)" 500 "$v child saw all requests before EOF"
	assert_eq "$(result_field "$out" $v metrics.eof_seen)" 1 "$v parent saw EOF"
	printf '%s\n' "$out" | grep -q "\"variant\":\"$v\",\"text\":\"child: read() returned 0 - end of file after 500 requests\"" ||
		fail "$v: the child did not report end of file"
	printf '%s\n' "$out" | grep -q "\"variant\":\"$v\",\"text\":\"parent: sent 2, the child replied 4\"" ||
		fail "$v: reply to 2 was not 4"
done
out=$(demo pipe_duplex messages=1 --variant two_pipes)
assert_eq "$(result_field "$out" two_pipes observed)" 1 "a single exchange"

"$LAB/pipe_duplex" messages=-1 2>/dev/null; assert_eq $? 2 "exit status for messages=-1"
