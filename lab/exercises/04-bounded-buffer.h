/*
 * 04-bounded-buffer.h - the interface of exercise 04. The harness includes
 * this file too: change 04-bounded-buffer.c, not this file.
 */
#ifndef EX_04_BOUNDED_BUFFER_H
#define EX_04_BOUNDED_BUFFER_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

#define BBUF_CAP 2

/* A ring of BBUF_CAP slots: the oldest item is items[head], the others
 * follow it (wrapping around), count of them in all. */
struct bbuf {
	int items[BBUF_CAP];
	int head, count;
	pthread_mutex_t lock;
	pthread_cond_t not_full;  /* signalled when an item is taken */
	pthread_cond_t not_empty; /* signalled when an item is added */
};

void bbuf_init(struct bbuf *b);
void bbuf_destroy(struct bbuf *b);
void bbuf_put(struct bbuf *b, int item); /* waits while the buffer is full  */
int bbuf_get(struct bbuf *b);            /* waits while the buffer is empty */

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
