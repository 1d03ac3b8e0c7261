/*
 * Exercise 03: semaphore limit
 *
 * Title:   Limit concurrent workers with a semaphore
 * Lesson:  07-semaphores
 * Threads: yes
 *
 * Many threads want to call ex_work(), but at most k may be inside it at
 * once. This version counts the threads inside with a plain int: it waits
 * while the count is at the limit, then adds itself. Between seeing a free
 * slot and taking it, another thread can take the same slot, so sometimes
 * k + 1 or more are inside. (And `inside++` from many threads is itself a
 * lost update waiting to happen: see exercise 01.)
 *
 * Task: use a POSIX semaphore (<semaphore.h>: sem_init, sem_wait,
 * sem_post, sem_destroy) so that no more than k threads are ever inside
 * ex_work() - but up to k of them really are inside at the same time.
 *
 * Done when: `lockstep verify 03` passes: every job is done once, never more
 * than k at once, k at once when there is enough work, and ThreadSanitizer
 * reports no data race.
 */
#include "03-semaphore-limit.h"

static int limit;  /* how many may be inside ex_work() */
static int inside; /* how many are inside now */

void limit_init(int k)
{
	limit = k;
	inside = 0;
}

void limit_destroy(void)
{
}

void download(int id)
{
	while (inside >= limit) /* wait for a free slot ...                */
		ex_pause();
	ex_pause();             /* ... but it may be taken while we look away */
	inside++;
	ex_work(id);
	inside--;
}
