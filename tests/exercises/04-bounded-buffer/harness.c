/*
 * harness.c - exercise 04: producers put numbered items, consumers take a
 * fixed share each; every item must arrive exactly once and, per producer,
 * in order.
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

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 4);
	struct hx_tally once = {0}, order = {0};
	static int count[2][PER_PRODUCER];

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
	hx_pass("%d runs, 1-2 producers and 3 consumers: every item once, in order", runs);
}
