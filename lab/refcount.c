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
 * borrow=1 runs the other everyday pattern: each thread takes a reference,
 * uses the object, and drops the reference again (a call f(obj) does that),
 * `refs` times, while main keeps its own. A decref that brings the count to
 * 0 frees the object; here that only sets the flag `freed` (the memory stays
 * valid), and a use that finds the flag set counts as a use after free.
 * With exact counts it never happens: main's reference keeps the count at 1
 * or more. Step it (lockstep step refcount --variant plain borrow=1 refs=2):
 * lose one thread's incref, and the other's decref frees the object while
 * the first still uses it.
 *
 * Build by hand: cc -O2 -pthread refcount.c lab.c -o refcount
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

static const struct lab_variant variants[] = {
	{"plain", LAB_RACY, "two threads change a refcount with plain ++/--"},
	{"atomic", LAB_SAFE, "two threads change a refcount atomically"},
	{"locked", LAB_SAFE, "two threads change a refcount under one lock"},
};
static const struct lab_param params[] = {
	{"refs", 4000000, 1, 1000000000, "references each thread takes or drops"},
	{"borrow", 0, 0, 1, "1: each thread takes a reference, uses the object, drops it"},
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
	{"used_after_free", LAB_K_COUNT, "uses"},
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
static bool borrow;                     /* the take-use-drop pattern */
static atomic_int freed;                /* 1 once a decref reached 0 */
static atomic_int used_after_free;      /* uses that found it freed */
static const char *variant;             /* the one running now */

/* Tells the compiler memory may have changed here, so it cannot merge the
 * load and store of many iterations into one. It emits no instruction. */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

/* Py_INCREF (delta +1) or Py_DECREF (delta -1), three ways. A decref that
 * leaves 0 frees the object: here it only raises `freed`. The step marks
 * (lockstep step) test `lab_stepping`: the caller's copy of the flag. */
static void refchange(long long delta, const bool lab_stepping)
{
	long long now;                          /* the count this change left */
	if (variant[0] == 'p') {                /* plain */
		LAB_STEP("load");
		long long v = refcount; /* load ... */
		COMPILER_BARRIER();
		lab_slowmo();           /* --slowmo widens the window */
		LAB_STEP_SHOW("store", "v", v);
		refcount = v + delta;   /* ... store: may overwrite the other's */
		now = v + delta;
	} else if (variant[0] == 'a') {         /* atomic */
		LAB_STEP(delta > 0 ? "fetch_add" : "fetch_sub");
		now = atomic_fetch_add(&atomic_refcount, delta) + delta;
	} else {                                /* locked */
		LAB_LOCK(&lock);
		LAB_STEP("load");
		long long v = refcount;
		lab_slowmo();
		LAB_STEP_SHOW("store", "v", v);
		refcount = v + delta;
		now = v + delta;
		LAB_UNLOCK(&lock);
	}
	if (delta < 0 && now == 0)
		atomic_store(&freed, 1);        /* the last reference: free it */
}

/* Reads the object through a reference this thread holds. Were it freed,
 * the read would touch freed memory: we count it instead. */
static void use(const bool lab_stepping)
{
	LAB_STEP("use");
	if (atomic_load(&freed))
		atomic_fetch_add(&used_after_free, 1);
}

/* Thread 0 takes `refs` new references (+1 each), thread 1 drops `refs` old
 * ones (-1 each). borrow=1: each takes one, uses the object, drops it. */
static void *worker(void *arg)
{
	int id = (int)(long)arg;
	LAB_STEPPING_LOCAL;   /* read the step flag once, not at every mark */
	lab_step_thread(id);  /* thread A, B when stepped */
	lab_pin_cpu(id);      /* one thread per core, so they truly overlap */
	lab_gate_wait(&gate); /* and start together */
	for (long long i = 0; i < refs; i++) {
		if (borrow) {
			refchange(+1, lab_stepping);
			use(lab_stepping);
			refchange(-1, lab_stepping);
		} else {
			refchange(id == 0 ? +1 : -1, lab_stepping);
		}
	}
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];
	/* main's reference, and (not borrow) one full list's */
	long long start = borrow ? 1 : 1 + refs;

	variant = name;
	refcount = start;
	atomic_store(&atomic_refcount, start);
	atomic_store(&freed, 0);
	atomic_store(&used_after_free, 0);
	if (name[0] == 'a') /* show the count this variant changes */
		lab_step_shared_atomic_ll("refcount", &atomic_refcount);
	else
		lab_step_shared("refcount", &refcount);
	lab_step_shared_atomic("freed", &freed);
	lab_step_shared_atomic("used_after_free", &used_after_free);
	lab_gate_init(&gate, 2);

	long long t0 = lab_now_ns();
	for (long i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	/* +refs -refs: `start` references again, main's and the other list's
	 * (borrow: main's alone). */
	long long count = name[0] == 'a' ? atomic_load(&atomic_refcount) : refcount;
	int uaf = atomic_load(&used_after_free);
	lab_log(name, "count %lld for %lld references: %s", count, start,
		count > start ? "it never gets to 0, the object leaks"
		: count < start ? "it gets to 0 with references left: freed while in use"
		: "right");
	if (atomic_load(&freed))
		lab_log(name, "freed while main still held a reference; %d uses after that", uaf);
	struct lab_metric m[] = {
		LAB_INT("leaked", count > start ? count - start : 0),
		LAB_INT("live_at_free", count < start ? start - count : 0),
		LAB_INT("used_after_free", uaf),
	};
	int nm = borrow ? 3 : 2; /* uses are counted only when borrowing */
	lab_result(name, start, count, count == start && uaf == 0, elapsed, m, nm);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	refs = lab_param("refs");
	borrow = lab_param("borrow") != 0;
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
