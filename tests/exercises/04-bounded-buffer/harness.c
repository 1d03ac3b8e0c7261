/*
 * harness.c - exercise 04: producers put numbered items, consumers take a
 * fixed share each; every item must arrive exactly once and, per producer,
 * in order. Then a consumer waits on an empty buffer and a producer on a
 * full one while nothing happens: each must sleep, which the harness sees
 * in the CPU time and context switches of that thread (not in wall time).
 */
#define _POSIX_C_SOURCE 200809L
#include "04-bounded-buffer.h"
#include "hx.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NCONS 3
#define PER_PRODUCER 600
#define ITEM(p, i) ((p) * 100000 + (i)) /* producer p's i-th item */

static struct bbuf buf;
static struct hx_gate gate;
static int got[NCONS][2 * PER_PRODUCER]; /* what each consumer took, in order */
static int share;                        /* items per consumer */

static void *producer(void *arg)
{
	int p = (int)(long)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < PER_PRODUCER; i++) {
		bbuf_put(&buf, ITEM(p, i));
		if (i % 8 == 0)
			ex_pause();
	}
	return NULL;
}

static void *consumer(void *arg)
{
	int c = (int)(long)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < share; i++)
		got[c][i] = bbuf_get(&buf);
	return NULL;
}

/* ---- two waiters, one change: only one of them may go on */

static void *put_one(void *arg)
{
	bbuf_put(&buf, (int)(long)arg);
	return NULL;
}

static void *get_one(void *arg)
{
	return (void *)(long)bbuf_get(&buf);
	(void)arg;
}

/* Two producers wait on a full buffer (both asleep, checked in /proc); one
 * item is taken, which wakes both; only one slot is free. Then everything
 * is taken out: the items must be exactly the ones put. The same with two
 * consumers on an empty buffer and one item put. */
static void check_two_waiters(bool producers)
{
	pthread_t t[2];
	int got_items[BBUF_CAP + 2], n = 0;
	hx_phase("two %s waiting on a%s buffer, then one %s", producers ? "producers" : "consumers",
		 producers ? " full" : "n empty", producers ? "item taken" : "item put");
	hx_deadline(10, producers ? "two producers waited on a full buffer and one of them never "
				    "got its turn as the buffer emptied"
				  : "two consumers waited on an empty buffer and one of them never "
				    "got the second item");
	bbuf_init(&buf);
	for (int i = 0; i < BBUF_CAP; i++)
		buf.items[i] = -1; /* what an empty slot gives */
	if (producers)
		for (int i = 0; i < BBUF_CAP; i++)
			bbuf_put(&buf, i);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, producers ? put_one : get_one, (void *)(long)(100 + i));
	hx_wait_others_asleep(2000); /* both are waiting now (a spinner never is) */
	if (producers) {
		got_items[n++] = bbuf_get(&buf); /* one free slot, two producers woken */
		for (int i = 0; i < BBUF_CAP + 1; i++)
			got_items[n++] = bbuf_get(&buf);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
	} else {
		bbuf_put(&buf, 100); /* one item, two consumers woken */
		hx_wait_others_asleep(2000); /* one took it; the other waits again */
		bbuf_put(&buf, 101);
		for (int i = 0; i < 2; i++) {
			void *v;
			pthread_join(t[i], &v);
			got_items[n++] = (int)(long)v;
		}
	}
	bbuf_destroy(&buf);
	int seen = 0; /* bit per expected item */
	for (int i = 0; i < n; i++) {
		int v = got_items[i], bit = v >= 100 ? BBUF_CAP + v - 100 : v;
		if (v < 0 || bit < 0 || bit >= BBUF_CAP + 2 || (v >= BBUF_CAP && v < 100) ||
		    (seen & (1 << bit)))
			hx_fail(producers
				? "two producers waited on a full buffer; one item was taken, which "
				  "woke both, and both put: an item was overwritten (got %d twice or "
				  "a stale value). A woken producer must check again that there is room"
				: "two consumers waited on an empty buffer; one item was put, which "
				  "woke both, and both took one: got %d, a stale slot. A woken "
				  "consumer must check again that there is an item", v);
		seen |= 1 << bit;
	}
}

/* ---- waiting must be sleeping */

static struct hx_usage used[2];
static double waited_s;

static double now_s(void)
{
	return (double)hx_now_ms() / 1000.0;
}

static void *lone_consumer(void *arg)
{
	(void)arg;
	struct hx_usage before;
	double t0 = now_s();
	hx_usage_self(&before);
	int v = bbuf_get(&buf); /* the buffer is empty: this waits */
	hx_usage_self(&used[1]);
	used[0] = before;
	waited_s = now_s() - t0;
	return (void *)(long)v;
}

static void *lone_producer(void *arg)
{
	(void)arg;
	struct hx_usage before;
	double t0 = now_s();
	hx_usage_self(&before);
	bbuf_put(&buf, 7); /* the buffer is full: this waits */
	hx_usage_self(&used[1]);
	used[0] = before;
	waited_s = now_s() - t0;
	return NULL;
}

