# exercises_wrong: every plausible wrong fix kept in tests/exercises/NN-id/wrong/
# fails `lockstep verify --quick` for a reason of its own (not a compile or
# link error). (That every reference solution passes is checked by
# tests/cli/exercises.sh, next to it in make check.) Each wrong fix starts
# with a one-line comment "/* Wrong: <the mistake> */"; every exercise has at
# least two. (tests/exercises/strength.sh runs the same at full stress, K times.)
. "$(dirname "$0")/../lib/common.sh"
LOCKSTEP=${LOCKSTEP_BIN:-$LOCKSTEP}
hx="$root/tests/exercises"
export LOCKSTEP_WORKSPACE="${TMPDIR:-/tmp}/lockstep-wrong-ws.$$"
trap 'rm -rf "$XDG_STATE_HOME" "$LOCKSTEP_WORKSPACE"' EXIT

checked=0
for dir in "$hx"/[0-9][0-9]-*/; do
	id=$(basename "$dir")
	n=0
	for w in "$dir"wrong/*.c; do
		[ -e "$w" ] || continue
		name="$id/wrong/$(basename "$w")"
		head -n 1 "$w" | grep -q '^/\* Wrong: .* \*/$' ||
			fail "$name: the first line must be /* Wrong: <the mistake> */"
		out=$("$LOCKSTEP" verify "$id" --quick --file "$w" 2>&1); st=$?
		[ "$st" = 1 ] || fail "$name passed verify (exit $st), expected a failure:
$out"
		case "$out" in
		*"does not compile"* | *"does not link"* | *"does not build"*)
			fail "$name failed to build, not on its mistake:
$out" ;;
		*"FAIL ${id%%-*} "*) ;;
		*) fail "$name: no FAIL line:
$out" ;;
		esac
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "$id has $n wrong fixes in wrong/, expected at least 2"
	checked=$((checked + n))
done
assert_ge "$checked" 36 "wrong fixes checked"
