/*
 * barrier.c - threads work in phases; nobody starts phase k+1 before all
 * have finished phase k.
 *
 * Python: threading.Barrier(n).wait().
 *
 * Each thread does unequal work per phase: thread i spins (i+1)*work_us, so
 * thread 0 is always done first. Between phases every thread waits at a
 * barrier, which opens only when all n have arrived:
 *
 *   pthread  pthread_barrier_wait (one caller per phase gets
 *            PTHREAD_BARRIER_SERIAL_THREAD, handy for "one thread merges")
 *   condvar  the same built from a mutex, a condition variable, a count and
 *            a generation number: the last to arrive bumps the generation and
 *            wakes everyone. Waiters wait for the generation to change, not
 *            for the count, so a thread racing into the next phase (which
 *            resets the count) cannot confuse one that has not woken yet.
 *   none     no barrier: the fast threads run ahead.
 *
 * The check: every thread publishes how many phases it has finished in a
 * shared array of atomics. Starting phase k, a thread looks at the others;
 * anyone with fewer than k phases done is a violation (I started k while
 * they were still in k-1 or earlier). max_ahead is the largest gap seen.
 *
 * `none` is wrong in logic, not a data race: all shared state is atomic, so
 * ThreadSanitizer has nothing to report. It is marked broken because a
 * "safe" variant must be correct in every run.
 *
 * Build by hand: cc -O2 -pthread barrier.c lab.c -o barrier
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"pthread", LAB_SAFE, "pthread_barrier_wait between phases"},
	{"condvar", LAB_SAFE, "a barrier made of a mutex, a condvar and a generation"},
	{"none", LAB_BROKEN, "no barrier: fast threads run phases ahead"},
};
static const struct lab_param params[] = {
	{"threads", 4, 2, 64, "threads working in phases"},
	{"phases", 50, 1, 100000, "phases each thread goes through"},
	{"work_us", 200, 1, 100000, "thread i works (i+1)*work_us per phase"},
};
static const struct lab_demo demo = {
	"barrier", "phases in step: a barrier holds the fast threads back",
	"threading.Barrier", variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): observed counts violations */
static const struct lab_metric_decl metrics[] = {
	{"max_ahead", LAB_K_COUNT, NULL},
	{"serial", LAB_K_COUNT, NULL},
	{"us_per_phase", LAB_K_DURATION, "us"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* ---- a barrier from a mutex and a condition variable ------------------ */

struct cv_barrier {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int n, arrived;          /* guarded by lock */
	unsigned long generation; /* guarded by lock: +1 each time it opens */
};

/* Returns true for exactly one thread (the last to arrive) per opening. */
static bool cv_barrier_wait(struct cv_barrier *b)
{
	LAB_LOCK(&b->lock); /* LAB_: pthread calls, and step points when stepped */
	unsigned long gen = b->generation;
	bool last = ++b->arrived == b->n;
	if (last) {
		b->arrived = 0;      /* ready for the next phase */
		b->generation++;
		LAB_COND_BROADCAST(&b->cond);
	} else {
		while (gen == b->generation) /* not `arrived < n`: see above */
			LAB_COND_WAIT(&b->cond, &b->lock);
	}
	LAB_UNLOCK(&b->lock);
	return last;
}

/* ---- the demo ---------------------------------------------------------- */

static pthread_barrier_t pbarrier;
static struct cv_barrier cvb;
static atomic_int finished[64];   /* phases each thread has finished */
static atomic_int early;          /* phases started before all finished the last */
static struct lab_gate gate;
static const char *variant;
static int nthreads;

struct worker_state {
	int id;
	long long violations, serial;
	int max_ahead;
};

static void *worker(void *arg)
{
	struct worker_state *w = arg;
	long long phases = lab_param("phases");
	long long work = (w->id + 1) * lab_param("work_us") * 1000;
	lab_step_thread(w->id); /* A, B, ... when stepped */
	lab_pin_cpu(w->id);
	lab_gate_wait(&gate);
	for (int k = 0; k < phases; k++) {
		/* Starting phase k: everyone must have finished phase k-1. */
		LAB_STEP("start");
		if (k > 0)
			for (int j = 0; j < nthreads; j++)
				if (atomic_load(&finished[j]) < k) {
					atomic_fetch_add(&early, 1);
					break;
				}
		for (int j = 0; j < nthreads; j++) {
			int done = atomic_load(&finished[j]);
			if (done < k) {
				w->violations++;
				if (k - done > w->max_ahead)
					w->max_ahead = k - done;
			}
		}
		long long t = lab_now_ns();
		while (!lab_stepping && lab_now_ns() - t < work)
			; /* this phase's work: (id+1)*work_us of spinning */
		LAB_STEP("finish");
		atomic_store(&finished[w->id], k + 1);

		if (variant[0] == 'p') {
			int rc = LAB_BARRIER_WAIT(&pbarrier);
			w->serial += rc == PTHREAD_BARRIER_SERIAL_THREAD;
		}
		else if (variant[0] == 'c')
			w->serial += cv_barrier_wait(&cvb);
		/* none: straight on to the next phase */
		if (w->id == nthreads - 1)
			lab_progress(variant, k + 1, phases);
	}
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[64];
	struct worker_state ws[64];
	long long phases = lab_param("phases");

	variant = name;
	LAB_BARRIER_INIT(&pbarrier, (unsigned)nthreads);
	pthread_mutex_init(&cvb.lock, NULL);
	pthread_cond_init(&cvb.cond, NULL);
	cvb.n = nthreads;
	cvb.arrived = 0;
	cvb.generation = 0;
	for (int i = 0; i < nthreads; i++)
		atomic_store(&finished[i], 0);
	atomic_store(&early, 0);
	lab_gate_init(&gate, nthreads);
	lab_step_shared_atomic("early", &early);

	long long t0 = lab_now_ns();
	for (int i = 0; i < nthreads; i++) {
		ws[i] = (struct worker_state){.id = i};
		if (pthread_create(&tid[i], NULL, worker, &ws[i]) != 0)
			lab_die("pthread_create failed");
	}
	for (int i = 0; i < nthreads; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;
	pthread_barrier_destroy(&pbarrier);
	pthread_cond_destroy(&cvb.cond);
	pthread_mutex_destroy(&cvb.lock);

	long long violations = 0, serial = 0;
	int max_ahead = 0;
	for (int i = 0; i < nthreads; i++) {
		violations += ws[i].violations;
		serial += ws[i].serial;
		max_ahead = ws[i].max_ahead > max_ahead ? ws[i].max_ahead : max_ahead;
	}
	bool barrier = name[0] != 'n';
	if (violations)
		lab_log(name, "%lld times a thread started a phase while another had "
			"not finished the one before; up to %d phases ahead",
			violations, max_ahead);
	else
		lab_log(name, "every thread finished phase k before any started k+1");
	struct lab_metric m[5];
	int nm = 0;
	m[nm++] = LAB_INT("max_ahead", max_ahead);
	m[nm++] = LAB_INT("early_starts", atomic_load(&early));
	if (barrier) /* one "serial" thread each time the barrier opened */
		m[nm++] = LAB_INT("serial", serial);
	m[nm++] = LAB_REAL("us_per_phase", elapsed / 1e3 / (double)phases);
	lab_result(name, 0, violations,
		   violations == 0 && (!barrier || serial == phases), elapsed, m, nm);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	nthreads = (int)lab_param("threads");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
