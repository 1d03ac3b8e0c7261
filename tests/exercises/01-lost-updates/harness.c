/*
 * harness.c - exercise 01: many threads call counter_add(); the total must be
 * exactly the number of calls the harness made, in every run, and the fix
 * must be the mutex the task asks for: every call pauses once, with c->lock
 * held while it pauses.
 */
#define _POSIX_C_SOURCE 200809L
#include "01-lost-updates.h"
#include "hx.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

static struct counter counter;
static struct hx_gate gate;
static long iters;
static _Thread_local long pauses;     /* ex_pause() calls by this thread */
static atomic_long pauses_unlocked;   /* ... made while c->lock was free */
static atomic_long calls_without_pause;

/* Runs inside the learner's ex_pause(): is the counter's mutex held? A
 * trylock that succeeds means nobody held it (we give it straight back). */
static void check_lock_held(void)
{
	pauses++;
	if (pthread_mutex_trylock(&counter.lock) != EBUSY) {
		pthread_mutex_unlock(&counter.lock);
		atomic_fetch_add(&pauses_unlocked, 1);
	}
}

static void *adder(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	for (long i = 0; i < iters; i++) {
		long before = pauses;
		counter_add(&counter);
		if (pauses == before)
			atomic_fetch_add(&calls_without_pause, 1);
	}
	return NULL;
}

int main(void)
{
	hx_init();
	static const int nthreads[] = {2, 4, 8};
	int runs = hx_runs(12, 3);
	struct hx_tally exact = {0};
	long calls = 0;

	hx_pause_hook = check_lock_held;
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
		calls += want;
		hx_tally_add(&exact, got == want,
			     "%d threads called counter_add() %ld times in all: expected the counter "
			     "to be %ld, it was %ld (%ld updates lost)",
			     n, want, want, got, want - got);
		counter_destroy(&counter);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	long nopause = atomic_load(&calls_without_pause);
	long unlocked = atomic_load(&pauses_unlocked);
	if (nopause)
		hx_fail("%ld of %ld calls to counter_add() returned without calling ex_pause(): "
			"this exercise is about the mutex, so keep the load, ex_pause() and the "
			"store, and make them one critical section with c->lock (an atomic add "
			"is exercise 02's tool)", nopause, calls);
	if (unlocked)
		hx_fail("in %ld of %ld calls, counter_add() paused while c->lock was not held: "
			"the load, the pause and the store must all be inside "
			"pthread_mutex_lock(&c->lock) ... pthread_mutex_unlock(&c->lock)",
			unlocked, calls);
	hx_pass("%d runs with 2, 4 and 8 threads: every call counted, each with c->lock held "
		"from load to store", runs);
}
