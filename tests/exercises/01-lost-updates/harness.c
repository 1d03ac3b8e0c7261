/*
 * harness.c - exercise 01: many threads call counter_add(); the total must be
 * exactly the number of calls the harness made, in every run.
 */
#define _POSIX_C_SOURCE 200809L
#include "01-lost-updates.h"
#include "hx.h"

#include <pthread.h>

static struct counter counter;
static struct hx_gate gate;
static long iters;

static void *adder(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	for (long i = 0; i < iters; i++)
		counter_add(&counter);
	return NULL;
}

int main(void)
{
	hx_init();
	static const int nthreads[] = {2, 4, 8};
	int runs = hx_runs(12, 3);
	struct hx_tally exact = {0};

	for (int r = 0; r < runs; r++) {
		int n = nthreads[r % 3];
		pthread_t tid[8];
		iters = hx_between(300, 600); /* a different total every run */
		hx_phase("run %d of %d, %d threads x %ld calls", r + 1, runs, n, iters);
		hx_deadline(10, "the threads calling counter_add() never finished");
		counter_init(&counter);
		hx_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			if (pthread_create(&tid[i], NULL, adder, NULL) != 0)
				hx_fail("could not create thread %d", i);
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);
		long want = n * iters, got = counter_get(&counter);
		hx_tally_add(&exact, got == want,
			     "%d threads called counter_add() %ld times in all: expected the counter "
			     "to be %ld, it was %ld (%ld updates lost)",
			     n, want, want, got, want - got);
		counter_destroy(&counter);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	hx_pass("%d runs with 2, 4 and 8 threads: every call counted", runs);
}
