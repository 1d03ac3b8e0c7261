/* Wrong: the count is atomic, but unref loads it and stores the new value in two steps, losing decrements. */
#include "11-refcount.h"

#include <stdatomic.h>

struct blob {
	atomic_int refs;
	long payload;
};

struct blob *blob_new(long payload)
{
	struct blob *b = ex_alloc(sizeof *b);
	atomic_init(&b->refs, 1);
	b->payload = payload;
	return b;
}

void blob_ref(struct blob *b)
{
	atomic_fetch_add(&b->refs, 1);
}

void blob_unref(struct blob *b)
{
	int r = atomic_load(&b->refs) - 1;
	ex_pause();
	atomic_store(&b->refs, r);
	if (r == 0)
		ex_free(b);
}

long blob_payload(const struct blob *b)
{
	return b->payload;
}
