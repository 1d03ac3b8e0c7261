/*
 * harness.c - exercise 12: threads make random transfers between a few
 * accounts, in both directions. All must finish (a watchdog catches a
 * deadlock), and each final balance must match the transfers the harness
 * asked for.
 */
#define _POSIX_C_SOURCE 200809L
#include "12-lock-order.h"
#include "hx.h"

#include <pthread.h>
#include <stdint.h>

#define MAXACC 4
#define MAXT 4

static struct account acc[MAXACC];
static int naccounts;
static long per_thread;
static struct hx_gate gate;
static long delta[MAXT][MAXACC]; /* each thread's own sum of what it moved */

static void *mover(void *arg)
{
	int t = (int)(long)arg;
	uint64_t rng = hx_seed_for(t + 17);
	hx_gate_wait(&gate);
	for (long i = 0; i < per_thread; i++) {
		int a = (int)(hx_rand(&rng) % (uint64_t)naccounts);
		int b = (int)(hx_rand(&rng) % (uint64_t)(naccounts - 1));
		if (b >= a)
			b++; /* never the same account */
		long amount = (long)(hx_rand(&rng) % 100) + 1;
		transfer(&acc[a], &acc[b], amount);
		delta[t][a] -= amount;
		delta[t][b] += amount;
	}
	return NULL;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(8, 3);
	struct hx_tally exact = {0};

	for (int r = 0; r < runs; r++) {
		int n = 2 + r % 3;
		naccounts = 2 + r % 3;
		per_thread = hx_between(300, 600);
		pthread_t tid[MAXT];
		hx_phase("run %d of %d, %d threads, %d accounts", r + 1, runs, n, naccounts);
		hx_deadline(2, "the transfers never finished: threads hold one account's lock "
			    "each and wait for another's (a deadlock)");
		/* ids in a shuffled order, so "lower address first" and "lower id first" differ */
		for (int i = 0; i < naccounts; i++) {
			acc[i].id = (naccounts - 1 - i + r) % naccounts;
			acc[i].balance = 10000;
			pthread_mutex_init(&acc[i].lock, NULL);
		}
		for (int t = 0; t < n; t++)
			for (int i = 0; i < MAXACC; i++)
				delta[t][i] = 0;
		hx_gate_init(&gate, n);
		for (int t = 0; t < n; t++)
			pthread_create(&tid[t], NULL, mover, (void *)(long)t);
		for (int t = 0; t < n; t++)
			pthread_join(tid[t], NULL);

		int wrong = 0, first = 0;
		long want_first = 0;
		for (int i = 0; i < naccounts; i++) {
			long want = 10000;
			for (int t = 0; t < n; t++)
				want += delta[t][i];
			if (acc[i].balance != want && wrong++ == 0) {
				first = i;
				want_first = want;
			}
			pthread_mutex_destroy(&acc[i].lock);
		}
		hx_tally_add(&exact, wrong == 0,
			     "%d threads made %ld transfers: expected account %d to end with %ld, "
			     "it has %ld (%d of %d accounts wrong)", n, n * per_thread, acc[first].id,
			     want_first, acc[first].balance, wrong, naccounts);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	hx_pass("%d runs, 2-4 threads, 2-4 accounts: no deadlock, every balance exact", runs);
}
