/*
 * harness.c - exercise 13: adder threads put numbered items into the box
 * while a shipper thread ships it now and then. Nobody may hang (a thread
 * waiting for its own lock), the items shipped plus the items left must be
 * exactly the items added, the box never overflows, the learner's code
 * holds the lock at every ex_pause(), and the mutex must not be recursive.
 */
#define _POSIX_C_SOURCE 200809L
#include "13-nested-lock.h"
#include "hx.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

#define MAXT 4

static struct box box;
static struct hx_gate gate;
static long iters;
static long added[MAXT];        /* each adder's own sum of what it added */
static atomic_int adders_left;
static atomic_long pauses;

/* Runs inside ex_pause(): the learner's code is in a critical section. It
 * stops the run at the first pause without the lock or in an overfull box,
 * before the next write goes past the end of items[]. */
static void check_pause(void)
{
	atomic_fetch_add(&pauses, 1);
	if (pthread_mutex_trylock(&box.lock) != EBUSY) {
		pthread_mutex_unlock(&box.lock);
		hx_fail("ex_pause() ran while the box's lock was free (pause %ld): every look at "
			"the box must be made holding b->lock, also when box_ship() is called on "
			"its own", atomic_load(&pauses));
	}
	if (box.count > BOX_CAP)
		hx_fail("the box held %d items, more than BOX_CAP = %d: an item was added to a "
			"full box. Ship and add under one hold of the lock", box.count, BOX_CAP);
}

static void *adder(void *arg)
{
	int t = (int)(long)arg;
	hx_gate_wait(&gate);
	for (long i = 0; i < iters; i++) {
		long item = hx_between(1, 1000);
		box_add(&box, item);
		added[t] += item;
	}
	atomic_fetch_sub(&adders_left, 1);
	return NULL;
}

static void *shipper(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	while (atomic_load(&adders_left) > 0) {
		box_ship(&box);
		hx_sleep_us(hx_between(0, 50));
	}
	return NULL;
}

/* A default mutex: the owner's second trylock is refused. A recursive one
 * would count up and succeed. */
static void check_not_recursive(void)
{
	if (pthread_mutex_trylock(&box.lock) != 0)
		hx_fail("box_init() left the box's mutex locked");
	int again = pthread_mutex_trylock(&box.lock);
	pthread_mutex_unlock(&box.lock);
	if (again == 0) {
		pthread_mutex_unlock(&box.lock);
		hx_fail("box_init() made the mutex recursive: that hides the deadlock, but this "
			"exercise asks for the restructure the lesson recommends: one function "
			"that expects the lock held and never locks (box_ship_locked()), called "
			"by box_add() and by box_ship(), and a default mutex");
	}
}

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 4);
	struct hx_tally exact = {0};

	hx_pause_hook = check_pause;
	for (int r = 0; r < runs; r++) {
		int n = 2 + r % 3;
		pthread_t tid[MAXT], ship;
		iters = hx_between(200, 400);
		hx_phase("run %d of %d, %d adders and a shipper", r + 1, runs, n);
		hx_deadline(3, "box_add() or box_ship() never returned: a thread waits for a lock "
			    "that it holds itself (a self-deadlock), or for one never unlocked");
		box_init(&box);
		check_not_recursive();
		hx_gate_init(&gate, n + 1);
		atomic_store(&adders_left, n);
		for (int t = 0; t < n; t++) {
			added[t] = 0;
			pthread_create(&tid[t], NULL, adder, (void *)(long)t);
		}
		pthread_create(&ship, NULL, shipper, NULL);
		for (int t = 0; t < n; t++)
			pthread_join(tid[t], NULL);
		pthread_join(ship, NULL);

		long want = 0, left = 0;
		for (int t = 0; t < n; t++)
			want += added[t];
		int count = box.count;
		if (count < 0 || count > BOX_CAP)
			hx_fail("after the run the box says it holds %d items: expected 0 to %d",
				count, BOX_CAP);
		for (int i = 0; i < count; i++)
			left += box.items[i];
		hx_tally_add(&exact, box.shipped + left == want,
			     "%d threads added items worth %ld in all: expected shipped + left in "
			     "the box = %ld, but it is %ld + %ld = %ld (items lost or shipped twice)",
			     n, want, want, box.shipped, left, box.shipped + left);
		box_destroy(&box);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	long p = atomic_load(&pauses);
	if (p == 0)
		hx_fail("ex_pause() was never called: keep the calls in box_add() and in the "
			"shipping code, inside the critical sections");
	hx_pass("%d runs, 2-4 adders and a shipper: no self-deadlock, every item shipped or "
		"left once, the lock held at every pause, and a default (not recursive) mutex",
		runs);
}
