/*
 * harness.c - exercise 14: 2-4 threads meet at one barrier phase after
 * phase. Before each wait a thread counts itself into the phase; after it,
 * it checks that all n have been counted (nobody left early). Exactly one
 * thread per phase must get 1; nobody may hang. Then two threads wait for
 * a third that comes late: while they wait they must sleep, which the
 * harness sees in their CPU time and context switches.
 */
#define _POSIX_C_SOURCE 200809L
#include "14-reusable-barrier.h"
#include "hx.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define MAXT 4
#define MAXPHASES 400

static struct barrier bar;
static struct hx_gate gate;
static int nthreads, phases;
static atomic_int entered[MAXPHASES]; /* threads that reached phase p's wait */
static atomic_int leaders[MAXPHASES]; /* ... and got 1 from it */
static atomic_int early, early_phase, early_seen;

static void *member(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	for (int p = 0; p < phases; p++) {
		if (hx_between(0, 3) == 0)
			ex_pause(); /* some threads come late */
		atomic_fetch_add(&entered[p], 1);
		if (barrier_wait(&bar))
			atomic_fetch_add(&leaders[p], 1);
		int seen = atomic_load(&entered[p]);
		if (seen < nthreads && atomic_fetch_add(&early, 1) == 0) {
			atomic_store(&early_phase, p);
			atomic_store(&early_seen, seen);
		}
	}
	return NULL;
}

/* ---- waiting must be sleeping */

static struct hx_usage used[2][2];
static double waited_s[2];

static void *early_member(void *arg)
{
	int i = (int)(long)arg;
	long long t0 = hx_now_ms();
	hx_usage_self(&used[i][0]);
	barrier_wait(&bar);
	hx_usage_self(&used[i][1]);
	waited_s[i] = (double)(hx_now_ms() - t0) / 1000.0;
	return NULL;
}

static void check_sleeps(int quiet_ms)
{
	pthread_t t[2];
	hx_phase("two threads waiting %d ms at the barrier for a third", quiet_ms);
	hx_deadline(10, "two threads waited at a barrier for a third, which came, and they "
		    "never left");
	barrier_init(&bar, 3);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, early_member, (void *)(long)i);
	hx_sleep_us(1000L * quiet_ms);
	barrier_wait(&bar); /* the third, late */
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	barrier_destroy(&bar);
	char why[200];
	for (int i = 0; i < 2; i++)
		if (hx_usage_spun(&used[i][0], &used[i][1], waited_s[i], why, sizeof why))
			hx_fail("a thread at your barrier spun instead of sleeping: %s for a "
				"third thread to arrive; sleep on b->all_here with "
				"pthread_cond_wait()", why);
}

int main(void)
{
	hx_init();
	int runs = hx_runs(6, 3);
	struct hx_tally not_early = {0}, one_leader = {0};

	for (int r = 0; r < runs; r++) {
		pthread_t tid[MAXT];
		nthreads = 2 + r % 3;
		phases = (int)hx_between(MAXPHASES / 2, MAXPHASES);
		hx_phase("run %d of %d, %d threads x %d phases", r + 1, runs, nthreads, phases);
		static char what[300];
		snprintf(what, sizeof what, "with %d threads meeting phase after phase, "
			 "barrier_wait() stopped returning: some threads wait for a phase that "
			 "never ends for them (is every waiter woken, and can one that wakes late "
			 "tell that its phase is over?)", nthreads);
		hx_deadline(3, what);
		for (int p = 0; p < phases; p++) {
			atomic_store(&entered[p], 0);
			atomic_store(&leaders[p], 0);
		}
		atomic_store(&early, 0);
		barrier_init(&bar, nthreads);
		hx_gate_init(&gate, nthreads);
		for (int t = 0; t < nthreads; t++)
			pthread_create(&tid[t], NULL, member, NULL);
		for (int t = 0; t < nthreads; t++)
			pthread_join(tid[t], NULL);
		barrier_destroy(&bar);

		int e = atomic_load(&early);
		hx_tally_add(&not_early, e == 0,
			     "a thread left barrier_wait() in phase %d when only %d of %d threads "
			     "had arrived (%d early leaves in %d phases)",
			     atomic_load(&early_phase) + 1, atomic_load(&early_seen), nthreads, e,
			     phases);
		int bad = -1;
		for (int p = 0; p < phases && bad < 0; p++)
			if (atomic_load(&leaders[p]) != 1)
				bad = p;
		hx_tally_add(&one_leader, bad < 0,
			     "in phase %d, %d threads got 1 from barrier_wait(): expected exactly "
			     "one (the last to arrive)", bad + 1, bad < 0 ? 1 : atomic_load(&leaders[bad]));
	}
	hx_deadline(0, NULL);
	hx_tally_check(&not_early);
	hx_tally_check(&one_leader);
	check_sleeps(hx_runs(200, 120));
	hx_deadline(0, NULL);
	hx_pass("%d runs, 2-4 threads, hundreds of phases each: nobody left early, nobody hung, "
		"one leader per phase, and waiting threads slept", runs);
}
