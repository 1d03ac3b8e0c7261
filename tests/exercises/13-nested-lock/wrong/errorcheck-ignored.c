/* Wrong: an error-checking mutex whose EDEADLK is ignored: the inner lock fails, and the inner unlock then frees the caller's lock. */
#include "13-nested-lock.h"

void box_init(struct box *b)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&b->lock, &a);
	pthread_mutexattr_destroy(&a);
	b->count = 0;
	b->shipped = 0;
}

void box_destroy(struct box *b)
{
	pthread_mutex_destroy(&b->lock);
}

int box_ship(struct box *b)
{
	pthread_mutex_lock(&b->lock);  /* box_add() already holds this ... */
	int n = b->count;
	for (int i = 0; i < n; i++)
		b->shipped += b->items[i];
	ex_pause();
	b->count = 0;
	pthread_mutex_unlock(&b->lock);
	return n;
}

void box_add(struct box *b, long item)
{
	pthread_mutex_lock(&b->lock);
	if (b->count == BOX_CAP)
		box_ship(b);               /* ... so this call never returns */
	ex_pause();
	b->items[b->count] = item;
	b->count++;
	pthread_mutex_unlock(&b->lock);
}
