/* Sandbox test: a wrong counter whose constructor, of the earliest priority
 * a program may ask for, reads the token from stdin and prints a pass line
 * with it. The harness reads first: verify must fail honestly. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor(101))) static void steal(void)
{
	char t[64];
	ssize_t n = read(0, t, sizeof t - 1);
	if (n > 1) {
		t[n - 1] = '\0';
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
