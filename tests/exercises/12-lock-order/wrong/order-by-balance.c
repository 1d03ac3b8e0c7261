/* Wrong: orders the two locks by balance, which changes between transfers, so two threads can still take them in opposite orders. */
#include "12-lock-order.h"

void transfer(struct account *from, struct account *to, long amount)
{
	/* the richer account first (read without its lock: a guess) */
	struct account *first = from->balance >= to->balance ? from : to;
	struct account *second = first == from ? to : from;

	pthread_mutex_lock(&first->lock);
	ex_pause();
	pthread_mutex_lock(&second->lock);

	from->balance -= amount;
	to->balance += amount;

	pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
}
