# daemon: the daemon child is ended (SIGTERM) when its parent exits; a normal
# child is waited for and finishes; with no daemon both finish.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo daemon work_ms=50 daemon_ms=400)
assert_eq "$(result_field "$out" daemon correct)" true "daemon correct"
assert_eq "$(result_field "$out" daemon metrics.normal_done)" 1 "normal child finished"
assert_eq "$(result_field "$out" daemon metrics.daemon_done)" 0 "daemon child did not finish"
assert_eq "$(result_field "$out" daemon metrics.daemon_end)" SIGTERM "daemon ended by SIGTERM"
assert_le "$(result_field "$out" daemon metrics.daemon_did)" 200 "daemon stopped early (ms of work)"
# the parent exits once the normal child is done, not after the daemon's work
assert_le "$(( $(result_field "$out" daemon elapsed_ns) / 1000000 ))" 300 "daemon variant ms"

assert_eq "$(result_field "$out" no_daemon correct)" true "no_daemon correct"
assert_eq "$(result_field "$out" no_daemon metrics.daemon_done)" 1 "background child finished"
assert_eq "$(result_field "$out" no_daemon metrics.daemon_did)" 400 "background child did all its work"
assert_ge "$(( $(result_field "$out" no_daemon elapsed_ns) / 1000000 ))" 400 "no_daemon waits for all"

"$LAB/daemon" work_ms=5 2>/dev/null; assert_eq $? 2 "exit status for work_ms=5"
