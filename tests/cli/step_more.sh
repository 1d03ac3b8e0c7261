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
# ---- refcount borrow=1: a use after free ---------------------------------
# Each of A and B runs refs rounds of incref (load, store v+1), use, decref
# (load, store v-1): 5 steps, none of which blocks, so every interleaving of
# the two step lists is a run: C(10,5) = 252 for refs=1, C(20,10) = 184756
# for refs=2. Main's reference makes the count start at 1. The model below
# replays those step lists on its own (a store that leaves 0 from a decref
# frees; a use that finds it freed counts) and counts, per final count, how
# many interleavings end there, and how many reach a use after free.
# Atomic: incref, use, decref are one step each: C(12,6) = 924 runs for
# refs=2, every one ending at main's 1, none freed.
refmodel() {
	python3 - "$1" <<'PY'
import sys
from functools import lru_cache
refs = int(sys.argv[1])
steps = [("load", 1), ("store", 1), ("use", 0), ("load", -1), ("store", -1)] * refs
n = len(steps)
@lru_cache(maxsize=None)
def go(pa, pb, count, va, vb, freed, uaf):
    # returns {(final count, uaf>0): interleavings}
    if pa == n and pb == n:
        return {(count, uaf > 0): 1}
    out = {}
    for t in (0, 1):
        p = pa if t == 0 else pb
        if p == n:
            continue
        kind, d = steps[p]
        c, f, u, a, b = count, freed, uaf, va, vb
        if kind == "load":
            a, b = (c, b) if t == 0 else (a, c)
        elif kind == "store":
            c = (a if t == 0 else b) + d
            if d < 0 and c == 0:
                f = 1
        else:
            u += f
        r = go(pa + (t == 0), pb + (t == 1), c, a, b, f, u)
        for k, v in r.items():
            out[k] = out.get(k, 0) + v
    return out
res = go(0, 0, 1, 0, 0, 0, 0)
total = sum(res.values())
ends = {}
for (c, _), v in res.items():
    ends[c] = ends.get(c, 0) + v
print("[%d,[%s]] %d" % (total, ",".join("[%d,%d]" % (c, ends[c]) for c in sorted(ends)),
                        sum(v for (c, u), v in res.items() if u)))
PY
}
for r in 1 2; do
	model=$(refmodel $r) || fail "refcount model refs=$r"
	j=$("$LOCKSTEP" explore refcount refs=$r borrow=1 --variant plain \
		--goal 'any used_after_free >= 1' --json) || fail "explore refcount refs=$r"
	got="$(printf '%s' "$j" | jq -c '[.interleavings, [.outcomes[] | [.observed, .count]]]') $(printf '%s' "$j" | jq .goal.count)"
	assert_eq "$got" "$model" "refcount plain refs=$r: explore vs the model"
done
# refs=1 frees (count 0 at the end) but has no use after it: 0 is reached
# only by the last store of all; refs=2 has one
case "$(refmodel 1)" in *" 0") ;; *) fail "refcount refs=1: a use after free in the model" ;; esac
assert_eq "$(counts refcount refs=2 borrow=1 --variant atomic)" '[924,[[1,924]],[]]' "refcount atomic: 924 runs, all at 1"
# The first winning run explore finds (A is tried first at every choice):
# A's whole first round and its second incref and use, A loads 2 for its
# decref (9 steps); B increfs 2 -> 3 (BB); A stores 1: B's incref is lost
# (A); B uses, decrefs 1 -> 0 and frees, increfs the freed object, uses it.
assert_eq "$(printf '%s' "$j" | jq -r .goal.shortest)" AAAAAAAAABBABBBBBBBB "refcount: first use after free"
out=$("$LOCKSTEP" step refcount refs=2 borrow=1 --variant plain --schedule AAAAAAAAABBABBBBBBBB) ||
	fail "step refcount"
# step 15: B's decref stores 0 and frees; step 18: B's use finds it freed
line() { printf '%s\n' "$out" | awk -v s="$1" '$1 == s { print $NF, $(NF-1), $(NF-2) }'; }
assert_eq "$(line 15)" "0 1 0" "refcount step 15: freed, no use yet, count 0"
assert_eq "$(line 18)" "1 1 1" "refcount step 18: the use after free"
same_merged refcount refs=1 borrow=1 --variant plain
same_merged refcount refs=1 borrow=1 --variant locked
exit 0
