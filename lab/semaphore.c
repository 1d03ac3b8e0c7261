/*
 * semaphore.c - a counter you can wait on: to signal, and to limit.
 *
 * Python: threading.Semaphore, threading.BoundedSemaphore.
 *
 * A POSIX semaphore (sem_t) holds a count. sem_wait() takes one, sleeping
 * while the count is 0; sem_post() gives one back and wakes a sleeper.
 *
 *   signal     the count starts at 0: the consumer sleeps in sem_wait until
 *              the producer has made an item and posted. Whatever the timing,
 *              an item is consumed only after it was produced.
 *   limit      the count starts at `slots`: at most that many of the threads
 *              are inside the guarded region at once (a pool of connections).
 *              An atomic counter measures the peak number inside.
 *   unlimited  the same threads, no semaphore: the peak goes above `slots`.
 *
 * Threads hold the region for hold_us of busy work, timed by the clock. With
 * more threads than cores the scheduler pauses some of them (every few ms)
 * while they are inside; without the semaphore others walk in meanwhile. Give
 * each thread more time inside than a time slice (rounds * hold_us >> 3 ms).
 *
 * Build by hand: cc -O2 -pthread semaphore.c lab.c -o semaphore
 */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"signal", LAB_SAFE, "consumer waits on a semaphore at 0 for the producer"},
	{"limit", LAB_SAFE, "a semaphore of `slots` lets that many in at once"},
	{"unlimited", LAB_BROKEN, "no semaphore: more than `slots` inside at once"},
};
static const struct lab_param params[] = {
	{"items", 3, 1, 100, "signal: items the producer makes"},
	{"produce_ms", 50, 0, 1000, "signal: time to make one item (a sleep)"},
	{"threads", 8, 1, 64, "limit: threads wanting the region"},
	{"slots", 3, 1, 64, "limit: threads allowed inside at once"},
	{"rounds", 20, 1, 100000, "limit: times each thread enters"},
	{"hold_us", 500, 1, 100000, "limit: busy work inside, per entry"},
};
static const struct lab_demo demo = {
	"semaphore", "wait for a signal; let at most K threads in",
	"threading.Semaphore, threading.BoundedSemaphore", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"order", LAB_K_LIST, NULL},
	{"wait_ms", LAB_K_DURATION, "ms"},
	{"sem_after", LAB_K_COUNT, NULL},
	{"peak_inside", LAB_K_COUNT, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static sem_t sem;
static const char *variant; /* the one running now */

/* ---- signal: one producer, one consumer ------------------------------ */

static long long made[100];      /* item i, written before its sem_post */
static atomic_int tick;          /* a shared clock that orders events */
static int waited_at[100], produced_at[100], consumed_at[100];
static long long got[100], wait_ns;

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < lab_param("items"); i++) {
		waited_at[i] = atomic_fetch_add(&tick, 1);
		lab_log(variant, "consumer waits for item %d", i);
		long long t = lab_now_ns();
		sem_wait(&sem); /* sleeps until the producer posts */
		wait_ns += lab_now_ns() - t;
		got[i] = made[i]; /* safe: sem_post/sem_wait order the accesses */
		consumed_at[i] = atomic_fetch_add(&tick, 1);
		lab_log(variant, "consumer got item %d: %lld", i, got[i]);
	}
	return NULL;
}

static void *producer(void *arg)
{
	uint64_t rng = lab_seed_for(0);
	(void)arg;
	for (int i = 0; i < lab_param("items"); i++) {
		/* Making the item takes a while, so the consumer is seen waiting.
		 * The sleep is not what orders the events: with produce_ms=0 the
		 * consumer may arrive late, yet it still consumes after the post. */
		lab_sleep_ms(lab_param("produce_ms"));
		made[i] = (long long)(lab_rand(&rng) % 1000);
		produced_at[i] = atomic_fetch_add(&tick, 1);
		lab_log(variant, "producer made item %d: %lld", i, made[i]);
		sem_post(&sem); /* count 0 -> 1: wakes the consumer */
	}
	return NULL;
}

