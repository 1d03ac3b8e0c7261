#!/bin/sh
# list.sh - `lockstep list`: one line per lesson in number order, as
# "MARK NN  id  title", and the same set as JSON.
. "$(dirname "$0")/../lib/common.sh"
export LC_ALL=C.UTF-8

out=$("$LOCKSTEP" list) || fail "list exited $?"
n=$(ls "$root"/lessons/[0-9][0-9]-*.md | wc -l)
assert_eq "$(printf '%s\n' "$out" | wc -l)" "$n" "lines of 'lockstep list'"
first=$(ls "$root"/lessons/[0-9][0-9]-*.md | head -n 1)
num=$(basename "$first" | cut -c1-2)
id=$(basename "$first" .md | cut -d- -f2-)
title=$(sed -n 's/^title: //p' "$first")
printf '%s\n' "$out" | head -n 1 | grep -q "^  $num  $id  *$title\$" ||
	fail "first line is not '  $num  $id  $title': $(printf '%s\n' "$out" | head -n 1)"
# numbers ascend
printf '%s\n' "$out" | cut -c3-4 | sort -c -n || fail "lessons are not in number order"

json=$("$LOCKSTEP" list --json) || fail "list --json exited $?"
assert_eq "$(printf '%s' "$json" | jq length)" "$n" "lessons in 'list --json'"
assert_eq "$(printf '%s' "$json" | jq -r '.[0].id')" "$id" "first id in JSON"
assert_eq "$(printf '%s' "$json" | jq -r '.[0].done')" "false" "fresh state: nothing done"

"$LOCKSTEP" list extra >/dev/null 2>&1; assert_eq "$?" 2 "exit status of 'list extra'"
exit 0
