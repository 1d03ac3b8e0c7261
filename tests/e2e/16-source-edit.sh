#!/bin/sh
# 16-source-edit.sh - s shows the demo's source with its name; E runs
# $EDITOR with curses suspended, rebuilds the demo and offers to rerun it;
# y runs it.
. "$(dirname "$0")/lib.sh"
fixture_data
# the rebuild writes the demo binary: give it a copy, not the shared build
rm "$LOCKSTEP_DATA/build/lab"
cp -R "$root/build/lab" "$LOCKSTEP_DATA/build/lab"

# the editor just records that it ran (and on which file)
cat >"$E2E_TMP/editor" <<EOF2
#!/bin/sh
echo "\$1" >"$E2E_TMP/edited"
EOF2
chmod +x "$E2E_TMP/editor"
export EDITOR="$E2E_TMP/editor" VISUAL=

start_lab
wait_for "demo race_counter"
keys ']'
wait_for "r run"
keys s
wait_for "lab/race_counter.c"
wait_for "race_counter.c - N threads add 1"
keys PageDown
wait_for "Lesson 1 of 3"
keys E
wait_for "Run it now? (y/n)" 120
grep -q "race_counter.c" "$E2E_TMP/edited" || fail "the editor did not get the source"
[ "$LOCKSTEP_DATA/build/lab/race_counter" -nt "$E2E_TMP/edited" ] || fail "the demo was not rebuilt"
keys y
wait_for "done in" 30
keys Escape
keys q
wait_exit
assert_tty_restored
