/*
 * 01-lost-updates.h - the interface of exercise 01. The harness includes
 * this file too: change 01-lost-updates.c, not this file.
 */
#ifndef EX_01_LOST_UPDATES_H
#define EX_01_LOST_UPDATES_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

struct counter {
	long value;
	pthread_mutex_t lock;
};

void counter_init(struct counter *c);
void counter_add(struct counter *c);  /* add one; many threads call it at once */
long counter_get(struct counter *c);  /* called after every thread has finished */
void counter_destroy(struct counter *c);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
