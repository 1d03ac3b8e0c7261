/*
 * harness.c - exercise 10: submit a burst of tasks to a fresh pool and shut
 * it down at once. Every task must have run exactly once when
 * pool_shutdown() returns, on the pool's own threads (never more of them
 * than asked for). Then the same after a quiet moment: a few tasks, all
 * done, every worker asleep (seen in /proc), and only then pool_shutdown():
 * it must wake every idle worker, not just one.
 */
#define _POSIX_C_SOURCE 200809L
#include "10-pool-shutdown.h"
#include "hx.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#define MAXTASKS 160

static atomic_int ran[MAXTASKS];  /* runs per task */
static atomic_int ran_on[MAXTASKS];
static atomic_int next_mark;
static _Thread_local int mark;    /* a number for each thread, never reused */

static int my_mark(void)
{
	if (mark == 0)
		mark = atomic_fetch_add(&next_mark, 1) + 1;
	return mark;
}

static void task(void *arg)
{
	int id = (int)(long)arg;
	atomic_fetch_add(&ran[id], 1);
	atomic_store(&ran_on[id], my_mark());
	if (id % 4 == 0)
		hx_sleep_us(hx_between(20, 200)); /* some tasks take a while */
	ex_pause();
}

/* A pool that has gone quiet: its tasks are done and every worker sleeps,
 * waiting for work. pool_shutdown() must wake them all. */
static void check_idle_shutdown(int nthreads)
{
	int ntasks = nthreads; /* a task each, at most */
	hx_phase("a pool of %d threads shut down after a quiet moment", nthreads);
	hx_deadline(10, "a pool's tasks never finished before shutdown");
	for (int i = 0; i < ntasks; i++)
		atomic_store(&ran[i], 0);
	struct pool *p = pool_new(nthreads);
	for (int i = 0; i < ntasks; i++)
		pool_submit(p, task, (void *)(long)i);
	for (int i = 0; i < ntasks; i++)
		while (atomic_load(&ran[i]) == 0)
			hx_sleep_us(500);
	int asleep = hx_wait_others_asleep(3000);
	static char what[300];
	if (asleep < 0)
		snprintf(what, sizeof what, "pool_shutdown() never returned: a worker did not wake "
			 "up for shutdown");
	else
		snprintf(what, sizeof what, "a worker slept through shutdown: the pool's %d workers "
			 "were idle, asleep, when pool_shutdown() was called, and it never returned. "
			 "Setting stop must wake every waiting worker (pthread_cond_broadcast), "
			 "not just one", nthreads);
	hx_deadline(3, what);
	pool_shutdown(p);
	hx_deadline(0, NULL);
}

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 4);
	struct hx_tally all_ran = {0}, on_workers = {0};
	int shared = 0; /* runs in which two or more threads ran tasks */

	for (int r = 0; r < runs; r++) {
		int nthreads = 2 + r % 3, ntasks = (int)hx_between(80, MAXTASKS);
		hx_phase("run %d of %d, %d threads, %d tasks", r + 1, runs, nthreads, ntasks);
		hx_deadline(5, "pool_shutdown() never returned: a worker waits forever");
		for (int i = 0; i < ntasks; i++) {
			atomic_store(&ran[i], 0);
			atomic_store(&ran_on[i], 0);
		}
		struct pool *p = pool_new(nthreads);
		for (int i = 0; i < ntasks; i++)
			pool_submit(p, task, (void *)(long)i);
		pool_shutdown(p); /* at once: most tasks are still queued */

		int never = 0, twice = 0, first = -1, inline_ = 0, threads = 0;
		int marks[MAXTASKS];
		for (int i = 0; i < ntasks; i++) {
			int c = atomic_load(&ran[i]), m = atomic_load(&ran_on[i]), k;
			if (c != 1 && first < 0)
				first = i;
			never += c == 0;
			twice += c > 1;
			if (c == 0)
				continue;
			inline_ += m == my_mark();
			for (k = 0; k < threads && marks[k] != m; k++)
				;
			if (k == threads)
				marks[threads++] = m;
		}
		if (twice)
			hx_tally_add(&all_ran, false,
				     "%d tasks submitted, then pool_shutdown(): expected each to run "
				     "once, but %d ran more than once and %d never (first: task %d)",
				     ntasks, twice, never, first);
		else
			hx_tally_add(&all_ran, never == 0,
				     "%d tasks submitted, then pool_shutdown(): expected each to run "
				     "before it returned, but %d of them never ran (first: task %d)",
				     ntasks, never, first);
		if (inline_)
			hx_tally_add(&on_workers, false,
				     "%d of %d tasks ran on the thread that called pool_submit(): "
				     "expected them to run on the pool's threads", inline_, ntasks);
		else
			hx_tally_add(&on_workers, threads <= nthreads,
				     "a pool of %d threads ran %d tasks on %d different threads: "
				     "expected at most %d", nthreads, ntasks, threads, nthreads);
		shared += threads >= 2;
	}
	check_idle_shutdown(3);
	check_idle_shutdown(4);
	hx_deadline(0, NULL);
	hx_tally_check(&all_ran);
	hx_tally_check(&on_workers);
	if (shared == 0)
		hx_fail("in %d runs, every task ran on one and the same thread: expected the "
			"pool's threads to share the work", runs);
	hx_pass("%d runs, pools of 2-4 threads: every queued task ran once before shutdown "
		"returned; idle pools of 3 and 4 threads shut down", runs);
}
