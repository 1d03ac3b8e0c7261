/* Sandbox test: a correct counter whose init first writes into its home
 * directory (the run's own copy: allowed) and then next to its working
 * directory, outside it: refused (a read-only file system), so it stops
 * with perror()'s message. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <stdlib.h>

static void leave(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs("left by a learner's program\n", f);
	fclose(f);
}

void counter_init(struct counter *c)
{
	leave(getenv("HOME"), "sandbox-home-was-here");
	leave("..", "sandbox-parent-was-here");
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
