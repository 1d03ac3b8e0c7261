# make install into a staging tree: the staged binary finds the staged data
# (lessons and demos) by itself; make uninstall removes it all again.
. "$(dirname "$0")/../lib/common.sh"
unset LOCKSTEP_DATA
stage=$(mktemp -d)
trap 'rm -rf "$stage" "$XDG_STATE_HOME"; make -s -C "$root" build/lockstep >/dev/null 2>&1' EXIT
make -s -C "$root" install DESTDIR="$stage" PREFIX=/usr >/dev/null 2>&1 || fail "make install failed"
for f in usr/bin/lockstep usr/share/man/man1/lockstep.1 usr/share/lockstep/lessons/01-processes.md \
	 usr/share/lockstep/lab/race_counter.c usr/share/lockstep/lab/lab.h \
	 usr/libexec/lockstep/race_counter usr/libexec/lockstep/registry.jsonl; do
	[ -e "$stage/$f" ] || fail "not installed: $f"
done
out=$(cd / && "$stage/usr/bin/lockstep" show 1 --width 60 --color=never) || fail "staged show 1 failed"
printf '%s\n' "$out" | head -1 | grep -q 'Processes and cores' || fail "staged show 1: $(printf '%s' "$out" | head -3)"
"$stage/usr/bin/lockstep" demo race_counter iters=1000 >/dev/null || fail "staged demo failed"
make -s -C "$root" uninstall DESTDIR="$stage" PREFIX=/usr >/dev/null 2>&1 || fail "make uninstall failed"
left=$(find "$stage" -type f | head -5)
[ -z "$left" ] || fail "left after uninstall: $left"
