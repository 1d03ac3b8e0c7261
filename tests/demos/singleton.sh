# singleton: check-then-act without a lock can create the "one" instance
# more than once; under a mutex or with pthread_once it is created once.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

# The protected variants must be exact in every run, busy or not; that the
# unsafe one creates extras needs the threads on cores at once (guard.sh).
race_shows() {
	out=$(demo singleton threads=4 trials=40)
	for v in locked once; do
		assert_eq "$(result_field "$out" $v observed)" 40 "$v: one instance per trial"
		assert_eq "$(result_field "$out" $v metrics.duplicated)" 0 "$v duplicated"
		assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	done
	obs=$(result_field "$out" unsafe observed) dup=$(result_field "$out" unsafe metrics.duplicated)
	assert_ge "$obs" 40 "unsafe: at least one instance per trial"
	assert_le "$obs" 160 "unsafe: at most one per thread per trial"
	# more instances than trials exactly when some trial made two or more
	assert_eq "$([ "$obs" -gt 40 ] && echo y || echo n)" "$([ "$dup" -gt 0 ] && echo y || echo n)" \
		"unsafe: extra instances iff duplicated trials"
	echo "unsafe: $obs instances in 40 trials, $dup trials with more than one"
	[ "$dup" -ge 1 ] || miss "unsafe: every trial created one instance this time"
}
guard_retry 3 race_shows

"$LAB/singleton" threads=1 2>/tmp/singleton.err.$$; st=$?
msg=$(cat /tmp/singleton.err.$$); rm -f /tmp/singleton.err.$$
assert_eq "$st" 2 "exit status for threads=1"
case "$msg" in *"threads must be 2..64, got 1"*) ;; *) fail "message was: $msg";; esac
