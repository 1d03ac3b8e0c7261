/* Sandbox test: a correct counter whose init writes a 100 MiB file in its
 * directory; the file-size limit (64 MiB) stops it. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <string.h>

void counter_init(struct counter *c)
{
	static char block[1 << 20];
	memset(block, 'x', sizeof block);
	FILE *f = fopen("big.out", "w");
	for (int i = 0; f && i < 100; i++)
		fwrite(block, 1, sizeof block, f);
	if (f)
		fclose(f);
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
