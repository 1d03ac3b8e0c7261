/*
 * 14-reusable-barrier.h - the interface of exercise 14. The harness
 * includes this file too: change 14-reusable-barrier.c, not this file.
 */
#ifndef EX_14_REUSABLE_BARRIER_H
#define EX_14_REUSABLE_BARRIER_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>

struct barrier {
	pthread_mutex_t lock;
	pthread_cond_t all_here;  /* broadcast when the last one arrives */
	int n;                    /* threads that meet at the barrier */
	int arrived;              /* how many have arrived in this phase */
	unsigned long generation; /* phases completed so far (yours to use) */
};

void barrier_init(struct barrier *b, int n);
void barrier_destroy(struct barrier *b);
/* Wait until all n threads have called it; then all return. Used again and
 * again, once per phase. Returns 1 in exactly one thread per phase (the
 * last to arrive), 0 in the others. */
int barrier_wait(struct barrier *b);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
