/*
 * harness.c - exercise 06: two producers put numbered values, two consumers
 * get a fixed share each; every value must come out exactly once and, per
 * producer, in order. Then a consumer waits on an empty queue while nothing
 * happens: it must sleep, which the harness sees in that thread's CPU time
 * and context switches (not in wall time).
 */
#define _POSIX_C_SOURCE 200809L
#include "06-thread-safe-queue.h"
#include "hx.h"

#include <pthread.h>
#include <string.h>

#define NPROD 2
#define NCONS 2
#define PER_PRODUCER 500
#define VALUE(p, i) ((p) * 100000 + (i))

static struct queue queue;
static struct hx_gate gate;
static int got[NCONS][NPROD * PER_PRODUCER / NCONS];

static void *producer(void *arg)
{
	int p = (int)(long)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < PER_PRODUCER; i++)
		queue_put(&queue, VALUE(p, i));
	return NULL;
}

static void *consumer(void *arg)
{
	int c = (int)(long)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < NPROD * PER_PRODUCER / NCONS; i++)
		got[c][i] = queue_get(&queue);
	return NULL;
}

/* ---- waiting must be sleeping */

static struct hx_usage used[2];
static double waited_s;

static void *lone_consumer(void *arg)
{
	(void)arg;
	struct hx_usage before;
	long long t0 = hx_now_ms();
	hx_usage_self(&before);
	int v = queue_get(&queue); /* the queue is empty: this waits */
	hx_usage_self(&used[1]);
	used[0] = before;
	waited_s = (double)(hx_now_ms() - t0) / 1000.0;
	return (void *)(long)v;
}

static void check_sleeps(int quiet_ms)
{
	pthread_t t;
	void *v;
	hx_phase("a consumer waiting %d ms on an empty queue", quiet_ms);
	hx_deadline(10, "queue_get() never returned after a value was put into the empty queue");
	queue_init(&queue);
	pthread_create(&t, NULL, lone_consumer, NULL);
	hx_sleep_us(1000L * quiet_ms);
	queue_put(&queue, 42);
	pthread_join(t, &v);
	queue_destroy(&queue);
	if ((int)(long)v != 42)
		hx_fail("one value, 42, was put into an empty queue: queue_get() returned %d",
			(int)(long)v);
	char why[200];
	if (hx_usage_spun(&used[0], &used[1], waited_s, why, sizeof why))
		hx_fail("your consumer spun instead of sleeping: %s on an empty queue; wait "
			"with pthread_cond_wait() on q->not_empty, and signal it in queue_put()",
			why);
}

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 3);
	int share = NPROD * PER_PRODUCER / NCONS;
	struct hx_tally once = {0}, order = {0};
	static int count[NPROD][PER_PRODUCER];

	for (int r = 0; r < runs; r++) {
		pthread_t tid[NPROD + NCONS];
		hx_phase("run %d of %d, %d producers and %d consumers", r + 1, runs, NPROD, NCONS);
		hx_deadline(3, "the producers and consumers never finished: a consumer waits "
			    "forever for a value");
		queue_init(&queue);
		hx_gate_init(&gate, NPROD + NCONS);
		for (int c = 0; c < NCONS; c++)
			pthread_create(&tid[c], NULL, consumer, (void *)(long)c);
		for (int p = 0; p < NPROD; p++)
			pthread_create(&tid[NCONS + p], NULL, producer, (void *)(long)p);
		for (int i = 0; i < NPROD + NCONS; i++)
			pthread_join(tid[i], NULL);
		queue_destroy(&queue);

		memset(count, 0, sizeof count);
		int bogus = 0, ooo = 0, ooo_a = 0, ooo_b = 0;
		for (int c = 0; c < NCONS; c++) {
			int last[NPROD] = {-1, -1};
			for (int i = 0; i < share; i++) {
				int v = got[c][i], p = v / 100000, k = v % 100000;
				if (v < 0 || p >= NPROD || k >= PER_PRODUCER) {
					bogus++;
					continue;
				}
				count[p][k]++;
				if (k < last[p] && ooo++ == 0) {
					ooo_a = VALUE(p, last[p]);
					ooo_b = v;
				}
				last[p] = k;
			}
		}
		int missing = 0, twice = 0, first = -1;
		for (int p = 0; p < NPROD; p++)
			for (int k = 0; k < PER_PRODUCER; k++) {
				if (count[p][k] != 1 && first < 0)
					first = VALUE(p, k);
				missing += count[p][k] == 0;
				twice += count[p][k] > 1;
			}
		hx_tally_add(&once, missing == 0 && twice == 0 && bogus == 0,
			     "%d values were put: expected each got exactly once, but %d came out "
			     "more than once, %d never, and %d values came out that nobody put "
			     "(first wrong: %d)",
			     NPROD * PER_PRODUCER, twice, missing, bogus, first);
		hx_tally_add(&order, ooo == 0,
			     "value %d came out after %d from the same producer: expected "
			     "first in, first out", ooo_b, ooo_a);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&once);
	hx_tally_check(&order);
	check_sleeps(hx_runs(200, 120));
	hx_deadline(0, NULL);
	hx_pass("%d runs, 2 producers and 2 consumers: every value once, first in first out; "
		"a consumer on an empty queue slept", runs);
}
