# exec_system: exec keeps the pid and changes the program; system() runs a new
# process; exit statuses are decoded.
. "$(dirname "$0")/../lib/common.sh"

for code in 3 0; do
	out=$(demo exec_system code=$code)
	for v in exec system; do
		assert_eq "$(result_field "$out" $v correct)" true "$v correct (code=$code)"
		assert_eq "$(result_field "$out" $v observed)" $code "$v exit status"
		assert_eq "$(result_field "$out" $v metrics.status)" "exit $code" "$v decoded status"
		assert_eq "$(result_field "$out" $v metrics.shell_name)" sh "$v: the program is now the shell"
	done
	assert_eq "$(result_field "$out" exec metrics.same_pid)" 1 "exec keeps the pid"
	assert_eq "$(result_field "$out" system metrics.same_pid)" 0 "system runs a new process"
	# the pid the shell printed is the one fork returned
	forked=$(printf '%s\n' "$out" | jq -r 'select(.event=="log" and .variant=="exec") | .text' |
		sed -n 's/^fork made pid \([0-9]*\),.*/\1/p')
	assert_eq "$(result_field "$out" exec metrics.shell_pid)" "$forked" "shell pid vs forked pid"
done
assert_eq "$(result_field "$out" statuses metrics.exit_codes)" "0 1 127" "true, false, missing"
assert_eq "$(result_field "$out" statuses correct)" true "statuses correct"

"$LAB/exec_system" code=256 2>/dev/null; assert_eq $? 2 "exit status for code=256"
