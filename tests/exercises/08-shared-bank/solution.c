/*
 * Solution to exercise 08: a process-shared mutex, taken around each
 * deposit.
 */
#include "08-shared-bank.h"

void bank_init(struct bank *b)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	/* Waiters may be in other processes: wake them through the kernel by
	 * the memory's physical address, not this process's own address. */
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&b->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	for (int i = 0; i < BANK_ACCOUNTS; i++)
		b->balance[i] = 0;
}

void bank_destroy(struct bank *b)
{
	pthread_mutex_destroy(&b->lock);
}

void bank_deposit(struct bank *b, int account, long amount)
{
	pthread_mutex_lock(&b->lock);
	long old = b->balance[account];
	ex_pause();
	b->balance[account] = old + amount;
	pthread_mutex_unlock(&b->lock);
}

long bank_balance(struct bank *b, int account)
{
	pthread_mutex_lock(&b->lock);
	long v = b->balance[account];
	pthread_mutex_unlock(&b->lock);
	return v;
}
