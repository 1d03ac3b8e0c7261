/* Wrong: a semaphore that starts at 1, not k: safe, but only one download at a time. */
#include "03-semaphore-limit.h"

#include <semaphore.h>

static sem_t slots;

void limit_init(int k)
{
	(void)k;
	sem_init(&slots, 0, 1);
}

void limit_destroy(void)
{
	sem_destroy(&slots);
}

void download(int id)
{
	sem_wait(&slots);
	ex_work(id);
	sem_post(&slots);
}
