/*
 * harness.c - exercise 05: in each round some threads wait on a fresh event
 * and one thread sets it after a random delay. Every waiter must return,
 * none before event_set() was called.
 */
#define _POSIX_C_SOURCE 200809L
#include "05-event.h"
#include "hx.h"

#include <pthread.h>
#include <stdatomic.h>

#define MAXW 4

static struct event ev;
static atomic_int set_called; /* the harness is about to call event_set() */
static atomic_int early;      /* waiters that returned before that        */
static struct hx_gate gate;
static long delay_us;

static void *waiter(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	event_wait(&ev);
	if (!atomic_load(&set_called))
		atomic_fetch_add(&early, 1);
	return NULL;
}

static void *setter(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	if (delay_us)
		hx_sleep_us(delay_us);
	atomic_store(&set_called, 1);
	event_set(&ev);
	return NULL;
}

/* ---- waiting must be sleeping */

static struct hx_usage used[2];
static double waited_s;

static void *lone_waiter(void *arg)
{
	(void)arg;
	struct hx_usage before;
	long long t0 = hx_now_ms();
	hx_usage_self(&before);
	event_wait(&ev); /* not set yet: this waits */
	hx_usage_self(&used[1]);
	used[0] = before;
	waited_s = (double)(hx_now_ms() - t0) / 1000.0;
	return NULL;
}

/* A waiter waits `quiet_ms` for an event nobody sets yet; it must sleep. */
static void check_sleeps(int quiet_ms)
{
	pthread_t t;
	hx_phase("a waiter waiting %d ms for an event not yet set", quiet_ms);
	hx_deadline(10, "event_wait() never returned after event_set() was called");
	event_init(&ev);
	atomic_store(&set_called, 0);
	pthread_create(&t, NULL, lone_waiter, NULL);
	hx_sleep_us(1000L * quiet_ms);
	event_set(&ev);
	pthread_join(t, NULL);
	event_destroy(&ev);
	char why[200];
	if (hx_usage_spun(&used[0], &used[1], waited_s, why, sizeof why))
		hx_fail("your event_wait() spun instead of sleeping: %s for an event not yet "
			"set; sleep on e->cond with pthread_cond_wait(), and wake the waiters "
			"in event_set()", why);
}

int main(void)
{
	hx_init();
	int rounds = hx_runs(300, 60);
	struct hx_tally not_early = {0}, stays_set = {0};

	for (int r = 0; r < rounds; r++) {
		int nw = 1 + r % 3;
		pthread_t tid[MAXW + 1];
		delay_us = r % 4 == 0 ? 0 : hx_between(1, 300);
		hx_phase("round %d of %d, %d waiter(s), event set after %ld us",
			 r + 1, rounds, nw, delay_us);
		hx_deadline(2, "a waiter never returned from event_wait(), although event_set() "
			    "was called: a lost wake-up");
		event_init(&ev);
		atomic_store(&set_called, 0);
		atomic_store(&early, 0);
		hx_gate_init(&gate, nw + 1);
		for (int i = 0; i < nw; i++)
			pthread_create(&tid[i], NULL, waiter, NULL);
		pthread_create(&tid[nw], NULL, setter, NULL);
		for (int i = 0; i <= nw; i++)
			pthread_join(tid[i], NULL);
		int e = atomic_load(&early);
		hx_tally_add(&not_early, e == 0,
			     "%d of %d event_wait() calls returned before event_set() was "
			     "called: expected them to wait for it", e, nw);
		/* once set, it stays set: a late waiter returns at once */
		event_wait(&ev);
		hx_tally_add(&stays_set, event_is_set(&ev),
			     "event_is_set() returned false after event_set(): expected true");
		event_destroy(&ev);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&not_early);
	hx_tally_check(&stays_set);
	check_sleeps(hx_runs(200, 120));
	hx_deadline(0, NULL);
	hx_pass("%d rounds with 1-3 waiters: each woke after event_set(), none before; a waiter "
		"slept while the event was not set", rounds);
}
