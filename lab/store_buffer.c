/*
 * store_buffer.c - two threads each store a flag, then load the other's:
 * can both loads see 0?
 *
 * Python: none directly. CPython's GIL (and free-threaded CPython's own
 *         atomics) hide this; C, C++, Java and Rust programmers meet it.
 *
 * The "store buffering" litmus test, run on real hardware:
 *
 *     thread A          thread B
 *     x = 1             y = 1
 *     r1 = y            r2 = x
 *
 * If the four statements ran in some interleaving of the two programs (the
 * model most people have in mind, "sequential consistency"), at least one
 * store comes first, so r1 = r2 = 0 is impossible. Real CPUs do not wait for
 * a store to reach memory before doing the next load: the store waits in the
 * core's store buffer while the load reads the cache. x86 lets a later load
 * pass an earlier store to another address, so both loads can read 0.
 *
 *   relaxed  memory_order_relaxed stores and loads -> r1 = r2 = 0 happens
 *   seq_cst  memory_order_seq_cst (the default)    -> never (the store is
 *            an XCHG on x86: it drains the store buffer)
 *   fence    relaxed, with atomic_thread_fence(memory_order_seq_cst)
 *            between the store and the load        -> never (gcc 12
 *            emits a locked `or` on the stack; MFENCE would do too)
 *
 * Each round uses fresh flags, releases both threads together through a
 * spinning barrier, and records (r1, r2). Nothing is random: how often the
 * reordering shows is what this machine does.
 *
 * Build by hand: cc -O2 -pthread store_buffer.c lab.c -o store_buffer
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>

/* gcc warns that ThreadSanitizer does not model atomic_thread_fence. Here
 * that is fine: TSan only needs the happens-before edges, which the
 * acquire/release (or join) already give; the fence adds the store-load
 * order that TSan does not check anyway. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wtsan"
#endif
#include <stdlib.h>

static const struct lab_variant variants[] = {
	/* relaxed atomics are not a data race in C11, so TSan has nothing to
	 * report; the outcome is still wrong for an SC reader: "broken" */
	{"relaxed", LAB_BROKEN, "relaxed store then load: both loads can read 0"},
	{"seq_cst", LAB_SAFE, "seq_cst store and load (the C11 default)"},
	{"fence", LAB_SAFE, "relaxed, with a seq_cst fence between store and load"},
};
static const struct lab_param params[] = {
	{"iters", 1000000, 1000, 20000000, "litmus rounds per variant"},
};
static const struct lab_demo demo = {
	"store_buffer", "store buffering: both threads can read the old value",
	"(none: C11 memory_order; free-threaded CPython)", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): observed counts both-zero outcomes */
static const struct lab_metric_decl metrics[] = {
	{"both_zero", LAB_K_COUNT, NULL},
	{"per_million", LAB_K_RATIO, NULL},
	{"r1_0_r2_1", LAB_K_COUNT, NULL},
	{"r1_1_r2_0", LAB_K_COUNT, NULL},
	{"both_one", LAB_K_COUNT, NULL},
};
static const struct lab_claim claims[] = {
	{"relaxed", "both_zero", ">=", 1, NULL}, /* the store buffer shows */
	{"seq_cst", "both_zero", "<=", 0, NULL}, /* never with seq_cst */
	{"fence", "both_zero", "<=", 0, NULL},   /* nor with the fence */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* Round i uses its own pair of flags x[i], y[i], all 0 to start with, so no
 * thread has to reset anything between rounds. A and B write what they
 * loaded into r1[i] and r2[i]; main counts after joining them. */
static atomic_int *x, *y;
static int *r1, *r2;
static atomic_long arrived;       /* the per-round barrier: 2 per round */
static long long iters;
static char mode;                 /* 'r', 's' or 'f': the variant running */

/* One side of the test. `mine` is the flag this thread stores, `other` the
 * one it loads. The ordering is the whole point of the demo. */
static int litmus(atomic_int *mine, atomic_int *other)
{
	if (mode == 's') {
		atomic_store(mine, 1);                    /* seq_cst */
		return atomic_load(other);
	}
	atomic_store_explicit(mine, 1, memory_order_relaxed);
	if (mode == 'f')
		atomic_thread_fence(memory_order_seq_cst); /* store before load */
	return atomic_load_explicit(other, memory_order_relaxed);
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	lab_pin_cpu(id);          /* A and B on different cores */
	for (long long i = 0; i < iters; i++) {
		/* both arrive, then both leave together: only two threads spin,
		 * one per core, so neither waits for the scheduler */
		atomic_fetch_add(&arrived, 1);
		while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2 * (i + 1))
			;
		if (id == 0)
			r1[i] = litmus(&x[i], &y[i]);
		else
			r2[i] = litmus(&y[i], &x[i]);
		if (id == 0 && (i & 0xffff) == 0)
			lab_progress(mode == 'r' ? "relaxed" : mode == 's' ? "seq_cst" : "fence",
				     i, iters);
	}
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];
	long long seen[4] = {0};

	mode = name[0];
	atomic_store(&arrived, 0);
	for (long long i = 0; i < iters; i++) {
		atomic_init(&x[i], 0);
		atomic_init(&y[i], 0);
	}
	long long t0 = lab_now_ns();
	for (int i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);   /* join: r1[], r2[] are now ours */
	long long elapsed = lab_now_ns() - t0;
	for (long long i = 0; i < iters; i++)
		seen[r1[i] * 2 + r2[i]]++;

	long long both_zero = seen[0];
	struct lab_metric m[] = {
		LAB_INT("both_zero", both_zero),
		LAB_REAL("per_million", 1e6 * (double)both_zero / (double)iters),
		LAB_INT("r1_0_r2_1", seen[1]),
		LAB_INT("r1_1_r2_0", seen[2]),
		LAB_INT("both_one", seen[3]),
	};
	lab_progress(name, iters, iters);
	/* expected: how many rounds sequential consistency allows to end with
	 * r1 = r2 = 0, which is none */
	lab_result(name, 0, both_zero, both_zero == 0, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	iters = lab_param("iters");
	x = calloc((size_t)iters, sizeof *x);
	y = calloc((size_t)iters, sizeof *y);
	r1 = calloc((size_t)iters, sizeof *r1);
	r2 = calloc((size_t)iters, sizeof *r2);
	if (!x || !y || !r1 || !r2)
		lab_die("out of memory for %lld rounds", iters);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
