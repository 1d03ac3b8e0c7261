/*
 * 08-shared-bank.h - the interface of exercise 08. The harness includes
 * this file too: change 08-shared-bank.c, not this file.
 */
#ifndef EX_08_SHARED_BANK_H
#define EX_08_SHARED_BANK_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

#define BANK_ACCOUNTS 4

/* The bank lives in memory shared by several processes (mmap MAP_SHARED). */
struct bank {
	pthread_mutex_t lock;
	long balance[BANK_ACCOUNTS];
};

/* Called once by the parent, before it forks the processes that use it;
 * bank_destroy() after they have all exited. */
void bank_init(struct bank *b);
void bank_destroy(struct bank *b);

/* Called by several processes at once: add `amount` (may be negative) to
 * the account. */
void bank_deposit(struct bank *b, int account, long amount);

/* Called by the parent after the other processes have exited. */
long bank_balance(struct bank *b, int account);

/* Provided by the harness: gives other processes a chance to run here. */
void ex_pause(void);

#endif
