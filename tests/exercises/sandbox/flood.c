/* Sandbox test: a counter whose init prints 1 GiB. The output is cut at
 * lockstep's cap and the run ends at the time limit at the latest. */
#include "01-lost-updates.h"
#include <string.h>
#include <unistd.h>

void counter_init(struct counter *c)
{
	static char line[65536];
	static int printed; /* the harness calls this once a run: print only once */
	if (printed++) {
		c->value = 0;
		pthread_mutex_init(&c->lock, NULL);
		return;
	}
	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\n';
	for (int i = 0; i < 16384; i++) /* 16384 x 64 KiB = 1 GiB */
		if (write(1, line, sizeof line) < 0)
			break;
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
