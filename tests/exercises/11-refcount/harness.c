/*
 * harness.c - exercise 11: threads take and drop references to one blob
 * while the main thread holds its own; the harness's allocator checks that
 * the blob is freed once, and only when no reference is held.
 *
 * The harness keeps its own count of the references it holds: it adds one
 * after blob_ref() returns and removes one before calling blob_unref(). So
 * when ex_free() runs, that count must be 0; anything else is a blob freed
 * while someone still holds it.
 */
#define _POSIX_C_SOURCE 200809L
#include "11-refcount.h"
#include "hx.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int held;       /* references the harness holds right now */
static atomic_int frees;      /* ex_free() calls on this run's blob */
static atomic_int early_free; /* ... while a reference was still held */
static atomic_int wrong_free; /* ex_free() of something ex_alloc() never gave */
static atomic_int stale;      /* payload reads that found a freed blob */
static void *the_blob;        /* the allocation of this run */
static size_t the_size;
static long payload;
static long iters;
static struct hx_gate gate;

void *ex_alloc(size_t size)
{
	void *p = malloc(size);
	if (!p)
		abort();
	the_blob = p;
	the_size = size;
	return p;
}

void ex_free(void *p)
{
	if (p != the_blob) {
		atomic_fetch_add(&wrong_free, 1);
		return;
	}
	if (atomic_fetch_add(&frees, 1) > 0)
		return; /* a double free: counted, and kept harmless */
	if (atomic_load(&held) != 0)
		atomic_fetch_add(&early_free, 1);
	memset(p, 0xdd, the_size); /* poison; the real free() waits for the run's end */
}

static void *user(void *arg)
{
	struct blob *b = arg;
	hx_gate_wait(&gate);
	for (long i = 0; i < iters; i++) {
		blob_ref(b);
		atomic_fetch_add(&held, 1);
		if (blob_payload(b) != payload)
			atomic_fetch_add(&stale, 1);
		atomic_fetch_sub(&held, 1);
		blob_unref(b);
	}
	return NULL;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(12, 4);
	struct hx_tally once = {0}, not_early = {0};

	for (int r = 0; r < runs; r++) {
		int n = 2 + r % 3;
		pthread_t tid[4];
		iters = hx_between(200, 400);
		payload = hx_between(1, 1000000);
		hx_phase("run %d of %d, %d threads x %ld ref/unref", r + 1, runs, n, iters);
		hx_deadline(10, "the threads calling blob_ref() and blob_unref() never finished");
		atomic_store(&frees, 0);
		atomic_store(&early_free, 0);
		atomic_store(&wrong_free, 0);
		atomic_store(&stale, 0);
		struct blob *b = blob_new(payload);
		atomic_store(&held, 1); /* main's own reference, from blob_new() */
		hx_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			pthread_create(&tid[i], NULL, user, b);
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);
		int before_last = atomic_load(&frees);
		atomic_store(&held, 0);
		blob_unref(b); /* the last reference: now, and only now, it goes */
		int f = atomic_load(&frees);

		if (atomic_load(&wrong_free))
			hx_fail("ex_free() was called with a pointer ex_alloc() never returned");
		if (f == 0)
			hx_tally_add(&once, false,
				     "%d threads took and dropped %ld references each: expected the "
				     "blob freed when the last one was dropped, but it was never "
				     "freed (the count stayed above 0: a leak)", n, iters);
		else
			hx_tally_add(&once, f == 1,
				     "%d threads took and dropped %ld references each: expected the "
				     "blob freed once, but it was freed %d times", n, iters, f);
		hx_tally_add(&not_early, before_last == 0 && atomic_load(&stale) == 0,
			     "the blob was freed while references to it were still held "
			     "(the count reached 0 too early)%s",
			     atomic_load(&stale) ? ", and threads then read freed memory" : "");
		free(the_blob);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&not_early);
	hx_tally_check(&once);
	hx_pass("%d runs, 2-4 threads: the blob was freed once, after its last reference", runs);
}
