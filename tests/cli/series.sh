# series.sh - running a demo K times, from `lockstep demo --runs` and from the
# shell: a run that fails in the middle is recorded and the series goes on
# (core/series' one policy); K out of bounds is refused with the value named.
# The demo here is a stand-in that fails on its second start only.
. "$(dirname "$0")/../lib/common.sh"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
data="$XDG_STATE_HOME.data"
trap 'rm -rf "$XDG_STATE_HOME" "$data"' EXIT
mkdir -p "$data/build/lab" "$XDG_STATE_HOME"
ln -s "$root/lessons" "$data/lessons"
ln -s "$root/lab" "$data/lab"
cp "$root/build/lab/registry.jsonl" "$data/build/lab/"
cat >"$data/build/lab/race_counter" <<EOF2
#!/bin/sh
n=\$(cat "$data/count" 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n >"$data/count"
echo '{"event":"hello","demo":"race_counter","protocol":1,"params":{"threads":2},"variants":["mutex"]}'
if [ \$n -eq 2 ]; then echo "run \$n breaks" >&2; exit 3; fi
echo '{"event":"result","variant":"mutex","expected":'\$n',"observed":'\$n',"correct":true,"elapsed_ns":5}'
echo '{"event":"end"}'
EOF2
chmod +x "$data/build/lab/race_counter"
export LOCKSTEP_DATA="$data"

# lockstep demo --json: three runs recorded, the second failed, exit 1
json=$("$LOCKSTEP" demo race_counter --runs 3 --json 2>"$data/err"); st=$?
assert_eq "$st" 1 "exit status with a failed run"
assert_eq "$(printf '%s' "$json" | jq -r '[.runs[].status] | join(",")')" "ok,failed,ok" "statuses"
assert_eq "$(printf '%s' "$json" | jq '.runs[2].variants[0].observed')" 3 "the run after the failure ran"
assert_eq "$(printf '%s' "$json" | jq '.summary.variants[0].runs')" 2 "runs with a result"
grep -q "race_counter run 2 of 3 failed: " "$data/err" || fail "no report of run 2: $(cat "$data/err")"
grep -q "run 2 breaks" "$data/err" || fail "the demo's stderr was not shown: $(cat "$data/err")"

# lockstep demo as text: the spread and a closing line that counts the failure
rm -f "$data/count"
out=$("$LOCKSTEP" demo race_counter --runs 3 2>/dev/null); st=$?
assert_eq "$st" 1 "text exit status"
printf '%s\n' "$out" | grep -q "^mutex *0/2" || fail "no spread over the 2 good runs: $out"
printf '%s\n' "$out" | grep -q "^3 runs: 2 ok, 1 failed$" || fail "no closing count: $out"

# the shell: the same policy, the failure counts as an error (exit 1)
rm -f "$data/count"
out=$(printf 'runs 3\nrun race_counter\n' | "$LOCKSTEP" shell 2>"$data/err"); st=$?
assert_eq "$st" 1 "shell exit status with a failed run"
printf '%s\n' "$out" | grep -q "^3 runs: 2 ok, 1 failed$" || fail "shell closing count: $out"
grep -q "lockstep: shell: race_counter run 2 of 3 failed: " "$data/err" ||
	fail "shell report of run 2: $(cat "$data/err")"
assert_eq "$(cat "$data/count")" 3 "starts of the demo"

# K out of bounds: refused before anything runs, the value named
rm -f "$data/count"
for bad in 0 abc 1001; do
	"$LOCKSTEP" demo race_counter --runs "$bad" 2>"$data/err"; st=$?
	assert_eq "$st" 2 "--runs $bad exit"
	grep -q -- "--runs must be .*1..1000, got '$bad'" "$data/err" || fail "--runs $bad: $(cat "$data/err")"
done
grep -q "(at most 1000 runs)" "$data/err" || fail "too many: $(cat "$data/err")"
err=$(printf 'runs abc\nset runs=0\n' | "$LOCKSTEP" shell 2>&1 >/dev/null) && fail "bad K accepted"
printf '%s\n' "$err" | grep -q "runs: K must be a number 1..1000, got 'abc'" || fail "shell: $err"
printf '%s\n' "$err" | grep -q "set: runs must be 1..1000, got '0'" || fail "shell: $err"
[ -e "$data/count" ] && fail "a refused K ran the demo"
exit 0
