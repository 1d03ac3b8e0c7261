#!/bin/sh
# 25-source-rebuild.sh - E's rebuild cannot hold the lab: a compiler that
# never ends is stopped by Esc (and killed, the old binary kept); a demo the
# editor broke shows the compiler's error in the source view. $VISUAL is
# split on spaces (no shell) and comes before $EDITOR.
. "$(dirname "$0")/lib.sh"
fixture_data
# the editor changes the source and the rebuild writes the binary: copies
rm "$LOCKSTEP_DATA/build/lab" "$LOCKSTEP_DATA/lab"
cp -R "$root/build/lab" "$LOCKSTEP_DATA/build/lab"
cp -R "$root/lab" "$LOCKSTEP_DATA/lab"

cat >"$E2E_TMP/editor" <<EOF2
#!/bin/sh
echo "\$#:\$1" >"$E2E_TMP/editor.args"
echo 'this line is not C' >>"\$2"
EOF2
# the compiler: hangs while $E2E_TMP/slow exists, else the real one
cat >"$E2E_TMP/cc" <<EOF2
#!/bin/sh
if [ -e "$E2E_TMP/slow" ]; then echo \$\$ >"$E2E_TMP/cc.pid"; exec sleep 60; fi
exec cc "\$@"
EOF2
chmod +x "$E2E_TMP/editor" "$E2E_TMP/cc"
export VISUAL="$E2E_TMP/editor  --wait" EDITOR=/nonexistent/editor LOCKSTEP_CC="$E2E_TMP/cc"
: >"$E2E_TMP/slow"
old=$(cksum <"$LOCKSTEP_DATA/build/lab/race_counter")

start_lab
wait_for "demo race_counter"
keys ']'
wait_for "r run"
keys s
wait_for "lab/race_counter.c"
keys E
wait_for "(Esc stops)"
[ "$(cat "$E2E_TMP/editor.args")" = "2:--wait" ] || fail "editor args: $(cat "$E2E_TMP/editor.args")"
poll_until '[ -s "$E2E_TMP/cc.pid" ]' 10 || fail "the compiler did not start"
keys Escape
wait_for "stopped; the old binary is kept"
pid=$(cat "$E2E_TMP/cc.pid")
kill -0 "$pid" 2>/dev/null && fail "the stopped compiler ($pid) is still running"
[ "$(cksum <"$LOCKSTEP_DATA/build/lab/race_counter")" = "$old" ] || fail "the old binary changed"

rm "$E2E_TMP/slow"
keys E
wait_for "failed; its output is shown" 120
wait_for "build of race_counter failed"
wait_for "this line is not C"
[ "$(cksum <"$LOCKSTEP_DATA/build/lab/race_counter")" = "$old" ] || fail "the old binary changed"
keys Escape
keys q
wait_exit
assert_tty_restored
