/* Sandbox test: code in .preinit_array runs before every constructor, the
 * harness's too. This one drains stdin, where the harness's token comes:
 * the harness must fail as "tampered". (Had it printed a pass line with the
 * token instead, verify could not tell: lab/exercises/README.md says what
 * verify does not guarantee.) */
#include "01-lost-updates.h"
#include <unistd.h>

static void drain(void)
{
	char buf[64];
	while (read(0, buf, sizeof buf) > 0)
		;
}

__attribute__((used, section(".preinit_array"))) static void (*early)(void) = drain;

void counter_init(struct counter *c)
{
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
