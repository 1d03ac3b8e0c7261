/* Wrong: the count made atomic, the check and the act still apart: two threads can both see k-1 free and both go in. */
#include "03-semaphore-limit.h"

#include <stdatomic.h>

static int limit;
static atomic_int inside;

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
		ex_pause();
	ex_pause();
	atomic_fetch_add(&inside, 1);
	ex_work(id);
	atomic_fetch_sub(&inside, 1);
}
