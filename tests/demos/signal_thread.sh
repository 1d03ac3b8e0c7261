# signal_thread: SIGINT sent to the whole process (as Ctrl-C does) reaches
# one thread. With a handler and nothing blocked, Linux gives it to the main
# thread; with only main blocking it, to another thread (the first started that
# can take it); with every thread blocking it, the sigwait thread takes every
# one. Not timing: the kernel's choice, the same in every run.
. "$(dirname "$0")/../lib/common.sh"

for i in 1 2 3; do
	out=$(demo signal_thread workers=3 rounds=20)
	for v in handler main_blocks sigwait; do
		assert_eq "$(result_field "$out" $v expected)" 20 "$v: signals sent (run $i)"
		assert_eq "$(result_field "$out" $v metrics.receivers)" 1 "$v: threads that took them (run $i)"
	done
	assert_eq "$(result_field "$out" handler metrics.to_main)" 20 "handler: to main (run $i)"
	assert_eq "$(result_field "$out" handler observed)" 0 "handler: to the signal thread (run $i)"
	assert_eq "$(result_field "$out" main_blocks metrics.to_main)" 0 "main_blocks: to main (run $i)"
	assert_eq "$(result_field "$out" main_blocks metrics.to_workers)" 20 "main_blocks: to workers (run $i)"
	assert_eq "$(result_field "$out" sigwait observed)" 20 "sigwait: to the signal thread (run $i)"
	assert_eq "$(result_field "$out" sigwait correct)" true "sigwait correct (run $i)"
done

"$LAB/signal_thread" rounds=0 2>/tmp/st.err.$$; st=$?
msg=$(cat /tmp/st.err.$$); rm -f /tmp/st.err.$$
assert_eq "$st" 2 "exit status for rounds=0"
case "$msg" in *"rounds must be 1..1000, got 0"*) ;; *) fail "message was: $msg";; esac
