# common.sh - sourced by test scripts: paths and small assertion helpers.
root=${LOCKSTEP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
LOCKSTEP="$root/build/lockstep"
LAB="$root/build/lab"
export LOCKSTEP_DATA="$root"
export XDG_STATE_HOME="${TMPDIR:-/tmp}/lockstep-test-state.$$"
trap 'rm -rf "$XDG_STATE_HOME"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# demo NAME ARGS... : run build/lab/NAME --json ARGS, fail unless it exits 0
# and ends with an `end` event; prints the JSON Lines.
demo() {
	name=$1; shift
	out=$("$LAB/$name" --json "$@") || fail "$name $* exited $?"
	printf '%s\n' "$out" | tail -n 1 | grep -q '"event":"end"' || fail "$name $*: no end event"
	printf '%s\n' "$out"
}

# result_field JSONL VARIANT FIELD : a field of one variant's result (metrics.X works too)
result_field() {
	printf '%s\n' "$1" | jq -r --arg v "$2" "select(.event==\"result\" and .variant==\$v) | .$3"
}

# assert_eq A B MESSAGE / assert_le A B MESSAGE / assert_ge A B MESSAGE (integers)
assert_eq() { [ "$1" = "$2" ] || fail "$3: expected $2, got $1"; }
assert_le() { [ "$1" -le "$2" ] || fail "$3: expected <= $2, got $1"; }
assert_ge() { [ "$1" -ge "$2" ] || fail "$3: expected >= $2, got $1"; }
