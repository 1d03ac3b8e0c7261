#!/bin/sh
# 22-bad-demo.sh - a demo that misbehaves (garbage and control characters
# on stdout, a line over 64 KiB, no `end`, a non-zero exit) is reported as
# failed in the panel; the lab neither crashes nor garbles the screen.
. "$(dirname "$0")/lib.sh"
fixture_data
rm "$LOCKSTEP_DATA/build/lab"
mkdir -p "$LOCKSTEP_DATA/build/lab"
cp "$root/build/lab/registry.jsonl" "$LOCKSTEP_DATA/build/lab/"
cat >"$LOCKSTEP_DATA/build/lab/race_counter" <<'EOF2'
#!/bin/sh
echo '{"event":"hello","demo":"race_counter","protocol":1,"params":{"threads":2},"variants":["unsafe","mutex"]}'
echo '{"event":"progress","variant":"unsafe","done":5,"total":10}'
printf '{"event":"log","text":"tab\there \033[31mred\033[0m bell\007"}\n'
echo 'this is not json'
head -c 70000 /dev/zero | tr '\0' 'x'; echo
echo '{"event":"result","variant":"unsafe","expected":"two","observed":null}'
echo "oops on stderr" >&2
exit 3
EOF2
chmod +x "$LOCKSTEP_DATA/build/lab/race_counter"

start_lab
wait_for "demo race_counter"
keys :
keys -l "run race_counter"
keys Enter
wait_for "failed" 20
wait_for "oops on stderr"
kill -0 "$(lab_pid)" 2>/dev/null || fail "the lab died"
tm capture-pane -e -p -t "$lab" | grep -q "$(printf '\007')" && fail "a raw control character reached the screen"
keys Escape
wait_for "? keys"
keys q
wait_exit
[ "$lab_status" = 0 ] || fail "exit status $lab_status"
assert_tty_restored
