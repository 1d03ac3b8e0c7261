#!/bin/sh
# lint.sh - `lockstep lint`: a lesson with a broken front matter and an
# unterminated quiz gets both reported with file:line and exit 1; a good
# lesson passes; --verbose prints the quiz balance; the set is checked when
# no files are named.
. "$(dirname "$0")/../lib/common.sh"
tmp="$XDG_STATE_HOME/lint"
mkdir -p "$tmp/lessons"

bad="$tmp/lessons/08-broken.md"
cat > "$bad" <<'LESSON'
---
title: Broken
summary Missing its colon
objectives:
  - one
  - two
---

Some text.

```quiz
? Is this quiz ever closed?
+ no
- yes
> The fence above has no partner.
LESSON

out=$("$LOCKSTEP" lint "$bad"); rc=$?
assert_eq "$rc" 1 "exit status of lint on a broken lesson"
printf '%s\n' "$out" | grep -qxF "$bad:3: expected 'key: value' in front matter, got 'summary Missing its colon'" ||
	fail "front matter problem not reported: $out"
printf '%s\n' "$out" | grep -qxF "$bad:7: expected 'summary:' in front matter" ||
	fail "missing summary not reported: $out"
printf '%s\n' "$out" | grep -qxF "$bad:11: unterminated \`\`\`quiz block (opened here)" ||
	fail "unterminated quiz not reported: $out"

good="$tmp/lessons/09-good.md"
# a lesson with every part lint asks for (pair, demo, Pitfalls, Recap, a balanced quiz)
cp "$root/tests/fixtures/lint/01-clean.md" "$good"
out=$("$LOCKSTEP" lint "$good") || fail "lint on a good lesson exited $?: $out"
[ "$out" = "1 lesson, no problems" ] || fail "lint on a good lesson said: $out"

# --verbose: the quiz balance of each lesson and of the whole, then the verdict
out=$("$LOCKSTEP" lint --verbose "$good" "$root/tests/fixtures/lint/07-longest.md"); rc=$?
assert_eq "$rc" 1 "exit status of lint --verbose with a lesson over the limit"
printf '%s\n' "$out" | grep -qxF "$good: right answer longest in 0 of 3 questions (0%)" ||
	fail "--verbose share of the good lesson: $out"
printf '%s\n' "$out" | grep -qxF "$root/tests/fixtures/lint/07-longest.md: right answer longest in 2 of 3 questions (67%)" ||
	fail "--verbose share of the unbalanced lesson: $out"
printf '%s\n' "$out" | grep -qxF "course: right answer longest in 2 of 6 questions (33.3%); limits 40% a lesson, 35% the course" ||
	fail "--verbose course share: $out"
printf '%s\n' "$out" | grep -qF "07-longest.md:31: the right answer is the longest choice in 2 of 3 questions" ||
	fail "--verbose lost the finding: $out"

# no files: the whole directory, with set problems; no registry here, said once
cp "$good" "$tmp/lessons/10-good.md"
out=$(LOCKSTEP_DATA="$tmp" "$LOCKSTEP" lint 2>"$tmp/err"); rc=$?
assert_eq "$rc" 1 "exit status of lint on a directory with problems"
printf '%s\n' "$out" | grep -qxF "$tmp/lessons/08-broken.md:11: unterminated \`\`\`quiz block (opened here)" ||
	fail "directory lint: $out"
printf '%s\n' "$out" | grep -qF "10-good.md: lesson id 'good' is also used by" || fail "duplicate id not reported: $out"
assert_eq "$(grep -c 'no demo registry' "$tmp/err")" 1 "notes about the missing registry"

# challenges are proved by exploring the built demos: one that cannot be won
# and one whose fix does not fix are findings on their lines; --no-prove
# skips the proof (and so those two findings)
ch="$tmp/05-challenges.md"
cat >"$ch" <<'LESSON'
---
title: Challenges
summary: Two wrong challenges and a right one.
objectives:
  - one
  - two
---

```challenge unwinnable race_counter threads=2 iters=2 variant=mutex fixed=unsafe
goal: end counter == 2
title: T
python: p

Cannot be won: the mutex keeps every update.
```

```challenge unfixed race_counter threads=2 iters=2 variant=unsafe fixed=unsafe2
goal: end counter == 2
title: T
python: p

The fixed variant does not exist.
```

```challenge fine race_counter threads=2 iters=2 variant=unsafe fixed=mutex
goal: end counter == 2
title: T
python: p

Right.
```
LESSON
out=$("$LOCKSTEP" lint "$ch" 2>&1)
printf '%s\n' "$out" | grep -qF "05-challenges.md:9: challenge 'unwinnable': the broken variant 'mutex' never reaches 'end counter == 2' (0 of " ||
	fail "unwinnable challenge not found: $out"
printf '%s\n' "$out" | grep -qF "05-challenges.md:17: challenge 'unfixed': race_counter has no variant 'unsafe2'" ||
	fail "missing fixed variant not found: $out"
printf '%s\n' "$out" | grep -q "challenge 'fine'" && fail "a right challenge was reported: $out"
out=$("$LOCKSTEP" lint --no-prove "$ch" 2>&1)
printf '%s\n' "$out" | grep -q "unwinnable" && fail "--no-prove still proved: $out"
exit 0
