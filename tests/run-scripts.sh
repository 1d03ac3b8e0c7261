#!/bin/sh
# run-scripts.sh - run every *.sh test in the given directories, one process each.
# Each script tests one behaviour and exits non-zero on failure. Prints one line
# per script and a summary; exits 1 if any failed.
set -u
root=${LOCKSTEP_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
export LOCKSTEP_ROOT="$root"
pass=0 failed=""
for dir in "$@"; do
	[ -d "$root/$dir" ] || continue
	for t in "$root/$dir"/*.sh; do
		[ -e "$t" ] || continue
		[ "$(basename "$t")" = lib.sh ] && continue
		name=${t#"$root"/}
		start=$(date +%s)
		if out=$(timeout 300 sh "$t" 2>&1); then
			pass=$((pass + 1))
			printf 'PASS %s (%ss)\n' "$name" "$(( $(date +%s) - start ))"
		else
			failed="$failed $name"
			printf 'FAIL %s\n%s\n' "$name" "$out" | sed 's/^/    /; 1s/^    //'
		fi
	done
done
n=$(echo "$failed" | wc -w)
echo "scripts: $pass passed, $n failed${failed:+ ($failed )}"
[ "$n" -eq 0 ]
