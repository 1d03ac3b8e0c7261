/*
 * 11-refcount.h - the interface of exercise 11. The harness includes this
 * file too: change 11-refcount.c, not this file.
 */
#ifndef EX_11_REFCOUNT_H
#define EX_11_REFCOUNT_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stddef.h>

struct blob; /* defined in 11-refcount.c */

/* A new blob holding `payload`, with one reference: the caller's. Allocate
 * it with ex_alloc(). */
struct blob *blob_new(long payload);

/* Take one more reference; many threads call it at once. */
void blob_ref(struct blob *b);

/* Drop one reference; whoever drops the last one frees the blob with
 * ex_free(). Many threads call it at once. */
void blob_unref(struct blob *b);

/* The payload; only called while holding a reference. */
long blob_payload(const struct blob *b);

/* Provided by the harness: an allocator that checks what is freed, when and
 * how often, and a hook that gives other threads a chance to run here. */
void *ex_alloc(size_t size);
void ex_free(void *p);
void ex_pause(void);

#endif
