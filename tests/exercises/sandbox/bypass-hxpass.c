/* Sandbox test: a wrong counter that calls the harness's own hx_pass()
 * to end the run with a pass. The harness's symbols are local: it must not
 * link. */
#include "01-lost-updates.h"

_Noreturn void hx_pass(const char *fmt, ...);

__attribute__((constructor)) static void cheat(void)
{
	hx_pass("all good");
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
