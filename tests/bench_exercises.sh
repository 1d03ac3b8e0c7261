#!/bin/sh
# bench_exercises.sh - verify time per exercise (run by `make bench`): the
# median of 3 full `lockstep verify` runs of each reference solution (build,
# the stress run and, for thread exercises, the ThreadSanitizer build and
# run), against the target of 3 s on an idle machine. Prints the load
# average with the figures: on a loaded machine they are upper bounds.
set -u
LOCKSTEP_ROOT=${LOCKSTEP_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
export LOCKSTEP_ROOT
. "$LOCKSTEP_ROOT/tests/lib/common.sh"
[ -n "${LOCKSTEP_BIN:-}" ] && LOCKSTEP=$LOCKSTEP_BIN
missed=0

echo "verify time per exercise (median of 3, full stress; target < 3 s idle)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for dir in "$root"/tests/exercises/[0-9][0-9]-*/; do
	id=$(basename "$dir")
	times=""
	for i in 1 2 3; do
		s=$(date +%s%N)
		"$LOCKSTEP" verify "$id" --file "$dir/solution.c" >/dev/null 2>&1 ||
			fail "$id: the solution failed verify"
		times="$times $(( ($(date +%s%N) - s) / 1000000 ))"
	done
	ms=$(printf '%s\n' $times | sort -n | sed -n 2p)
	ok=ok
	[ "$ms" -lt 3000 ] || { ok=MISSED; missed=$((missed + 1)); }
	printf '%-24s %5d ms  (target < 3000 ms) %s\n' "$id" "$ms" "$ok"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$missed" -eq 0 ]
