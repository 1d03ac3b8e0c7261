/*
 * recursive_lock.c - a locked function calls another that takes the same lock.
 *
 * Python: threading.Lock versus threading.RLock.
 *
 * box_add() locks the box, then calls a helper that locks it again (the
 * helper is also called on its own, so it must lock). Nesting goes `depth`
 * levels down. A thread asking for a lock it already holds:
 *
 *   normal      a plain mutex, like Lock: the thread waits for itself forever.
 *               Here the inner call uses pthread_mutex_timedlock, so after
 *               timeout_ms it gives up with ETIMEDOUT instead of hanging.
 *   errorcheck  PTHREAD_MUTEX_ERRORCHECK: the inner lock fails at once with
 *               EDEADLK. Not a fix, but the bug is reported, not a hang.
 *   recursive   PTHREAD_MUTEX_RECURSIVE, like RLock: the owner may lock again;
 *               the mutex counts, and other threads get in only after as many
 *               unlocks as locks. Every add completes, and still exactly once.
 *
 * A failed call is abandoned (that thread stops), so nothing blocks for good.
 *
 * Build by hand: cc -O2 -pthread recursive_lock.c lab.c -o recursive_lock
 */
#define _POSIX_C_SOURCE 200809L /* mutex types, pthread_mutex_timedlock */
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

static const struct lab_variant variants[] = {
	{"normal", LAB_BROKEN, "plain mutex locked twice: would hang (times out here)"},
	{"errorcheck", LAB_BROKEN, "error-checking mutex: the inner lock fails, EDEADLK"},
	{"recursive", LAB_SAFE, "recursive mutex: the owner may lock it again"},
};
static const struct lab_param params[] = {
	{"threads", 2, 1, 64, "threads adding to the box"},
	{"ops", 100000, 1, 100000000, "box_add calls per thread"},
	{"depth", 3, 1, 64, "nested lock acquisitions per call"},
	{"timeout_ms", 100, 1, 5000, "normal: how long the inner lock waits"},
};
static const struct lab_demo demo = {
	"recursive_lock", "locking a mutex you already hold: hang, EDEADLK or a count",
	"threading.Lock, threading.RLock", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"items", LAB_K_COUNT, NULL},
	{"failed", LAB_K_COUNT, NULL},
	{"error", LAB_K_TEXT, NULL},
	{"free_after", LAB_K_YESNO, NULL},
	{"ns_per_add", LAB_K_DURATION, "ns"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static pthread_mutex_t box_lock;
static long long items;    /* the box's contents, guarded by box_lock */
static const char *variant; /* the one running now */
static int depth;

struct worker_state {
	int id;
	int reached;        /* deepest level at which it held the lock */
	long long done;     /* calls that completed */
	int error;          /* the error that stopped it, or 0 */
};

static int take_lock(int level)
{
	if (lab_stepping) {
		/* lockstep is the scheduler: it knows the owner, so a plain mutex
		 * locked again by its owner shows as a thread that can never move
		 * (a deadlock with itself), with no timeout needed */
		if (variant[0] == 'r') {
			LAB_RLOCK(&box_lock);
		} else if (variant[0] == 'e' && level > 1) {
			LAB_STEP("lock");
			return EDEADLK; /* what the error-checking mutex answers its owner */
		} else {
			LAB_LOCK(&box_lock);
		}
		return 0;
	}
	if (variant[0] != 'n' || level == 1)
		return pthread_mutex_lock(&box_lock);
	/* A plain mutex locked again by its owner: lock with a deadline, or the
	 * call would never return. pthread_mutex_timedlock wants CLOCK_REALTIME. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long ns = ts.tv_nsec + lab_param("timeout_ms") * 1000000LL;
	ts.tv_sec += ns / 1000000000LL;
	ts.tv_nsec = ns % 1000000000LL;
	return pthread_mutex_timedlock(&box_lock, &ts);
}

/* One level of box_add: lock, go one level deeper (the helper that locks
 * too) or, at the bottom, add the item. Returns 0 or the lock's error. */
static int add_at(struct worker_state *w, int level)
{
	int rc = take_lock(level);
	if (rc != 0)
		return rc; /* we could not get in: nothing to unlock here */
	if (level > w->reached)
		w->reached = level;
	if (level < depth) {
		rc = add_at(w, level + 1);
	} else {
		LAB_STEP("load");
		long long v = items;
		lab_slowmo();
		LAB_STEP_SHOW("store", "v", v);
		items = v + 1;
	}
	LAB_UNLOCK(&box_lock); /* one unlock for each lock */
	return rc;
}

static const char *errname(int e)
{
	return e == EDEADLK ? "EDEADLK" : e == ETIMEDOUT ? "ETIMEDOUT" : e ? "other" : "none";
}

static struct lab_gate gate;

static void *worker(void *arg)
{
	struct worker_state *w = arg;
	long long ops = lab_param("ops");
	lab_step_thread(w->id); /* A, B, ... when stepped */
	lab_gate_wait(&gate);
	for (long long i = 0; i < ops; i++) {
		int rc = add_at(w, 1);
		if (rc != 0) {
			w->error = rc;
			lab_log(variant, "thread %d: lock at level %d failed with %s: %s",
				w->id, w->reached + 1, errname(rc),
				rc == ETIMEDOUT ? "a plain lock would wait here forever"
						: "the mutex refused to deadlock");
			break; /* the call failed; give up rather than retry forever */
		}
		w->done++;
		if (w->id == 0 && (i & 0xfff) == 0)
			lab_progress(variant, i, ops);
	}
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("threads");
	pthread_t tid[64];
	struct worker_state ws[64];
	pthread_mutexattr_t attr;

	variant = name;
	items = 0;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, name[0] == 'n' ? PTHREAD_MUTEX_NORMAL
					 : name[0] == 'e' ? PTHREAD_MUTEX_ERRORCHECK
							  : PTHREAD_MUTEX_RECURSIVE);
	if (pthread_mutex_init(&box_lock, &attr) != 0)
		lab_die("pthread_mutex_init failed");
	pthread_mutexattr_destroy(&attr);

	lab_gate_init(&gate, n);
	lab_step_shared("items", &items);
	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++) {
		ws[i] = (struct worker_state){.id = i};
		if (pthread_create(&tid[i], NULL, worker, &ws[i]) != 0)
			lab_die("pthread_create failed");
	}
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	int reached = 0, error = 0;
	long long done = 0, failed = 0;
	for (int i = 0; i < n; i++) {
		reached = ws[i].reached > reached ? ws[i].reached : reached;
		done += ws[i].done;
		failed += ws[i].error != 0;
		error = error ? error : ws[i].error;
	}
	/* Every lock was matched by an unlock: the mutex must be free now. */
	int free_now = pthread_mutex_trylock(&box_lock) == 0;
	if (free_now)
		pthread_mutex_unlock(&box_lock);
	pthread_mutex_destroy(&box_lock);

	long long want = (long long)n * lab_param("ops");
	lab_log(name, "deepest level holding the lock: %d of %d; %lld of %lld adds done",
		reached, depth, done, want);
	struct lab_metric m[] = {
		LAB_INT("items", items),
		LAB_INT("failed", failed),
		LAB_TEXT("error", errname(error)),
		LAB_INT("free_after", free_now),
		LAB_REAL("ns_per_add", done ? (double)elapsed / (double)done : 0.0),
	};
	lab_progress(name, lab_param("ops"), lab_param("ops"));
	lab_result(name, depth, reached,
		   reached == depth && done == want && items == want && free_now,
		   elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	depth = (int)lab_param("depth");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
