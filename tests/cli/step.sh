#!/bin/sh
# step.sh - `lockstep step` and `lockstep explore` from the command line:
# traces and explore reports against golden files (STEP_GOLDEN_UPDATE=1
# rewrites them after a deliberate change), the race_counter counts through
# --json, usage errors (exit 2) and refusals (exit 1), and every
# `$ lockstep step|explore` block in lessons/ against the program's real output.
. "$(dirname "$0")/../lib/common.sh"
export LC_ALL=C.UTF-8
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-step.XXXXXX")
trap 'rm -rf "$TMP" "$XDG_STATE_HOME"' EXIT

# A data root whose only demo is the deadlock fixture (tests/stepdemo).
FX="$TMP/fixture"
mkdir -p "$FX/demos"
ln -s "$root/build/tests/stepdemo/twolocks" "$FX/demos/twolocks"
"$FX/demos/twolocks" --describe >"$FX/demos/registry.jsonl" || fail "twolocks --describe"

# golden NAME DATA_ROOT ARGS... : the output must match tests/golden/NAME.txt
golden() {
	name=$1 data=$2; shift 2
	LOCKSTEP_DATA=$data "$LOCKSTEP" "$@" >"$TMP/$name.out" 2>&1 ||
		fail "lockstep $* exited $?: $(cat "$TMP/$name.out")"
	if [ -n "${STEP_GOLDEN_UPDATE:-}" ]; then
		cp "$TMP/$name.out" "$root/tests/golden/$name.txt"
	fi
	diff -u "$root/tests/golden/$name.txt" "$TMP/$name.out" ||
		fail "lockstep $* differs from tests/golden/$name.txt"
}

golden step-race-unsafe "$root" step race_counter threads=2 iters=1 --variant unsafe --schedule ABAB
golden step-race-mutex-partial "$root" step race_counter threads=2 iters=1 --variant mutex --schedule AAAAB
golden step-deadlock "$FX" step twolocks --variant crossed --schedule AB
golden explore-race-unsafe "$root" explore race_counter threads=2 iters=2 --variant unsafe
golden explore-deadlock "$FX" explore twolocks --variant crossed --goal deadlock

# The same schedule twice: the same trace.
a=$("$LOCKSTEP" step race_counter threads=3 iters=2 --schedule ABCCBAABCBCA) || fail "step 3x2"
b=$("$LOCKSTEP" step race_counter threads=3 iters=2 --schedule ABCCBAABCBCA) || fail "step 3x2 again"
[ "$a" = "$b" ] || fail "one schedule gave two traces"

# The known counts (issue 12), read from --json.
j=$("$LOCKSTEP" explore race_counter threads=2 iters=2 --variant unsafe --json) || fail "explore --json"
assert_eq "$(printf '%s' "$j" | jq .interleavings)" 70 "unsafe 2x2 interleavings"
assert_eq "$(printf '%s' "$j" | jq -c '[.outcomes[] | [.observed, .count]]')" '[[2,32],[3,32],[4,6]]' \
	"unsafe 2x2 distribution"
assert_eq "$(printf '%s' "$j" | jq .complete)" true "explore complete"
j=$("$LOCKSTEP" explore race_counter threads=2 iters=2 --variant mutex --json) || fail "explore mutex"
assert_eq "$(printf '%s' "$j" | jq -c '[.outcomes[] | .observed]')" '[4]' "mutex: every interleaving ends at 4"
# the atomic variant shows the counter it adds to: it ends at 3 in every interleaving
j=$("$LOCKSTEP" explore race_counter threads=3 iters=1 --variant atomic --goal 'end counter == 3' --json) ||
	fail "explore atomic"
assert_eq "$(printf '%s' "$j" | jq '[.goal.count, .interleavings]' | tr -d ' \n')" '[6,6]' \
	"atomic: the shown counter ends at 3 in every interleaving"
j=$("$LOCKSTEP" explore race_counter threads=2 iters=2 --goal 'end counter < 3' --json) || fail "goal"
assert_eq "$(printf '%s' "$j" | jq .goal.count)" 32 "goal 'end counter < 3'"
j=$("$LOCKSTEP" explore race_counter threads=2 iters=2 --limit 3 --json) || fail "limit"
assert_eq "$(printf '%s' "$j" | jq .complete)" false "--limit 3: partial"
assert_eq "$(printf '%s' "$j" | jq .runs)" 3 "--limit 3: runs"
j=$(LOCKSTEP_DATA=$FX "$LOCKSTEP" explore twolocks --variant ordered --json) || fail "ordered"
assert_eq "$(printf '%s' "$j" | jq '.deadlocks | length')" 0 "ordered locks: no deadlock"

