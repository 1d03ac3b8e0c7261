#!/bin/sh
# strength.sh - how strong each exercise's harness is: runs `lockstep verify`
# (full stress, with ThreadSanitizer, as a learner runs it) K times on every
# wrong fix in NN-id/wrong/ and on the solution, and prints a Markdown table:
# the share of runs that fail each wrong fix (goal K/K) and that pass the
# solution (goal K/K), with the load average before and after.
#
#   tests/exercises/strength.sh [K] [NN ...]     (K defaults to 10)
#
# With QUICK=1, each verify is `lockstep verify --quick`, as make check runs it.
#
# Not part of make check (it takes minutes); tests/cli/exercises_wrong.sh is
# its quick, one-run version.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
LOCKSTEP=${LOCKSTEP_BIN:-$root/build/lockstep}
export LOCKSTEP_DATA="$root"
export XDG_STATE_HOME="${TMPDIR:-/tmp}/lockstep-strength.$$"
trap 'rm -rf "$XDG_STATE_HOME"' EXIT
k=${1:-10}
quick=""
[ "${QUICK:-0}" = 1 ] && quick=--quick
[ $# -gt 0 ] && shift
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), K = $k ${quick:+quick }verifies each"
echo
echo "| exercise | file | the mistake | verify fails | seconds per verify |"
echo "|---|---|---|---|---|"
for dir in "$root"/tests/exercises/[0-9][0-9]-*/; do
	id=$(basename "$dir")
	if [ $# -gt 0 ]; then
		case " $* " in *" ${id%%-*} "*) ;; *) continue ;; esac
	fi
	for f in "$dir"wrong/*.c "$dir"solution.c; do
		[ -e "$f" ] || continue
		fails=0 start=$(date +%s%N)
		for i in $(seq "$k"); do
			"$LOCKSTEP" verify "$id" $quick --file "$f" >/dev/null 2>&1 || fails=$((fails + 1))
		done
		secs=$(( ($(date +%s%N) - start) / k / 10000000 ))
		secs=$(printf '%d.%02d' $((secs / 100)) $((secs % 100)))
		name=$(basename "$f")
		if [ "$name" = solution.c ]; then
			echo "| $id | solution.c | (the reference solution) | $fails/$k (passes $((k - fails))/$k) | $secs |"
		else
			what=$(head -n 1 "$f" | sed 's|^/\* Wrong: ||; s| \*/$||; s/|/\\|/g')
			echo "| $id | wrong/$name | $what | $fails/$k | $secs |"
		fi
	done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
