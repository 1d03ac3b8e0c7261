# fork_lock: a child forked while another thread holds a mutex can never take
# it (the demo reports "stuck" and kills it); forking before threads start, or
# exec'ing at once, gives the child a lock it can take. Not a timing claim: the
# stuck child is blocked for good, and the others get the lock in milliseconds
# (5 s allowed here for a busy machine).
. "$(dirname "$0")/../lib/common.sh"

for i in 1 2 3; do
	out=$(demo fork_lock --variant threaded_fork timeout_ms=200)
	assert_eq "$(result_field "$out" threaded_fork correct)" false "threaded_fork correct (run $i)"
	assert_eq "$(result_field "$out" threaded_fork metrics.child)" stuck "threaded_fork child (run $i)"
	printf '%s\n' "$out" | grep -q '"text":"child [0-9]*: no lock after 200 ms, killing it"' ||
		fail "threaded_fork: the demo did not say it killed the stuck child"
	out=$(demo fork_lock --variant fork_first,exec_at_once timeout_ms=5000)
	for v in fork_first exec_at_once; do
		assert_eq "$(result_field "$out" $v observed)" 1 "$v observed (run $i)"
		assert_eq "$(result_field "$out" $v metrics.child)" "got the lock" "$v child (run $i)"
	done
done

"$LAB/fork_lock" timeout_ms=10 2>/tmp/fl.err.$$; st=$?
msg=$(cat /tmp/fl.err.$$); rm -f /tmp/fl.err.$$
assert_eq "$st" 2 "exit status for timeout_ms=10"
case "$msg" in *"timeout_ms must be 50..10000, got 10"*) ;; *) fail "message was: $msg";; esac
