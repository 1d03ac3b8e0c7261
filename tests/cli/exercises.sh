# exercises: every pristine exercise fails verify and its reference solution
# passes; cheating fixes fail; hints are gated; reset asks first; watch sees a
# save (even one made by rename) within a second and stops on the pass.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/guard.sh"
LOCKSTEP=${LOCKSTEP_BIN:-$LOCKSTEP} # a private build, while developing

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-ex.XXXXXX")
watch_pid=""
state0=$XDG_STATE_HOME
trap '[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null; rm -rf "$tmp" "$state0"' EXIT
export LOCKSTEP_WORKSPACE="$tmp/ws"
ex="$root/lab/exercises" hx="$root/tests/exercises"

# verify ID FILE WANT_STATUS [TEXT]: lockstep verify --quick, checked
verify() {
	cp "$2" "$LOCKSTEP_WORKSPACE/$1.c"
	out=$("$LOCKSTEP" verify --quick "$1" 2>&1); st=$?
	[ "$st" = "$3" ] || fail "verify $1 with $(basename "$2"): exit $st, expected $3:
$out"
	if [ -n "${4:-}" ]; then
		case "$out" in *"$4"*) ;; *) fail "verify $1: expected '$4' in:
$out";; esac
	fi
}

# ---- init
out=$("$LOCKSTEP" exercises init) || fail "exercises init: exit $?"
n=$(ls "$ex"/[0-9][0-9]-*.c | wc -l)
assert_ge "$n" 12 "exercises shipped"
assert_eq "$(ls "$LOCKSTEP_WORKSPACE"/*.c | wc -l)" "$n" "learner files copied"
echo "/* mine */" > "$LOCKSTEP_WORKSPACE/01-lost-updates.c"
"$LOCKSTEP" exercises init >/dev/null || fail "second init"
assert_eq "$(cat "$LOCKSTEP_WORKSPACE/01-lost-updates.c")" "/* mine */" "init kept my file"

# ---- every exercise: broken fails, the reference solution passes
for f in "$ex"/[0-9][0-9]-*.c; do
	id=$(basename "$f" .c)
	verify "$id" "$f" 1 "FAIL"
	verify "$id" "$hx/$id/solution.c" 0 "PASS"
done
"$LOCKSTEP" exercises | grep -q "done    01 lost-updates" || fail "list shows 01 done"

# ---- cheating does not pass
cat > "$tmp/cheat10.c" <<'EOF'
#include "10-pool-shutdown.h"
#include <stdlib.h>
struct pool { int unused; };
struct pool *pool_new(int n) { (void)n; return calloc(1, sizeof(struct pool)); }
void pool_submit(struct pool *p, void (*fn)(void *), void *arg) { (void)p; fn(arg); }
void pool_shutdown(struct pool *p) { free(p); }
EOF
verify 10-pool-shutdown "$tmp/cheat10.c" 1 "ran on the thread that called pool_submit()"

cat > "$tmp/cheat09.c" <<'EOF'
#include "09-ordered-pool.h"
void pool_map(long (*f)(long), const long *in, long *out, int n, int workers)
{
	(void)workers;
	for (int i = 0; i < n; i++)
		out[i] = f(in[i]); /* no processes at all */
}
EOF
verify 09-ordered-pool "$tmp/cheat09.c" 1 "ran in the process that called pool_map()"

sed 's/return c->value;/return 1000; \/* what it should be? *\//' "$ex/01-lost-updates.c" > "$tmp/cheat01.c"
verify 01-lost-updates "$tmp/cheat01.c" 1 "expected the counter to be"

cat > "$tmp/cheat03.c" <<'EOF'
#include "03-semaphore-limit.h"
#include <pthread.h>
static pthread_mutex_t one = PTHREAD_MUTEX_INITIALIZER;
void limit_init(int k) { (void)k; }
void limit_destroy(void) {}
void download(int id) { pthread_mutex_lock(&one); ex_work(id); pthread_mutex_unlock(&one); }
EOF
verify 03-semaphore-limit "$tmp/cheat03.c" 1 "too well"

