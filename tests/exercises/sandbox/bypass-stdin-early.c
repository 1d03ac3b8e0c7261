/* Sandbox test: a constructor of a priority kept for the implementation
 * (100), to run before the harness's and read the token. Refused when it is
 * compiled. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor(100))) static void steal(void)
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
