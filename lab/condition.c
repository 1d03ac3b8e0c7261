/*
 * condition.c - a bounded buffer guarded by a mutex and two condition variables.
 *
 * Python: threading.Condition, wait() and notify().
 *
 * Producers put items into a buffer of `capacity` slots, consumers take them
 * out. A consumer finding the buffer empty waits on `not_empty`; a producer
 * finding it full waits on `not_full`. After changing the buffer each side
 * signals the other (wakes one waiter, like notify()). The question is what a
 * thread does when it wakes up:
 *
 *   while  check the condition again, and wait again if it is still false.
 *   if     what the course's code does: wait once, then assume the buffer has
 *          an item (or a free slot).
 *
 * Waking up does not hand the woken thread the lock: it must take it again,
 * and a consumer that was not waiting at all may get there first and take the
 * item. (POSIX also allows spurious wake-ups.) With several consumers, `if`
 * then pops from an empty buffer; with one consumer and one producer it gets
 * away with it, which is how such bugs survive testing.
 *
 * The `if` variant's mistakes are caught before they touch memory: a pop from
 * an empty buffer or a push into a full one is counted as a violation and
 * refused (in Python: an IndexError, or a list that grows past its limit).
 * Everything stays under the lock, so this is a logic bug, not a data race.
 *
 * Step it (lockstep step condition --variant if ...): the locks and waits go
 * through the LAB_ wrappers, so you choose who takes the lock after a signal.
 *
 * Build by hand: cc -O2 -pthread condition.c lab.c -o condition
 */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <pthread.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"while", LAB_SAFE, "re-check the condition after every wake-up"},
	{"if", LAB_BROKEN, "check once, as the course does: pops from an empty buffer"},
};
static const struct lab_param params[] = {
	{"producers", 2, 1, 32, "threads putting items"},
	{"consumers", 4, 1, 32, "threads taking items"},
	{"items", 20000, 1, 10000000, "items each producer puts"},
	{"capacity", 10, 1, 1000, "slots in the buffer"},
};
static const struct lab_demo demo = {
	"condition", "a bounded buffer: wait in a while loop, not an if",
	"threading.Condition, wait(), notify()", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): observed counts violations */
static const struct lab_metric_decl metrics[] = {
	{"empty_pops", LAB_K_COUNT, NULL},
	{"overfills", LAB_K_COUNT, NULL},
	{"items", LAB_K_COUNT, NULL},
	{"sum_ok", LAB_K_YESNO, NULL},
	{"waits", LAB_K_COUNT, NULL},
	{"items_per_s", LAB_K_RATE, "items/s"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* The buffer and everything below it is guarded by `lock`. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static long long buf[1000];
static int count, capacity;
static long long taken, total;      /* items consumed so far, of total */
static long long empty_pops, overfills, waits;
/* (LAB_LOCK, LAB_COND_WAIT ... are pthread calls, and step points in step mode) */

static bool recheck;                /* true: `while`, false: `if` */
static const char *variant;
static struct lab_gate gate;

/* Put v; false if it had to be refused (only the `if` variant). */
static bool put(long long v)
{
	LAB_LOCK(&lock);
	if (recheck) {
		while (count == capacity) {
			waits++;
			LAB_COND_WAIT(&not_full, &lock);
		}
	} else if (count == capacity) {
		waits++;
		LAB_COND_WAIT(&not_full, &lock); /* wakes, and trusts it */
	}
	if (count == capacity) { /* `if` only: would write past the end */
		overfills++;
		LAB_UNLOCK(&lock);
		return false;
	}
	buf[count++] = v;
	LAB_COND_SIGNAL(&not_empty); /* one item: wake one consumer */
	LAB_UNLOCK(&lock);
	return true;
}

/* Take an item into *v: 1 got one, 0 refused (`if` only), -1 all done. */
static int get(long long *v)
{
	LAB_LOCK(&lock);
	if (recheck) {
		while (count == 0 && taken < total) {
			waits++;
			LAB_COND_WAIT(&not_empty, &lock);
		}
	} else if (count == 0 && taken < total) {
		waits++;
		LAB_COND_WAIT(&not_empty, &lock);
	}
	if (count == 0) {
		bool done = taken == total;
		if (!done)
			empty_pops++; /* `if` only: would pop from an empty buffer */
		LAB_UNLOCK(&lock);
		return done ? -1 : 0;
	}
	*v = buf[--count];
	if (++taken == total)
		LAB_COND_BROADCAST(&not_empty); /* the last one: wake all to leave */
	LAB_COND_SIGNAL(&not_full);
	LAB_UNLOCK(&lock);
	return 1;
}

struct role {
	int id;             /* among producers, or among consumers */
	int step_id;        /* A, B, ... when stepped: producers first */
	long long got, sum; /* a consumer's own tally */
};

static void *producer(void *arg)
{
	struct role *r = arg;
	long long items = lab_param("items");
	lab_step_thread(r->step_id);
	lab_pin_cpu(r->id);
	lab_gate_wait(&gate);
	for (long long i = 0; i < items; i++) {
		long long v = r->id * items + i + 1; /* every item distinct */
		while (!put(v))
			; /* refused: try again */
		if (r->id == 0 && (i & 0x3ff) == 0)
			lab_progress(variant, i, items);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct role *r = arg;
	long long v;
	int rc;
	lab_step_thread(r->step_id);
	lab_pin_cpu(r->id);
	lab_gate_wait(&gate);
	while ((rc = get(&v)) >= 0) {
		if (rc == 1) {
			r->got++;
			r->sum += v;
		}
	}
	return NULL;
}

static void run(const char *name)
{
	int np = (int)lab_param("producers"), nc = (int)lab_param("consumers");
	long long items = lab_param("items");
	pthread_t tid[64];
	struct role roles[64];

	variant = name;
	recheck = strcmp(name, "while") == 0;
	capacity = (int)lab_param("capacity");
	count = 0;
	taken = empty_pops = overfills = waits = 0;
	total = np * items;
	lab_gate_init(&gate, np + nc);
	lab_step_shared_int("count", &count);
	lab_step_shared("taken", &taken);
	lab_step_shared("empty_pops", &empty_pops);
	lab_step_shared("overfills", &overfills);

	long long t0 = lab_now_ns();
	for (int i = 0; i < np + nc; i++) {
		roles[i] = (struct role){.id = i < np ? i : i - np, .step_id = i};
		void *(*body)(void *) = i < np ? producer : consumer;
		if (pthread_create(&tid[i], NULL, body, &roles[i]) != 0)
			lab_die("pthread_create failed");
	}
	for (int i = 0; i < np + nc; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	long long got = 0, sum = 0;
	for (int i = np; i < np + nc; i++) {
		got += roles[i].got;
		sum += roles[i].sum;
	}
	long long want_sum = total * (total + 1) / 2; /* items are 1..total */
	long long violations = empty_pops + overfills;
	lab_log(name, "%lld items through %d slots: %lld pops from an empty buffer, "
		"%lld pushes into a full one", got, capacity, empty_pops, overfills);
	struct lab_metric m[] = {
		LAB_INT("empty_pops", empty_pops),
		LAB_INT("overfills", overfills),
		LAB_INT("items", got),
		LAB_INT("sum_ok", sum == want_sum),
		LAB_INT("waits", waits),
		LAB_REAL("items_per_s", got / (elapsed / 1e9)),
	};
	lab_progress(name, items, items);
	lab_result(name, 0, violations,
		   violations == 0 && got == total && sum == want_sum, elapsed, m,
		   LAB_COUNT(m));
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
