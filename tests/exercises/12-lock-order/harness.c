/*
 * harness.c - exercise 12: threads make random transfers between a few
 * accounts, in both directions. All must finish (a watchdog catches a
 * deadlock), and each final balance must match the transfers the harness
 * asked for. Meanwhile an auditor thread takes every account's lock (with
 * trylock, so it imposes no order of its own) and adds up the balances:
 * money is only moved, so the total must be the same at every moment no
 * transfer holds a lock.
 */
#define _POSIX_C_SOURCE 200809L
#include "12-lock-order.h"
#include "hx.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#define MAXACC 4
#define MAXT 4

static struct account acc[MAXACC];
static int naccounts;
static long per_thread;
static struct hx_gate gate;
static long delta[MAXT][MAXACC];
static atomic_int movers_left;   /* the auditor stops when it reaches 0 */ /* each thread's own sum of what it moved */

static void *mover(void *arg)
{
	int t = (int)(long)arg;
	uint64_t rng = hx_seed_for(t + 17);
	hx_gate_wait(&gate);
	for (long i = 0; i < per_thread; i++) {
		int a = (int)(hx_rand(&rng) % (uint64_t)naccounts);
		int b = (int)(hx_rand(&rng) % (uint64_t)(naccounts - 1));
		if (b >= a)
			b++; /* never the same account */
		long amount = (long)(hx_rand(&rng) % 100) + 1;
		transfer(&acc[a], &acc[b], amount);
		delta[t][a] -= amount;
		delta[t][b] += amount;
	}
	atomic_fetch_sub(&movers_left, 1);
	return NULL;
}

/* ---- do transfers overlap? (one lock for the whole bank would not) */

static atomic_int pausing, most_pausing;

/* Runs inside ex_pause(), which transfer() calls holding its first lock. */
static void count_overlap(void)
{
	int now = atomic_fetch_add(&pausing, 1) + 1;
	int most = atomic_load(&most_pausing);
	while (now > most && !atomic_compare_exchange_weak(&most_pausing, &most, now))
		;
	sched_yield(); /* stay a moment, so another transfer can come in */
	atomic_fetch_sub(&pausing, 1);
}

/* ---- the auditor */

static long audits, audit_bad, audit_first_total;

/* Lock every account or none: trylock each, and on a busy one give back
 * what we took. Never waits while holding a lock, so it cannot deadlock
 * with any order the learner chose. */
static bool lock_all(void)
{
	for (int i = 0; i < naccounts; i++)
		if (pthread_mutex_trylock(&acc[i].lock) != 0) {
			while (i-- > 0)
				pthread_mutex_unlock(&acc[i].lock);
			return false;
		}
	return true;
}

static void *auditor(void *arg)
{
	(void)arg;
	long want = 10000L * naccounts;
	audits = audit_bad = 0;
	while (atomic_load(&movers_left) > 0) {
		if (!lock_all()) {
			sched_yield();
			continue;
		}
		long total = 0;
		for (int i = 0; i < naccounts; i++)
			total += acc[i].balance;
		for (int i = 0; i < naccounts; i++)
			pthread_mutex_unlock(&acc[i].lock);
		audits++;
		if (total != want && audit_bad++ == 0)
			audit_first_total = total;
		sched_yield();
	}
	return NULL;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(8, 3);
	struct hx_tally exact = {0}, audit = {0};
	long transfers = 0;

	hx_pause_hook = count_overlap;

	for (int r = 0; r < runs; r++) {
		int n = 2 + r % 3;
		naccounts = 2 + r % 3;
		per_thread = hx_between(300, 600);
		pthread_t tid[MAXT];
		hx_phase("run %d of %d, %d threads, %d accounts", r + 1, runs, n, naccounts);
		hx_deadline(2, "the transfers never finished: threads hold one account's lock "
			    "each and wait for another's (a deadlock)");
		/* ids in a shuffled order, so "lower address first" and "lower id first" differ */
		for (int i = 0; i < naccounts; i++) {
			acc[i].id = (naccounts - 1 - i + r) % naccounts;
			acc[i].balance = 10000;
			pthread_mutex_init(&acc[i].lock, NULL);
		}
		for (int t = 0; t < n; t++)
			for (int i = 0; i < MAXACC; i++)
				delta[t][i] = 0;
		hx_gate_init(&gate, n);
		atomic_store(&movers_left, n);
		pthread_t aud;
		pthread_create(&aud, NULL, auditor, NULL);
		for (int t = 0; t < n; t++)
			pthread_create(&tid[t], NULL, mover, (void *)(long)t);
		for (int t = 0; t < n; t++)
			pthread_join(tid[t], NULL);
		pthread_join(aud, NULL);
		transfers += n * per_thread;
		hx_tally_add(&audit, audit_bad == 0,
			     "money vanished mid-transfer: an auditor holding every account's lock "
			     "saw a total of %ld instead of %ld while transfers ran (%ld of %ld "
			     "audits). A transfer must hold both accounts' locks from the "
			     "withdrawal to the deposit", audit_first_total, 10000L * naccounts,
			     audit_bad, audits);

		int wrong = 0, first = 0;
		long want_first = 0;
		for (int i = 0; i < naccounts; i++) {
			long want = 10000;
			for (int t = 0; t < n; t++)
				want += delta[t][i];
			if (acc[i].balance != want && wrong++ == 0) {
				first = i;
				want_first = want;
			}
			pthread_mutex_destroy(&acc[i].lock);
		}
		hx_tally_add(&exact, wrong == 0,
			     "%d threads made %ld transfers: expected account %d to end with %ld, "
			     "it has %ld (%d of %d accounts wrong)", n, n * per_thread, acc[first].id,
			     want_first, acc[first].balance, wrong, naccounts);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	hx_tally_check(&audit);
	if (atomic_load(&most_pausing) < 2)
		hx_fail("in %ld transfers, no two ever held a lock at the same time, even between "
			"different accounts, as if one lock guarded the whole bank: lock the two "
			"accounts' own locks, so transfers between other accounts go on meanwhile",
			transfers);
	hx_pass("%d runs, 2-4 threads, 2-4 accounts: no deadlock, every balance exact, the total right at every audit, transfers overlapping", runs);
}