# ---- usage errors and hints (with fresh progress: nothing passed yet)
export XDG_STATE_HOME="$tmp/state2"
"$LOCKSTEP" verify 99 2>/dev/null; assert_eq $? 2 "verify of an unknown exercise"
"$LOCKSTEP" verify --bogus 2>/dev/null; assert_eq $? 2 "verify --bogus"
"$LOCKSTEP" hint 02 --solution >/dev/null 2>&1; assert_eq $? 1 "solution before any hint"
cp "$ex/02-atomic-tickets.c" "$LOCKSTEP_WORKSPACE/"
for k in 1 2 3; do
	"$LOCKSTEP" hint 2 | head -1 | grep -q "^Hint $k of 3" || fail "hint $k comes in order"
done
"$LOCKSTEP" hint 2 --solution | grep -q atomic_fetch_add || fail "solution after all hints"

# ---- not a regular file: refused by name at once, never read (issue 16)
mkfifo "$tmp/fifo"
for f in /dev/zero "$tmp/fifo"; do
	out=$(timeout 10 "$LOCKSTEP" verify --file "$f" 1 2>&1); st=$?
	assert_eq "$st" 1 "verify --file $f"
	case "$out" in *"$f: is a "*"lockstep reads only regular files"*) ;;
	*) fail "verify --file $f: $out" ;; esac
done

# ---- reset asks first
echo "/* work */" > "$LOCKSTEP_WORKSPACE/04-bounded-buffer.c"
"$LOCKSTEP" exercises reset 4 </dev/null >/dev/null 2>&1; assert_eq $? 1 "reset without --yes"
assert_eq "$(cat "$LOCKSTEP_WORKSPACE/04-bounded-buffer.c")" "/* work */" "not reset unasked"
"$LOCKSTEP" exercises reset bounded-buffer --yes >/dev/null || fail "reset --yes"
cmp -s "$LOCKSTEP_WORKSPACE/04-bounded-buffer.c" "$ex/04-bounded-buffer.c" || fail "reset restores"
assert_eq "$(cat "$LOCKSTEP_WORKSPACE/04-bounded-buffer.c.bak")" "/* work */" "reset keeps a backup"

# ---- watch: a save by rename is noticed within 1 s; it stops on the pass
cp "$ex/01-lost-updates.c" "$LOCKSTEP_WORKSPACE/"
"$LOCKSTEP" watch 1 --quick > "$tmp/watch.out" 2>&1 &
watch_pid=$!
for i in $(seq 100); do
	grep -q "Waiting for your next save" "$tmp/watch.out" && break
	sleep 0.1
done
grep -q "FAIL 01" "$tmp/watch.out" || fail "watch verified at start: $(cat "$tmp/watch.out")"
cp "$hx/01-lost-updates/solution.c" "$LOCKSTEP_WORKSPACE/.01.swp"
GUARD_ROOTS="$$,$watch_pid"
guard_begin
saved=$(date +%s%N)
mv "$LOCKSTEP_WORKSPACE/.01.swp" "$LOCKSTEP_WORKSPACE/01-lost-updates.c" # as editors do
# that it notices must hold anywhere; how fast (1 s) only on a quiet machine
while ! grep -q "saved: verifying" "$tmp/watch.out"; do
	[ $(( ($(date +%s%N) - saved) / 1000000 )) -lt 15000 ] || fail "watch missed the save"
	sleep 0.02
done
noticed_ms=$(( ($(date +%s%N) - saved) / 1000000 ))
guard_end && watch_quiet=yes || watch_quiet=no
wait "$watch_pid"; st=$?; watch_pid=""
assert_eq "$st" 0 "watch exit status after the pass"
grep -q "PASS 01" "$tmp/watch.out" || fail "watch passed: $(cat "$tmp/watch.out")"
grep -q "Why it works" "$tmp/watch.out" || fail "watch shows why it works"

# the one timing claim, last, so that a busy machine skips nothing else
if [ "$noticed_ms" -ge 1000 ]; then
	[ $watch_quiet = yes ] || skip "watch noticed the save after $noticed_ms ms, on a busy machine"
	fail "watch noticed the save after $noticed_ms ms (limit 1000) on a quiet machine"
fi
