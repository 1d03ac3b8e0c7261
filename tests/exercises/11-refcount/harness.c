/*
 * harness.c - exercise 11: threads take and drop references to one blob
 * while the main thread holds its own; the harness's allocator checks that
 * the blob is freed once, and only when no reference is held.
 *
 * The harness keeps its own count of the references it holds: it adds one
 * after blob_ref() returns and removes one before calling blob_unref(). So
 * when ex_free() runs, that count must be 0; anything else is a blob freed
 * while someone still holds it.
 *
 * Then many short rounds in which the last references are dropped at once:
 * n threads hold one each and drop them together, so the count reaches 0
 * in a race, and exactly one of them must free the blob.
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
static bool poison = true;    /* overwrite a freed blob (not when the
				 last drops race: a second look at the
				 count must still find 0 and free again) */

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
	if (poison) /* the real free() waits for the run's end */
		memset(p, 0xdd, the_size);
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

/* One reference, handed over by main: drop it when the gate opens. */
static void *last_user(void *arg)
{
	struct blob *b = arg;
	hx_gate_wait(&gate);
	if (blob_payload(b) != payload)
		atomic_fetch_add(&stale, 1);
	atomic_fetch_sub(&held, 1);
	blob_unref(b);
	return NULL;
}

/* Rounds in which the last n references are dropped by n threads at once. */
static void check_last_drop(int rounds)
{
	struct hx_tally once = {0};
	poison = false;
	for (int r = 0; r < rounds; r++) {
		int n = 2 + r % 3;
		pthread_t tid[4];
		hx_phase("round %d of %d: %d threads drop the last %d references at once",
			 r + 1, rounds, n, n);
		hx_deadline(10, "the threads dropping the last references never finished");
		atomic_store(&frees, 0);
		atomic_store(&early_free, 0);
		atomic_store(&wrong_free, 0);
		atomic_store(&stale, 0);
		payload = hx_between(1, 1000000);
		struct blob *b = blob_new(payload);
		for (int i = 1; i < n; i++)
			blob_ref(b); /* n references, one for each thread */
		atomic_store(&held, n);
		hx_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			pthread_create(&tid[i], NULL, last_user, b);
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);
		int f = atomic_load(&frees);
		if (atomic_load(&wrong_free))
			hx_fail("ex_free() was called with a pointer ex_alloc() never returned");
		hx_tally_add(&once, f == 1 && atomic_load(&early_free) == 0,
			     f == 0 ? "%d threads dropped the last %d references at the same time: "
				      "nobody freed the blob (a leak: the count never reached 0)"
			     : f > 1 ? "%d threads dropped the last %d references at the same time: "
				       "the blob was freed %d times. Decide from the value your own "
				       "decrement returned, not from a second look at the count"
				     : "%d threads dropped the last %d references at the same time: "
				       "the blob was freed while one was still held%.0d",
			     n, n, f);
		free(the_blob);
	}
	hx_tally_check(&once);
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
	check_last_drop(hx_runs(300, 120));
	hx_deadline(0, NULL);
	hx_pass("%d runs, 2-4 threads: the blob was freed once, after its last reference, also when the last references were dropped at once", runs);
}
