/*
 * Solution to exercise 13: the work of shipping moves into a function that
 * expects the lock to be held and never takes it; the public functions
 * take the lock once and call it.
 */
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

/* The caller holds b->lock. */
static int box_ship_locked(struct box *b)
{
	int n = b->count;
	for (int i = 0; i < n; i++)
		b->shipped += b->items[i];
	ex_pause();
	b->count = 0;
	return n;
}

int box_ship(struct box *b)
{
	pthread_mutex_lock(&b->lock);
	int n = box_ship_locked(b);
	pthread_mutex_unlock(&b->lock);
	return n;
}

void box_add(struct box *b, long item)
{
	pthread_mutex_lock(&b->lock);
	if (b->count == BOX_CAP)
		box_ship_locked(b);     /* we hold the lock: the locked version */
	ex_pause();
	b->items[b->count] = item;
	b->count++;
	pthread_mutex_unlock(&b->lock);
}
