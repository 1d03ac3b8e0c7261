# address_spaces: a child process's write stays in the child; a thread's write is seen.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo address_spaces newvalue=777)
assert_eq "$(result_field "$out" process observed)" 100 "parent's value after the child wrote"
assert_eq "$(result_field "$out" process metrics.other_saw)" 777 "the child saw its own write"
assert_eq "$(result_field "$out" process metrics.same_address)" 1 "same address in both processes"
assert_eq "$(result_field "$out" process metrics.same_pid)" 0 "the child is another process"
assert_eq "$(result_field "$out" thread observed)" 777 "parent's value after the thread wrote"
assert_eq "$(result_field "$out" thread metrics.same_pid)" 1 "the thread is in our process"
for v in process thread; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
done
# the thread variant alone (no fork before it) gives the same answer
out=$(demo address_spaces --variant thread)
assert_eq "$(result_field "$out" thread observed)" 200 "thread alone"

"$LAB/address_spaces" newvalue=100 2>/dev/null; assert_eq $? 2 "exit status for newvalue=100"
