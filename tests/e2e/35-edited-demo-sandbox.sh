#!/bin/sh
# 35-edited-demo-sandbox.sh - a demo rebuilt after E is learner code and
# runs in the sandbox (core/sandbox.h), in the lab and from the command
# line: an edit that starts 100 processes which leave its session ends with
# "started more than 64 processes" and leaves none behind; an edit that
# allocates 20 GiB gets NULL (4 GiB of address space) and says so. The same
# binary rebuilt by make (newer than its marker) runs without the limits.
# Issue 16.
. "$(dirname "$0")/lib.sh"
fixture_data
rm "$LOCKSTEP_DATA/build/lab" "$LOCKSTEP_DATA/lab"
cp -R "$root/build/lab" "$LOCKSTEP_DATA/build/lab"
cp -R "$root/lab" "$LOCKSTEP_DATA/lab"
src="$LOCKSTEP_DATA/lab/race_counter.c"
bin="$LOCKSTEP_DATA/build/lab/race_counter"
cp "$src" "$E2E_TMP/race_counter.c.orig"
[ -e "$bin.learner" ] && fail "the copied build already has a marker"

# What the editor adds before main runs, chosen by $E2E_TMP/edit.
cat >"$E2E_TMP/forks.c" <<'EOF2'
#include <unistd.h>
__attribute__((constructor)) static void escape(void)
{
	for (int i = 0; i < 100; i++)
		if (fork() == 0) {
			setsid();
			execlp("sleep", "sleep", "4343.5", (char *)NULL);
			_exit(127);
		}
}
EOF2
cat >"$E2E_TMP/memory.c" <<'EOF2'
#include <stdio.h>
#include <stdlib.h>
__attribute__((constructor)) static void hog(void)
{
	void *p = malloc((size_t)20 << 30); /* 20 GiB, not touched */
	if (!p) {
		fputs("malloc of 20 GiB failed\n", stderr);
		abort();
	}
	free(p);
}
EOF2
cat >"$E2E_TMP/editor" <<EOF2
#!/bin/sh
cat "$E2E_TMP/race_counter.c.orig" "$E2E_TMP/\$(cat "$E2E_TMP/edit").c" >"\$1"
EOF2
chmod +x "$E2E_TMP/editor"
export EDITOR="$E2E_TMP/editor" VISUAL=
sleepers() { pgrep -f "^sleep 4343.5$" | wc -l; }
[ "$(sleepers)" -eq 0 ] || fail "sleepers from an earlier run are still there"

echo forks >"$E2E_TMP/edit"
start_lab
wait_for "demo race_counter"
keys ']'
wait_for "r run"
keys s
wait_for "lab/race_counter.c"
keys E
wait_for "Run it now? (y/n)" 120
[ -e "$bin.learner" ] || fail "the rebuilt binary has no marker"
keys y
wait_for "started more than 64 processes" 30
poll_until '[ "$(sleepers)" -eq 0 ]' 5 || fail "$(sleepers) of the edited demo's processes are left"

echo memory >"$E2E_TMP/edit"
keys s
wait_for "lab/race_counter.c"
keys E
wait_for "Run it now? (y/n)" 120
keys y
wait_for "at most 4 GiB of memory" 30
kill -0 "$(lab_pid)" 2>/dev/null || fail "the lab ended"
keys Escape
keys q
wait_exit
assert_tty_restored

# The command line runs the same learner-built binary under the same limits.
out=$("$LOCKSTEP" demo race_counter 2>&1) && fail "the edited demo passed from the command line: $out"
printf '%s\n' "$out" | grep -q "at most 4 GiB of memory" ||
	fail "lockstep demo did not say why: $out"
# A binary newer than its marker (make rebuilt it) is ours again: no limits,
# so the 20 GiB malloc succeeds where the kernel promises that much
# (overcommit heuristic: RAM and swap; checked only on such a machine).
kib=$(awk '/^(MemTotal|SwapTotal):/ {n += $2} END {print n}' /proc/meminfo)
if [ "$(cat /proc/sys/vm/overcommit_memory)" = 1 ] ||
	{ [ "$(cat /proc/sys/vm/overcommit_memory)" = 0 ] && [ "$kib" -gt 22020096 ]; }; then
	touch "$bin"
	"$LOCKSTEP" demo race_counter >"$E2E_TMP/out" 2>&1 ||
		fail "a binary newer than its marker still ran in the sandbox: $(cat "$E2E_TMP/out")"
else
	echo "not checked: this machine cannot promise 20 GiB ($kib KiB of RAM and swap)"
fi
exit 0
