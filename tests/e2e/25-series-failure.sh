#!/bin/sh
# 25-series-failure.sh - R runs a demo K times with the one policy of
# core/series: a run that fails in the middle is recorded (a ? in the strip,
# "1 failed" in the panel and on the status bar) and the series goes on to
# the end. The demo is a stand-in that fails on its second start only; the
# exploration the panel starts after the series (race_counter is steppable)
# is not counted as a start.
. "$(dirname "$0")/lib.sh"
fixture_data
rm "$LOCKSTEP_DATA/build/lab"
mkdir -p "$LOCKSTEP_DATA/build/lab"
cp "$root/build/lab/registry.jsonl" "$LOCKSTEP_DATA/build/lab/"
count="$E2E_TMP/count"
cat >"$LOCKSTEP_DATA/build/lab/race_counter" <<EOF2
#!/bin/sh
# the panel explores a steppable demo after the series (--step): not a run
case " \$* " in *" --step "*) exit 1 ;; esac
n=\$(cat "$count" 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n >"$count"
echo '{"event":"hello","demo":"race_counter","protocol":1,"params":{"threads":2},"variants":["mutex"]}'
if [ \$n -eq 2 ]; then echo "run \$n breaks" >&2; exit 3; fi
echo '{"event":"result","variant":"mutex","expected":'\$n',"observed":'\$n',"correct":true,"elapsed_ns":5}'
echo '{"event":"end"}'
EOF2
chmod +x "$LOCKSTEP_DATA/build/lab/race_counter"

start_lab
wait_for "demo race_counter"
keys :
keys -l "runs 4"
keys Enter
wait_for "K = 4"
keys R
wait_for "4 runs, 1 failed" 30
s=$(screen)
printf '%s\n' "$s" | grep -q "1 of 4 runs failed" || fail "no failure count on the status bar"
printf '%s\n' "$s" | grep -q "wrong *0/3" || fail "no spread over the 3 good runs"
printf '%s\n' "$s" | grep -q "✓?✓✓" || fail "no strip with the failed second run"
[ "$(cat "$count")" = 4 ] || fail "the demo started $(cat "$count") times, not 4"
kill -0 "$(lab_pid)" 2>/dev/null || fail "the lab died"
keys Escape
wait_for "? keys"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
