# cpu_count: usable <= online <= configured; taskset narrows usable, not online.
. "$(dirname "$0")/../lib/common.sh"

out=$(demo cpu_count)
conf=$(result_field "$out" counts metrics.configured)
onln=$(result_field "$out" counts metrics.online)
usable=$(result_field "$out" counts metrics.usable)
assert_eq "$(result_field "$out" counts correct)" true "counts correct"
assert_ge "$usable" 1 "usable CPUs"
assert_le "$usable" "$onln" "usable <= online"
assert_le "$onln" "$conf" "online <= configured"
# nproc(1) counts the affinity mask too: the two must agree
assert_eq "$usable" "$(nproc)" "usable CPUs vs nproc"
assert_le "$(result_field "$out" counts metrics.pool_workers)" "$usable" "pool never exceeds usable"
assert_eq "$(result_field "$out" taskset observed)" 1 "taskset cpus=1 leaves one usable CPU"
assert_eq "$(result_field "$out" taskset metrics.online)" "$onln" "online unchanged by taskset"

# Run under taskset: usable drops to 1, online does not
if command -v taskset >/dev/null && [ "$onln" -ge 2 ]; then
	out=$(taskset -c 0 "$LAB/cpu_count" --json --variant counts) || fail "taskset run"
	assert_eq "$(result_field "$out" counts metrics.usable)" 1 "usable under taskset -c 0"
	assert_eq "$(result_field "$out" counts metrics.online)" "$onln" "online under taskset -c 0"
	assert_eq "$(result_field "$out" counts metrics.pool_workers)" 1 "pool size under taskset -c 0"
fi

# parameters are validated before anything runs
"$LAB/cpu_count" cpus=0 2>/tmp/cc.err.$$; st=$?
msg=$(cat /tmp/cc.err.$$); rm -f /tmp/cc.err.$$
assert_eq "$st" 2 "exit status for cpus=0"
case "$msg" in *"cpus must be 1..1024, got 0"*) ;; *) fail "message was: $msg";; esac
