#!/bin/sh
# 12-not-a-tty.sh - with stdout not a terminal, or TERM=dumb, lockstep prints
# the lesson as `lockstep show` would, with a one-line note on stderr.
. "$(dirname "$0")/lib.sh"
fixture_data

out=$("$LOCKSTEP" 2 2>"$E2E_TMP/err" </dev/null) || fail "exit status $?"
printf '%s\n' "$out" | grep -q "Second fixture lesson" || fail "lesson not printed: $out"
[ "$(wc -l <"$E2E_TMP/err")" -eq 1 ] || fail "expected a one-line note, got: $(cat "$E2E_TMP/err")"
grep -q "not a terminal" "$E2E_TMP/err" || fail "note: $(cat "$E2E_TMP/err")"
printf '%s\n' "$out" | grep -q "$(printf '\033')\[" && fail "escape sequences in piped output"

# TERM=dumb on a real terminal: the same, no full screen
cat >"$E2E_TMP/dumb.sh" <<EOF2
TERM=dumb "$LOCKSTEP" 3 >"$E2E_TMP/dumb.out" 2>"$E2E_TMP/dumb.err"
echo \$? >"$E2E_TMP/dumb.status"
exec sleep 600
EOF2
tm new-session -d -s dumb -x 80 -y 24 sh "$E2E_TMP/dumb.sh"
poll_until '[ -s "$E2E_TMP/dumb.status" ]' 10 || fail "lockstep with TERM=dumb did not finish"
[ "$(cat "$E2E_TMP/dumb.status")" = 0 ] || fail "TERM=dumb exit status $(cat "$E2E_TMP/dumb.status")"
grep -q "Third fixture lesson" "$E2E_TMP/dumb.out" || fail "TERM=dumb: lesson not printed"
grep -q "dumb" "$E2E_TMP/dumb.err" || fail "TERM=dumb: note: $(cat "$E2E_TMP/dumb.err")"
