#!/bin/sh
# errors.sh - one command-line convention (assets/lockstep.1, EXIT STATUS):
# every error starts with "lockstep: ", getopt's own messages included; a
# usage error exits 2 (unknown lesson, exercise and demo alike), a failure 1,
# a signal 128+N; `lockstep --bogus` prints the usage it refers to; a value
# echoed back has its control characters escaped and is cut; files that are
# not regular, or too large, are refused by name without reading them.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"
tmp="$XDG_STATE_HOME/errors"
mkdir -p "$tmp"
esc=$(printf '\033')

# expect STATUS CMD... : run lockstep CMD with stdin from /dev/null; check the
# exit status and that every stderr line that is an error has our prefix
expect() {
	want=$1; shift
	"$LOCKSTEP" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; st=$?
	assert_eq "$st" "$want" "exit status of 'lockstep $*'"
	first=$(head -n 1 "$tmp/err")
	case "$first" in
	"lockstep: "*) ;;
	*) fail "'lockstep $*': first stderr line lacks 'lockstep: ': $first" ;;
	esac
	# getopt's own forms ("demo: ...", "/path/to/lockstep: ...") are gone
	grep -E "^(\.|/|[a-z_]+: |lockstep [a-z]+: )" "$tmp/err" | grep -v "^lockstep: " &&
		fail "'lockstep $*': a message with another prefix (above)"
	return 0
}

# usage errors: options (getopt's messages are ours now), values, names
expect 2 --bogus
grep -q "^lockstep: unknown option '--bogus'$" "$tmp/err" || fail "--bogus: $(cat "$tmp/err")"
grep -q "^Usage: lockstep " "$tmp/err" || fail "--bogus does not print the usage"
grep -q "^  demo " "$tmp/err" || fail "--bogus: the usage lists no commands"
expect 2 --color=sometimes
expect 2 demo --bogus
grep -q "^lockstep: demo: unknown option '--bogus'$" "$tmp/err" || fail "demo --bogus: $(cat "$tmp/err")"
expect 2 demo race_counter --timeout
grep -q "option '--timeout' needs a value" "$tmp/err" || fail "--timeout: $(cat "$tmp/err")"
expect 2 show -x
expect 2 list --json=yes
grep -q "option '--json' takes no value" "$tmp/err" || fail "--json=yes: $(cat "$tmp/err")"
expect 2 verify --bogus
expect 2 step --bogus race_counter
expect 2 progress extra
expect 2 demo race_counter threads=0
# an unknown name is a usage error, whatever kind of name
expect 2 show 99
expect 2 verify 99
expect 2 hint 99
expect 2 exercises reset 99
expect 2 demo no_such_demo
expect 2 no_such_lesson
grep -q "^lockstep: no lesson 'no_such_lesson'" "$tmp/err" || fail "unknown lesson: $(cat "$tmp/err")"

# failures: exit 1
expect 1 lint /dev/zero
grep -q "^/dev/zero: cannot read: is a device" "$tmp/out" || fail "lint /dev/zero: $(cat "$tmp/out")"

# echoed values: escape sequences are shown, never sent; long values cut
expect 2 demo race_counter "threads=${esc}[31mred"
grep -q "$esc" "$tmp/err" && fail "an escape character reached stderr"
grep -qF "got '\\e[31mred'" "$tmp/err" || fail "escaped value: $(cat "$tmp/err")"
long=$(head -c 10000 /dev/zero | tr '\0' 7)
expect 2 demo race_counter "iters=$long"
size=$(wc -c <"$tmp/err")
assert_le "$size" 400 "bytes of the message for a 10 KB value"
grep -q "7\.\.\.'" "$tmp/err" || fail "long value not cut with '...': $(cat "$tmp/err")"
expect 2 show "$(printf 'x\001y')"
grep -qF "'x\\x01y'" "$tmp/err" || fail "control byte: $(cat "$tmp/err")"
# a file name is echoed the same way (lint names it on stdout), but not cut
# at 60 characters: the end of a path is what tells files apart
expect 1 lint "$tmp/x${esc}[31my.md"
grep -q "$esc" "$tmp/out" "$tmp/err" && fail "lint echoed an escape character: $(cat -v "$tmp/out")"
grep -qF "$tmp/x\\e[31my.md: cannot read" "$tmp/out" || fail "lint's file name: $(cat "$tmp/out")"
deep="$tmp/$(printf '%080d' 0)/$(printf '%080d' 1)"
expect 1 lint "$deep/z${esc}.md"
grep -qF "$deep/z\\e.md: cannot read" "$tmp/out" || fail "a long file name was cut: $(cat "$tmp/out")"
expect 2 demo race_counter --runs "${esc}[31m$long"
grep -q "$esc" "$tmp/err" && fail "--runs echoed an escape character"
assert_le "$(wc -c <"$tmp/err")" 400 "bytes of the message for a 10 KB --runs"

# a signal: 128+N, after the run is cancelled and reaped
"$LOCKSTEP" demo race_counter iters=100000000 slowmo=100 --timeout 60 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"; st=$?
assert_eq "$st" 143 "exit status of 'lockstep demo' after SIGTERM"

# files that are not regular, or too large: refused by name, quickly (the
# time bound is checked only when the machine is quiet; a hang fails anyway)
mkfifo "$tmp/fifo.md"
head -c 52428800 /dev/zero | tr '\0' a >"$tmp/50-big.md"
for f in /dev/zero /dev/urandom "$tmp/fifo.md" "$tmp/50-big.md" "$tmp"; do
	guard_begin
	t0=$(date +%s%N)
	timeout 20 "$LOCKSTEP" lint "$f" >"$tmp/out" 2>"$tmp/err"; st=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	assert_eq "$st" 1 "exit status of 'lint $f'"
	grep -q "^$f: cannot read: \(is a\|larger than\)" "$tmp/out" || fail "lint $f said: $(cat "$tmp/out")"
	if [ "$ms" -ge 2000 ]; then
		guard_end && fail "lint $f took $ms ms (limit 2000)"
		skip_check "lint $f in under 2 s (took $ms ms)"
	fi
done
rm -f "$tmp/50-big.md"
echo "errors: ok"
