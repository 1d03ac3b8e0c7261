# daemon: the daemon child is ended (SIGTERM) when its parent exits; a normal
# child is waited for and finishes; with no daemon both finish.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

out=$(demo daemon work_ms=50 daemon_ms=400)
assert_eq "$(result_field "$out" daemon correct)" true "daemon correct"
assert_eq "$(result_field "$out" daemon metrics.normal_done)" 1 "normal child finished"
assert_eq "$(result_field "$out" daemon metrics.daemon_done)" 0 "daemon child did not finish"
assert_eq "$(result_field "$out" daemon metrics.daemon_end)" SIGTERM "daemon ended by SIGTERM"
assert_le "$(result_field "$out" daemon metrics.daemon_did)" 399 "daemon stopped before its work was done (ms)"

assert_eq "$(result_field "$out" no_daemon correct)" true "no_daemon correct"
assert_eq "$(result_field "$out" no_daemon metrics.daemon_done)" 1 "background child finished"
assert_eq "$(result_field "$out" no_daemon metrics.daemon_did)" 400 "background child did all its work"
assert_ge "$(( $(result_field "$out" no_daemon elapsed_ns) / 1000000 ))" 400 "no_daemon waits for all"

# How early the daemon stops is timing: measured on a quiet machine only. The
# parent exits once the normal child is done, not after the daemon's work.
daemon_early() {
	out=$(demo daemon work_ms=50 daemon_ms=400 --variant daemon)
	did=$(result_field "$out" daemon metrics.daemon_did)
	ms=$(( $(result_field "$out" daemon elapsed_ns) / 1000000 ))
	echo "daemon did $did ms of work; the variant took $ms ms"
	[ "$did" -le 200 ] || miss "the daemon worked $did ms (limit 200)"
	[ "$ms" -le 300 ] || miss "the daemon variant took $ms ms (limit 300)"
}
guard_retry 3 daemon_early

"$LAB/daemon" work_ms=5 2>/dev/null; assert_eq $? 2 "exit status for work_ms=5"
