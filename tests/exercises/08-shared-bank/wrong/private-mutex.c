/* Wrong: the mutex in shared memory, but with default (process-private) attributes: an unlock in one process never wakes a waiter in another. */
#include "08-shared-bank.h"

void bank_init(struct bank *b)
{
	pthread_mutex_init(&b->lock, NULL);
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
