# lib.sh - sourced by tests/e2e/NN-name.sh: drives the full-screen lab on a
# private tmux server at a fixed size, and polls the screen for text instead
# of sleeping.
#
#   start_lab [ARGS...]   open `lockstep ARGS` in a fresh pane (COLS x ROWS,
#                         80x24 by default); waits until the tty is in raw mode
#   keys KEY...           tmux send-keys (literal text: keys -l 'text')
#   wait_for TEXT [SECS]  until TEXT is on the screen (default 10 s), else fail
#   wait_match RE [SECS]  until the extended regular expression RE matches a line
#   wait_gone TEXT [SECS] until TEXT is no longer on the screen
#   screen                the screen as text
#   lab_pid               pid of the running lockstep
#   wait_exit [SECS]      until lockstep has exited; sets lab_status
#   assert_tty_restored   `stty -a` after lockstep equals `stty -a` before
#
# POSIX sh. The server is killed and the state removed on exit. The whole
# suite runs at another size with COLS=160 ROWS=48 tests/run-scripts.sh
# tests/e2e, and against another build with LOCKSTEP_BIN=path/to/lockstep.
case $0 in */lib.sh | lib.sh) exit 0 ;; esac # sourced, not a test itself
. "$(dirname "$0")/../lib/common.sh"
# LOCKSTEP_BIN runs another build (ASan, valgrind wrapper) through the same tests.
[ -n "${LOCKSTEP_BIN:-}" ] && LOCKSTEP=$LOCKSTEP_BIN

export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-e2e.XXXXXX")
E2E_SOCK="lockstep-e2e-$$"
E2E_N=0
lab=lab0
COLS=${COLS:-80}
ROWS=${ROWS:-24}
e2e_cleanup() {
	tmux -L "$E2E_SOCK" kill-server 2>/dev/null
	# let a lockstep that got SIGHUP finish saving before its state goes
	[ -s "$E2E_TMP/pid" ] && poll_until '! kill -0 "$(cat "$E2E_TMP/pid")" 2>/dev/null' 3
	rm -rf "$E2E_TMP" "$XDG_STATE_HOME"
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

tm() { tmux -L "$E2E_SOCK" -f /dev/null "$@"; }

screen() { tm capture-pane -p -t "$lab" 2>/dev/null; }

# poll_until CMD SECS: run CMD every 50 ms until it succeeds or SECS pass.
poll_until() {
	_cmd=$1 _secs=${2:-10}
	_end=$(( $(date +%s) + _secs ))
	while :; do
		eval "$_cmd" && return 0
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

wait_for() {
	_text=$1
	if ! poll_until 'screen | grep -qF -- "$_text"' "${2:-10}"; then
		echo "--- screen (waiting for '$_text') ---" >&2
		screen >&2
		fail "timed out waiting for '$_text'"
	fi
}

wait_match() {
	_re=$1
	if ! poll_until 'screen | grep -qE -- "$_re"' "${2:-10}"; then
		echo "--- screen (waiting for /$_re/) ---" >&2
		screen >&2
		fail "timed out waiting for /$_re/"
	fi
}

wait_gone() {
	_text=$1
	if ! poll_until '! screen | grep -qF -- "$_text"' "${2:-10}"; then
		echo "--- screen (waiting for '$_text' to go) ---" >&2
		screen >&2
		fail "'$_text' is still on the screen"
	fi
}

keys() { tm send-keys -t "$lab" "$@"; }

pane_tty() { tm display-message -p -t "$lab" '#{pane_tty}'; }

# The pane runs a wrapper: stty before, lockstep, its exit status, stty after.
# The wrapper traps SIGINT (a trap, not an ignore, so lockstep starts with
# the default) so that a Ctrl-C meant for lockstep does not end the wrapper.
start_lab() {
	# tmux gives new panes the server's environment, not ours: pass ours on
	: >"$E2E_TMP/run.sh"
	for _v in LANG LC_ALL NO_COLOR LOCKSTEP_DATA XDG_STATE_HOME EDITOR VISUAL LOCKSTEP_CC \
		LOCKSTEP_BENCH_EXIT_AFTER_DRAW ASAN_OPTIONS UBSAN_OPTIONS; do
		if eval "[ -n \"\${$_v+set}\" ]"; then
			eval "_val=\$$_v"
			printf "export %s='%s'\n" "$_v" "$(printf '%s' "$_val" | sed "s/'/'\\\\''/g")" >>"$E2E_TMP/run.sh"
		else
			printf 'unset %s\n' "$_v" >>"$E2E_TMP/run.sh"
		fi
	done
	cat >>"$E2E_TMP/run.sh" <<-EOF
	trap : INT
	stty -a >"$E2E_TMP/stty.before"
	sh -c 'echo \$\$ >"$E2E_TMP/pid"; exec "\$@"' lockstep "$LOCKSTEP" "\$@"
	echo \$? >"$E2E_TMP/status"
	stty -a >"$E2E_TMP/stty.after"
	echo "[lockstep exited]"
	exec sleep 600
	EOF
	rm -f "$E2E_TMP/pid" "$E2E_TMP/status" "$E2E_TMP/stty.after"
	# a fresh session each time (killing the last one would stop the server)
	E2E_N=$((E2E_N + 1))
	lab=lab$E2E_N
	tm new-session -d -s "$lab" -x "$COLS" -y "$ROWS" sh "$E2E_TMP/run.sh" "$@" ||
		fail "could not start tmux"
	tm set-option -t "$lab" status off >/dev/null
	tm resize-window -t "$lab" -x "$COLS" -y "$ROWS" >/dev/null 2>&1
	# wait until lockstep has put the tty in raw mode, so keys are not echoed
	poll_until '[ -s "$E2E_TMP/pid" ] && stty -a <"$(pane_tty)" 2>/dev/null | grep -q -- "-icanon"' 10 ||
		{ screen >&2; fail "lockstep did not take the terminal"; }
}

lab_pid() { cat "$E2E_TMP/pid"; }

wait_exit() {
	poll_until '[ -s "$E2E_TMP/status" ] && [ -s "$E2E_TMP/stty.after" ]' "${1:-10}" ||
		{ screen >&2; fail "lockstep did not exit"; }
	lab_status=$(cat "$E2E_TMP/status")
}

assert_tty_restored() {
	diff "$E2E_TMP/stty.before" "$E2E_TMP/stty.after" >&2 ||
		fail "the terminal settings differ after lockstep"
}

# resize COLS ROWS: change the window size (the pane follows).
resize() { tm resize-window -t "$lab" -x "$1" -y "$2"; }

# A copy of the data (lessons, lab, built demos) the test may change.
copy_data() {
	mkdir -p "$E2E_TMP/data/build"
	cp -R "$root/lessons" "$E2E_TMP/data/lessons"
	ln -s "$root/lab" "$E2E_TMP/data/lab"
	ln -s "$root/build/lab" "$E2E_TMP/data/build/lab"
	export LOCKSTEP_DATA="$E2E_TMP/data"
}

# A small fixed set of lessons (tests/e2e/fixtures) for tests that need a
# known demo card and quiz, whatever the real lessons say today.
fixture_data() {
	mkdir -p "$E2E_TMP/fixture/build"
	cp -R "$root/tests/e2e/fixtures" "$E2E_TMP/fixture/lessons"
	ln -s "$root/lab" "$E2E_TMP/fixture/lab"
	ln -s "$root/build/lab" "$E2E_TMP/fixture/build/lab"
	export LOCKSTEP_DATA="$E2E_TMP/fixture"
}
