# lockstep demo --runs K --csv: parsed with Python's csv module, one row per
# run and variant, columns that follow the data, a timed-out run's rows, and
# --csv with --json refused.
. "$(dirname "$0")/../lib/common.sh"

# check_csv FILE K VARIANTS THREADS ITERS: row count, run indices, variant
# order, and expected = threads x iters in every ok row (our own arithmetic)
check_csv() {
	python3 - "$@" <<'PY' || fail "CSV check failed for $*"
import csv, sys
path, k, variants, threads, iters = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), int(sys.argv[4]), int(sys.argv[5])
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == k * len(variants), f"{len(rows)} rows, want {k} x {len(variants)}"
for i, row in enumerate(rows):
    assert row["run"] == str(i // len(variants) + 1), row
    assert row["variant"] == variants[i % len(variants)], row
    if row["status"] == "ok":
        assert int(row["expected"]) == threads * iters, row
        assert int(row["observed"]) + int(row["lost"]) == threads * iters, row
        assert row["correct"] == ("yes" if row["lost"] == "0" else "no"), row
        assert int(row["elapsed_ns"]) > 0, row
        assert float(row["ns_per_op"]) > 0, row
    if row["variant"] == "mutex" and row["status"] == "ok":
        assert row["correct"] == "yes", row
PY
}

out="$XDG_STATE_HOME.csv"
mkdir -p "$XDG_STATE_HOME"
"$LOCKSTEP" demo race_counter --runs 3 --csv threads=2 iters=1000 >"$out" || fail "csv run exited $?"
check_csv "$out" 3 unsafe,mutex,atomic,local 2 1000
"$LOCKSTEP" demo race_counter --runs 2 --csv --variant mutex,unsafe threads=3 iters=700 >"$out" ||
	fail "csv run exited $?"
# the registry's order, whatever order --variant named them in
check_csv "$out" 2 unsafe,mutex 3 700

# a run killed at its time limit still has its rows, saying so
"$LOCKSTEP" demo race_counter --runs 1 --csv --timeout 1 --variant mutex iters=1000000000 \
	>"$out" 2>/dev/null
assert_eq $? 1 "timed-out --csv exit"
python3 - "$out" <<'PY' || fail "timeout rows: $(cat "$out")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 1 and rows[0]["status"] == "timeout" and rows[0]["observed"] == "", rows
assert "timed out" in rows[0]["error"], rows
PY

"$LOCKSTEP" demo race_counter --csv --json 2>"$out"; st=$?
assert_eq "$st" 2 "--csv --json exit"
grep -q -- '--json and --csv' "$out" || fail "message: $(cat "$out")"
"$LOCKSTEP" demo --help | grep -q -- '--csv' || fail "--help does not mention --csv"
rm -f "$out"
echo "demo --csv: ok"
