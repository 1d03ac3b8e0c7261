/*
 * Exercise 11: reference count
 *
 * Title:   Fix a reference count
 * Lesson:  15-gil
 * Threads: yes
 *
 * Every object in CPython carries a reference count: the number of places
 * that point to it. When it drops to zero the object is freed. Python
 * threads change those counts all the time, which is one big reason the
 * GIL exists: with it, only one thread at a time touches any count.
 *
 * Here there is no GIL. Several threads take and drop references to one
 * blob, and the count is a plain int: "read, add one, write" loses updates
 * like any other counter. A count that ends too high leaks the blob; one
 * that reaches zero too early frees it while others still use it.
 *
 * Task: make blob_ref() and blob_unref() correct with any number of
 * threads, without a lock: the count should be atomic, and exactly one
 * thread - the one that drops the last reference - must free the blob.
 *
 * Done when: `lockstep verify 11` passes: the blob is freed exactly once,
 * only after the last reference is gone (also when several threads drop
 * the last references at the same moment), and ThreadSanitizer reports no
 * data race.
 */
#include "11-refcount.h"

struct blob {
	int refs;     /* how many references exist */
	long payload;
};

struct blob *blob_new(long payload)
{
	struct blob *b = ex_alloc(sizeof *b);
	b->refs = 1;
	b->payload = payload;
	return b;
}

void blob_ref(struct blob *b)
{
	int r = b->refs;  /* read ...                  */
	ex_pause();       /* ... others change it ...  */
	b->refs = r + 1;  /* ... and we write over them */
}

void blob_unref(struct blob *b)
{
	int r = b->refs - 1;
	ex_pause();
	b->refs = r;
	if (r == 0)       /* two threads may both see 0, or none does */
		ex_free(b);
}

long blob_payload(const struct blob *b)
{
	return b->payload;
}
