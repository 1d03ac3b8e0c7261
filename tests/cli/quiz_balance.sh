# quiz_balance: the right answer must not be a tell. A question is a run of `? `
# lines inside a ```quiz block; it "points at the answer" when its `+ ` option is
# strictly longer (in characters) than every `- ` option. No lesson may do so in
# more than 40% of its questions, the whole course in at most 35%.
# Run by hand to see the figures: sh tests/cli/quiz_balance.sh -v
. "$(dirname "$0")/../lib/common.sh"

verbose=${1:-}
python3 - "$root/lessons" "$verbose" <<'PY' || fail "quiz balance (see above)"
import glob, os, sys
lessons, verbose = sys.argv[1], sys.argv[2] == "-v"
total = longest = 0
bad = []
for path in sorted(glob.glob(os.path.join(lessons, "[0-9][0-9]-*.md"))):
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
    name = os.path.basename(path)
    if n and k * 100 > 40 * n:
        bad.append(f"{name}: right answer longest in {k}/{n} questions (> 40%)")
    if verbose:
        print(f"{name:36} {k}/{n}" + (f" {100*k/n:.0f}%" if n else ""))
share = 100 * longest / total if total else 0
print(f"course: right answer longest in {longest}/{total} questions ({share:.1f}%)")
if total and longest * 100 > 35 * total:
    bad.append(f"course: {longest}/{total} = {share:.1f}% (> 35%)")
for b in bad:
    print("quiz_balance:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
