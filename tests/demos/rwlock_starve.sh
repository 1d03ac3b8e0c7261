# rwlock_starve: overlapping readers keep a writer out of glibc's default
# (reader-preferring) rwlock; with PREFER_WRITER_NONRECURSIVE_NP the writer
# gets its turns. Who gets the lock depends on the readers really overlapping,
# so the claim is load-guarded; the counts' bounds are checked on every run.
. "$(dirname "$0")/../lib/common.sh"
. "$root/tests/lib/guard.sh"

check_run() {
	out=$(demo rwlock_starve readers=4 hold_us=2000 every_ms=10 duration_ms=500)
	for v in reader_pref writer_pref; do
		assert_eq "$(result_field "$out" $v expected)" 50 "$v: writes wanted"
		assert_le "$(result_field "$out" $v observed)" 50 "$v: writes done"
		assert_ge "$(result_field "$out" $v metrics.reads)" 1 "$v: reads done"
	done
	r=$(result_field "$out" reader_pref observed)
	w=$(result_field "$out" writer_pref observed)
	echo "writes done in 500 ms: reader_pref $r, writer_pref $w (of 50)"
	[ "$r" -le 5 ] || miss "reader_pref: the writer got $r writes"
	[ "$w" -ge 25 ] || miss "writer_pref: the writer got only $w writes"
}
guard_retry 3 check_run

"$LAB/rwlock_starve" readers=1 2>/tmp/rw.err.$$; st=$?
msg=$(cat /tmp/rw.err.$$); rm -f /tmp/rw.err.$$
assert_eq "$st" 2 "exit status for readers=1"
case "$msg" in *"readers must be 2..32, got 1"*) ;; *) fail "message was: $msg";; esac
