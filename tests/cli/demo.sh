# lockstep demo / demos: listing, side-by-side text, --runs JSON, usage errors.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

"$LOCKSTEP" demos | grep -q '^race_counter — ' || fail "demos does not list race_counter"
"$LOCKSTEP" demos race_counter | grep -q 'variants: unsafe\* mutex atomic local' || fail "variants missing"
"$LOCKSTEP" demos race_counter | grep -q 'threads=2 (1..256)' || fail "params missing"

# the four variants side by side in one header line
out=$("$LOCKSTEP" demo race_counter iters=100000) || fail "demo exited $?"
printf '%s\n' "$out" | grep -Eq '^ +unsafe +mutex +atomic +local$' || fail "no side-by-side header: $out"
printf '%s\n' "$out" | grep -q '^lost ' || fail "no lost row"

# --runs K --json: one document; the protected variants exact in every run;
# the unsafe one wrong in most runs, which counts only on a quiet machine
runs_json() {
	json=$("$LOCKSTEP" demo race_counter --runs 20 --json iters=200000) || fail "--json run exited $?"
	assert_eq "$(printf '%s' "$json" | jq '.runs | length')" 20 "runs"
	for v in mutex atomic local; do
		w=$(printf '%s' "$json" | jq ".summary.variants[] | select(.name==\"$v\") | .wrong")
		assert_eq "$w" 0 "$v wrong runs"
	done
	assert_eq "$(printf '%s' "$json" | jq -r '.runs[0].variants[1].name')" mutex "variant order"
	assert_eq "$(printf '%s' "$json" | jq '.params.iters')" 200000 "params echoed"
	wrong=$(printf '%s' "$json" | jq '.summary.variants[] | select(.name=="unsafe") | .wrong')
	echo "unsafe wrong in $wrong of 20 runs"
	[ "$wrong" -ge 15 ] || miss "unsafe wrong in only $wrong of 20 runs (at least 15)"
}
guard_retry 3 runs_json

# usage errors: exit 2, message names the parameter and its range
"$LOCKSTEP" demo race_counter threads=0 2>"$XDG_STATE_HOME.err"; st=$?
assert_eq "$st" 2 "threads=0 exit"
grep -q 'threads must be 1..256, got 0' "$XDG_STATE_HOME.err" || fail "message: $(cat "$XDG_STATE_HOME.err")"
"$LOCKSTEP" demo race_counter iters=abc 2>"$XDG_STATE_HOME.err"; st=$?
assert_eq "$st" 2 "iters=abc exit"
grep -q "iters must be an integer, got 'abc'" "$XDG_STATE_HOME.err" || fail "message: $(cat "$XDG_STATE_HOME.err")"
"$LOCKSTEP" demo no_such_demo 2>/dev/null; assert_eq $? 2 "unknown demo exit"
"$LOCKSTEP" demo race_counter --runs 0 2>/dev/null; assert_eq $? 2 "--runs 0 exit"
"$LOCKSTEP" demo race_counter --variant nope 2>/dev/null; assert_eq $? 2 "unknown variant exit"
rm -f "$XDG_STATE_HOME.err"

# a run that fails is exit 1: a time limit shorter than the run
"$LOCKSTEP" demo race_counter iters=1000 slowmo=50 --timeout 1 >/dev/null 2>&1; st=$?
assert_eq "$st" 1 "timed-out run exit"
