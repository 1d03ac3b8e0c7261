/* Wrong: drops the lock from box_ship(): fine inside box_add(), but the shipper thread now empties the box unlocked. */
#include "13-nested-lock.h"

void box_init(struct box *b)
{
	pthread_mutex_init(&b->lock, NULL);
	b->count = 0;
	b->shipped = 0;
}

void box_destroy(struct box *b)
{
	pthread_mutex_destroy(&b->lock);
}

int box_ship(struct box *b)
{
	int n = b->count;
	for (int i = 0; i < n; i++)
		b->shipped += b->items[i];
	ex_pause();
	b->count = 0;
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
