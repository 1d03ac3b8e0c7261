/* Wrong: each call locks a mutex of its own, so no two calls ever wait for each other. */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	pthread_mutex_t mine = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mine);
	long v = c->value;
	ex_pause();
	c->value = v + 1;
	pthread_mutex_unlock(&mine);
}

long counter_get(struct counter *c)
{
	return c->value;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
}
