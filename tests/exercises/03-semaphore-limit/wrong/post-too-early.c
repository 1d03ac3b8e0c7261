/* Wrong: gives the slot back before the work instead of after it, so nothing is limited. */
#include "03-semaphore-limit.h"

#include <semaphore.h>

static sem_t slots;

void limit_init(int k)
{
	sem_init(&slots, 0, (unsigned)k);
}

void limit_destroy(void)
{
	sem_destroy(&slots);
}

void download(int id)
{
	sem_wait(&slots);
	sem_post(&slots);
	ex_work(id);
}
