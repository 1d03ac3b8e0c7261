#!/bin/sh
# step_more.sh - the stepped demos added for issue 12's later challenges
# (event's lost wake-up, ...): explore's counts against a count worked out
# by hand below from each demo's step points, merged vs --no-merge, and the
# shortest winning schedule replayed with `lockstep step`.
. "$(dirname "$0")/../lib/common.sh"
export LC_ALL=C.UTF-8

# counts ARGS... : "[interleavings,[[observed,count]...],[deadlock counts]]"
counts() {
	"$LOCKSTEP" explore "$@" --json |
		jq -c '[.interleavings, [.outcomes[] | [.observed, .count]], [.deadlocks[].count]]' ||
		fail "lockstep explore $*"
}

# same_merged ARGS... : merging equal states changes no count
same_merged() {
	m=$(counts "$@")
	n=$(counts "$@" --no-merge)
	assert_eq "$m" "$n" "explore $*: merged vs --no-merge"
}

# ---- event: a lost wake-up ---------------------------------------------
# One worker A, the setter B. B's set() is one hold of the lock: lock,
# broadcast, unlock (3 steps), so A's steps under the lock cannot interleave
# with it: the run is an order of lock-holds.
#   lost:  A's look [lock, unlock], then (flag 0) its sleep [lock, wait],
#          then after the wake [relock, unlock].
#          set first:                 A looks, sees 1, done     -> correct
#          look, set, sleep:          nobody wakes A            -> deadlock
#          look, sleep, set, wake:                              -> correct
#   event: A's [lock, wait] or [lock, unlock] when the flag is up:
#          set first, or wait then set then wake: 2, both correct.
ev="event workers=1 delay_ms=1 timeout_ms=1"
# shellcheck disable=SC2086 # the words are the arguments
assert_eq "$(counts $ev --variant lost)" '[3,[[1,2]],[1]]' "event lost: 3 interleavings, 1 deadlock"
# shellcheck disable=SC2086
assert_eq "$(counts $ev --variant event)" '[2,[[1,2]],[]]' "event: 2 interleavings, no deadlock"
# shellcheck disable=SC2086
j=$("$LOCKSTEP" explore $ev --variant lost --goal deadlock --json) || fail "explore lost --goal"
# the deadlock: A looks (2 steps), B sets (3), A locks and waits (2)
assert_eq "$(printf '%s' "$j" | jq -r .goal.shortest)" AABBBAA "lost: shortest deadlock"
# shellcheck disable=SC2086
out=$("$LOCKSTEP" step $ev --variant lost --schedule AABBBAA) || fail "step lost AABBBAA"
case "$out" in *"deadlock after step 7"*"A holds nothing"*"waits for cond"*) ;;
*) fail "lost AABBBAA does not end in A's lost wait: $out" ;; esac
# two workers: the same counts with and without merging equal states
same_merged event workers=2 delay_ms=1 timeout_ms=1 --variant lost
same_merged event workers=2 delay_ms=1 timeout_ms=1 --variant event
exit 0
