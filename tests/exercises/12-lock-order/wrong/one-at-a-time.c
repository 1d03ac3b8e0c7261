/* Wrong: releases the first account before locking the second: no deadlock, but the money is in neither account for a moment. */
#include "12-lock-order.h"

void transfer(struct account *from, struct account *to, long amount)
{
	pthread_mutex_lock(&from->lock);
	ex_pause();
	from->balance -= amount;
	pthread_mutex_unlock(&from->lock);

	pthread_mutex_lock(&to->lock);
	to->balance += amount;
	pthread_mutex_unlock(&to->lock);
}
