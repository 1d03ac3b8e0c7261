/*
 * Exercise 14: reusable barrier
 *
 * Title:   Make a barrier that can be used phase after phase
 * Lesson:  10-barriers
 * Threads: yes
 *
 * A barrier built from a mutex and a condition variable: each thread adds
 * itself to `arrived`; the last one resets the count for the next phase
 * and wakes the others, who sleep "until the reset". It works once. Used
 * phase after phase it hangs now and then: a fast thread leaves, reaches
 * the next phase's barrier and makes `arrived` 1 again before a slow
 * thread has woken up; the slow one then sees `arrived != 0` and goes
 * back to sleep, waiting for a phase it has already finished.
 *
 * Task: fix barrier_wait() so that it can be reused any number of times.
 * A waiter should wait for *its phase* to be over, not for a count that
 * the next phase changes: that is what `generation` is for. It should
 * sleep while it waits, not spin.
 *
 * Done when: `lockstep verify 14` passes: with 2-4 threads and hundreds of
 * phases, nobody leaves a phase before everyone has arrived, nobody hangs,
 * exactly one thread per phase gets 1, a waiting thread sleeps (the
 * harness measures its CPU time), and ThreadSanitizer reports no data race.
 */
#include "14-reusable-barrier.h"

void barrier_init(struct barrier *b, int n)
{
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->all_here, NULL);
	b->n = n;
	b->arrived = 0;
	b->generation = 0;
}

void barrier_destroy(struct barrier *b)
{
	pthread_cond_destroy(&b->all_here);
	pthread_mutex_destroy(&b->lock);
}

int barrier_wait(struct barrier *b)
{
	int last;
	pthread_mutex_lock(&b->lock);
	last = ++b->arrived == b->n;
	if (last) {
		b->arrived = 0;                  /* ready for the next phase */
		pthread_cond_broadcast(&b->all_here);
	} else {
		while (b->arrived != 0) {        /* "until the reset" - but the next */
			ex_pause();              /* phase may have counted again     */
			pthread_cond_wait(&b->all_here, &b->lock);
		}
	}
	pthread_mutex_unlock(&b->lock);
	return last;
}
