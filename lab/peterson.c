/*
 * peterson.c - Peterson's lock, correct on paper, fails on a real x86 CPU
 * unless the store and the load that follows it are kept in order.
 *
 * Python: threading.Lock is the real thing; this shows why a lock built
 *         from plain loads and stores needs the hardware's help.
 *
 * Two threads share flag[2] and turn. To enter, thread `me` says "I want
 * in" (flag[me] = 1), lets the other go first (turn = other), then waits
 * while the other wants in and it is the other's turn. The proof assumes
 * every thread sees every store in program order. An x86 core may load
 * flag[other] while its own flag[me] = 1 still sits in its store buffer
 * (the store_buffer demo): both threads read "the other does not want in",
 * both enter, and an increment of the shared counter is lost.
 *
 *   relaxed  memory_order_relaxed everywhere     -> loses updates
 *   acq_rel  release stores, acquire loads       -> still loses updates:
 *            acquire/release never orders a store before a later load
 *   seq_cst  memory_order_seq_cst everywhere     -> exact
 *   fence    acq_rel plus atomic_thread_fence(memory_order_seq_cst)
 *            between the stores and the wait     -> exact
 *   naive    no turn: wait until the other's flag is down, then raise
 *            mine. Wrong on any CPU: both can look before either raises.
 *
 * Step it (lockstep step peterson --variant naive iters=1): the naive and
 * seq_cst variants mark every store and the wait (LAB_SPIN_UNTIL). Stepped,
 * one thread runs at a time and every store is seen at once, so Peterson
 * holds there; the naive lock still lets both in. relaxed, acq_rel and
 * fence fail only on a real CPU's store buffer: they are not stepped.
 *
 * Build by hand: cc -O2 -pthread peterson.c lab.c -o peterson
 */
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

