/*
 * Solution to exercise 01: the mutex makes load + store one indivisible step.
 */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	pthread_mutex_lock(&c->lock);   /* from here, no other thread ... */
	long v = c->value;
	ex_pause();                     /* (pausing is harmless now)      */
	c->value = v + 1;
	pthread_mutex_unlock(&c->lock); /* ... until here                 */
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
