#!/bin/sh
# progress_shared.sh - two lockstep processes recording at the same time
# lose nothing: one takes every hint of the odd-numbered exercises, the other
# of the even ones, concurrently, 3 rounds each (each `lockstep hint` loads,
# records and saves); afterwards every exercise has all its hints seen. Then
# a pass recorded while another process holds stale progress survives that
# process's save. (The 2 x 500 facts case runs in tests/unit/check_progress.c.)
. "$(dirname "$0")/../lib/common.sh"

state="$XDG_STATE_HOME/lockstep/progress.json"
ids=$(cd "$root/lab/exercises" && ls [0-9][0-9]-*.c | sed 's/\.c$//')
n=$(printf '%s\n' "$ids" | wc -l)
assert_ge "$n" 12 "exercises"

take_hints() { # parity: 1 odd, 0 even
	for round in 1 2 3; do
		for id in $ids; do
			num=$(echo "$id" | cut -c1-2 | sed 's/^0//')
			[ $((num % 2)) = "$1" ] || continue
			"$LOCKSTEP" hint "$id" >/dev/null 2>&1 || echo "hint $id failed" >&2
		done
	done
}
take_hints 1 & a=$!
take_hints 0 & b=$!
wait $a; wait $b

for id in $ids; do
	want=$(grep -c '^## Hint ' "$root/tests/exercises/$id/hints.md")
	got=$(jq -r --arg id "$id" '.exercises[$id].hints // 0' "$state")
	assert_eq "$got" "$want" "hints seen for $id after two concurrent writers"
done

# A pass recorded elsewhere survives a process that loaded before it: the
# shell keeps its progress for its whole session and saves on `goto`.
ws="$XDG_STATE_HOME/ws"
export LOCKSTEP_WORKSPACE="$ws"
"$LOCKSTEP" exercises init >/dev/null || fail "exercises init"
cp "$root/tests/exercises/02-atomic-tickets/solution.c" "$ws/02-atomic-tickets.c"
{
	echo "goto 3"
	sleep 1 # meanwhile, below: verify records the pass
	"$LOCKSTEP" verify --quick --no-tsan 2 >/dev/null 2>&1 || echo "verify failed" >&2
	echo "goto 4"
} | "$LOCKSTEP" shell >/dev/null 2>&1
[ "$(jq -r '.exercises["02-atomic-tickets"].passed' "$state")" = true ] ||
	fail "the pass was lost to the shell's save: $(cat "$state")"
exit 0
