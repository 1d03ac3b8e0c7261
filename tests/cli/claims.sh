# claims.sh - lockstep demo formats numbers by their declared kind and checks
# each demo's declared contrast, with the busy-machine figure (issue 15):
#   - a count is shown whole (100,000,000), a yes/no metric as yes/no, and a
#     row the demo declared meaningless (deadlock's lost) not at all;
#   - --json carries each claim (held, figure) and the load during the run;
#   - with a CPU hog on one core, the run says the machine was busy;
#   - on a quiet machine gil's contrasts hold in 5 of 5 runs (guarded).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"

out=$("$LOCKSTEP" demo race_counter threads=4 iters=25000000 --variant local,atomic) ||
	fail "race_counter exited $?"
printf '%s\n' "$out" | grep -Eq '^expected +100,000,000 +100,000,000$' ||
	fail "expected not shown as 100,000,000:
$out"

out=$("$LOCKSTEP" demo deadlock) || fail "deadlock exited $?"
printf '%s\n' "$out" | grep -Eq '^deadlocked +yes +no +no$' || fail "deadlocked is not yes/no:
$out"
printf '%s\n' "$out" | grep -Eq '^correct +(✗ deadlocked|NO: deadlocked) ' || fail "the deadlocked variant does not say so:
$out"
printf '%s\n' "$out" | grep -q '^lost ' && fail "deadlock shows a lost row it declared meaningless:
$out"

# --json: the claims and the load, whatever the machine is doing
json=$("$LOCKSTEP" demo gil --json steps=200000 requests=10 repeat=3) || fail "gil --json exited $?"
assert_eq "$(printf '%s' "$json" | jq '.runs[0].claims | length')" 4 "gil's claims"
assert_eq "$(printf '%s' "$json" | jq -r '.runs[0].claims[0].claim')" "cpu_nogil cores_busy >= 1.5" \
	"the first claim"
printf '%s' "$json" | jq -e '.runs[0].claims | all(.held | type == "boolean")' >/dev/null ||
	fail "a claim without held: $(printf '%s' "$json" | jq -c '.runs[0].claims')"
printf '%s' "$json" | jq -e '.runs[0].claims | all(.figure | type == "number")' >/dev/null ||
	fail "a claim without its figure"
printf '%s' "$json" | jq -e '.runs[0].load.cpus >= 1 and .runs[0].load.others_cores >= 0' \
	>/dev/null || fail "no load figure: $(printf '%s' "$json" | jq -c '.runs[0].load')"
printf '%s' "$json" | jq -e '.runs[0].variants[0] | has("expected") | not' >/dev/null ||
	fail "gil declares no expected row (a checksum), yet --json has one"

# a CPU hog on one core: the run must say the machine was busy
sh -c 'while :; do :; done' &
hog=$!
trap 'kill $hog 2>/dev/null' EXIT
json=$("$LOCKSTEP" demo gil --json steps=400000 requests=10 repeat=3) || fail "gil --json exited $?"
kill $hog
load=$(printf '%s' "$json" | jq -c '.runs[0].load')
echo "with a hog: $load"
printf '%s' "$json" | jq -e '.runs[0].load.busy == true and .runs[0].load.others_cores >= 0.5' \
	>/dev/null || fail "a hog on one core, yet not busy: $load"
printf '%s' "$json" | jq -r '.runs[0].load.note' |
	grep -Eq '^busy machine: others used [0-9.]+ of [0-9]+ cores? during this run — timing contrasts are unreliable$' ||
	fail "no busy-machine note: $load"
text=$("$LOCKSTEP" demo spawn_join work_ms=50) || fail "spawn_join exited $?"
printf '%s\n' "$text" | grep -Eq '^(✓ held|ok held|✗ did not hold|NO did not hold): concurrent time' ||
	fail "spawn_join's claim is not shown:
$text"

# over K runs: in how many each claim held, and how many runs were busy
json=$("$LOCKSTEP" demo spawn_join work_ms=20 --runs 3 --json) || fail "spawn_join --runs 3 exited $?"
assert_eq "$(printf '%s' "$json" | jq '.summary.claims[0].checked')" 3 "claim checked in every run"
printf '%s' "$json" | jq -e '.summary.claims[0].held >= 0 and .summary.claims[0].held <= 3 and
	(.summary.busy_runs | type == "number")' >/dev/null || fail "summary: $(printf '%s' "$json" | jq -c .summary)"
text=$("$LOCKSTEP" demo spawn_join work_ms=20 --runs 3) || fail "spawn_join --runs 3 exited $?"
printf '%s\n' "$text" | grep -Eq 'concurrent time .* held in [0-3] of 3 runs \(median [0-9.]+' ||
	fail "no claim over the runs:
$text"

# on a quiet machine, gil's contrasts hold in every one of 5 runs
gil_holds() {
	json=$("$LOCKSTEP" demo gil --json --runs 5) || fail "gil --runs 5 exited $?"
	bad=$(printf '%s' "$json" | jq '[.runs[].claims[] | select(.held != true)] | length')
	[ "$bad" = 0 ] || miss "$bad claims did not hold: $(printf '%s' "$json" | jq -c '[.runs[].claims[] | select(.held != true)]')"
}
guard_retry 2 gil_holds
