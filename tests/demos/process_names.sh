# process_names: children inherit the parent's name unless they set their own;
# the names, pids and ppids read back from /proc match.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo process_names children=3)
for v in inherited named; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 3 "$v children named and parented as predicted"
done
assert_eq "$(result_field "$out" inherited metrics.names)" "process_names,process_names,process_names" "inherited names"
assert_eq "$(result_field "$out" named metrics.names)" "worker-0,worker-1,worker-2" "prctl names"
assert_eq "$(result_field "$out" named metrics.parent)" "process_names" "parent keeps its name"
# every child's own view: its ppid is the demo's pid
ppid=$(result_field "$out" named metrics.parent_pid)
n=$(printf '%s\n' "$out" | jq -r 'select(.event=="log" and .variant=="named") | .text' |
	grep -c "^child [0-2]: I am 'worker-[0-2]', pid [0-9]*, my parent is pid $ppid\$")
assert_eq "$n" 3 "children report their own name and parent"

"$LAB/process_names" children=17 2>/dev/null; assert_eq $? 2 "exit status for children=17"
