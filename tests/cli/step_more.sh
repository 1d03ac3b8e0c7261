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
# ---- peterson: a naive flag lock, and Peterson's lock stepped ------------
# iters=1. naive, per thread: spin (until the other's flag is 0), flag = 1,
# load, store, flag = 0. seq_cst (Peterson): flag = 1, turn = other, spin
# (until the other's flag is 0 or the turn is mine), load, store, flag = 0.
# A spin is a choice only while its condition holds (LAB_SPIN_UNTIL). The
# model below walks every interleaving of those steps on its own and counts
# the final counters: naive 142 runs, 72 of them with both threads inside
# at once (counter 1); Peterson 26 runs, all ending at 2, no deadlock.
flagmodel() {
	python3 - "$@" <<'PY'
import sys
from functools import lru_cache
variant = sys.argv[1]
iters = int(sys.argv[2]) if len(sys.argv) > 2 else 1
# each step: (kind, arg). A thread's state: pc, v.
if variant == "naive":
    prog = [("await_out",), ("flag", 1), ("load",), ("store",), ("flag", 0)] * iters
else:  # Peterson, seq_cst: every store seen at once
    prog = [("flag", 1), ("turn",), ("await_peterson",), ("load",), ("store",), ("flag", 0)] * iters
n = len(prog)
def enabled(t, pcs, flags, turn):
    if pcs[t] == n:
        return False
    k = prog[pcs[t]][0]
    o = 1 - t
    if k == "await_out":
        return not flags[o]
    if k == "await_peterson":
        return not (flags[o] and turn == o)
    return True
@lru_cache(maxsize=None)
def go(pcs, vs, flags, turn, counter):
    if pcs == (n, n):
        return {counter: 1}
    out, moved = {}, False
    for t in (0, 1):
        if not enabled(t, pcs, flags, turn):
            continue
        moved = True
        k = prog[pcs[t]]
        p, v, f, tu, c = list(pcs), list(vs), list(flags), turn, counter
        if k[0] == "flag":
            f[t] = k[1]
        elif k[0] == "turn":
            tu = 1 - t
        elif k[0] == "load":
            v[t] = c
        elif k[0] == "store":
            c = v[t] + 1
        p[t] += 1
        for key, cnt in go(tuple(p), tuple(v), tuple(f), tu, c).items():
            out[key] = out.get(key, 0) + cnt
    if not moved:
        return {"deadlock": 1}
    return out
r = go((0, 0), (0, 0), (0, 0), 0, 0)
print("[%d,[%s]]" % (sum(r.values()), ",".join("[%s,%d]" % (k, r[k]) for k in sorted(r))))
PY
}
for v in naive seq_cst; do
	model=$(flagmodel $v) || fail "flag lock model $v"
	assert_eq "$(counts peterson iters=1 --variant $v | jq -c '.[0:2]')" "$model" "peterson $v: explore vs the model"
	assert_eq "$(counts peterson iters=1 --variant $v | jq -c '.[2]')" '[]' "peterson $v: no deadlock"
done
j=$("$LOCKSTEP" explore peterson iters=1 --variant naive --goal 'end counter == 1' --json) ||
	fail "explore peterson naive"
# first found (A tried first): A and B both pass their spin before either
# raises its flag (AB), then both load 0 before either stores.
assert_eq "$(printf '%s' "$j" | jq -r .goal.shortest)" ABAABBAABB "naive: first lost update"
# Peterson: once A raised its flag and gave B the turn, B (flag up, turn
# given to A) may not pass its spin: step 5 is refused.
"$LOCKSTEP" step peterson iters=1 --variant seq_cst --schedule AABBB >/dev/null 2>&1 &&
	fail "peterson seq_cst: B passed its spin while A had the turn"
"$LOCKSTEP" step peterson iters=1 --variant seq_cst --schedule AABBA >/dev/null ||
	fail "peterson seq_cst: A should pass its spin at step 5"
