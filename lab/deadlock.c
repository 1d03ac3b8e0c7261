/*
 * deadlock.c - two locks taken in opposite orders, a watchdog, two fixes.
 *
 * Python: threading.Lock, lock.acquire(timeout=...).
 *
 * Thread 0 takes lock A then lock B; thread 1 takes B then A. If each gets
 * its first lock before the other gets its second, both wait forever: a
 * deadlock, a cycle of "waits for a lock held by". With philosophers=N (N > 2) it is
 * the dining philosophers: N threads round a table, a fork (lock) between
 * each two; each takes the fork on its left, then the one on its right.
 *
 *   deadlock  each takes its own first lock first    -> the cycle forms
 *   ordered   one global order: lower-numbered lock first -> no cycle
 *   trylock   trylock the second; if busy, put the first back, back off a
 *             random moment, retry -> nobody waits while holding a lock
 *
 * Nobody stays stuck: every wait is a pthread_mutex_timedlock. When it times
 * out, the thread follows the wait-for graph (who holds what, who waits for
 * what); if that leads back to itself, it is a deadlock: the thread reports
 * the cycle and backs out, releasing its lock, and the variant stops.
 *
 * To make the classic bad interleaving happen on purpose, each round every
 * thread takes its first lock, then pauses until all threads hold theirs (at
 * most pause_us). That pause is where a real program would be preempted or
 * busy; here it is constructed, so the deadlock shows in every run.
 *
 * Stepped (lockstep step deadlock ...), there is no watchdog and no pause:
 * you are the scheduler, so you make the bad interleaving yourself, and
 * lockstep reports the cycle when no thread can move (stepped_diner below).
 *
 * Build by hand: cc -O2 -pthread deadlock.c lab.c -o deadlock
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct lab_variant variants[] = {
	{"deadlock", LAB_BROKEN, "opposite lock orders: deadlocks, the watchdog backs out"},
	{"ordered", LAB_SAFE, "every thread takes the locks in one global order"},
	{"trylock", LAB_SAFE, "trylock the second lock, back off and retry if busy"},
};
static const struct lab_param params[] = {
	{"philosophers", 2, 2, 16, "threads round the table (2: two threads, locks A and B)"},
	{"rounds", 100, 1, 100000, "rounds; each thread takes both its locks once a round"},
	{"timeout_ms", 100, 1, 10000, "watchdog: how long one lock wait lasts"},
	{"pause_us", 1000, 0, 1000000, "longest pause holding the first lock"},
};
static const struct lab_demo demo = {
	"deadlock", "a deadlock, detected by a watchdog, and two ways to avoid it",
	"threading.Lock, Lock.acquire(timeout=...)", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): meals expected and eaten;
 * nothing is "lost" here. */
