/*
 * race_counter.c - N threads add 1 to one shared counter, M times each.
 *
 * Python: threading.Thread + `counter += 1`, then threading.Lock.
 *
 * `counter++` is not one step. The CPU loads the value, adds one and stores
 * it back. If two threads load the same value, both store value+1 and one
 * increment is lost. This program runs the same loop four ways:
 *
 *   unsafe  plain counter++             -> loses updates (a data race)
 *   mutex   lock around counter++       -> exact, each step pays for the lock
 *   atomic  atomic_fetch_add            -> exact, one indivisible instruction
 *   local   count privately, add once   -> exact and fastest: share less
 *
 * With --step (`lockstep step`, `lockstep explore`) you choose which thread
 * makes each marked step (LAB_STEP, lab.h); a normal run pays a branch each.
 *
 * Build by hand: cc -O2 -pthread race_counter.c lab.c -o race_counter
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>

static const struct lab_variant variants[] = {
	{"unsafe", LAB_RACY, "plain counter++ from every thread"},
	{"mutex", LAB_SAFE, "pthread_mutex_lock around each increment"},
	{"atomic", LAB_SAFE, "atomic_fetch_add on the counter"},
	{"local", LAB_SAFE, "count in a local variable, add once at the end"},
};
static const struct lab_param params[] = {
	{"threads", 2, 1, 256, "threads incrementing the counter"},
	{"iters", 1000000, 1, 1000000000, "increments per thread"},
};
static const struct lab_demo demo = {
	"race_counter", "lost updates on a shared counter, and three fixes",
	"threading.Thread, threading.Lock", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"lost", LAB_K_COUNT, "updates"},
	{"ns_per_op", LAB_K_DURATION, "ns"},
};
static const struct lab_decl decl = {
	.rows = "expected observed lost",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static long long counter;                  /* the shared counter */
static atomic_llong atomic_counter;        /* for the atomic variant */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct lab_gate gate;
static long long iters;
static const char *variant;                /* the one running now */
static long long progress_mask;            /* report when (i & mask) == 0 */

/* Tells the compiler memory may have changed here, so it cannot merge the
 * load and store of many iterations into a single `counter += iters`. It
 * emits no instruction: the CPU still does load, add, store. */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	LAB_STEPPING_LOCAL;   /* read the step flag once, not at every mark */
	lab_step_thread(id);  /* thread A, B, ... when stepped */
	lab_pin_cpu(id);      /* one thread per core, so they truly overlap */
	lab_gate_wait(&gate); /* every thread starts the loop together */

	for (long long i = 0; i < iters; i++) {
		long long wrote;                        /* what this thread stored */
		if (variant[0] == 'u') {               /* unsafe */
			LAB_STEP("load");
			long long v = counter;  /* load  */
			COMPILER_BARRIER();
			lab_slowmo();           /* --slowmo widens the window */
			LAB_STEP_SHOW("store", "v", v);
			counter = v + 1;        /* store: may overwrite another thread's */
			wrote = v + 1;
		} else if (variant[0] == 'm') {        /* mutex */
			LAB_LOCK(&lock);
			LAB_STEP("load");
			long long v = counter;
			lab_slowmo();
			LAB_STEP_SHOW("store", "v", v);
			counter = v + 1;
			LAB_UNLOCK(&lock);
			wrote = v + 1;
		} else if (variant[0] == 'a') {        /* atomic */
			LAB_STEP("fetch_add");
			wrote = atomic_fetch_add(&atomic_counter, 1) + 1;
		} else {
			break;                          /* local: see below */
		}
		/* thread 0 reports the counter as it left it (its own store: no
		 * extra read of the shared counter, so no extra race) */
		if (id == 0 && (i & progress_mask) == 0)
			lab_progress_value(variant, i + 1, iters, wrote);
	}

	if (variant[0] == 'l') {                       /* local */
		long long mine = 0;
		for (long long i = 0; i < iters; i++) {
			mine++;
			COMPILER_BARRIER();     /* keep the loop honest */
		}
		LAB_LOCK(&lock);                /* one shared update per thread */
		LAB_STEP_SHOW("add", "mine", mine);
		counter += mine;
		LAB_UNLOCK(&lock);
	}
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("threads");
	pthread_t tid[256];

	variant = name;
	counter = 0;
	if (name[0] == 'a') /* show the counter this variant adds to */
		lab_step_shared_atomic_ll("counter", &atomic_counter);
	else
		lab_step_shared("counter", &counter);
	atomic_store(&atomic_counter, 0);
	lab_gate_init(&gate, n);

	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	long long expected = (long long)n * iters;
	long long observed = name[0] == 'a' ? atomic_load(&atomic_counter) : counter;
	struct lab_metric m[] = {
		LAB_INT("lost", expected - observed),
		LAB_REAL("ns_per_op", (double)elapsed / (double)expected),
	};
	lab_progress(name, iters, iters);
	lab_result(name, expected, observed, observed == expected, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	iters = lab_param("iters");
	/* Every 65536 steps is plenty at full speed; with --slowmo each step is
	 * slow enough to report, so a class can watch the count climb. */
	progress_mask = lab_param("slowmo") ? 0 : 0xffff;
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
