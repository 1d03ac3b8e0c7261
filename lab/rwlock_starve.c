/*
 * rwlock_starve.c - a steady stream of readers can keep a writer out
 * forever, unless the lock prefers writers.
 *
 * Python: no reader-writer lock in the standard library; one is built from
 *         threading.Condition (lesson 23). The same choice of who goes
 *         first has to be made there.
 *
 * A pthread_rwlock_t lets many readers in at once, or one writer. When a
 * writer is waiting and another reader arrives, the lock must choose:
 * let the reader in (more reading at once, but if readers keep overlapping
 * the writer never gets a turn) or make it wait behind the writer. glibc's
 * default is to let the reader in; PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
 * (a glibc extension) makes new readers wait while a writer waits.
 *
 *   reader_pref  glibc's default kind          -> the writer starves
 *   writer_pref  PREFER_WRITER_NONRECURSIVE_NP -> the writer gets its turns
 *
 * Each reader holds the lock for hold_us (sleeping, as if waiting for a
 * disk or a network), lets go and asks again at once; the readers start
 * spread out, so their holds overlap. The writer wants to update once
 * every every_ms. Nothing is random: who gets the lock is the lock's choice.
 * The writer counts as served when it made at least half the writes it
 * wanted.
 *
 * Build by hand: cc -O2 -pthread rwlock_starve.c lab.c -o rwlock_starve
 */
#define _GNU_SOURCE
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static const struct lab_variant variants[] = {
	/* starvation is not a data race: every access is under the lock */
	{"reader_pref", LAB_BROKEN, "glibc default: readers keep the writer out"},
	{"writer_pref", LAB_SAFE, "PREFER_WRITER_NONRECURSIVE_NP: the writer gets in"},
};
static const struct lab_param params[] = {
	{"readers", 4, 2, 32, "reader threads"},
	{"hold_us", 2000, 100, 100000, "how long a reader holds the lock"},
	{"every_ms", 10, 1, 1000, "the writer wants to write this often"},
	{"duration_ms", 1000, 100, 10000, "how long the run lasts"},
};
static const struct lab_demo demo = {
	"rwlock_starve", "reader-preferring rwlock starves a writer; writer-preferring does not",
	"(threading.Condition-based RW lock), threading.local", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"writes", LAB_K_COUNT, NULL},
	{"reads", LAB_K_COUNT, NULL},
	{"max_wait_ms", LAB_K_DURATION, "ms"},
};
static const struct lab_claim claims[] = {
	/* the writer's longest wait: the whole run against one reader's hold */
	{"reader_pref", "max_wait_ms", ">=", 10, "writer_pref"},
	{"writer_pref", "writes", ">=", 1, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

static pthread_rwlock_t rw;
static long long version;        /* the shared data: written under wrlock */
static atomic_bool stop;
static long long hold_us, every_ms, duration_ns;
static atomic_llong reads;

static void *reader(void *arg)
{
	int id = (int)(long)arg;
	int n = (int)lab_param("readers");
	lab_sleep_ns(hold_us * 1000 * id / n); /* spread the readers out */
	long long mine = 0;
	while (!atomic_load(&stop)) {
		pthread_rwlock_rdlock(&rw);
		long long seen = version;       /* read the shared data */
		lab_sleep_ns(hold_us * 1000);   /* ... and work with it */
		(void)seen;
		pthread_rwlock_unlock(&rw);
		mine++;
	}
	atomic_fetch_add(&reads, mine);
	return NULL;
}

struct writer_stats {
	long long writes, max_wait_ns;
};

static void *writer(void *arg)
{
	struct writer_stats *w = arg;
	long long start = lab_now_ns(), end = start + duration_ns;
	long long every = every_ms * 1000000, next = start;
	while (next < end) {
		long long now = lab_now_ns();
		if (next > now)
			lab_sleep_ns(next - now);
		long long asked = lab_now_ns();
		pthread_rwlock_wrlock(&rw);
		long long got = lab_now_ns();
		if (got < end) {        /* only writes inside the run count */
			version++;
			w->writes++;
		}
		pthread_rwlock_unlock(&rw);
		if (got - asked > w->max_wait_ns)
			w->max_wait_ns = got - asked;
		next += every;          /* the next update is due ... */
		if (next < got)
			next = got;     /* ... or at once if we are late */
	}
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("readers");
	pthread_t rt[32], wt;
	struct writer_stats w = {0};
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
	if (strcmp(name, "writer_pref") == 0)
		pthread_rwlockattr_setkind_np(&attr,
			PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	else
		pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_READER_NP);
	pthread_rwlock_init(&rw, &attr);
	pthread_rwlockattr_destroy(&attr);
	atomic_store(&stop, false);
	atomic_store(&reads, 0);
	version = 0;

	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++)
		if (pthread_create(&rt[i], NULL, reader, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	lab_sleep_ns(hold_us * 1000);   /* let the readers get going */
	if (pthread_create(&wt, NULL, writer, &w) != 0)
		lab_die("pthread_create failed");
	lab_sleep_ns(duration_ns);
	atomic_store(&stop, true);      /* readers leave; a waiting writer gets in */
	pthread_join(wt, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(rt[i], NULL);
	long long elapsed = lab_now_ns() - t0;
	pthread_rwlock_destroy(&rw);

	struct lab_metric m[] = {
		LAB_INT("writes", w.writes),
		LAB_INT("reads", atomic_load(&reads)),
		LAB_REAL("max_wait_ms", (double)w.max_wait_ns / 1e6),
	};
	long long wanted = duration_ns / (every_ms * 1000000);
	lab_result(name, wanted, w.writes, 2 * w.writes >= wanted, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	hold_us = lab_param("hold_us");
	every_ms = lab_param("every_ms");
	duration_ns = lab_param("duration_ms") * 1000000;
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
