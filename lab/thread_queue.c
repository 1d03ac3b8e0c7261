/*
 * thread_queue.c - a thread-safe FIFO between producers and consumers.
 *
 * Python: queue.Queue(maxsize): put() and get(), None as a "stop" item.
 *
 * A ring of `capacity` slots and two running counters: tail (items ever put)
 * and head (items ever taken); the slot is counter % capacity.
 *
 *   locked  a mutex around it all, and two condition variables: put() sleeps
 *           while the ring is full, get() while it is empty. When the
 *           producers are done, main puts one stop item (-1) per consumer,
 *           as you would put None.
 *   unsafe  no lock: two producers can read the same tail and fill the same
 *           slot (an item lost), two consumers the same head (an item got
 *           twice). Waiting polls, bounded by timeout_ms; indexes are taken
 *           modulo the capacity and values range-checked, so racing can only
 *           make the counts wrong.
 *
 * Items are numbered (producer, sequence); consumers check each arrives once
 * (a tally per item), in its producer's order (FIFO), and sum them.
 *
 * Step it (lockstep step thread_queue --variant unsafe producers=2
 * consumers=1 items=1 capacity=2): the producers are threads A, B, ... and
 * their puts are marked; the consumers are not stepped: they wait until
 * every producer is done, then drain the queue, so the schedule alone
 * decides what they find. Stepped, the ring must hold every item.
 *
 * Build by hand: cc -O2 -pthread thread_queue.c lab.c -o thread_queue
 */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"locked", LAB_SAFE, "mutex + two condition variables around a ring"},
	{"unsafe", LAB_RACY, "the same ring, no lock: items lost and duplicated"},
};
static const struct lab_param params[] = {
	{"producers", 2, 1, 16, "threads putting items"},
	{"consumers", 2, 1, 16, "threads getting items"},
	{"items", 100000, 1, 1000000, "items each producer puts"},
	{"capacity", 64, 1, 100000, "slots in the queue"},
	{"timeout_ms", 2000, 1, 60000, "unsafe: stop waiting this long after the start"},
};
static const struct lab_demo demo = {
	"thread_queue", "a bounded FIFO queue between threads, with and without a lock",
	"queue.Queue", variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"lost", LAB_K_COUNT, NULL},
	{"duplicated", LAB_K_COUNT, NULL},
	{"out_of_order", LAB_K_COUNT, NULL},
	{"bad_values", LAB_K_COUNT, NULL},
	{"sum_ok", LAB_K_YESNO, NULL},
	{"timeouts", LAB_K_COUNT, NULL},
	{"items_per_s", LAB_K_RATE, "items/s"},
};
static const struct lab_decl decl = {
	.rows = "expected observed lost",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* The queue. In `locked`, everything here is guarded by lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static long long *ring;
static long long head, tail, cap;

/* Makes the unsafe loops re-read head and tail, without atomics (no code). */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

/* A producer's put goes through the LAB_ wrappers (step points when
 * stepped); get and main's stop items are plain pthread calls. */
static void put_locked(long long v)
{
	LAB_LOCK(&lock);
	while (tail - head == cap)
		LAB_COND_WAIT(&not_full, &lock);
	LAB_STEP_SHOW("write slot", "tail", tail);
	ring[tail++ % cap] = v;
	LAB_COND_SIGNAL(&not_empty); /* one new item: one consumer */
	LAB_UNLOCK(&lock);
}

static long long get_locked(void)
{
	pthread_mutex_lock(&lock);
	while (tail == head)
		pthread_cond_wait(&not_empty, &lock);
	long long v = ring[head++ % cap];
	pthread_cond_signal(&not_full);
	pthread_mutex_unlock(&lock);
	return v;
}

static atomic_int producers_left; /* unsafe: consumers stop when 0 and empty;
				     stepped: consumers start when 0 */
static atomic_llong timeouts;
static long long deadline;        /* unsafe: nobody spins past this */

/* Unsafe put: returns false if it gave up at the deadline. */
static bool put_unsafe(long long v)
{
	for (;;) {
		LAB_STEP("read tail");
		long long t = tail; /* read once: another producer may read the same */
		if (t - head < cap) {
			LAB_STEP_SHOW("write slot", "t", t);
			ring[t % cap] = v;
			LAB_STEP_SHOW("store tail", "t", t);
			tail = t + 1;
			return true;
		}
		if (lab_now_ns() > deadline)
			return false;
		lab_sleep_ns(1000); /* back off: let a consumer have the core */
		COMPILER_BARRIER();
	}
}

/* Unsafe get: an item, or -1 when the producers are done and it looks empty. */
static long long get_unsafe(void)
{
	for (;;) {
		bool last_look = atomic_load(&producers_left) == 0; /* then tail is final */
		long long h = head, t = tail;
		if (t - h > 0) {
			long long v = ring[h % cap];
			head = h + 1; /* another consumer may have taken slot h too */
			return v;
		}
		if (last_look)
			return -1;
		if (lab_now_ns() > deadline) {
			atomic_fetch_add(&timeouts, 1);
			return -1;
		}
		lab_sleep_ns(1000); /* back off: let a producer have the core */
		COMPILER_BARRIER();
	}
}

static bool unsafe;
static long long items, total;   /* per producer; in all */
static atomic_int *tally;        /* how many times each item arrived */
static struct lab_gate gate;

struct role {
	int id, cpu;
	long long got, sum, out_of_order, bad_values;
};

static void *producer(void *arg)
{
	struct role *r = arg;
	lab_step_thread(r->id); /* thread A, B, ... when stepped */
	lab_pin_cpu(r->cpu);
	lab_gate_wait(&gate);
	for (long long i = 0; i < items; i++) {
		long long v = r->id * items + i; /* producer r->id, sequence i */
		if (!unsafe) {
			put_locked(v);
		} else if (!put_unsafe(v)) {
			atomic_fetch_add(&timeouts, 1); /* gave up at the deadline */
			break;
		}
	}
	atomic_fetch_sub(&producers_left, 1);
	return NULL;
}

static void *consumer(void *arg)
{
	struct role *r = arg;
	long long next[16] = {0}; /* next sequence due from each producer */
	lab_pin_cpu(r->cpu);
	if (lab_stepping) /* not stepped: wait for the stepped producers */
		while (atomic_load(&producers_left) > 0)
			lab_sleep_ms(1);
	else
		lab_gate_wait(&gate);
	for (;;) {
		long long v = unsafe ? get_unsafe() : get_locked();
		if (v == -1)
			break; /* the stop item (locked) or nothing more (unsafe) */
		if (v < 0 || v >= total) { /* a slot never written: never index with it */
			r->bad_values++;
			continue;
		}
		long long p = v / items, seq = v % items;
		if (seq < next[p]) /* FIFO: a producer's items come in its order */
			r->out_of_order++;
		next[p] = seq + 1;
		atomic_fetch_add_explicit(&tally[v], 1, memory_order_relaxed);
		r->got++;
		r->sum += v;
	}
	return NULL;
}

static void run(const char *name)
{
	int np = (int)lab_param("producers"), nc = (int)lab_param("consumers");
	pthread_t tid[32];
	struct role roles[32];

	unsafe = strcmp(name, "unsafe") == 0;
	total = np * items;
	cap = lab_param("capacity");
	ring = malloc((size_t)cap * sizeof *ring);
	tally = calloc((size_t)total, sizeof *tally);
	if (!ring || !tally)
		lab_die("out of memory");
	if (lab_stepping && cap < total) /* a full ring would wait for consumers */
		lab_die("stepped, capacity must hold every item: capacity %lld < %lld items",
			cap, total);
	static const char *const slot_names[] = {"ring[0]", "ring[1]", "ring[2]", "ring[3]"};
	lab_step_shared("tail", &tail);
	for (int i = 0; i < cap && i < 4; i++) /* what a lost item was overwritten by */
		lab_step_shared(slot_names[i], &ring[i]);
	for (long long i = 0; i < cap; i++)
		ring[i] = -2; /* "never written", caught as a bad value */
	head = tail = 0;
	atomic_store(&producers_left, np);
	atomic_store(&timeouts, 0);
	lab_gate_init(&gate, lab_stepping ? np : np + nc);

	long long t0 = lab_now_ns();
	deadline = t0 + lab_param("timeout_ms") * 1000000LL;
	for (int i = 0; i < np + nc; i++) {
		roles[i] = (struct role){.id = i < np ? i : i - np, .cpu = i};
		void *(*body)(void *) = i < np ? producer : consumer;
		if (pthread_create(&tid[i], NULL, body, &roles[i]) != 0)
			lab_die("pthread_create failed");
	}
	for (int i = 0; i < np; i++)
		pthread_join(tid[i], NULL);
	if (!unsafe)
		for (int i = 0; i < nc; i++)
			put_locked(-1); /* one stop item per consumer */
	for (int i = np; i < np + nc; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	long long got = 0, sum = 0, order = 0, bad = 0, lost = 0, dup = 0;
	for (int i = np; i < np + nc; i++) {
		got += roles[i].got;
		sum += roles[i].sum;
		order += roles[i].out_of_order;
		bad += roles[i].bad_values;
	}
	for (long long v = 0; v < total; v++) {
		int c = atomic_load(&tally[v]);
		lost += c == 0;
		dup += c > 1 ? c - 1 : 0;
	}
	long long want_sum = total * (total - 1) / 2; /* items are 0..total-1 */
	lab_log(name, "%lld items put, %lld got", total, got);
	struct lab_metric m[] = {
		LAB_INT("lost", lost),
		LAB_INT("duplicated", dup),
		LAB_INT("out_of_order", order),
		LAB_INT("bad_values", bad),
		LAB_INT("sum_ok", sum == want_sum),
		LAB_INT("timeouts", atomic_load(&timeouts)),
		LAB_REAL("items_per_s", got / (elapsed / 1e9)),
	};
	bool exact = got == total && lost == 0 && dup == 0 && order == 0 && bad == 0;
	lab_result(name, total, got, exact && sum == want_sum, elapsed, m, LAB_COUNT(m));
	free(ring);
	free(tally);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	items = lab_param("items");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
