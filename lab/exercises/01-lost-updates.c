/*
 * Exercise 01: lost updates
 *
 * Title:   Fix the lost updates with a mutex
 * Lesson:  05-race-conditions
 * Threads: yes
 *
 * Several threads call counter_add() at the same time, thousands of times
 * between them, and the total comes out short. counter_add() reads the
 * value, pauses (ex_pause() lets another thread run, as a timer interrupt
 * could), then writes value + 1. Two threads that read the same value both
 * write the same result: one update is lost.
 *
 * Task: make counter_add() exact. The struct already has a mutex, and
 * counter_init() already initialises it. Keep the ex_pause() call inside
 * your critical section: a correct counter does not care when it pauses.
 * The harness checks that c->lock is held whenever ex_pause() runs. (An
 * atomic add would count right too, but that is exercise 02; here, the
 * mutex.)
 *
 * Done when: `lockstep verify 01` passes: with 2 to 8 threads, every run
 * counts every call, each call pauses with c->lock held, and
 * ThreadSanitizer reports no data race.
 */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	long v = c->value;  /* 1. load                                  */
	ex_pause();         /*    another thread may run right here ... */
	c->value = v + 1;   /* 2. store: ... and this overwrites its update */
}

long counter_get(struct counter *c)
{
	return c->value;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
}
