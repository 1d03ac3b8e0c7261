/* Sandbox test: a counter whose init asks for 20 GiB and writes to all of
 * it. The address-space limit makes malloc() return NULL. */
#include "01-lost-updates.h"
#include <stdlib.h>

char *volatile big; /* kept, so the compiler cannot leave the allocation out */

void counter_init(struct counter *c)
{
	size_t size = (size_t)20 << 30;
	big = malloc(size);
	for (size_t i = 0; i < size; i += 4096) /* big is NULL past the limit: a crash */
		big[i] = 1;
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	ex_pause();
	c->value = v + 1;
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c) { return c->value; }
void counter_destroy(struct counter *c) { pthread_mutex_destroy(&c->lock); }
