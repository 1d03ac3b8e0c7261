/* Wrong: the shared mutex covers only the store, so the balance read before it can be stale. */
#include "08-shared-bank.h"

void bank_init(struct bank *b)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
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
	long old = b->balance[account];
	ex_pause();
	pthread_mutex_lock(&b->lock);
	b->balance[account] = old + amount;
	pthread_mutex_unlock(&b->lock);
}

long bank_balance(struct bank *b, int account)
{
	return b->balance[account];
}