# iters=2 has 21286 runs (the model: [21286,[[2,5184],[3,10656],[4,5446]]]),
# over --no-merge's 5000: iters=1 checks merging, iters=2 the count
same_merged peterson iters=1 --variant naive
assert_eq "$(counts peterson iters=2 --variant naive | jq -c ".[0:2]")" "$(flagmodel naive 2)" "peterson naive iters=2: explore vs the model"
# ---- singleton: check, then act ------------------------------------------
# threads=N, trials=1 when stepped. unsafe, per thread: check (reads the
# instance), and only if it saw none, create. A thread that checks after
# some create sees it and is done. For 2 threads: AAB and BBA create one;
# ABAB, ABBA, BAAB, BABA check twice before any create: two. 6 runs, 4 of
# them with two instances. locked: lock, check, create or not, unlock: a
# hold per thread, 2 orders, one instance each. The model counts the same
# for 3 threads.
singlemodel() {
	python3 - "$1" <<'PY'
import sys
from functools import lru_cache
n = int(sys.argv[1])
# a thread: 0 before its check, 1 checked and saw none (create next), 2 done
@lru_cache(maxsize=None)
def go(ts, created):
    if all(t == 2 for t in ts):
        return {created: 1}
    out = {}
    for i, t in enumerate(ts):
        if t == 2:
            continue
        nt, c = list(ts), created
        if t == 0:
            nt[i] = 1 if created == 0 else 2
        else:
            nt[i], c = 2, created + 1
        for k, v in go(tuple(nt), c).items():
            out[k] = out.get(k, 0) + v
    return out
r = go((0,) * n, 0)
print("[%d,[%s],[]]" % (sum(r.values()), ",".join("[%d,%d]" % (k, r[k]) for k in sorted(r))))
PY
}
assert_eq "$(singlemodel 2)" '[6,[[1,2],[2,4]],[]]' "singleton model, 2 threads: the hand count"
for t in 2 3; do
	assert_eq "$(counts singleton threads=$t --variant unsafe)" "$(singlemodel $t)" "singleton unsafe threads=$t: explore vs the model"
done
assert_eq "$(counts singleton threads=2 --variant locked)" '[2,[[1,2]],[]]' "singleton locked: 2 runs, one instance"
j=$("$LOCKSTEP" explore singleton threads=2 --variant unsafe --goal 'end created >= 2' --json) ||
	fail "explore singleton"
assert_eq "$(printf '%s' "$j" | jq -c '[.goal.count, .goal.shortest]')" '[4,"ABAB"]' "singleton: 4 runs with two, first ABAB"
same_merged singleton threads=3 --variant unsafe
same_merged singleton threads=3 --variant locked
# ---- thread_queue: two producers, one slot -------------------------------
# producers=2 items=1 capacity=2; the consumer is not stepped (it drains
# the ring after both producers are done). unsafe, per producer: read tail,
# write slot t, store tail t+1: 3 steps, none blocks, C(6,3) = 20 runs. An
# item survives both only when the second read comes after the first's
# store: AAABBB and BBBAAA. The other 18 both write slot 0 and leave
# tail 1: the consumer gets 1 item. locked: lock, write, signal, unlock is
# one hold per producer: 2 runs, both items got.
tq="thread_queue producers=2 consumers=1 items=1 capacity=2"
# shellcheck disable=SC2086
assert_eq "$(counts $tq --variant unsafe)" '[20,[[1,18],[2,2]],[]]' "thread_queue unsafe: 18 of 20 lose an item"
# shellcheck disable=SC2086
assert_eq "$(counts $tq --variant locked)" '[2,[[2,2]],[]]' "thread_queue locked: 2 runs, none lost"
# shellcheck disable=SC2086
out=$("$LOCKSTEP" step $tq --variant unsafe --schedule AABABB) || fail "step thread_queue AABABB"
# A writes item 0 into slot 0, B reads tail 0 before A stores it, B's item
# (1) overwrites slot 0: one item, and the consumer reports 1 lost
case "$out" in *"observed 1, expected 2"*) ;; *) fail "thread_queue AABABB: $out" ;; esac
# shellcheck disable=SC2086
"$LOCKSTEP" step thread_queue producers=2 consumers=1 items=2 capacity=2 --variant unsafe --schedule A 2>&1 |
	grep -q "capacity must hold every item" || fail "thread_queue: a too small ring when stepped is not refused"
same_merged thread_queue producers=2 consumers=1 items=2 capacity=4 --variant unsafe
exit 0
