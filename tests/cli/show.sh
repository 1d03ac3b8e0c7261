#!/bin/sh
# show.sh - `lockstep show`: every line within --width, no colour codes with
# --color=never, look-up by number and id, and the error exits.
. "$(dirname "$0")/../lib/common.sh"
export LC_ALL=C.UTF-8
esc=$(printf '\033')

out=$("$LOCKSTEP" show 1 --width 60 --color=never) || fail "show 1 exited $?"
[ "$(printf '%s\n' "$out" | wc -l)" -gt 20 ] || fail "show 1 printed too little"
assert_le "$(printf '%s\n' "$out" | wc -L)" 60 "widest line of 'show 1 --width 60'"
printf '%s\n' "$out" | grep -q ' $' && fail "show 1 has lines ending in blanks"
printf '%s\n' "$out" | grep -q "$esc" && fail "escape codes with --color=never"
printf '%s\n' "$out" | grep -q '^Answers$' || fail "no answer key at the end"

# every lesson, at the narrowest and a wide width
for f in "$root"/lessons/[0-9][0-9]-*.md; do
	n=$(basename "$f" | cut -c1-2)
	for w in 40 132; do
		o=$("$LOCKSTEP" show "$n" --width $w --color=never) || fail "show $n exited $?"
		assert_le "$(printf '%s\n' "$o" | wc -L)" $w "widest line of 'show $n --width $w'"
	done
done

"$LOCKSTEP" show 1 --width 60 --color=always | grep -q "$esc\[" || fail "no colour with --color=always"
NO_COLOR=1 "$LOCKSTEP" show 1 --color=auto | grep -q "$esc" && fail "colour through a pipe"

# by number, zero-padded number and id: the same lesson
two=$(ls "$root"/lessons/02-*.md | head -n 1)
id=$(basename "$two" .md | cut -d- -f2-)
a=$("$LOCKSTEP" show 02 --width 80 --color=never) || fail "show 02 exited $?"
b=$("$LOCKSTEP" show 2 --width 80 --color=never) || fail "show 2 exited $?"
c=$("$LOCKSTEP" show "$id" --width 80 --color=never) || fail "show $id exited $?"
[ "$a" = "$b" ] && [ "$a" = "$c" ] || fail "show 02, show 2 and show $id differ"
title=$(sed -n 's/^title: //p' "$two")
[ "$(printf '%s\n' "$a" | head -n 1)" = "$title" ] || fail "show 02 does not start with its title"

# ASCII outside UTF-8 locales
LC_ALL=C "$LOCKSTEP" show 1 --width 60 --color=never | grep -q '═\|│\|┌' && fail "box drawing in the C locale"

# errors
n=$(ls "$root"/lessons/[0-9][0-9]-*.md | wc -l)
err=$("$LOCKSTEP" show 99 2>&1 >/dev/null); rc=$?
assert_eq "$rc" 2 "exit status of 'show 99' (an unknown name is a usage error)"
[ "$(printf '%s\n' "$err" | head -1)" = "lockstep: show: no lesson '99' (there are $n; try 'lockstep list')" ] ||
	fail "show 99 said: $err"
err=$("$LOCKSTEP" show 1 --width 10 2>&1 >/dev/null); rc=$?
assert_eq "$rc" 2 "exit status of '--width 10'"
printf '%s\n' "$err" | grep -q "width must be a number from 40 to 400, got '10'" || fail "--width 10 said: $err"
"$LOCKSTEP" show 1 --width 401 >/dev/null 2>&1; assert_eq "$?" 2 "exit status of '--width 401'"
"$LOCKSTEP" show 1 --color=sometimes >/dev/null 2>&1; assert_eq "$?" 2 "exit status of '--color=sometimes'"
"$LOCKSTEP" show >/dev/null 2>&1; assert_eq "$?" 2 "exit status of 'show' with no lesson"

# a lesson with problems: its diagnostics on stderr, exit 1, nothing on stdout
data="$XDG_STATE_HOME/data"
mkdir -p "$data/lessons"
printf -- '---\ntitle: Broken\n---\n\n```quiz\n? q\n' > "$data/lessons/01-broken.md"
out=$(LOCKSTEP_DATA="$data" "$LOCKSTEP" show 1 2>"$data/err"); rc=$?
assert_eq "$rc" 1 "exit status of showing a broken lesson"
[ -z "$out" ] || fail "a broken lesson printed: $out"
grep -qxF "$data/lessons/01-broken.md:3: expected 'summary:' in front matter" "$data/err" ||
	fail "no diagnostic: $(cat "$data/err")"
grep -qxF "$data/lessons/01-broken.md:5: unterminated \`\`\`quiz block (opened here)" "$data/err" ||
	fail "no fence diagnostic: $(cat "$data/err")"
exit 0
