/*
 * singleton.c - check-then-act: "create it if nobody has yet" needs a lock.
 *
 * Python: a module-level `_instance = None` and `if _instance is None:
 *         _instance = Config()`; the fix is a threading.Lock around both
 *         (or building it once at import time).
 *
 * Several threads start together and each calls get_instance(), which
 * returns the one shared object and creates it on first use. Creating it
 * is real work (a 64 KiB table filled in), so it takes a while. Three ways:
 *
 *   unsafe  if (!instance) instance = create();  -> two threads can both
 *           see "none yet" and both create: two "singletons"
 *   locked  the same check and create under one mutex -> exactly one
 *   once    pthread_once(&once, create)          -> exactly one
 *
 * A run repeats this `trials` times with a fresh start each time and
 * counts the instances created: one per trial is right.
 *
 * Step it (lockstep step singleton --variant unsafe threads=2): the check
 * and the create are marked, so you can put both checks before either
 * create. `once` is not stepped (pthread_once waits inside libc).
 *
 * Build by hand: cc -O2 -pthread singleton.c lab.c -o singleton
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"unsafe", LAB_RACY, "check, then create, no lock: more than one instance"},
	{"locked", LAB_SAFE, "check and create under one mutex: exactly one"},
	{"once", LAB_SAFE, "pthread_once runs the create exactly once"},
};
static const struct lab_param params[] = {
	{"threads", 4, 2, 64, "threads calling get_instance() at once"},
	{"trials", 50, 1, 100000, "fresh starts, each should create one instance"},
};
static const struct lab_demo demo = {
	"singleton", "check-then-act: a lazily created singleton, twice",
	"if _instance is None: _instance = Config(), threading.Lock", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"duplicated", LAB_K_COUNT, "trials"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

#define TABLE 65536

struct config {
	int id;                      /* which creation this was: 1, 2, ... */
	unsigned char table[TABLE];  /* the work a real constructor does */
};

static struct config *instance; /* the singleton; NULL until created */
static int created;             /* instances created this trial */
static int instance_id;         /* instance->id, or 0: what steps show */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once;
static struct lab_gate gate;
static const char *variant;     /* the one running now */
static struct config *made[64]; /* every instance created, to free */
static atomic_int nmade;

/* The constructor: real work, so it takes a few microseconds. */
static void create(void)
{
	struct config *c = malloc(sizeof *c);
	if (!c)
		lab_die("out of memory");
	for (int i = 0; i < TABLE; i++)
		c->table[i] = (unsigned char)(i * 31);
	c->id = ++created;             /* unsafe: racy, like instance */
	made[atomic_fetch_add(&nmade, 1)] = c;
	instance = c;
	instance_id = c->id;
}

static struct config *get_instance(void)
{
	if (variant[0] == 'u') {                /* unsafe */
		LAB_STEP_SHOW("check", "instance", instance_id);
		if (instance == NULL) {         /* check ... */
			LAB_STEP("create");
			create();               /* ... then act: too late */
		}
	} else if (variant[0] == 'l') {         /* locked */
		LAB_LOCK(&lock);
		LAB_STEP("check");
		if (instance == NULL) {
			LAB_STEP("create");
			create();
		}
		LAB_UNLOCK(&lock);
	} else {                                /* once */
		pthread_once(&once, create);
	}
	return instance;
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	if (lab_stepping && variant[0] != 'o')
		lab_step_thread(id);            /* thread A, B, ... */
	lab_gate_wait(&gate);                   /* all call at once */
	struct config *c = get_instance();
	if (!c || c->table[1] != 31)
		lab_die("get_instance returned no usable instance");
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("threads");
	/* stepped: one trial, the schedule is the timing */
	long long trials = lab_stepping ? 1 : lab_param("trials");
	pthread_t tid[64];
	long long total = 0, duplicated = 0;

	variant = name;
	lab_step_shared_int("instance", &instance_id);
	lab_step_shared_int("created", &created);
	long long t0 = lab_now_ns();
	for (long long t = 0; t < trials; t++) {
		instance = NULL;
		instance_id = 0;
		created = 0;
		atomic_store(&nmade, 0);
		once = (pthread_once_t)PTHREAD_ONCE_INIT; /* nobody uses it now */
		lab_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
				lab_die("pthread_create failed");
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);
		int k = atomic_load(&nmade);   /* what was really created */
		total += k;
		duplicated += k > 1;
		for (int i = 0; i < k; i++)
			free(made[i]);
	}
	long long elapsed = lab_now_ns() - t0;

	lab_log(name, "%lld instances in %lld trials of %d threads", total, trials, n);
	struct lab_metric m[] = {LAB_INT("duplicated", duplicated)};
	lab_result(name, trials, total, total == trials, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
