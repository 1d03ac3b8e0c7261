#!/bin/sh
# shell.sh - `lockstep shell` with piped stdin: no prompt, no echo; demo
# results as text with the variants side by side; runs K shows the spread;
# a bad command is an error on stderr and exit status 1.
. "$(dirname "$0")/../lib/common.sh"
[ -n "${LOCKSTEP_BIN:-}" ] && LOCKSTEP=$LOCKSTEP_BIN
export LANG=C.UTF-8 LC_ALL=C.UTF-8
out=$(printf 'help\nrun race_counter iters=1000000\nruns 3\nrun\ngoto 1\nquit\nrun never_reached\n' |
	"$LOCKSTEP" shell 2>&1) || fail "exit status $?: $out"
printf '%s\n' "$out" | grep -q "lockstep>" && fail "a prompt was printed: $out"
printf '%s\n' "$out" | grep -q "goto N|id" || fail "no help"
line=$(printf '%s\n' "$out" | grep -E "^ +unsafe +mutex +atomic +local" | head -n 1)
[ -n "$line" ] || fail "no side-by-side variants: $out"
printf '%s\n' "$out" | grep -q "^correct .*✓ yes" || fail "no correct row: $out"
printf '%s\n' "$out" | grep -q "^unsafe *[0-9]*/3" || fail "no spread over 3 runs: $out"
printf '%s\n' "$out" | grep -q "^lesson 1 of" || fail "goto did not move: $out"
printf '%s\n' "$out" | grep -q never_reached && fail "kept reading after quit"

err=$(printf 'frobnicate\nrun race_counter threads=0\n' | "$LOCKSTEP" shell 2>&1 >/dev/null) &&
	fail "errors should give exit status 1"
printf '%s\n' "$err" | grep -q "unknown command 'frobnicate'" || fail "stderr: $err"
printf '%s\n' "$err" | grep -q "threads must be 1..256, got 0" || fail "stderr: $err"

# a final line without a newline still runs
printf 'help run' | "$LOCKSTEP" shell | grep -q "run \[DEMO\]" || fail "last line ignored"
exit 0
