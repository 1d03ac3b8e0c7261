# guard.sh - sourced (after common.sh) by tests whose assertion needs an idle
# machine: a speedup, a race showing, a latency. The shell face of the one load
# guard (loadguard.c): it measures other programs' CPU use over the window,
# excluding this test's own process tree.
#
#   guard_begin; ...measure...; guard_end || skip "what was not measured"
#   guard_retry N FUNC     up to N tries of FUNC, each in a guarded window.
#                          FUNC runs in a subshell; a wrong result calls fail
#                          (FAIL now, whatever the load), a timing claim that
#                          did not hold calls miss. PASS on the first quiet
#                          try that held; FAIL if only quiet tries missed;
#                          if every try ran on a busy machine, this check is
#                          skipped and the test goes on with the rest.
#   skip WHY / skip_check WHY   end the test as skipped (exit 77) / report
#                          one skipped check and go on
# A busy window proves nothing either way: never PASS, never FAIL, but SKIP
# with the measured load. run-scripts.sh and make check count skips.
# GUARD_ROOTS: whose process trees are this test's own (pids, comma-separated);
# an e2e test adds the tmux server that runs the lab.
GUARD_BIN="$root/build/tests/loadguard"
GUARD_LOAD=""
GUARD_ROOTS=${GUARD_ROOTS:-$$}

guard_begin() {
	_guard_token=$("$GUARD_BIN" begin "$GUARD_ROOTS") || fail "load guard: cannot read /proc"
}

# Status 0 when other programs stayed under 20% of a core; GUARD_LOAD holds
# their use in percent of one core.
guard_end() {
	GUARD_LOAD=$("$GUARD_BIN" end $_guard_token)
}

# skip_check WHY : report one timing check as skipped, with the measured
# load, and carry on with the rest of the test (run-scripts.sh counts it).
skip_check() {
	msg="$*${GUARD_LOAD:+ (other programs used $GUARD_LOAD% of a core, limit 20%)}"
	echo "SKIP: $msg"
	if [ -n "${LOCKSTEP_SKIPS:-}" ]; then
		echo "$(basename "$0"): $msg" >>"$LOCKSTEP_SKIPS"
	fi
}

# skip WHY : the same, and end the test now (exit 77): for a test that has
# nothing left to check.
skip() {
	skip_check "$@"
	exit 77
}

guard_retry() {
	_n=$1; shift
	_i=0 _quiet_misses=0 _last=""
	while [ $_i -lt "$_n" ]; do
		_i=$((_i + 1))
		guard_begin
		# a subshell: FUNC ends with fail (a wrong result: exit 1, FAIL at
		# once, whatever the load) or miss (a timing claim not met: exit 3)
		( "$@" )
		_rc=$?
		[ $_rc -ne 0 ] && [ $_rc -ne 3 ] && exit 1
		if guard_end; then
			[ $_rc -eq 0 ] && return 0
			_quiet_misses=$((_quiet_misses + 1))
			echo "try $_i: missed on a quiet machine (others used $GUARD_LOAD% of a core)"
		else
			echo "try $_i: others used $GUARD_LOAD% of a core: this try proves nothing"
		fi
	done
	[ $_quiet_misses -gt 0 ] && fail "$*: timing claim missed in $_quiet_misses quiet tries of $_n"
	skip_check "$*: every one of $_n tries ran while the machine was busy"
}

# miss WHAT : inside a guard_retry function, the timing claim did not hold.
miss() {
	echo "miss: $*"
	exit 3
}
