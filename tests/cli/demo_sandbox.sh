#!/bin/sh
# demo_sandbox.sh - a demo binary marked learner-built (NAME.learner not
# older than it, as the lab's E rebuild leaves it; core/sandbox.h) runs
# with the learner-code limits, from the command line too: one that floods
# stdout is stopped at 1 MiB with a message; the same binary once newer than
# its marker (make rebuilt it) is not capped and runs to its time limit.
. "$(dirname "$0")/../lib/common.sh"
data="$XDG_STATE_HOME/data"
mkdir -p "$data/build"
cp -R "$root/lessons" "$data/lessons"
ln -s "$root/lab" "$data/lab"
cp -R "$root/build/lab" "$data/build/lab"
export LOCKSTEP_DATA="$data"
bin="$data/build/lab/race_counter"
printf '#!/bin/sh\nexec yes "{\\"event\\":\\"log\\",\\"text\\":\\"flood\\"}"\n' >"$bin"
chmod +x "$bin"
touch "$bin.learner"

"$LOCKSTEP" demo race_counter --timeout 20 >/dev/null 2>"$data/err" && fail "a flood passed"
grep -q "your edited demo printed more than 1 MiB: lockstep stopped it" "$data/err" ||
	fail "no message for the flood: $(head -c 300 "$data/err")"
grep -q "timed out" "$data/err" && fail "the flood ran to its time limit"

touch -d "+10 seconds" "$bin" # newer than its marker: ours, no cap
"$LOCKSTEP" demo race_counter --timeout 1 >/dev/null 2>"$data/err" && fail "a flood passed"
grep -q "timed out" "$data/err" || fail "an unmarked binary was stopped early: $(head -c 300 "$data/err")"
grep -q "more than 1 MiB" "$data/err" && fail "an unmarked binary was capped"
echo "demo_sandbox: ok"
