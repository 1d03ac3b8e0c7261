/*
 * counter_scaling.c - what sharing one counter costs, for 1..N threads.
 *
 * Python: why `with lock: counter += 1` in every thread is slow.
 *
 * Every thread adds 1 to a counter `ops` times. The total is exact in all
 * four ways; what changes is how long one increment takes as threads are
 * added (ns_op_T: nanoseconds per increment, seen by one of T threads):
 *
 *   mutex          one counter, a lock around each increment: the threads
 *                  queue for the lock and its cache line
 *   atomic         one counter, atomic_fetch_add: no lock, but the cache
 *                  line still travels from core to core on every increment
 *   sharded        a "sloppy" counter: a slot per thread, each on its own
 *                  64-byte cache line; the total is the sum of the slots
 *   false_sharing  the same slots packed side by side on ONE cache line:
 *                  no data is shared, yet the cores fight over the line
 *
 * A cache line (64 bytes here) is the unit that cores pass between them:
 * writing any byte of it takes the whole line away from the other cores.
 * Times are the fastest of `repeat` runs, measured inside the threads from
 * the moment all of them are running.
 *
 * Build by hand: cc -O2 -pthread counter_scaling.c lab.c -o counter_scaling
 */
#define _GNU_SOURCE
#include "lab.h"

#include <pthread.h>
#include <stdio.h>

static const struct lab_variant variants[] = {
	{"mutex", LAB_SAFE, "one counter, pthread_mutex around each increment"},
	{"atomic", LAB_SAFE, "one counter, atomic_fetch_add"},
	{"sharded", LAB_SAFE, "a slot per thread, each on its own cache line"},
	{"false_sharing", LAB_SAFE, "a slot per thread, all on one cache line"},
};
static const struct lab_param params[] = {
	{"max_threads", 2, 1, 8, "measure 1, 2, ... up to this many threads"},
	{"ops", 2000000, 1, 1000000000, "increments per thread"},
	{"repeat", 3, 1, 20, "timed runs per thread count; the fastest counts"},
};
static const struct lab_demo demo = {
	"counter_scaling", "the cost of a shared counter: lock, atomic, sharded, false sharing",
	"threading.Lock around counter += 1", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"threads", LAB_K_COUNT, NULL},
	{"ns_per_op", LAB_K_DURATION, "ns"},
	{"ops_per_sec", LAB_K_RATE, "ops/s"},
	{"ns_op_1", LAB_K_DURATION, "ns"},
	{"ns_op_2", LAB_K_DURATION, "ns"},
	{"ns_op_3", LAB_K_DURATION, "ns"},
	{"ns_op_4", LAB_K_DURATION, "ns"},
	{"ns_op_5", LAB_K_DURATION, "ns"},
	{"ns_op_6", LAB_K_DURATION, "ns"},
	{"ns_op_7", LAB_K_DURATION, "ns"},
	{"ns_op_8", LAB_K_DURATION, "ns"},
};
static const struct lab_claim claims[] = {
	{"false_sharing", "ns_per_op", ">=", 1.5, "sharded"}, /* one shared cache line costs, though no data is shared */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

#define MAXT 8
#define CACHE_LINE 64
/* Keeps -O2 from turning the loop into one big addition: the slot is really
 * loaded and stored on every pass, as a shared counter would be. */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long long locked_count;                 /* guarded by lock */
static atomic_llong atomic_count;
static struct {
	_Alignas(CACHE_LINE) long long v;      /* one slot per 64-byte line */
} padded[MAXT];
static _Alignas(CACHE_LINE) long long packed[MAXT]; /* 8 slots, one line */

static struct lab_gate gate;
static char kind; /* 'm'utex, 'a'tomic, 's'harded or 'f'alse_sharing */
static long long ops;
static long long start_ns[MAXT], end_ns[MAXT]; /* each thread writes its own */

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	long long *slot = kind == 's' ? &padded[id].v : &packed[id];
	lab_pin_cpu(id);      /* one thread per core while there are cores */
	lab_gate_wait(&gate); /* all start together */
	start_ns[id] = lab_now_ns();
	for (long long i = 0; i < ops; i++) {
		if (kind == 'm') {
			pthread_mutex_lock(&lock);
			locked_count++;
			pthread_mutex_unlock(&lock);
		} else if (kind == 'a') {
			atomic_fetch_add_explicit(&atomic_count, 1, memory_order_relaxed);
		} else {
			(*slot)++; /* only this thread writes this slot */
			COMPILER_BARRIER();
		}
	}
	end_ns[id] = lab_now_ns();
	return NULL;
}

/* One run with t threads; returns the elapsed time, and the total in *total. */
static long long run_once(int t, long long *total)
{
	pthread_t tid[MAXT];
	locked_count = 0;
	atomic_store(&atomic_count, 0);
	for (int i = 0; i < MAXT; i++)
		padded[i].v = packed[i] = 0;
	lab_gate_init(&gate, t);
	for (long i = 0; i < t; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	long long first = 0, last = 0;
	for (int i = 0; i < t; i++) {
		pthread_join(tid[i], NULL);
		first = i == 0 || start_ns[i] < first ? start_ns[i] : first;
		last = end_ns[i] > last ? end_ns[i] : last;
	}
	/* Read the counter once every thread has finished. A sharded counter
	 * could also be read while running, by summing the slots: "sloppy",
	 * since the sum may miss increments still being made. */
	*total = kind == 'm' ? locked_count : kind == 'a' ? atomic_load(&atomic_count) : 0;
	for (int i = 0; i < t && (kind == 's' || kind == 'f'); i++)
		*total += kind == 's' ? padded[i].v : packed[i];
	return last - first;
}

static void run(const char *name)
{
	int maxt = (int)lab_param("max_threads");
	char keys[MAXT][16];
	struct lab_metric m[MAXT + 3];
	long long expected = 0, observed = 0, elapsed = 0;
	double ns_op = 0, ops_sec = 0;
	kind = name[0];
	for (int t = 1; t <= maxt; t++) {
		long long best = 0, total = 0, wrong = 0;
		for (int r = 0; r < lab_param("repeat"); r++) {
			long long e = run_once(t, &total);
			best = r == 0 || e < best ? e : best;
			wrong = total != t * ops ? total : wrong; /* keep a wrong total */
		}
		expected += t * ops;
		observed += wrong ? wrong : t * ops;
		elapsed = best;
		/* ns per increment as one thread sees it; increments per second
		 * done by all threads together */
		ns_op = (double)best / (double)ops;
		ops_sec = (double)(t * ops) * 1e9 / (double)best;
		snprintf(keys[t - 1], sizeof keys[t - 1], "ns_op_%d", t);
		m[3 + t - 1] = LAB_REAL(keys[t - 1], ns_op);
		lab_log(name, "%d thread%s: %6.2f ns per increment, %7.1f million increments/s",
			t, t > 1 ? "s" : "", ns_op, ops_sec / 1e6);
	}
	m[0] = LAB_INT("threads", maxt);
	m[1] = LAB_REAL("ns_per_op", ns_op);
	m[2] = LAB_REAL("ops_per_sec", ops_sec);
	lab_result(name, expected, observed, observed == expected, elapsed, m, maxt + 3);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	ops = lab_param("ops");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
