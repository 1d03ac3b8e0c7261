/*
 * series.c - run a demo K times through core/runner: one run after another,
 * each with a time limit, each result kept (a deep copy) whatever its
 * status; a failed run does not stop the series, a cancel does. A demo
 * binary rebuilt from the learner's edits (core/sandbox.h's marker) runs in
 * the sandbox.
 *
 * Ownership: the series owns copies of the program and argv, the runner of
 * the run in progress, and the finished results; everything it hands out
 * is borrowed until series_free.
 */
#define _GNU_SOURCE
#include "core/series.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/machine.h"
#include "core/runner.h"
#include "core/sandbox.h"
#include "core/util.h"

struct series {
	char *program;
	char **argv;              /* NULL-terminated copy */
	int k;
	struct runner_opts ropts;
	struct runner *run;       /* the run in progress, or NULL */
	unsigned run_gen;         /* its runner generation last seen */
	struct run_result *results;
	size_t n;
	bool cancelled, done;
	bool paused;              /* the run in progress is stopped (series_pause) */
	char *error;
	unsigned gen;
	long long t0_ns, t_end_ns;
	struct machine_mark mark; /* the machine's CPU use when the run started */
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int series_parse_runs(const char *text, int *k, char **err)
{
	const char *p = text ? text : "";
	bool digits = *p != '\0';
	for (const char *q = *p == '-' || *p == '+' ? p + 1 : p; *q; q++)
		digits &= *q >= '0' && *q <= '9';
	if (!digits || ((*p == '-' || *p == '+') && p[1] == '\0')) {
		*err = xasprintf("must be a number 1..%d, got '%s'", SERIES_RUNS_MAX, util_shown(p));
		return -1;
	}
	errno = 0;
	long v = strtol(p, NULL, 10);
	if (errno == ERANGE || v > SERIES_RUNS_MAX) {
		*err = xasprintf("must be 1..%d, got '%s' (at most %d runs)", SERIES_RUNS_MAX, util_shown(p),
				 SERIES_RUNS_MAX);
		return -1;
	}
	if (v < 1) {
		*err = xasprintf("must be 1..%d, got '%s'", SERIES_RUNS_MAX, util_shown(p));
		return -1;
	}
	*k = (int)v;
	return 0;
}

/* Start run number s->n. Returns 0, or -1 with *err. */
static int start_next(struct series *s, char **err)
{
	machine_begin(&s->mark);
	s->run = runner_start(s->program, s->argv, &s->ropts, err);
	if (!s->run)
		return -1;
	s->run_gen = runner_generation(s->run);
	s->gen++;
	return 0;
}

struct series *series_start(const char *program, char *const argv[], int k,
			    const struct series_opts *opts, char **err)
{
	*err = NULL;
	if (k < 1 || k > SERIES_RUNS_MAX) {
		*err = xasprintf("runs must be 1..%d, got %d", SERIES_RUNS_MAX, k);
		return NULL;
	}
	struct series *s = xcalloc(1, sizeof *s);
	s->program = xstrdup(program);
	size_t argc = 0;
	while (argv[argc])
		argc++;
	s->argv = xcalloc(argc + 1, sizeof *s->argv);
	for (size_t i = 0; i < argc; i++)
		s->argv[i] = xstrdup(argv[i]);
	s->k = k;
	s->ropts.timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : SERIES_TIMEOUT_MS;
	s->ropts.grace_ms = opts ? opts->grace_ms : 0;
	s->ropts.sandbox = sandbox_marked(program); /* rebuilt from the learner's edits */
	s->results = xcalloc((size_t)k, sizeof *s->results);
	s->t0_ns = now_ns();
	if (start_next(s, err) != 0) {
		series_free(s);
		return NULL;
	}
	return s;
}

int series_pollfds(const struct series *s, struct pollfd *fds, int max)
{
	return s->run ? runner_pollfds(s->run, fds, max) : 0;
}

int series_wait_ms(const struct series *s)
{
	return s->run ? runner_wait_ms(s->run) : -1;
}

static void finish(struct series *s)
{
	s->done = true;
	s->t_end_ns = now_ns();
	s->gen++;
}

bool series_service(struct series *s)
{
	if (s->done || !s->run)
		return s->done;
	bool over = runner_service(s->run);
	unsigned g = runner_generation(s->run);
	if (g != s->run_gen) {
		s->run_gen = g;
		s->gen++;
	}
	if (!over)
		return false;
	/* The run is over: keep its result whatever its status. */
	const struct run_result *r = runner_result(s->run);
	report_copy(&s->results[s->n], r);
	bool was_cancelled = r->status == RUN_CANCELLED;
	runner_free(s->run);
	s->run = NULL;
	s->paused = false; /* the next run starts running */
	/* reaped now, so the demo's CPU time counts as ours, not as others' */
	struct run_result *done = &s->results[s->n++];
	done->load_known = machine_end(&s->mark, &done->others_cores, &done->ncpu);
	s->gen++;
	if (was_cancelled)
		s->cancelled = true;
	if (s->cancelled || (int)s->n >= s->k) {
		finish(s);
		return true;
	}
	char *err = NULL;
	if (start_next(s, &err) != 0) {
		s->error = xasprintf("run %zu of %d could not start: %s", s->n + 1, s->k,
				     err ? err : "no reason given");
		free(err);
		finish(s);
		return true;
	}
	return false;
}

void series_cancel(struct series *s)
{
	if (s->done)
		return;
	s->cancelled = true;
	s->paused = false; /* the cancel resumes the group so it can end */
	if (s->run)
		runner_cancel(s->run);
}

void series_pause(struct series *s, bool paused)
{
	if (s->done || !s->run || s->cancelled || s->paused == paused)
		return;
	runner_pause(s->run, paused);
	s->paused = paused;
	s->gen++;
}

bool series_paused(const struct series *s) { return s->paused && s->run && !s->done; }

bool series_done(const struct series *s) { return s->done; }
bool series_cancelled(const struct series *s) { return s->cancelled; }
int series_k(const struct series *s) { return s->k; }
int series_timeout_ms(const struct series *s) { return s->ropts.timeout_ms; }
const char *series_error(const struct series *s) { return s->error; }
unsigned series_generation(const struct series *s) { return s->gen; }

const struct run_result *series_results(const struct series *s, size_t *n)
{
	*n = s->n;
	return s->results;
}

const struct run_result *series_live(const struct series *s)
{
	return s->run ? runner_result(s->run) : NULL;
}

size_t series_tally(const struct series *s, enum run_status st)
{
	size_t c = 0;
	for (size_t i = 0; i < s->n; i++)
		c += s->results[i].status == st;
	return c;
}

long long series_elapsed_ns(const struct series *s)
{
	return (s->done ? s->t_end_ns : now_ns()) - s->t0_ns;
}

struct variant_summary *series_summary(const struct series *s, size_t *count)
{
	return summary_build(s->results, s->n, count);
}

/* The bound on one poll when a stop flag is watched: a signal that lands
 * between the flag check and poll() is seen this much later at worst. */
#define STOP_TICK_MS 250

void series_follow(struct series *s, const volatile sig_atomic_t *stop, series_notify_fn notify,
		   void *arg)
{
	size_t announced = SIZE_MAX; /* the run whose start was told */
	size_t ended = 0;            /* runs whose end was told */
	while (!s->done) {
		if (notify && s->run && announced != s->n) {
			announced = s->n;
			notify(arg, s, s->n, false);
		}
		if (stop && *stop && !s->cancelled)
			series_cancel(s);
		struct pollfd fds[4];
		int n = series_pollfds(s, fds, 4);
		int wait = series_wait_ms(s);
		if (stop && (wait < 0 || wait > STOP_TICK_MS))
			wait = STOP_TICK_MS;
		poll(fds, (nfds_t)n, wait); /* EINTR: the stop flag is looked at next */
		series_service(s);
		for (; notify && ended < s->n; ended++)
			notify(arg, s, ended, true);
	}
	for (; notify && ended < s->n; ended++)
		notify(arg, s, ended, true);
}

void series_free(struct series *s)
{
	if (!s)
		return;
	runner_free(s->run); /* kills and reaps */
	for (size_t i = 0; i < s->n; i++)
		report_release(&s->results[i]);
	free(s->results);
	for (char **p = s->argv; p && *p; p++)
		free(*p);
	free(s->argv);
	free(s->program);
	free(s->error);
	free(s);
}
