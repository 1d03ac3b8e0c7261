/* Wrong: returns 1 from every thread that saw the count reach n, so woken waiters count themselves last too. */
#include "14-reusable-barrier.h"

void barrier_init(struct barrier *b, int n)
{
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->all_here, NULL);
	b->n = n;
	b->arrived = 0;
	b->generation = 0;
}

void barrier_destroy(struct barrier *b)
{
	pthread_cond_destroy(&b->all_here);
	pthread_mutex_destroy(&b->lock);
}

int barrier_wait(struct barrier *b)
{
	pthread_mutex_lock(&b->lock);
	unsigned long mine = b->generation;  /* the phase I arrive in */
	int last = ++b->arrived == b->n;
	if (last) {
		b->arrived = 0;
		b->generation++;                 /* my phase is over, for everyone */
		pthread_cond_broadcast(&b->all_here);
	} else {
		while (b->generation == mine) {  /* stays false once it is false */
			ex_pause();
			pthread_cond_wait(&b->all_here, &b->lock);
		}
	}
	last = b->arrived == 0; /* "the phase was completed" */
	pthread_mutex_unlock(&b->lock);
	return last;
}
