/* Sandbox test for the lab: a counter whose init starts 8 processes that
 * leave its session and sleep (`sleep 4242.5`, a name the test looks for),
 * and whose add spins: a verify that runs until it is cancelled. */
#include "01-lost-updates.h"
#include <unistd.h>

void counter_init(struct counter *c)
{
	static int started; /* the harness calls this once a run: start them once */
	for (int i = 0; !started && i < 8; i++)
		if (fork() == 0) {
			setsid();
			execlp("sleep", "sleep", "4242.5", (char *)NULL);
			_exit(127);
		}
	started = 1;
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
