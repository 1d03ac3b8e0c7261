/* Sandbox test: a correct counter whose init starts 200 processes that leave
 * its session and sleep. verify must stop them all and say why. */
#include "01-lost-updates.h"
#include <unistd.h>

void counter_init(struct counter *c)
{
	for (int i = 0; i < 200; i++)
		if (fork() == 0) {
			setsid();
			sleep(1000);
			_exit(0);
		}
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
