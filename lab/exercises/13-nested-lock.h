/*
 * 13-nested-lock.h - the interface of exercise 13. The harness includes
 * this file too: change 13-nested-lock.c, not this file.
 */
#ifndef EX_13_NESTED_LOCK_H
#define EX_13_NESTED_LOCK_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

#define BOX_CAP 8

/* A box that fills up and is shipped: items[0..count) are in it, and
 * shipped is the sum of every item shipped so far. */
struct box {
	pthread_mutex_t lock; /* guards everything below */
	int count;
	long items[BOX_CAP];
	long shipped;
};

void box_init(struct box *b);
void box_destroy(struct box *b);
void box_add(struct box *b, long item); /* ships the box first if it is full */
int box_ship(struct box *b);            /* empty it; returns how many items went */

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
