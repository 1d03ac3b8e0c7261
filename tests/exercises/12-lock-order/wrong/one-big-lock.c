/* Wrong: one lock for the whole bank: no deadlock, but only one transfer can run at a time. */
#include "12-lock-order.h"

static pthread_mutex_t bank = PTHREAD_MUTEX_INITIALIZER;

void transfer(struct account *from, struct account *to, long amount)
{
	pthread_mutex_lock(&bank);
	ex_pause();
	from->balance -= amount;
	to->balance += amount;
	pthread_mutex_unlock(&bank);
}
