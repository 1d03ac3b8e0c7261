/* Wrong: an atomic decrement, then a second read to decide: two threads can both read 0 and both free. */
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
	atomic_fetch_sub(&b->refs, 1);
	ex_pause();
	if (atomic_load(&b->refs) == 0)
		ex_free(b);
}

long blob_payload(const struct blob *b)
{
	return b->payload;
}