static void run_signal(void)
{
	int n = (int)lab_param("items"), ok = 0, value = -1;
	pthread_t c, p;

	atomic_store(&tick, 0);
	wait_ns = 0;
	sem_init(&sem, 0, 0);
	long long t0 = lab_now_ns();
	/* The course's version defined these threads and never started them. */
	if (pthread_create(&c, NULL, consumer, NULL) != 0 ||
	    pthread_create(&p, NULL, producer, NULL) != 0)
		lab_die("pthread_create failed");
	pthread_join(c, NULL);
	pthread_join(p, NULL);
	long long elapsed = lab_now_ns() - t0;
	sem_getvalue(&sem, &value);
	sem_destroy(&sem);

	for (int i = 0; i < n; i++)
		ok += produced_at[i] < consumed_at[i] && got[i] == made[i];
	/* The order of the first item's events, as the shared clock saw them. */
	const char *order = waited_at[0] < produced_at[0] ? "wait>make>use"
							   : "make>wait>use";
	struct lab_metric m[] = {
		LAB_TEXT("order", order),
		LAB_REAL("wait_ms", wait_ns / 1e6),
		LAB_INT("sem_after", value),
	};
	lab_result("signal", n, ok, ok == n && value == 0, elapsed, m, LAB_COUNT(m));
}

/* ---- limit / unlimited: N threads, K slots ---------------------------- */

static atomic_int inside, peak;
static struct lab_gate gate;
static bool use_sem;

static void *visitor(void *arg)
{
	int id = (int)(long)arg;
	long long hold = lab_param("hold_us") * 1000, rounds = lab_param("rounds");
	lab_step_thread(id); /* A, B, ... when stepped (limit and unlimited) */
	lab_pin_cpu(id);
	lab_gate_wait(&gate); /* everyone starts knocking at once */
	for (long long r = 0; r < rounds; r++) {
		if (use_sem)
			LAB_SEM_WAIT(&sem); /* take a slot, or sleep until one is free */
		LAB_STEP("enter");
		int now = atomic_fetch_add(&inside, 1) + 1;
		int p = atomic_load(&peak);
		while (now > p && !atomic_compare_exchange_weak(&peak, &p, now))
			; /* peak = max(peak, now) */
		long long t = lab_now_ns();
		while (!lab_stepping && lab_now_ns() - t < hold)
			; /* the work done inside, hold_us of wall time */
		LAB_STEP("leave");
		atomic_fetch_sub(&inside, 1);
		if (use_sem)
			LAB_SEM_POST(&sem); /* give the slot back */
		if (id == 0)
			lab_progress(variant, r + 1, rounds);
	}
	return NULL;
}

static void run_limit(const char *name)
{
	int n = (int)lab_param("threads"), k = (int)lab_param("slots"), value = -1;
	pthread_t tid[64];

	use_sem = strcmp(name, "limit") == 0;
	atomic_store(&inside, 0);
	atomic_store(&peak, 0);
	lab_gate_init(&gate, n);
	sem_init(&sem, 0, (unsigned)k);
	lab_step_shared_atomic("inside", &inside);
	lab_step_shared_atomic("peak", &peak);
	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++)
		if (pthread_create(&tid[i], NULL, visitor, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;
	/* Every wait was matched by a post, so the count is back at K. Python's
	 * BoundedSemaphore would raise on an extra release; sem_t never does. */
	sem_getvalue(&sem, &value);
	sem_destroy(&sem);

	int p = atomic_load(&peak);
	lab_log(name, "%d threads, %d slots: at most %d were inside at once", n, k, p);
	struct lab_metric m[] = {
		LAB_INT("peak_inside", p),
		LAB_INT("sem_after", value),
	};
	lab_result(name, k, p, p <= k && value == k, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++) {
		variant = variants[i].name;
		if (!lab_want(variant))
			continue;
		if (strcmp(variant, "signal") == 0)
			run_signal();
		else
			run_limit(variant);
	}
	return lab_end();
}
