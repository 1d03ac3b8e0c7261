/* Wrong: a mutex of each process's own (a static, not the one in shared memory): the processes never wait for each other. */
#include "08-shared-bank.h"

static pthread_mutex_t mine = PTHREAD_MUTEX_INITIALIZER;

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
	pthread_mutex_lock(&mine);
	long old = b->balance[account];
	ex_pause();
	b->balance[account] = old + amount;
	pthread_mutex_unlock(&mine);
}

long bank_balance(struct bank *b, int account)
{
	return b->balance[account];
}
