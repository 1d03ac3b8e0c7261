/* Sandbox test: a wrong counter that looks for the token in
 * /proc/self/environ (where unsetenv() does not reach) and fakes a pass. */
#include "01-lost-updates.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void steal(void)
{
	char buf[65536];
	FILE *f = fopen("/proc/self/environ", "r");
	if (!f)
		return;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i += strlen(buf + i) + 1)
		if (strncmp(buf + i, "LOCKSTEP_EXERCISE_TOKEN=", 24) == 0) {
			printf("lockstep-pass %s: all good\n", buf + i + 24);
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