static const struct lab_metric_decl metrics[] = {
	{"deadlocked", LAB_K_YESNO, NULL},
	{"retries", LAB_K_COUNT, NULL},
	{"threads", LAB_K_COUNT, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

#define MAX 16
static int n;                      /* threads, and locks */
static pthread_mutex_t locks[MAX];
static long long uses[MAX];        /* uses[l] is guarded by locks[l] */
static const char *variant;
static pthread_barrier_t round_start;
static atomic_int holding_first;   /* first locks taken, over all rounds */
static atomic_bool stop;           /* a deadlock was found: everybody stop */

/* The wait-for graph, under graph_lock: which thread holds each lock, which
 * lock each thread waits for (-1: none). */
static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;
static int holder[MAX], waits_for[MAX];
static char cycle[900];            /* the report, written once */

static char lock_name[MAX][16];    /* "lock A" or "fork 3" */
static const char *who;            /* "thread" or "philosopher" */

/* After a timeout, under graph_lock: does waiting lead back to me? */
static bool find_cycle(int me)
{
	char text[sizeof cycle];
	int len = 0;
	for (int t = me, hops = 0; hops < n; hops++) {
		int want = waits_for[t], next = want < 0 ? -1 : holder[want], mine = 0;
		if (next < 0)
			return false; /* the chain ends: someone can make progress */
		for (int l = 0; l < n; l++)
			mine = holder[l] == t ? l : mine;
		if (len < (int)sizeof text)
			len += snprintf(text + len, sizeof text - len, "%s%s %d holds %s, waits for %s",
					hops ? "; " : "", who, t, lock_name[mine], lock_name[want]);
		if (next == me) {
			memcpy(cycle, text, sizeof cycle);
			return true;
		}
		t = next;
	}
	return false;
}

/* Take lock l, waiting at most timeout_ms at a time. After each timeout look
 * for a cycle: if there is one (or another thread found it), give up. */
static bool take(int me, int l)
{
	long long timeout_ns = lab_param("timeout_ms") * 1000000LL;
	pthread_mutex_lock(&graph_lock);
	waits_for[me] = l;
	pthread_mutex_unlock(&graph_lock);
	for (;;) {
		struct timespec until; /* timedlock takes a CLOCK_REALTIME deadline */
		clock_gettime(CLOCK_REALTIME, &until);
		long long ns = until.tv_nsec + timeout_ns;
		until.tv_sec += ns / 1000000000LL, until.tv_nsec = ns % 1000000000LL;
		int rc = pthread_mutex_timedlock(&locks[l], &until);
		pthread_mutex_lock(&graph_lock);
		if (rc == 0)
			holder[l] = me;
		bool give_up = rc != 0 && (atomic_load(&stop) || find_cycle(me));
		if (rc == 0 || give_up)
			waits_for[me] = -1;
		if (give_up && !atomic_exchange(&stop, true))
			lab_log(variant, "watchdog: %s %d waited %lld ms, found a cycle, backs out",
				who, me, lab_param("timeout_ms"));
		pthread_mutex_unlock(&graph_lock);
		if (rc == 0 || give_up)
			return rc == 0;
	}
}

static void drop(int l)
{
	pthread_mutex_lock(&graph_lock);
	holder[l] = -1;
	pthread_mutex_unlock(&locks[l]);
	pthread_mutex_unlock(&graph_lock);
}

struct seat { int id; long long meals, retries; uint64_t rng; }; /* one thread's */

/* One thread's rounds when lockstep is the scheduler: the same lock orders,
 * each lock through the step wrappers (named "lock A", "fork 2" ...). */
static struct lab_gate step_start;

static void stepped_diner(struct seat *s, int first, int second)
{
	lab_step_thread(s->id);
	lab_gate_wait(&step_start); /* all threads known before the first choice */
	for (long long r = 0; r < lab_param("rounds"); r++) {
		bool got = false;
		while (!got) {
			lab_lock_at(&locks[first], lock_name[first], __FILE__, __LINE__, false);
			if (variant[0] == 't') { /* trylock: never wait holding a lock */
				got = lab_trylock_at(&locks[second], lock_name[second], __FILE__, __LINE__);
				if (!got) {
					lab_unlock_at(&locks[first], lock_name[first], __FILE__, __LINE__);
					s->retries++;
				}
			} else {
				lab_lock_at(&locks[second], lock_name[second], __FILE__, __LINE__, false);
				got = true;
			}
		}
		uses[first]++;
		uses[second]++;
		s->meals++;
		lab_unlock_at(&locks[second], lock_name[second], __FILE__, __LINE__);
		lab_unlock_at(&locks[first], lock_name[first], __FILE__, __LINE__);
	}
}

static void *diner(void *arg)
{
	struct seat *s = arg;
	int first = s->id, second = (s->id + 1) % n; /* left, then right */
	if (variant[0] == 'o' && second < first) {     /* ordered: lower first */
		first = second;
		second = s->id;
	}
	if (lab_stepping) {
		stepped_diner(s, first, second);
		return NULL;
	}
	for (int r = 0;; r++) {
		pthread_barrier_wait(&round_start); /* stop is only set before it */
		if (r == lab_param("rounds") || atomic_load(&stop))
			break;
		bool got = false;
		for (int attempt = 0; !got; attempt++) {
			if (!take(s->id, first))
				break;
			if (attempt == 0) { /* the constructed pause: all hold one lock */
				atomic_fetch_add(&holding_first, 1);
				long long until = lab_now_ns() + lab_param("pause_us") * 1000;
				while (atomic_load(&holding_first) < n * (r + 1) && lab_now_ns() < until)
					sched_yield();
			}
			if (variant[0] == 't') { /* trylock: never wait holding a lock */
				got = pthread_mutex_trylock(&locks[second]) == 0;
				if (got) {
					pthread_mutex_lock(&graph_lock);
					holder[second] = s->id;
					pthread_mutex_unlock(&graph_lock);
				} else {
					drop(first);
					s->retries++;
					lab_sleep_ns((long long)(lab_rand(&s->rng) % 200000));
				}
			} else if (!(got = take(s->id, second))) {
				drop(first); /* the watchdog fired: back out */
				break;
			}
		}
		if (!got)
			continue; /* this round is lost: on to the barrier */
		uses[first]++; /* the work both locks protect */
		uses[second]++;
		s->meals++;
		drop(second);
		drop(first);
	}
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[MAX];
	struct seat seats[MAX];
	long long meals = 0, used = 0, retries = 0, rounds = lab_param("rounds");
	variant = name;
	atomic_store(&holding_first, 0);
	atomic_store(&stop, false);
	cycle[0] = '\0';
	pthread_barrier_init(&round_start, NULL, (unsigned)n);
	lab_gate_init(&step_start, n);
	for (int i = 0; i < n; i++)
		holder[i] = waits_for[i] = -1, uses[i] = 0;
	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++) {
		seats[i] = (struct seat){i, 0, 0, lab_seed_for(i)};
		if (pthread_create(&tid[i], NULL, diner, &seats[i]) != 0)
			lab_die("pthread_create failed");
	}
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; i < n; i++) /* after every join: a lock is shared by two */
		meals += seats[i].meals, retries += seats[i].retries, used += uses[i];
	long long elapsed = lab_now_ns() - t0;
	pthread_barrier_destroy(&round_start);
	bool dead = cycle[0] != '\0';
	if (dead)
		lab_log(name, "deadlock: %s", cycle);
	lab_log(name, "%lld of %lld rounds done%s", meals, rounds * n,
		dead ? ": the variant stopped at the deadlock" : "");
	if (retries)
		lab_log(name, "%lld times a second lock was busy: put the first back, retried",
			retries);
	struct lab_metric m[] = {
		LAB_TEXT("deadlocked", dead ? "yes" : "no"),
		LAB_INT("retries", retries),
		LAB_INT("threads", n),
	};
	lab_result(name, rounds * n, meals, !dead && meals == rounds * n && used == 2 * meals,
		   elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	n = (int)lab_param("philosophers");
	bool table = n > 2; /* two threads are the classic A-then-B, B-then-A case */
	who = table ? "philosopher" : "thread";
	for (int i = 0; i < n; i++) {
		pthread_mutex_init(&locks[i], NULL);
		if (table)
			snprintf(lock_name[i], sizeof lock_name[i], "fork %d", i);
		else
			snprintf(lock_name[i], sizeof lock_name[i], "lock %c", 'A' + i);
	}
	lab_log(NULL, table ? "philosopher i takes fork i, then fork i+1"
		" (mod N)" : "thread 0 takes lock A then B; thread 1 takes B then A");
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
