# quiz_balance: the right answer must not be a tell. A question is a run of `? `
# lines inside a ```quiz block; it "points at the answer" when its `+ ` option is
# strictly longer (in characters) than every `- ` option. No lesson may do so in
# more than 40% of its questions, the whole course in at most 35%.
#
# The rule itself lives in core/lint (one rule set: `lockstep lint`, and
# check_lessons through it, fail a lesson over the limit). This script counts
# the same thing independently, straight from the Markdown, and checks that
# `lockstep lint --verbose` reports exactly those figures, so a lint that
# miscounted (and let a tell through) would fail here.
# To see the figures: lockstep lint --verbose
. "$(dirname "$0")/../lib/common.sh"
mkdir -p "$XDG_STATE_HOME"

# --no-prove: the challenges' proofs are make check's lint-lessons step (they
# take most of a minute); this script is about the quiz counts.
"$LOCKSTEP" lint --verbose --no-prove > "$XDG_STATE_HOME/lint.out" 2>&1 ||
	fail "lockstep lint finds problems: $(cat "$XDG_STATE_HOME/lint.out")"
# "lessons/05-x.md: right answer longest in 2 of 5 questions (40%)" -> "05-x.md 2 5"
sed -n 's|^.*/\([0-9][0-9]-[^/]*\.md\): right answer longest in \([0-9]*\) of \([0-9]*\) question.*|\1 \2 \3|p
	s|^course: right answer longest in \([0-9]*\) of \([0-9]*\) questions.*|course \1 \2|p' \
	"$XDG_STATE_HOME/lint.out" > "$XDG_STATE_HOME/lint.counts"

python3 - "$root/lessons" > "$XDG_STATE_HOME/own.counts" <<'PY' || fail "counting the quizzes failed"
import glob, os, sys
total = longest = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "[0-9][0-9]-*.md"))):
    qs, cur, inquiz, prev_q = [], None, False, False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```"):
            inquiz = line.strip() == "```quiz"
            cur, prev_q = None, False
            continue
        if not inquiz:
            continue
        if line.startswith("? "):
            if not prev_q:
                cur = {"right": None, "wrong": []}
                qs.append(cur)
            prev_q = True
            continue
        prev_q = False
        if cur is not None and line.startswith("+ "):
            cur["right"] = len(line[2:].strip())
        elif cur is not None and line.startswith("- "):
            cur["wrong"].append(len(line[2:].strip()))
    n = len(qs)
    k = sum(1 for q in qs if q["right"] is not None and q["wrong"]
            and q["right"] > max(q["wrong"]))
    total, longest = total + n, longest + k
    print(os.path.basename(path), k, n)
print("course", longest, total)
PY

[ -s "$XDG_STATE_HOME/lint.counts" ] || fail "lockstep lint --verbose printed no shares: $(cat "$XDG_STATE_HOME/lint.out")"
diff "$XDG_STATE_HOME/own.counts" "$XDG_STATE_HOME/lint.counts" >&2 ||
	fail "lockstep lint --verbose counts differ from the count made here (left: here, right: lint)"
exit 0
