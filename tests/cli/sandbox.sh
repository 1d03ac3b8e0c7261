# sandbox: learner code that misbehaves (200 escaping children, 20 GiB, 1 GiB
# of output, a spin, a loop in a constructor, a 100 MiB file, a write outside
# its directory, the known ways to fake a pass) is stopped, told in its own
# words, leaves no process behind and fails verify (issue 16). The files are
# in tests/exercises/sandbox.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"
LOCKSTEP=${LOCKSTEP_BIN:-$LOCKSTEP} # a private build, while developing

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-sandbox.XXXXXX")
state0=$XDG_STATE_HOME
trap 'rm -rf "$tmp" "$state0"' EXIT
export LOCKSTEP_WORKSPACE="$tmp/ws"
export HOME="$tmp/home" # the learner's program must not write here
mkdir -p "$HOME" "$tmp/runs"
export TMPDIR="$tmp/runs" # verify's run directories: the programs run from there
sb="$root/tests/exercises/sandbox"

# How many processes run a program built in one of this test's run
# directories (their executable's path says so even after a chdir).
leftovers() {
	n=0
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case $exe in "$tmp"/runs/*) n=$((n + 1)) ;; esac
	done
	echo "$n"
}

slow=""
# check FILE TEXT : verify --quick FILE as exercise 01 fails with TEXT in its
# report, leaves no process behind, and (on a quiet machine) ends in 15 s.
check() {
	t0=$(date +%s%N)
	guard_begin
	out=$("$LOCKSTEP" verify --quick --file "$sb/$1" 1 2>&1 | head -c 20000)
	quiet=yes; guard_end || quiet=no
	ms=$((($(date +%s%N) - t0) / 1000000))
	case "$out" in *"FAIL 01"*) ;; *) fail "$1: verify did not fail:
$out" ;; esac
	case "$out" in *"$2"*) ;; *) fail "$1: expected '$2' in:
$out" ;; esac
	left=$(leftovers)
	assert_eq "$left" 0 "$1: processes left behind"
	if [ "$ms" -ge 15000 ]; then
		[ $quiet = yes ] && fail "$1: took $ms ms on a quiet machine (limit 15000)"
		slow="$slow $1:${ms}ms"
	fi
	echo "ok $1 ($ms ms)"
}

check forks.c "your program started more than 64 processes"
check memory.c "your program may use at most 4 GiB of memory"
check flood.c "your program printed more than 256 KiB: the rest is not shown"
check spin.c "the threads calling counter_add() never finished"
check ctor-loop.c "your code ran for too long before the harness could start its checks"
check bigfile.c "your program wrote a file larger than 64 MiB"
check outside.c "../sandbox-parent-was-here: Read-only file system"
[ -z "$(ls -A "$HOME")" ] || fail "the learner's program wrote in \$HOME: $(ls -A "$HOME")"
[ ! -e "$tmp/runs/sandbox-parent-was-here" ] || fail "the learner's program wrote outside its directory"

# The token is not in the environment, nor in /proc/self/environ: the
# counter's own mistake is what verify reports.
check bypass-env.c "updates lost"
check bypass-environ.c "updates lost"
# The harness reads stdin before constructors of any priority allowed ...
check bypass-stdin.c "updates lost"
check bypass-stdin-early.c "constructor priorities from 0 to 100 are reserved"
# ... and says "tampered" when code in .preinit_array took the token first.
check bypass-preinit.c "tampered: the token lockstep hands the harness"
# The harness's own functions are not there to call.
check bypass-hxpass.c "undefined reference to \`hx_pass'"

"$LOCKSTEP" exercises | grep -q "done    01" && fail "a sandbox file was recorded as a pass"
[ -z "$(ls -A "$tmp/runs")" ] || fail "run directories left behind: $(ls -A "$tmp/runs")"
[ -z "$slow" ] || skip "took 15 s or more on a busy machine:$slow"
exit 0
