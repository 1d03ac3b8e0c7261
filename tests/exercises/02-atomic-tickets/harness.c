/*
 * harness.c - exercise 02: threads take tickets; every number from 0 to N-1
 * must have been handed out exactly once.
 */
#define _POSIX_C_SOURCE 200809L
#include "02-atomic-tickets.h"
#include "hx.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAXT 8
#define MAXPER 600

static struct hx_gate gate;
static long per_thread;
static long taken[MAXT][MAXPER]; /* what each thread got, in its own row */

static void *taker(void *arg)
{
	long (*row)[MAXPER] = arg;
	hx_gate_wait(&gate);
	for (long i = 0; i < per_thread; i++)
		(*row)[i] = ticket_take();
	return NULL;
}

int main(void)
{
	hx_init();
	static const int nthreads[] = {2, 4, 8};
	int runs = hx_runs(12, 3);
	struct hx_tally once = {0};
	int *seen = calloc(MAXT * MAXPER, sizeof *seen);

	for (int r = 0; r < runs; r++) {
		int n = nthreads[r % 3];
		pthread_t tid[MAXT];
		per_thread = hx_between(300, MAXPER);
		long total = n * per_thread;
		hx_phase("run %d of %d, %d threads x %ld tickets", r + 1, runs, n, per_thread);
		hx_deadline(10, "the threads calling ticket_take() never finished");
		tickets_reset();
		hx_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			if (pthread_create(&tid[i], NULL, taker, taken[i]) != 0)
				hx_fail("could not create thread %d", i);
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);

		memset(seen, 0, MAXT * MAXPER * sizeof *seen);
		long outside = 0, dup = 0, first_dup = -1, bad_value = 0;
		for (int i = 0; i < n; i++)
			for (long k = 0; k < per_thread; k++) {
				long t = taken[i][k];
				if (t < 0 || t >= total) {
					if (outside++ == 0)
						bad_value = t;
				} else if (seen[t]++ > 0 && dup++ == 0) {
					first_dup = t;
				}
			}
		if (outside)
			hx_tally_add(&once, false,
				     "%ld tickets were taken: expected numbers 0..%ld, but %ld tickets "
				     "were outside that range (for example %ld)",
				     total, total - 1, outside, bad_value);
		else
			hx_tally_add(&once, dup == 0,
				     "%ld tickets were taken by %d threads: expected each number once, "
				     "but %ld were handed out more than once (the first: ticket %ld), "
				     "so others were never handed out",
				     total, n, dup, first_dup);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&once);
	free(seen);
	hx_pass("%d runs with 2, 4 and 8 threads: every ticket handed out exactly once", runs);
}
