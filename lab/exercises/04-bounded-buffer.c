/*
 * Exercise 04: bounded buffer
 *
 * Title:   Replace `if` with a wait loop in a bounded buffer
 * Lesson:  08-condition-variables
 * Threads: yes
 *
 * Producers put items into a small buffer and consumers take them out. The
 * lock is used everywhere and the waiting is done with condition variables,
 * yet items get lost or delivered twice, and sometimes everything hangs.
 *
 * The bug is one word, twice. pthread_cond_wait() returning does not mean
 * the condition you waited for is true: another thread may have got there
 * first (a broadcast wakes every waiter, and only one can have the item),
 * and POSIX allows a waiter to wake for no reason at all.
 *
 * Task: fix bbuf_put() and bbuf_get() so that each waits until its
 * condition really holds.
 *
 * Done when: `lockstep verify 04` passes: with 1-2 producers and 3
 * consumers, every item is delivered exactly once, each producer's items
 * arrive in the order it put them, nobody hangs, a thread that waits
 * sleeps (the harness measures the CPU time of a consumer on an empty
 * buffer and a producer on a full one), and ThreadSanitizer reports no
 * data race.
 */
#include "04-bounded-buffer.h"

void bbuf_init(struct bbuf *b)
{
	b->head = b->count = 0;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->not_full, NULL);
	pthread_cond_init(&b->not_empty, NULL);
}

void bbuf_destroy(struct bbuf *b)
{
	pthread_cond_destroy(&b->not_empty);
	pthread_cond_destroy(&b->not_full);
	pthread_mutex_destroy(&b->lock);
}

void bbuf_put(struct bbuf *b, int item)
{
	pthread_mutex_lock(&b->lock);
	if (b->count == BBUF_CAP)                     /* full: wait for room */
		pthread_cond_wait(&b->not_full, &b->lock);
	b->items[(b->head + b->count) % BBUF_CAP] = item;
	b->count++;
	pthread_cond_broadcast(&b->not_empty);        /* wake the consumers */
	pthread_mutex_unlock(&b->lock);
}

int bbuf_get(struct bbuf *b)
{
	pthread_mutex_lock(&b->lock);
	if (b->count == 0)                            /* empty: wait for an item */
		pthread_cond_wait(&b->not_empty, &b->lock);
	int item = b->items[b->head];
	b->head = (b->head + 1) % BBUF_CAP;
	b->count--;
	pthread_cond_broadcast(&b->not_full);         /* wake the producers */
	pthread_mutex_unlock(&b->lock);
	return item;
}
