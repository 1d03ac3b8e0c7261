/*
 * Solution to exercise 03: a semaphore is a counter of free slots that makes
 * a thread sleep while there are none.
 */
#include "03-semaphore-limit.h"

#include <semaphore.h>

static sem_t slots; /* free slots: starts at k */

void limit_init(int k)
{
	sem_init(&slots, 0, (unsigned)k); /* 0: shared by threads, not processes */
}

void limit_destroy(void)
{
	sem_destroy(&slots);
}

void download(int id)
{
	sem_wait(&slots);  /* take a slot; sleep while there is none  */
	ex_work(id);
	sem_post(&slots);  /* give it back; wakes one sleeper, if any */
}
