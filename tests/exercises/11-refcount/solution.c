/*
 * Solution to exercise 11: an atomic count, and the free decided by the value
 * each thread's own decrement returned.
 */
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
	/* fetch_sub returns the count from just before this decrement: exactly
	 * one thread sees 1, so exactly one frees. (Reading b->refs again
	 * afterwards would not do: by then others may have changed it.) */
	if (atomic_fetch_sub(&b->refs, 1) == 1)
		ex_free(b);
}

long blob_payload(const struct blob *b)
{
	return b->payload;
}
