#!/bin/sh
# 32-panel-histogram.sh - at 80x24, R runs race_counter K times and each
# variant's column shows a histogram of its observed values whose counts
# add up to K (issue 15 item 4).
. "$(dirname "$0")/lib.sh"
fixture_data
K=12

start_lab
wait_for "demo race_counter"
keys :
keys -l "runs $K"
keys Enter
wait_for "K = $K"
keys :
keys -l "set race_counter iters=300000"
keys Enter
wait_for "race_counter: iters=300000"
keys R
wait_for "$K runs in" 60
# scroll until each column's histogram is on screen, keep every page
pages=""
for _i in 1 2 3 4 5 6; do
	pages="$pages$(screen)
"
	keys j j j j j j j j
	sleep 0.3
done
# Per column (the variant names' row gives the column starts): the lines
# under "observed values" end with a count (on a narrow
# column the bar has a line of its own); they sum to K.
printf '%s' "$pages" | python3 -c '
import re, sys
k = int(sys.argv[1])
lines = sys.stdin.read().split("\n")
head = next(l for l in lines if re.search(r"\bunsafe\b.*\bmutex\b", l))
starts = [m.start() for m in re.finditer(r"\b(unsafe|mutex|atomic|local)\b", head)]
ok = 0
for i, x0 in enumerate(starts):
    x1 = starts[i + 1] - 2 if i + 1 < len(starts) else 200
    col = [l[x0:x1].rstrip() for l in lines]
    # the histogram: from its heading to the first line that is not a bucket
    # (a page repeats rows: take the first page that shows it whole)
    best = None
    for j, l in enumerate(col):
        if l.startswith("observed values"):
            counts = []
            for b in col[j + 1:]:
                if b and re.fullmatch(r"[█▉▊▋▌▍▎▏#]+", b):
                    continue  # a narrow column: the bar under its label
                m = re.match(r"^(-?[\d.,]+[kMG]?(-[\d.,]+[kMG]?)?) .*?(\d+)$", b)
                if not m:
                    break
                counts.append(int(m.group(3)))
            if counts and (best is None or sum(counts) > sum(best)):
                best = counts
    if best is None:
        sys.exit("no histogram in column %d" % i)
    if sum(best) != k:
        sys.exit("column %d: counts %s add up to %d, not %d" % (i, best, sum(best), k))
    ok += 1
print("histograms: %d columns add up to %d" % (ok, k))
' "$K" || { printf '%s' "$pages" >&2; fail "histogram counts"; }
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
