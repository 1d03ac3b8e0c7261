#!/bin/sh
# report.sh - the class view end to end: 97 students' progress, each written
# by `lockstep progress --export` from its own state, plus 3 bad files
# (truncated JSON, a foreign JSON file, binary junk) in one directory.
# `lockstep report DIR` prints one row per good file, names each bad file
# on stderr and skips it; --csv has a header and 97 rows; --json agrees;
# with no good file the exit status is 1. Timed (guarded): under 1 s.
. "$(dirname "$0")/../lib/common.sh"
. "$root/tests/lib/guard.sh"
export LC_ALL=C.UTF-8
command -v jq >/dev/null || fail "report.sh needs jq"
T=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-report.XXXXXX")
trap 'rm -rf "$T" "$XDG_STATE_HOME"' EXIT
mkdir -p "$T/class"

# The lesson and exercise ids, as an export from a fresh state lists them.
"$LOCKSTEP" progress --export --name probe -o "$T/probe.json" >/dev/null ||
	fail "progress --export exited $?"
jq -r '.lessons[].id' "$T/probe.json" >"$T/lessons"
jq -r '.exercises[].id' "$T/probe.json" >"$T/exercises"
nl=$(wc -l <"$T/lessons"); nx=$(wc -l <"$T/exercises")
assert_ge "$nl" 20 "lessons in an export"
assert_ge "$nx" 10 "exercises in an export"
assert_eq "$(jq -r '.format + " " + (.format_version|tostring) + " " + .name' "$T/probe.json")" \
	"lockstep-progress 1 probe" "export header"
assert_eq "$(jq -r '.last_activity' "$T/probe.json")" null "last activity of a fresh state"

# Student k (1..97) finished the first k % (nl+1) lessons, passed the first
# k % (nx+1) exercises and answered choice k % 4 to every question of
# lesson 1; their progress.json is written as the lab writes it.
q1=$(jq '.lessons[0].quiz_questions' "$T/probe.json")
assert_ge "$q1" 1 "quiz questions in lesson 1"
k=1 want_lessons=0 want_passed=0
while [ $k -le 97 ]; do
	d=$((k % (nl + 1))) x=$((k % (nx + 1)))
	want_lessons=$((want_lessons + d)) want_passed=$((want_passed + x))
	mkdir -p "$T/s$k/lockstep"
	{
		printf '{"version":1,"done":{'
		head -n "$d" "$T/lessons" | awk '{ printf "%s\"%s\":true", (NR > 1 ? "," : ""), $0 }'
		printf '},"exercises":{'
		head -n "$x" "$T/exercises" | awk '{ printf "%s\"%s\":{\"passed\":true}", (NR > 1 ? "," : ""), $0 }'
		printf '},"answers":{"%s":[' "$(head -n 1 "$T/lessons")"
		seq "$q1" | awk -v c=$((k % 4)) '{ printf "%s%d", (NR > 1 ? "," : ""), c }'
		printf ']}}\n'
	} >"$T/s$k/lockstep/progress.json"
	name=$(printf 'student-%03d' "$k")
	XDG_STATE_HOME="$T/s$k" "$LOCKSTEP" progress --export --name "$name" \
		-o "$T/class/$name.json" >/dev/null || fail "export of $name exited $?"
	k=$((k + 1))
done
assert_eq "$(jq -r '.last_activity | test("^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]+Z$")' \
	"$T/class/student-005.json")" true "last activity of an exported state"

# Quiz answers right: the export agrees with 'lockstep progress' on the same
# state (students 4, 1, 2, 3 answered 0, 1, 2, 3 throughout); as every
# question has a right choice, some student got some right.
want_right=0
for k in 4 1 2 3; do
	r=$(XDG_STATE_HOME="$T/s$k" "$LOCKSTEP" progress | sed -n 's/^ .* 01 .* quiz \([0-9]*\)\/[0-9]* right$/\1/p')
	[ -n "$r" ] || fail "no quiz line for lesson 1 in 'lockstep progress' of student $k"
	assert_eq "$(jq '.lessons[0].quiz_right' "$T/class/$(printf 'student-%03d' "$k").json")" "$r" \
		"student $k's quiz answers right in lesson 1 (export vs lockstep progress)"
	n=$(( (97 - (k % 4)) / 4 + (k % 4 != 0 ? 1 : 0) )) # students 1..97 with j % 4 == k % 4
	want_right=$((want_right + n * r))
done
assert_ge "$want_right" 1 "quiz answers right across the class"

# The three bad files.
head -c 300 "$T/class/student-001.json" >"$T/class/truncated.json"
cp "$T/s1/lockstep/progress.json" "$T/class/foreign.json" # JSON, but not an export
head -c 2000 "$LOCKSTEP" >"$T/class/junk.json"           # an ELF header and more

# The table.
COLUMNS=80 "$LOCKSTEP" report "$T/class" >"$T/out" 2>"$T/err"
assert_eq "$?" 0 "exit status of report with good files"
for bad in truncated foreign junk; do
	grep -q "skipped $T/class/$bad.json: " "$T/err" || fail "stderr does not name $bad.json: $(cat "$T/err")"