/* gcc warns that ThreadSanitizer does not model atomic_thread_fence. Here
 * that is fine: TSan only needs the happens-before edges, which the
 * acquire/release (or join) already give; the fence adds the store-load
 * order that TSan does not check anyway. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wtsan"
#endif

static const struct lab_variant variants[] = {
	{"relaxed", LAB_RACY, "relaxed flag and turn: both threads get in"},
	/* the lock fails (a logic error in the ordering), but TSan sees the
	 * acquire/release pairs and may or may not catch the overlap: not run */
	{"acq_rel", LAB_BROKEN, "release stores, acquire loads: still both get in"},
	{"seq_cst", LAB_SAFE, "seq_cst flag and turn: mutual exclusion holds"},
	{"fence", LAB_SAFE, "acq_rel plus a seq_cst fence before the wait"},
	{"naive", LAB_RACY, "look at the other's flag, then raise mine: both get in"},
};
static const struct lab_param params[] = {
	{"iters", 1000000, 1, 100000000, "rounds: each thread locks, increments, unlocks"},
};
static const struct lab_demo demo = {
	"peterson", "Peterson's lock needs a store-load fence on real hardware",
	"threading.Lock (what a real lock does for you)", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"lost", LAB_K_COUNT, "updates"},
	{"ns_per_op", LAB_K_DURATION, "ns"},
};
static const struct lab_claim claims[] = {
	{"relaxed", "lost", ">=", 1, NULL}, /* both threads got in */
	{"acq_rel", "lost", ">=", 1, NULL}, /* acquire/release is not enough */
	{"seq_cst", "lost", "<=", 0, NULL},
	{"fence", "lost", "<=", 0, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed lost",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

static atomic_int flag[2];    /* flag[i]: thread i wants to enter */
static atomic_int turn;       /* who must wait if both want in */
static long long counter;     /* protected by the lock (when it works) */
static long long iters;
static atomic_long arrived;   /* the per-round barrier: 2 per round */
static char mode;             /* 'r', 'a', 's', 'f' or 'n' */
static struct lab_gate gate;  /* both start together */

/* Tells the compiler memory may have changed here, so -O2 cannot fold the
 * loop into one addition. It emits no instruction. */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

/* The memory order must be a constant: given a variable, gcc quietly uses
 * seq_cst. So each variant spells its orders out. */
#define WANT(me, other, st)                                                  \
	do {                                                                 \
		LAB_STEP("flag[me] = 1");                                    \
		atomic_store_explicit(&flag[me], 1, st); /* I want in    */ \
		LAB_STEP("turn = other");                                    \
		atomic_store_explicit(&turn, other, st); /* you go first */ \
	} while (0)
#define WAIT(other, ld)                                                      \
	while (atomic_load_explicit(&flag[other], ld) &&                     \
	       atomic_load_explicit(&turn, ld) == other)                     \
		; /* the other wants in and it is its turn: wait */

/* Peterson's wait (seq_cst), as the condition that ends it: may `me` go in?
 * Only when the other does not want in, or it is my turn. */
static bool may_enter(void *arg)
{
	int other = 1 - *(const int *)arg;
	return !(atomic_load(&flag[other]) && atomic_load(&turn) == other);
}

/* The naive lock's wait: is the other's flag down? */
static bool other_out(void *arg)
{
	return !atomic_load(&flag[1 - *(const int *)arg]);
}

static void lock(int me)
{
	int other = 1 - me;
	switch (mode) {
	case 'r':
		WANT(me, other, memory_order_relaxed);
		WAIT(other, memory_order_relaxed);
		break;
	case 'a':
		WANT(me, other, memory_order_release);
		WAIT(other, memory_order_acquire);
		break;
	case 's':
		WANT(me, other, memory_order_seq_cst);
		LAB_SPIN_UNTIL(may_enter, &me); /* the WAIT above, seq_cst */
		break;
	case 'n': /* wrong: between my look and my store the other can look too */
		LAB_SPIN_UNTIL(other_out, &me); /* while (flag[other]) ; */
		LAB_STEP("flag[me] = 1");
		atomic_store(&flag[me], 1);
		break;
	default: /* fence */
		WANT(me, other, memory_order_release);
		atomic_thread_fence(memory_order_seq_cst); /* stores before loads */
		WAIT(other, memory_order_acquire);
	}
}

static void unlock(int me)
{
	LAB_STEP("flag[me] = 0");
	if (mode == 'r')
		atomic_store_explicit(&flag[me], 0, memory_order_relaxed);
	else if (mode == 's' || mode == 'n')
		atomic_store_explicit(&flag[me], 0, memory_order_seq_cst);
	else
		atomic_store_explicit(&flag[me], 0, memory_order_release);
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;
	/* Stepped: the variants whose waits go through LAB_SPIN_UNTIL. */
	bool stepped = lab_stepping && (mode == 's' || mode == 'n');
	if (stepped)
		lab_step_thread(me); /* thread A or B */
	lab_pin_cpu(me);       /* one thread per core: they really overlap */
	lab_gate_wait(&gate);
	for (long long i = 0; i < iters; i++) {
		/* Both threads ask for the lock at the same moment, every round:
		 * the case Peterson's proof is about. (Left to themselves, two
		 * threads fall into strict turns and rarely arrive together.)
		 * Stepped, the schedule decides who arrives when. */
		atomic_fetch_add(&arrived, 1);
		while (!stepped &&
		       atomic_load_explicit(&arrived, memory_order_relaxed) < 2 * (i + 1))
			;
		lock(me);
		LAB_STEP("load");
		long long v = counter;   /* the critical section: load ... */
		COMPILER_BARRIER();
		lab_slowmo();
		LAB_STEP_SHOW("store", "v", v);
		counter = v + 1;         /* ... and store */
		unlock(me);
	}
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];

	mode = name[0];
	counter = 0;
	atomic_store(&flag[0], 0);
	atomic_store(&flag[1], 0);
	atomic_store(&turn, 0);
	atomic_store(&arrived, 0);
	lab_gate_init(&gate, 2);
	lab_step_shared_atomic("flag[0]", &flag[0]);
	lab_step_shared_atomic("flag[1]", &flag[1]);
	lab_step_shared_atomic("turn", &turn);
	lab_step_shared("counter", &counter);
	long long t0 = lab_now_ns();
	for (int i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	long long expected = 2 * iters;
	struct lab_metric m[] = {
		LAB_INT("lost", expected - counter),
		LAB_REAL("ns_per_op", (double)elapsed / (double)expected),
	};
	lab_progress(name, iters, iters);
	lab_result(name, expected, counter, counter == expected, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	iters = lab_param("iters");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
