# exercises_wrong: every plausible wrong fix kept in tests/exercises/NN-id/wrong/
# fails `lockstep verify --quick` for a reason of its own (not a compile or
# link error). (That every reference solution passes is checked by
# tests/cli/exercises.sh, next to it in make check.) Each wrong fix starts
# with a one-line comment "/* Wrong: <the mistake> */"; every exercise has at
# least two. (tests/exercises/strength.sh runs the same at full stress, K times.)
# The harnesses make each mistake show on a loaded machine too (measured 10/10
# at a load average up to 16, tests/exercises/README.md), so a failing verify
# needs no load guard; only a wrong fix that passes is tried again in guarded
# windows, and fails the test only if it passed while the machine was quiet.
. "$(dirname "$0")/../lib/common.sh"
. "$root/tests/lib/guard.sh"
LOCKSTEP=${LOCKSTEP_BIN:-$LOCKSTEP}
hx="$root/tests/exercises"
export LOCKSTEP_WORKSPACE="${TMPDIR:-/tmp}/lockstep-wrong-ws.$$"
trap 'rm -rf "$XDG_STATE_HOME" "$LOCKSTEP_WORKSPACE"' EXIT

# wrong_fails ID FILE: one quick verify of a wrong fix. Failing on its
# mistake is the outcome we want, and proves the harness catches it
# whatever the load. A build error is a broken wrong fix: fail. A pass may
# be a race a busy machine hid: miss, so that guard_retry tries again and
# fails only when it passed on a quiet machine.
wrong_fails() {
	out=$("$LOCKSTEP" verify "$1" --quick --file "$2" 2>&1); st=$?
	case "$out" in
	*"does not compile"* | *"does not link"* | *"does not build"*)
		fail "$2 failed to build, not on its mistake:
$out" ;;
	esac
	[ "$st" = 0 ] && miss "$2 passed verify:
$out"
	[ "$st" = 1 ] || fail "$2: verify exit $st, expected 1:
$out"
	case "$out" in *"FAIL ${1%%-*} "*) ;; *) fail "$2: no FAIL line:
$out" ;; esac
}

checked=0
for dir in "$hx"/[0-9][0-9]-*/; do
	id=$(basename "$dir")
	n=0
	for w in "$dir"wrong/*.c; do
		[ -e "$w" ] || continue
		name="$id/wrong/$(basename "$w")"
		head -n 1 "$w" | grep -q '^/\* Wrong: .* \*/$' ||
			fail "$name: the first line must be /* Wrong: <the mistake> */"
		( wrong_fails "$id" "$w" ) >/dev/null; st=$?
		case $st in
		0) ;;
		3) guard_retry 3 wrong_fails "$id" "$w" ;;
		*) exit 1 ;; # wrong_fails said why, on stderr
		esac
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "$id has $n wrong fixes in wrong/, expected at least 2"
	checked=$((checked + n))
done
assert_ge "$checked" 36 "wrong fixes checked"
