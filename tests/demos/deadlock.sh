# deadlock: opposite lock orders deadlock in every run; the watchdog finds
# the cycle, reports who holds what, and the demo still finishes. The ordered
# and trylock fixes complete every round, for 2 locks and for philosophers.
. "$(dirname "$0")/../lib/common.sh"

logs() { printf '%s\n' "$1" | jq -r --arg v "$2" 'select(.event=="log" and .variant==$v) | .text'; }

for i in 1 2 3; do
	out=$(demo deadlock rounds=50 timeout_ms=100)
	assert_eq "$(result_field "$out" deadlock correct)" false "deadlock variant wrong (run $i)"
	assert_eq "$(result_field "$out" deadlock metrics.deadlocked)" yes "deadlock detected (run $i)"
	# detected by the first timeouts, not after rounds of retrying
	assert_le "$(result_field "$out" deadlock elapsed_ns)" 1000000000 "time to detect (run $i)"
	cyc=$(logs "$out" deadlock | grep '^deadlock: ')
	case "$cyc" in *"holds lock A, waits for lock B"*"holds lock B, waits for lock A"* | \
		*"holds lock B, waits for lock A"*"holds lock A, waits for lock B"*) ;;
	*) fail "cycle report (run $i): $cyc";; esac
	for v in ordered trylock; do
		assert_eq "$(result_field "$out" $v correct)" true "$v correct (run $i)"
		assert_eq "$(result_field "$out" $v observed)" 100 "$v rounds done (run $i)"
		assert_eq "$(result_field "$out" $v metrics.deadlocked)" no "$v no deadlock (run $i)"
	done
done
# trylock really met a busy lock (the constructed pause makes both hold one)
assert_ge "$(result_field "$out" trylock metrics.retries)" 1 "trylock back-offs"

# Dining philosophers: a cycle through all five.
out=$(demo deadlock philosophers=5 rounds=40 timeout_ms=100)
assert_eq "$(result_field "$out" deadlock metrics.deadlocked)" yes "philosophers deadlock"
assert_eq "$(logs "$out" deadlock | grep '^deadlock: ' | grep -o 'holds fork' | wc -l)" 5 \
	"philosophers in the cycle"
for v in ordered trylock; do
	assert_eq "$(result_field "$out" $v correct)" true "philosophers $v correct"
	assert_eq "$(result_field "$out" $v observed)" 200 "philosophers $v meals"
done

# philosophers=1 makes no sense and is refused
"$LAB/deadlock" philosophers=1 >/dev/null 2>&1; st=$?
assert_eq "$st" 2 "exit status for philosophers=1"
