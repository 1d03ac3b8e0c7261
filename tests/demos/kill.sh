# kill: SIGTERM ends a child (exitcode -15), a child may catch it (0), SIGKILL can't be caught (-9).
. "$(dirname "$0")/../lib/common.sh"

out=$(demo kill alive_ms=20)
for v in terminate caught kill; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v metrics.alive_before)" 1 "$v alive before the signal"
	assert_eq "$(result_field "$out" $v metrics.alive_joined)" 0 "$v not alive after join"
done
assert_eq "$(result_field "$out" terminate observed)" -15 "terminate exitcode"
assert_eq "$(result_field "$out" terminate metrics.ended_by)" "signal 15" "terminate decoded"
assert_eq "$(result_field "$out" caught observed)" 0 "caught exitcode"
assert_eq "$(result_field "$out" caught metrics.ended_by)" "exit 0" "caught decoded"
assert_eq "$(result_field "$out" kill observed)" -9 "kill exitcode"
assert_eq "$(result_field "$out" kill metrics.ended_by)" "signal 9" "kill decoded"
printf '%s\n' "$out" | grep -q '"text":"child: got SIGTERM, cleaning up, exit(0)"' ||
	fail "the catching child did not run its handler path"

"$LAB/kill" --variant nope 2>/dev/null; assert_eq $? 2 "exit status for an unknown variant"
