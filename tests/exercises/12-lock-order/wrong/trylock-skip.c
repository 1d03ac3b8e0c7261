/* Wrong: tries the second lock and, when it is busy, moves the money anyway without it. */
#include "12-lock-order.h"

void transfer(struct account *from, struct account *to, long amount)
{
	pthread_mutex_lock(&from->lock);
	ex_pause();
	int got = pthread_mutex_trylock(&to->lock) == 0;
	from->balance -= amount;
	to->balance += amount;
	if (got)
		pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
}
