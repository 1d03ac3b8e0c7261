#!/bin/sh
# run-scripts.sh - run every *.sh test in the given directories, one process each.
# Each script tests one behaviour and exits non-zero on failure. Prints one line
# per script and a summary; exits 1 if any failed. A timing check measured
# only on a busy machine prints "SKIP: why" (tests/lib/guard.sh): the script
# passes with its other checks and the skip is listed; a script that exits 77
# skipped as a whole.
set -u
root=${LOCKSTEP_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
export LOCKSTEP_ROOT="$root"
pass=0 skipped=0 checks_skipped=0 failed=""
for dir in "$@"; do
	[ -d "$root/$dir" ] || continue
	for t in "$root/$dir"/*.sh; do
		[ -e "$t" ] || continue
		[ "$(basename "$t")" = lib.sh ] && continue
		name=${t#"$root"/}
		start=$(date +%s)
		out=$(timeout 300 sh "$t" 2>&1)
		rc=$?
		skips=$(printf '%s\n' "$out" | sed -n 's/^SKIP: //p')
		nskips=$(printf '%s' "$skips" | grep -c '^' || true)
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1))
			checks_skipped=$((checks_skipped + nskips))
			printf 'PASS %s (%ss)\n' "$name" "$(( $(date +%s) - start ))"
			[ -n "$skips" ] && printf '%s\n' "$skips" | sed 's/^/    skipped: /'
		elif [ $rc -eq 77 ]; then
			skipped=$((skipped + 1))
			printf 'SKIP %s: %s\n' "$name" "$(printf '%s\n' "$skips" | tail -n 1)"
		else
			failed="$failed $name"
			printf 'FAIL %s\n%s\n' "$name" "$out" | sed 's/^/    /; 1s/^    //'
		fi
	done
done
n=$(echo "$failed" | wc -w)
echo "scripts: $pass passed ($checks_skipped timing checks skipped in them), $skipped skipped, $n failed${failed:+ ($failed )}"
[ "$n" -eq 0 ]
