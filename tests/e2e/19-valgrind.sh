#!/bin/sh
# 19-valgrind.sh - memcheck on a scripted session (open, run a demo, answer a
# question, use the prompt and search, quit): no invalid accesses and no
# lost memory. ncurses' own still-reachable blocks are not counted.
# Skipped when valgrind is not installed, or for a sanitizer build.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 0; }
grep -q __asan_init "$LOCKSTEP" && { echo "a sanitizer build cannot run under valgrind: skipped"; exit 0; }
fixture_data

real=$LOCKSTEP
cat >"$E2E_TMP/vg" <<EOF2
#!/bin/sh
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	--log-file="$E2E_TMP/valgrind.log" "$real" "\$@"
EOF2
chmod +x "$E2E_TMP/vg"
LOCKSTEP=$E2E_TMP/vg

start_lab
wait_for "First fixture lesson" 60
keys ']'
wait_for "r run" 30
keys r
wait_for "done in" 120
keys Escape
wait_for "? keys" 30
keys ']'
wait_for "answer: a b c" 30
keys b
wait_for "Right" 30
keys :
keys -l "ru"
keys Tab
wait_for "run  runs" 30
keys Escape
keys /
keys -l "zebra"
keys Enter
wait_for "for 'zebra'" 30
keys Escape
keys q
wait_exit 120
[ "$lab_status" = 0 ] || { cat "$E2E_TMP/valgrind.log" >&2; fail "valgrind: exit status $lab_status"; }
[ -e "$E2E_TMP/valgrind.log" ] || fail "valgrind did not run"
# --quiet leaves only problems as ==PID== lines (--PID-- lines are notes,
# such as the pidfd_open syscall valgrind does not know)
grep -q "^==[0-9]*==" "$E2E_TMP/valgrind.log" && { cat "$E2E_TMP/valgrind.log" >&2; fail "valgrind reported problems"; }
assert_tty_restored
