/* Wrong: the mutex covers only the store, so the value loaded before it can be stale. */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	long v = c->value;
	ex_pause();
	pthread_mutex_lock(&c->lock);
	c->value = v + 1;
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c)
{
	return c->value;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
}
