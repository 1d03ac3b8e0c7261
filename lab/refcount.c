/*
 * refcount.c - why CPython has a global lock: reference counts.
 *
 * Python: sys.getrefcount, reference counting (Py_INCREF / Py_DECREF).
 *
 * Every CPython object counts the references to it: binding a name or
 * storing it in a list adds one, losing one subtracts one, and at zero the
 * object is freed. Every thread changes these counts all the time. Here
 * thread 0 puts one object into a list `refs` times (a new reference each)
 * while thread 1 empties another list that held `refs` references to it, so
 * the count must end where it started. Three ways to change it:
 *
 *   plain   refcount++ / refcount--   -> updates get lost (a data race)
 *   atomic  atomic_fetch_add          -> exact, one indivisible instruction
 *   locked  a mutex around it         -> exact: the job the GIL does
 *
 * A wrong count is too high (the object leaks) or too low (it would be freed
 * while still in use). Nothing is freed here: we only report it.
 *
 * Build by hand: cc -O2 -pthread refcount.c lab.c -o refcount
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>

static const struct lab_variant variants[] = {
	{"plain", LAB_RACY, "two threads change a refcount with plain ++/--"},
	{"atomic", LAB_SAFE, "two threads change a refcount atomically"},
	{"locked", LAB_SAFE, "two threads change a refcount under one lock"},
};
static const struct lab_param params[] = {
	{"refs", 4000000, 1, 1000000000, "references each thread takes or drops"},
};
static const struct lab_demo demo = {
	"refcount", "a shared reference count: lost updates, and two fixes",
	"sys.getrefcount, reference counting", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"leaked", LAB_K_COUNT, NULL},
	{"live_at_free", LAB_K_COUNT, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static long long refcount;              /* plain and locked */
static atomic_llong atomic_refcount;    /* atomic */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct lab_gate gate;
static long long refs;
static const char *variant;             /* the one running now */

/* Tells the compiler memory may have changed here, so it cannot merge the
 * load and store of many iterations into one. It emits no instruction. */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

/* Py_INCREF (delta +1) or Py_DECREF (delta -1), three ways. */
static void refchange(long long delta)
{
	if (variant[0] == 'p') {                /* plain */
		long long v = refcount; /* load ... */
		COMPILER_BARRIER();
		lab_slowmo();           /* --slowmo widens the window */
		refcount = v + delta;   /* ... store: may overwrite the other's */
	} else if (variant[0] == 'a') {         /* atomic */
		atomic_fetch_add(&atomic_refcount, delta);
	} else {                                /* locked */
		pthread_mutex_lock(&lock);
		long long v = refcount;
		lab_slowmo();
		refcount = v + delta;
		pthread_mutex_unlock(&lock);
	}
}

/* Thread 0 takes `refs` new references (+1 each), thread 1 drops `refs` old
 * ones (-1 each). */
static void *worker(void *arg)
{
	int id = (int)(long)arg;
	lab_pin_cpu(id);      /* one thread per core, so they truly overlap */
	lab_gate_wait(&gate); /* and start together */
	for (long long i = 0; i < refs; i++)
		refchange(id == 0 ? +1 : -1);
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];
	long long start = 1 + refs; /* main's reference, and one full list's */

	variant = name;
	refcount = start;
	atomic_store(&atomic_refcount, start);
	lab_gate_init(&gate, 2);

	long long t0 = lab_now_ns();
	for (long i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	/* +refs -refs: `start` references again, main's and the other list's. */
	long long count = name[0] == 'a' ? atomic_load(&atomic_refcount) : refcount;
	lab_log(name, "count %lld for %lld references: %s", count, start,
		count > start ? "it never gets to 0, the object leaks"
		: count < start ? "it gets to 0 with references left: freed while in use"
		: "right");
	struct lab_metric m[] = {
		LAB_INT("leaked", count > start ? count - start : 0),
		LAB_INT("live_at_free", count < start ? start - count : 0),
	};
	lab_result(name, start, count, count == start, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	refs = lab_param("refs");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
