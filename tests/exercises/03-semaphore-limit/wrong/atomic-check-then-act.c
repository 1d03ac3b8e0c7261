/* Wrong: an atomic count checked, then bumped: two threads can both see k-1 and both go in. */
#include "03-semaphore-limit.h"

#include <sched.h>
#include <stdatomic.h>

static atomic_int inside;
static int limit;

void limit_init(int k)
{
	limit = k;
	atomic_store(&inside, 0);
}

void limit_destroy(void)
{
}

void download(int id)
{
	while (atomic_load(&inside) >= limit)
		sched_yield();
	atomic_fetch_add(&inside, 1);
	ex_work(id);
	atomic_fetch_sub(&inside, 1);
}
