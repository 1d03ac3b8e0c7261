#!/bin/sh
# 34-panel-interleavings.sh - at 80x24, after R on race_counter threads=2
# iters=2 the demo panel shows every interleaving's outcome next to the real
# runs (issue 12): the unsafe variant's distribution must equal the one this
# test computes with its own model of the stepped program (each thread does
# load, store, load, store on a shared counter), and the real runs' counts
# must add up to K. Parameters too large to explore get a sentence instead.
. "$(dirname "$0")/lib.sh"
fixture_data
K=6

start_lab
wait_for "demo race_counter"
keys r
wait_for "done in" 60
keys End
wait_match "too many interleavings at iters=[0-9]+; try :set race_counter" 20
keys :
keys -l "set race_counter threads=2 iters=2"
keys Enter
keys :
keys -l "runs $K"
keys Enter
keys R
wait_for "$K runs in" 60
# the panel may still be writing the variants' lines, and each one it adds
# can push the last below the screen (a histogram of two values takes two
# rows): scroll to the end again until the last variant's line is there
n=0
until screen | grep -q "local: all"; do
	n=$((n + 1))
	[ "$n" -le 120 ] || { screen >&2; fail "no 'local: all' line within 60 s"; }
	keys End
	sleep 0.5
done
wait_for "unsafe: all" 5
screen | python3 -c '
import itertools, re, sys
k = int(sys.argv[1])
text = sys.stdin.read().replace("\u00a0", " ")
# the line, wherever the panel starts (a lesson list may be on its left),
# and its wrapped continuation (indented by two more at the same column)
rows = text.split("\n")
i = next(i for i, l in enumerate(rows) if "unsafe: all" in l)
x = rows[i].index("unsafe: all")
line = rows[i][x:].rstrip()
for l in rows[i + 1:]:
    if not l[x:x + 2] == "  " or not l[x:].strip():
        break
    line += " " + l[x:].strip()
m = re.match(r"unsafe: all (\d+) interleavings: (.*) · your (\d+) real runs: (.*)$", line)
if not m:
    sys.exit("cannot read: " + line)
shown = {int(v): int(c) for v, c in re.findall(r"(\d+) → (\d+)", m.group(2))}
# the model: every order of A and B steps, four each; a load copies the
# counter into the thread, a store writes the copy plus one
model = {}
for pos in itertools.combinations(range(8), 4):
    counter, reg, step = 0, [0, 0], [0, 0]
    for i in range(8):
        t = 0 if i in pos else 1
        if step[t] % 2 == 0:
            reg[t] = counter
        else:
            counter = reg[t] + 1
        step[t] += 1
    model[counter] = model.get(counter, 0) + 1
if int(m.group(1)) != sum(model.values()) or shown != model:
    sys.exit("shown %s of %s, the model says %s of %d" % (shown, m.group(1), model, sum(model.values())))
real = [int(c) for c in re.findall(r"→ (\d+)", m.group(4))]
if int(m.group(3)) != k or sum(real) != k:
    sys.exit("real runs %s (%s) do not add up to %d" % (real, m.group(3), k))
print("ok: %s interleavings as the model says: %s; real runs add up to %d" % (m.group(1), model, k))
' "$K" || { screen >&2; fail "interleavings line"; }
keys Escape
wait_for "? keys"
keys q
wait_exit
assert_tty_restored