# Merging equal states must not change a count: for demos that use a
# semaphore, a condition variable and a barrier, explore with and without it.
for a in "semaphore threads=3 slots=2 rounds=1 --variant unlimited" \
	"condition producers=1 consumers=2 items=2 capacity=1 --variant if" \
	"barrier threads=2 phases=2 --variant none"; do
	# shellcheck disable=SC2086 # the words are the arguments
	m=$("$LOCKSTEP" explore $a --json | jq -c '[.interleavings, [.outcomes[] | [.observed, .count]], [.deadlocks[].count]]') ||
		fail "explore $a"
	# shellcheck disable=SC2086
	n=$("$LOCKSTEP" explore $a --no-merge --json | jq -c '[.interleavings, [.outcomes[] | [.observed, .count]], [.deadlocks[].count]]') ||
		fail "explore $a --no-merge"
	assert_eq "$m" "$n" "explore $a: merged vs --no-merge"
done

# usage CMD ARGS... : exit 2 and a message naming the problem
usage() {
	want=$1; shift
	"$LOCKSTEP" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	assert_eq "$rc" 2 "exit status of 'lockstep $*'"
	grep -q -- "$want" "$TMP/err" || fail "lockstep $*: no '$want' in: $(cat "$TMP/err")"
}
usage "which demo" step
usage "give the order with --schedule" step race_counter
usage "letter 2, 'x', is not a thread" step race_counter --schedule Ax
usage "unknown demo 'nosuch'" step nosuch --schedule AB
usage "threads must be" step race_counter threads=0 --schedule AB
usage "no variant 'fast'" explore race_counter --variant fast
usage "'~' is not a comparison" explore race_counter --goal 'end counter ~ 2'
usage "limit must be" explore race_counter --limit 0
usage "unknown option" explore race_counter --fast

# a refused step: exit 1, the step and why
"$LOCKSTEP" step race_counter threads=2 iters=1 --variant mutex --schedule AB >"$TMP/out" 2>"$TMP/err"
assert_eq "$?" 1 "exit status of a refused step"
grep -q "step 2: thread B is blocked at race_counter.c:[0-9]*: it waits for mutex lock, held by A" \
	"$TMP/err" || fail "refusal message: $(cat "$TMP/err")"
LOCKSTEP_DATA=$FX "$LOCKSTEP" step twolocks --variant crossed --schedule ABA >/dev/null 2>"$TMP/err"
assert_eq "$?" 1 "exit status of a step after a deadlock"
grep -q "step 3: deadlock" "$TMP/err" || fail "after a deadlock: $(cat "$TMP/err")"

# a demo without step points says so
"$LOCKSTEP" step cpu_count --schedule A >/dev/null 2>"$TMP/err"
assert_eq "$?" 1 "exit status of stepping a demo without step points"
grep -q "cpu_count ran to its end without reaching a step point" "$TMP/err" ||
	fail "no step points: $(cat "$TMP/err")"

# an instance too big to explore is refused, not crashed on
"$LOCKSTEP" explore race_counter threads=2 iters=100000 >/dev/null 2>"$TMP/err"
assert_eq "$?" 1 "exit status of a too deep explore"
grep -q "explore is for small instances" "$TMP/err" || fail "too deep: $(cat "$TMP/err")"

# Every `$ lockstep step|explore` block in the lessons shows the real output.
n=0
for f in "$root"/lessons/[0-9][0-9]-*.md; do
	awk -v dir="$TMP" -v base="$(basename "$f")" '
		/^```/ { if (inblock) { if (cmd) close(out); inblock = 0; cmd = 0; next }
			 inblock = 1; first = 1; next }
		inblock && first { first = 0
			if ($0 ~ /^\$ lockstep (step|explore) /) {
				cmd = 1; k++; out = dir "/lesson." base "." k
				print substr($0, 3) > (out ".cmd"); close(out ".cmd")
				printf "" > out; next } }
		inblock && cmd { print > out }
	' "$f"
done
for c in "$TMP"/lesson.*.cmd; do
	[ -e "$c" ] || continue
	n=$((n + 1))
	want=${c%.cmd}
	line=$(cat "$c")
	eval "\"\$LOCKSTEP\" ${line#lockstep }" >"$TMP/got" 2>&1 || fail "lesson command '$line' exited $?"
	diff -u "$want" "$TMP/got" || fail "$(basename "$want"): '$line' prints something else now"
done
echo "step.sh: $n lesson block(s) match the program's output"
exit 0
