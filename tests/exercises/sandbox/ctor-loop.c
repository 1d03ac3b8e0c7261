/* Sandbox test: a constructor that never returns. It runs before main, so
 * before the harness arms any deadline of its own: only a deadline that
 * holds from the start of the program can stop it. */
#include "01-lost-updates.h"

__attribute__((constructor)) static void never_done(void)
{
	for (volatile long spin = 0;; spin++)
		;
}

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	c->value++;
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c) { return c->value; }
void counter_destroy(struct counter *c) { pthread_mutex_destroy(&c->lock); }
