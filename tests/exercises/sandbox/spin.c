/* Sandbox test: a counter whose add never returns: it spins on the CPU. */
#include "01-lost-updates.h"

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	for (volatile long spin = 0;; spin++) /* never ends */
		;
	c->value++;
}

long counter_get(struct counter *c) { return c->value; }
void counter_destroy(struct counter *c) { pthread_mutex_destroy(&c->lock); }
