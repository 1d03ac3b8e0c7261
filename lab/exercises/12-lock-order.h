/*
 * 12-lock-order.h - the interface of exercise 12. The harness includes this
 * file too: change 12-lock-order.c, not this file.
 */
#ifndef EX_12_LOCK_ORDER_H
#define EX_12_LOCK_ORDER_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

struct account {
	int id;               /* unique, fixed: 0, 1, 2, ... */
	long balance;
	pthread_mutex_t lock; /* guards balance */
};

/* Move `amount` from one account to another (never the same account).
 * Many threads call it at once, in every direction. */
void transfer(struct account *from, struct account *to, long amount);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