/* One thread waits for `quiet_ms` on a buffer that stays empty (or full);
 * then main ends the wait. Fails if the thread spun or polled meanwhile. */
static void check_sleeps(bool consumer, int quiet_ms)
{
	pthread_t t;
	hx_phase("a %s waiting %d ms on a%s buffer", consumer ? "consumer" : "producer",
		 quiet_ms, consumer ? "n empty" : " full");
	hx_deadline(10, consumer ? "bbuf_get() never returned after an item was put"
				 : "bbuf_put() never returned after an item was taken");
	bbuf_init(&buf);
	if (!consumer)
		for (int i = 0; i < BBUF_CAP; i++)
			bbuf_put(&buf, i);
	pthread_create(&t, NULL, consumer ? lone_consumer : lone_producer, NULL);
	hx_sleep_us(1000L * quiet_ms);
	if (consumer)
		bbuf_put(&buf, 42);
	else
		for (int i = 0; i <= BBUF_CAP; i++)
			bbuf_get(&buf);
	pthread_join(t, NULL);
	bbuf_destroy(&buf);
	char why[200];
	if (hx_usage_spun(&used[0], &used[1], waited_s, why, sizeof why))
		hx_fail("your %s spun instead of sleeping: %s on a%s buffer; wait with "
			"pthread_cond_wait(), which sleeps until another thread signals",
			consumer ? "consumer" : "producer", why, consumer ? "n empty" : " full");
}

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 4);
	struct hx_tally once = {0}, order = {0};
	static int count[2][PER_PRODUCER];

	/* First, while the buffer is quiet: a thread that spins or polls fails
	 * here in a fraction of a second, where the checks below would spend
	 * seconds waiting for it to fall asleep (a spinner took 7 s to fail). */
	int quiet_ms = hx_runs(200, 120);
	check_sleeps(true, quiet_ms);
	check_sleeps(false, quiet_ms);
	check_two_waiters(true);
	check_two_waiters(false);
	for (int r = 0; r < runs; r++) {
		int np = 1 + r % 2, total = np * PER_PRODUCER;
		pthread_t tid[2 + NCONS];
		share = total / NCONS; /* 600 and 1200 both divide by 3 */
		hx_phase("run %d of %d, %d producer(s), %d consumers", r + 1, runs, np, NCONS);
		hx_deadline(10, "the producers and consumers never finished: some thread waits forever");
		bbuf_init(&buf);
		hx_gate_init(&gate, np + NCONS);
		for (int c = 0; c < NCONS; c++)
			pthread_create(&tid[c], NULL, consumer, (void *)(long)c);
		for (int p = 0; p < np; p++)
			pthread_create(&tid[NCONS + p], NULL, producer, (void *)(long)p);
		for (int i = 0; i < np + NCONS; i++)
			pthread_join(tid[i], NULL);
		bbuf_destroy(&buf);

		memset(count, 0, sizeof count);
		int bogus = 0, bogus_val = 0, out_of_order = 0, ooo_c = 0, ooo_a = 0, ooo_b = 0;
		for (int c = 0; c < NCONS; c++) {
			int last[2] = {-1, -1};
			for (int i = 0; i < share; i++) {
				int v = got[c][i], p = v / 100000, k = v % 100000;
				if (v < 0 || p >= np || k >= PER_PRODUCER) {
					if (bogus++ == 0)
						bogus_val = v;
					continue;
				}
				count[p][k]++;
				if (k < last[p] && out_of_order++ == 0) {
					ooo_c = c;
					ooo_a = ITEM(p, last[p]);
					ooo_b = v;
				}
				last[p] = k;
			}
		}
		int missing = 0, twice = 0, first = -1;
		for (int p = 0; p < np; p++)
			for (int k = 0; k < PER_PRODUCER; k++) {
				if (count[p][k] != 1 && first < 0)
					first = ITEM(p, k);
				missing += count[p][k] == 0;
				twice += count[p][k] > 1;
			}
		if (bogus)
			hx_tally_add(&once, false,
				     "%d items were put: the consumers also got %d values nobody put "
				     "(for example %d), read from an empty slot", total, bogus, bogus_val);
		else
			hx_tally_add(&once, missing == 0 && twice == 0,
				     "%d items were put: expected each taken exactly once, but %d were taken "
				     "more than once and %d never (first: item %d)",
				     total, twice, missing, first);
		hx_tally_add(&order, out_of_order == 0,
			     "consumer %d took item %d after item %d of the same producer: "
			     "expected each producer's items in the order they were put",
			     ooo_c, ooo_b, ooo_a);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&once);
	hx_tally_check(&order);
	hx_deadline(0, NULL);
	hx_pass("%d runs, 1-2 producers and 3 consumers: every item once, in order; a "
		"consumer on an empty buffer and a producer on a full one slept", runs);
}
