#!/bin/sh
# tsan_step.sh DIR REGISTRY - the step machinery (lab.c's turn semaphores,
# its controller I/O thread, the LAB_ wrappers) under ThreadSanitizer. DIR
# holds the demos built with -fsanitize=thread; lockstep steps them through a
# data root whose demos/ points there. For each demo in tests/tsan/step.list
# and each of its variants (every kind: in step mode the threads take turns,
# so even a racy variant's data race is ordered by the turn handoff and must
# not be reported; a report is a bug in the machinery): `lockstep explore` of
# the small instance (its first 30 runs at most: each child pays TSan's
# start-up), then `lockstep step --schedule` of each outcome's
# shortest schedule. A safe variant must leave no ThreadSanitizer report at
# all; a racy or broken one no data race (a lock-order inversion there is
# the demo's own bug, which TSan is right to see: deadlock's `deadlock`).
# A variant that has no step points (it never reaches one) is skipped.
set -u
dir=$(cd "$1" && pwd) registry=$2
root=$(cd "$(dirname "$0")/.." && pwd)
LOCKSTEP=${LOCKSTEP:-$root/build/lockstep}
arch=$(uname -m)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-tsan-step.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data/demos" "$tmp/logs"
cp "$registry" "$tmp/data/demos/registry.jsonl"
# reports go to files, one per process: the demo's stderr is lockstep's pipe;
# a report fails a safe variant's run (exit 66), and is looked at in others
tsan_opts="halt_on_error=0 report_bugs=1 log_path=$tmp/logs/tsan"
ok=0 bad=0

# run KIND WHAT CMD...: CMD must exit 0 and leave no report (KIND safe), or
# no data race report (any other KIND). Returns 2 for a variant that has no
# step points.
run() {
	_kind=$1 _what=$2; shift 2
	rm -f "$tmp/logs/"*
	_exit=0
	[ "$_kind" = safe ] && _exit=66
	setarch "$arch" -R env LOCKSTEP_DATA="$tmp/data" TSAN_OPTIONS="$tsan_opts exitcode=$_exit" \
		"$@" >"$tmp/out" 2>&1
	_st=$?
	# no step points: it ran free, not stepped (a racy one races for real)
	if [ $_st -ne 0 ] && grep -q "without reaching a step point" "$tmp/out"; then
		return 2
	fi
	if [ "$_kind" != safe ] && ls "$tmp/logs/"* >/dev/null 2>&1 &&
		! cat "$tmp/logs/"* | grep -q 'WARNING: ThreadSanitizer: data race'; then
		echo "  ($_what: $(cat "$tmp/logs/"* | grep -o 'WARNING: ThreadSanitizer: [a-z-]*' |
			sort -u | sed 's/WARNING: ThreadSanitizer: //' | tr '\n' ' ')reported in a $_kind variant)"
		rm -f "$tmp/logs/"*
	fi
	if ls "$tmp/logs/"* >/dev/null 2>&1; then
		echo "TSAN FAIL $_what: $(cat "$tmp/logs/"* | grep -c 'WARNING: ThreadSanitizer') report(s)"
		cat "$tmp/logs/"* | grep -A14 'WARNING: ThreadSanitizer' | head -40
		bad=$((bad + 1))
		return 1
	fi
	if [ $_st -ne 0 ]; then
		echo "FAIL $_what: exit $_st: $(head -c 400 "$tmp/out")"
		bad=$((bad + 1))
		return 1
	fi
}

# every demo that names its threads for stepping has a line in the list
if [ -z "${TSAN_STEP_LIST:-}" ]; then
	for f in "$root"/lab/*.c; do
		n=$(basename "$f" .c)
		[ "$n" != lab ] && grep -q 'lab_step_thread' "$f" || continue
		grep -q "^$n\( \|$\)" "$root/tests/tsan/step.list" && continue
		echo "FAIL $n has step points but no line in tests/tsan/step.list"
		bad=$((bad + 1))
	done
fi
echo "0 $bad" >"$tmp/count"
grep -v "^#" "${TSAN_STEP_LIST:-$root/tests/tsan/step.list}" | while read -r name params; do
	[ -n "$name" ] || continue
	ln -sf "$dir/$name" "$tmp/data/demos/$name"
	for vk in $(jq -r "select(.name == \"$name\") | .variants[] | .name + \":\" + .kind" "$registry"); do
		variant=${vk%%:*} kind=${vk#*:}
		# shellcheck disable=SC2086
		run "$kind" "$name/$variant explore" timeout 300 "$LOCKSTEP" explore "$name" $params \
			--variant "$variant" --limit 30 --json
		case $? in
		0) ;;
		2) echo "tsan --   $name/$variant has no step points: skipped"; continue ;;
		*) continue ;;
		esac
		cp "$tmp/out" "$tmp/explore"
		n=0 before=$bad
		for s in $(jq -r '(.outcomes[], .deadlocks[]) | .shortest' "$tmp/explore"); do
			# shellcheck disable=SC2086
			run "$kind" "$name/$variant step --schedule $s" timeout 120 "$LOCKSTEP" step "$name" \
				$params --variant "$variant" --schedule "$s"
			n=$((n + 1))
		done
		[ $bad -eq $before ] || continue
		echo "tsan ok  $name/$variant ($kind) in step mode: explore ($(jq -r .runs "$tmp/explore") runs," \
			"$(jq -r .interleavings "$tmp/explore") interleavings), $n schedules stepped"
		ok=$((ok + 1))
		echo "$ok $bad" >"$tmp/count"
	done
	echo "$ok $bad" >"$tmp/count"
done
read -r ok bad <"$tmp/count"
echo "tsan step mode: $ok variants clean, $bad not"
[ "$bad" -eq 0 ] && [ "$ok" -gt 0 ]
