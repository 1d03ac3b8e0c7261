# peterson: relaxed or acquire/release flags let both threads into the critical
# section (lost increments); seq_cst or a seq_cst fence keep it exact. Exactness
# is checked on every run; that the weak variants fail needs both threads on
# their own cores at once, so it is load-guarded.
. "$(dirname "$0")/../lib/common.sh"
. "$root/tests/lib/guard.sh"

check_run() {
	out=$(demo peterson iters=200000 --variant seq_cst,fence)
	for v in seq_cst fence; do
		assert_eq "$(result_field "$out" $v observed)" 400000 "$v count"
		assert_eq "$(result_field "$out" $v metrics.lost)" 0 "$v lost"
	done
	# How often both threads get in varies 500-fold with where the host
	# runs this VM's two vCPUs: about 1 in 2,000 rounds, or (seen 2026-12-02,
	# 120 ns a round instead of 300) 1 in a million. 4 million rounds each.
	out=$(demo peterson iters=4000000 --variant relaxed,acq_rel)
	for v in relaxed acq_rel; do
		obs=$(result_field "$out" $v observed)
		assert_le "$obs" 8000000 "$v can lose increments but never invent them"
		[ "$obs" -lt 8000000 ] ||
			miss "$v: the lock held in every round this time ($(result_field "$out" $v metrics.ns_per_op) ns a round)"
		assert_eq "$(result_field "$out" $v correct)" false "$v correct when updates were lost"
	done
}
# Five tries: once (2026-12-02, make check on an idle machine) three quiet
# tries in a row held, though 16 runs before and after all lost updates;
# the load guard sees other programs in this machine, not a host that runs
# the two vCPUs differently for a while. The ns a round in the miss line
# tells the two apart next time.
guard_retry 5 check_run

# naive: a lost update is possible, an invented one is not; wrong exactly
# when some were lost (whether any are lost this run is up to the timing)
out=$(demo peterson iters=200000 --variant naive)
obs=$(result_field "$out" naive observed)
assert_le "$obs" 400000 "naive never invents increments"
assert_eq "$(result_field "$out" naive correct)" "$([ "$obs" = 400000 ] && echo true || echo false)" \
	"naive correct iff nothing lost"
echo "naive: $obs of 400000"

"$LAB/peterson" iters=0 2>/tmp/pt.err.$$; st=$?
msg=$(cat /tmp/pt.err.$$); rm -f /tmp/pt.err.$$
assert_eq "$st" 2 "exit status for iters=0"
case "$msg" in *"iters must be 1..100000000, got 0"*) ;; *) fail "message was: $msg";; esac
