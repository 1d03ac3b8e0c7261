/*
 * Solution to exercise 12: every thread takes the two locks in the same
 * global order - lower account id first - so no cycle of waiting threads
 * can form.
 */
#include "12-lock-order.h"

void transfer(struct account *from, struct account *to, long amount)
{
	struct account *first = from->id < to->id ? from : to;
	struct account *second = from->id < to->id ? to : from;

	pthread_mutex_lock(&first->lock);
	ex_pause();
	pthread_mutex_lock(&second->lock);

	from->balance -= amount;  /* the money still moves from -> to */
	to->balance += amount;

	pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
}
