/* Wrong: the load and the store are each locked, but the lock is dropped in between. */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	pthread_mutex_unlock(&c->lock);
	ex_pause();
	pthread_mutex_lock(&c->lock);
	c->value = v + 1;
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	pthread_mutex_unlock(&c->lock);
	return v;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
}