done
assert_eq "$(grep -c 'warning: skipped' "$T/err")" 3 "files named as skipped"
grep -q "truncated.json: not valid JSON" "$T/err" || fail "truncated: wrong reason: $(cat "$T/err")"
grep -q "foreign.json: not a lockstep progress export" "$T/err" || fail "foreign: wrong reason"
grep -q "junk.json: not text" "$T/err" || fail "junk: wrong reason"
assert_eq "$(grep -c '^student-0' "$T/out")" 97 "rows in the table"
grep -q "^97 students. Lessons done: $want_lessons of $((97 * nl)). Exercises passed: $want_passed of $((97 * nx)).\$" "$T/out" ||
	fail "summary line: $(grep students "$T/out")"
grep -q "^Quiz answers right the first time: $want_right of $((97 * $(jq '[.lessons[].quiz_questions] | add' "$T/probe.json")))\\." "$T/out" ||
	fail "quiz summary: $(grep Quiz "$T/out"), want $want_right"
widest=$(wc -L <"$T/out")
assert_le "$widest" 80 "widest line at 80 columns (display width)"
# student 5: five lessons done, the others not; five exercises passed
grep -q "^student-005 *✓✓✓✓✓·" "$T/out" || fail "student-005's row: $(grep student-005 "$T/out")"
COLUMNS=200 "$LOCKSTEP" report "$T/class" 2>/dev/null | grep -q "last activity" ||
	fail "a 200-column table does not show the last activity"

# CSV: a header and one row per good file.
"$LOCKSTEP" report --csv "$T/class" >"$T/csv" 2>/dev/null || fail "report --csv exited $?"
assert_eq "$(wc -l <"$T/csv")" 98 "CSV lines (header + 97)"
head -n 1 "$T/csv" | grep -q '^name,file,lockstep,last_activity,lessons_done,' || fail "CSV header"
row=$(grep '^student-005,' "$T/csv" | tr -d '\r')
assert_eq "$(echo "$row" | cut -d, -f5,6,9,10)" "5,$nl,5,$nx" "student-005's CSV totals"

# JSON agrees.
"$LOCKSTEP" report --json "$T/class" >"$T/json" 2>/dev/null || fail "report --json exited $?"
assert_eq "$(jq '.students | length' "$T/json")" 97 "students in JSON"
assert_eq "$(jq '.skipped | length' "$T/json")" 3 "skipped in JSON"
assert_eq "$(jq '[.students[].lessons_done] | add' "$T/json")" "$want_lessons" "lessons done in JSON"

# One student exported twice: both rows stay, the files are named.
cp "$T/class/student-007.json" "$T/again.json"
"$LOCKSTEP" report --csv "$T/class/student-007.json" "$T/again.json" >"$T/csv" 2>"$T/err" ||
	fail "report of a student's two exports"
assert_eq "$(wc -l <"$T/csv")" 3 "CSV of two files with one name"
grep -q "note: 'student-007' is the name in 2 files: $T/again.json, $T/class/student-007.json" "$T/err" ||
	fail "the two files of one name are not named: $(cat "$T/err")"

# A file name or an id with control characters never reaches the terminal raw.
esc=$(printf '\033')
cp "$T/class/student-001.json" "$T/odd${esc}[2J.json"
jq '.exercises[0].id = "\u001b[31m01-x" | .exercises[1].id = .exercises[0].id' \
	"$T/class/student-001.json" >"$T/dup2.json"
"$LOCKSTEP" report --csv "$T/odd${esc}[2J.json" "$T/dup2.json" >"$T/out" 2>"$T/err" || fail "report of odd names"
grep -q "$esc" "$T/out" "$T/err" && fail "an escape byte reached the terminal: $(cat -v "$T/err")"
grep -q "odd?\\[2J.json" "$T/out" || fail "the odd file name is not in the CSV with ?: $(cat -v "$T/out")"
grep -q "dup2.json: exercises\[1\]: '?\[31m01-.*' listed twice" "$T/err" ||
	fail "the duplicate id is not named: $(cat -v "$T/err")"

# Only bad files, or none at all: exit 1, each named.
"$LOCKSTEP" report "$T/class/junk.json" "$T/nothing-here.json" >/dev/null 2>"$T/err"
assert_eq "$?" 1 "exit status with no good file"
grep -q "nothing-here.json" "$T/err" || fail "a missing file is not named"
"$LOCKSTEP" report >/dev/null 2>&1; assert_eq "$?" 2 "exit status without arguments"

# A file and a directory together; the export to standard output.
"$LOCKSTEP" progress --export --name solo -o - >"$T/solo.json" || fail "export to stdout"
mkdir "$T/empty"
"$LOCKSTEP" report --csv "$T/solo.json" "$T/empty" >"$T/csv" 2>"$T/err" || fail "report of one file"
assert_eq "$(wc -l <"$T/csv")" 2 "CSV of one file"
grep -q "empty: a directory without any \*.json file" "$T/err" || fail "an empty directory is not named"

# Speed (timing: guarded).
guard_begin
s=$(date +%s%N)
"$LOCKSTEP" report "$T/class" >/dev/null 2>&1
e=$(date +%s%N)
ms=$(( (e - s) / 1000000 ))
if guard_end; then
	assert_le "$ms" 999 "report of 100 files, ms"
else
	skip_check "report of 100 files took $ms ms on a busy machine"
fi
exit 0
