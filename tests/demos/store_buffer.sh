# store_buffer: with relaxed accesses both loads can read 0 (x86 store buffer);
# with seq_cst or a fence never. The "never" is checked on every run; the
# "can" needs both threads on their own cores at once, so it is load-guarded.
. "$(dirname "$0")/../lib/common.sh"
. "$root/tests/lib/guard.sh"

iters=200000
check_run() {
	out=$(demo store_buffer iters=$iters)
	for v in relaxed seq_cst fence; do
		sum=0
		for k in both_zero r1_0_r2_1 r1_1_r2_0 both_one; do
			n=$(result_field "$out" $v metrics.$k)
			assert_ge "$n" 0 "$v $k"
			sum=$((sum + n))
		done
		assert_eq "$sum" $iters "$v: every round counted once"
	done
	for v in seq_cst fence; do
		assert_eq "$(result_field "$out" $v observed)" 0 "$v rounds with r1 = r2 = 0"
		assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	done
	n=$(result_field "$out" relaxed observed)
	[ "$n" -gt 0 ] || miss "relaxed: no round with r1 = r2 = 0 in $iters"
	assert_eq "$(result_field "$out" relaxed correct)" false "relaxed correct when reordered"
	echo "relaxed: r1 = r2 = 0 in $n of $iters rounds"
}
guard_retry 3 check_run

"$LAB/store_buffer" iters=5 2>/tmp/sb.err.$$; st=$?
msg=$(cat /tmp/sb.err.$$); rm -f /tmp/sb.err.$$
assert_eq "$st" 2 "exit status for iters=5"
case "$msg" in *"iters must be 1000..20000000, got 5"*) ;; *) fail "message was: $msg";; esac
