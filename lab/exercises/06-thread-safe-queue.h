/*
 * 06-thread-safe-queue.h - the interface of exercise 06. The harness
 * includes this file too: change 06-thread-safe-queue.c, not this file.
 */
#ifndef EX_06_THREAD_SAFE_QUEUE_H
#define EX_06_THREAD_SAFE_QUEUE_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

/* An unbounded FIFO queue as a linked list: take at head, add at tail. */
struct node {
	int value;
	struct node *next;
};

struct queue {
	struct node *head, *tail; /* both NULL when the queue is empty */
	pthread_mutex_t lock;
	pthread_cond_t not_empty;
};

void queue_init(struct queue *q);
void queue_destroy(struct queue *q);        /* frees any nodes still queued */
void queue_put(struct queue *q, int value); /* never waits */
int queue_get(struct queue *q);             /* waits while the queue is empty */

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
