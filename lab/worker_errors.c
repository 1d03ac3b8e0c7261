/*
 * worker_errors.c - one worker fails: does anybody find out?
 *
 * Python: an uncaught exception in a threading.Thread ends that thread only
 *         (threading.excepthook prints it; join() returns normally);
 *         concurrent.futures keeps it until future.result() raises it.
 *
 * Worker threads parse a list of records ("17", "-3", ...) and add them up.
 * One record is malformed on purpose (bad_item). The worker that meets it
 * stops; what matters is what the program does next.
 *
 *   ignored     the worker returns early and nobody looks at why
 *                                    -> main prints a total that is short,
 *                                       and believes it
 *   collected   each worker returns a status; main checks every join
 *                                    -> the error is reported, with where
 *   stop_early  as collected, and the first error raises a shared flag the
 *               others check between records (cooperative cancellation:
 *               no pthread_cancel)   -> reported, and the rest stop soon
 *
 * Build by hand: cc -O2 -pthread worker_errors.c lab.c -o worker_errors
 */
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"ignored", LAB_BROKEN, "a worker's error is dropped: the total is short"},
	{"collected", LAB_SAFE, "every worker returns a status that main checks"},
	{"stop_early", LAB_SAFE, "collected, and the first error stops the others"},
};
static const struct lab_param params[] = {
	{"threads", 4, 1, 64, "worker threads"},
	{"items", 1000000, 1, 10000000, "records to parse"},
	{"bad_item", 300000, 0, 10000000, "index of the malformed record"},
};
static const struct lab_demo demo = {
	"worker_errors", "an error in one worker thread: lost, or collected",
	"threading.excepthook, Future.result(), cancel_futures", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"errors", LAB_K_COUNT, NULL},
	{"reported", LAB_K_COUNT, NULL},
	{"parsed", LAB_K_COUNT, NULL},
	{"sum", LAB_K_COUNT, NULL},
};
static const struct lab_claim claims[] = {
	{"ignored", "reported", "<=", 0, NULL},    /* nobody noticed */
	{"collected", "reported", ">=", 1, NULL},
	{"stop_early", "reported", ">=", 1, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* What a worker hands back through pthread_join. Owned by the worker's
 * slot in `jobs`; main reads it after the join. */
struct job {
	long long first, last;    /* records [first, last) */
	long long sum, done;      /* the worker's own results */
	int failed;               /* 0, or an errno-style code */
	long long where;          /* the record that failed */
	char text[32];            /* its text */
};

static char (*records)[24];      /* the input, one string per record */
static long long nitems;
static char mode;                /* 'i', 'c' or 's' */
static atomic_bool stop;         /* stop_early: somebody failed */

/* Parse one record: a decimal integer, nothing else. */
static int parse(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0)
		return errno;
	if (end == s || *end != '\0')
		return EINVAL;
	*out = v;
	return 0;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	for (long long i = j->first; i < j->last; i++) {
		if (mode == 's' && atomic_load_explicit(&stop, memory_order_relaxed))
			break;                  /* somebody failed: give up */
		long long v;
		int err = parse(records[i], &v);
		if (err) {
			j->failed = err;
			j->where = i;
			snprintf(j->text, sizeof j->text, "%s", records[i]);
			if (mode == 's')
				atomic_store(&stop, true);
			return j;               /* the status is the result */
		}
		j->sum += v;
		j->done++;
	}
	return j;
}

static void run(const char *name)
{
	int n = (int)lab_param("threads");
	pthread_t tid[64];
	struct job jobs[64];
	long long bad = lab_param("bad_item");

	mode = name[0];
	atomic_store(&stop, false);
	long long t0 = lab_now_ns();
	for (int t = 0; t < n; t++) {
		jobs[t] = (struct job){.first = nitems * t / n, .last = nitems * (t + 1) / n};
		if (pthread_create(&tid[t], NULL, worker, &jobs[t]) != 0)
			lab_die("pthread_create failed");
	}
	long long total = 0, done = 0;
	int reported = 0;
	for (int t = 0; t < n; t++) {
		void *ret;
		pthread_join(tid[t], &ret);
		struct job *j = ret;
		total += j->sum;
		done += j->done;
		if (mode == 'i')
			continue;               /* ignored: nobody looks */
		if (j->failed) {
			lab_log(name, "worker %d: record %lld \"%s\": %s", t, j->where,
				j->text, strerror(j->failed));
			reported++;
		}
	}
	long long elapsed = lab_now_ns() - t0;

	/* The truth, computed here so the demo can say who was right: the
	 * input has exactly one bad record when bad_item < items. */
	int happened = bad < nitems ? 1 : 0;
	if (mode == 'i')
		lab_log(name, "main: all %d workers joined, total %lld", n, total);
	struct lab_metric m[] = {
		LAB_INT("errors", happened),
		LAB_INT("reported", reported),
		LAB_INT("parsed", done),
		LAB_INT("sum", total),
	};
	lab_result(name, happened, reported, reported == happened, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	nitems = lab_param("items");
	records = malloc((size_t)nitems * sizeof *records);
	if (!records)
		lab_die("out of memory for %lld records", nitems);
	long long bad = lab_param("bad_item");
	for (long long i = 0; i < nitems; i++) /* 1, -2, 3, -4, ... */
		snprintf(records[i], sizeof records[i], "%lld", i % 2 ? -(i + 1) : i + 1);
	if (bad < nitems)
		snprintf(records[bad], sizeof records[bad], "12x4"); /* a typo */
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	free(records);
	return lab_end();
}
