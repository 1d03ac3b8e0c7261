/* Sandbox test: a wrong counter whose constructor looks for the pass token
 * in the environment and prints a pass line with it. The token is not
 * there: verify must fail honestly. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void steal(void)
{
	const char *t = getenv("LOCKSTEP_EXERCISE_TOKEN");
	if (t) {
		printf("lockstep-pass %s: all good\n", t);
		fflush(stdout);
		_exit(0);
	}
}

void counter_init(struct counter *c)
{
	c->value = 0;
	pthread_mutex_init(&c->lock, NULL);
}

void counter_add(struct counter *c)
{
	long v = c->value; /* no lock: updates are lost */
	ex_pause();
	c->value = v + 1;
}

long counter_get(struct counter *c) { return c->value; }
void counter_destroy(struct counter *c) { pthread_mutex_destroy(&c->lock); }
