#!/bin/sh
# tsan.sh DIR REGISTRY - run each demo built with -fsanitize=thread, one
# variant at a time. `safe` variants must finish with no ThreadSanitizer
# report; `racy` variants must be reported; `broken` ones are skipped.
# Optional tests/tsan/NAME.params holds smaller parameters for a demo.
set -u
dir=$1 registry=$2
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(uname -m)
ok=0 bad=0
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 report_bugs=1"
while IFS= read -r line; do
	name=$(printf '%s\n' "$line" | jq -r .name)
	params=""
	[ -f "$root/tests/tsan/$name.params" ] && params=$(cat "$root/tests/tsan/$name.params")
	for v in $(printf '%s\n' "$line" | jq -r '.variants[] | select(.kind != "broken") | .name + ":" + .kind'); do
		variant=${v%%:*} kind=${v#*:}
		# shellcheck disable=SC2086
		out=$(timeout 120 setarch "$arch" -R "$dir/$name" --json --variant "$variant" $params 2>&1)
		status=$?
		if printf '%s' "$out" | grep -q 'WARNING: ThreadSanitizer'; then reported=yes; else reported=no; fi
		if [ "$kind" = safe ] && { [ $reported = yes ] || [ $status -ne 0 ]; }; then
			echo "TSAN FAIL $name/$variant (safe): status $status, report: $reported"
			printf '%s\n' "$out" | grep -A12 'WARNING: ThreadSanitizer' | head -30
			bad=$((bad + 1))
		elif [ "$kind" = racy ] && [ $reported = no ]; then
			echo "TSAN FAIL $name/$variant (racy): no race reported"
			bad=$((bad + 1))
		else
			echo "tsan ok  $name/$variant ($kind$( [ $reported = yes ] && echo ', race reported'))"
			ok=$((ok + 1))
		fi
	done
done < "$registry"
echo "tsan: $ok variants as expected, $bad not"
[ "$bad" -eq 0 ]
