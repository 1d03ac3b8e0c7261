/*
 * series.h - run a demo K times with one policy, for `lockstep demo`, the
 * shell and the lab.
 *
 * The policy: every run gets a time limit (60 s unless the caller asks for
 * another); a run that fails, crashes or times out is recorded with its
 * status and the series goes on to the next run. Only a cancel stops a
 * series early, or a run that cannot even start (the program is missing:
 * every later run would fail the same way), which sets series_error().
 *
 * Two ways to drive it, both through core/runner: incrementally from the
 * caller's poll loop (series_pollfds, series_wait_ms, series_service,
 * series_cancel: the lab), or blocking with series_follow (the CLI).
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_SERIES_H
#define CORE_SERIES_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "summary.h"

#define SERIES_RUNS_MAX 1000       /* K is 1..SERIES_RUNS_MAX */
#define SERIES_TIMEOUT_MS 60000    /* the limit on one run unless told otherwise */

struct series;

struct series_opts {
	int timeout_ms;   /* per run; 0 = SERIES_TIMEOUT_MS */
	int grace_ms;     /* SIGTERM -> SIGKILL delay; 0 = 500 ms */
};

/*
 * Read K from text ("runs=K", "--runs K", "runs K"). Returns 0 with *k, or
 * -1 with *err (caller frees) naming the value and the bound:
 * "must be 1..1000, got 'abc'" (the caller puts what and where in front).
 */
int series_parse_runs(const char *text, int *k, char **err);

/*
 * Start the first of k runs of `program` with `argv` (NULL-terminated,
 * argv[0] the name; the demo protocol wants "--json" among them). Program
 * and argv are copied. Returns NULL with *err (caller frees) when k is out
 * of range or the first run cannot start. Free with series_free.
 */
struct series *series_start(const char *program, char *const argv[], int k,
			    const struct series_opts *opts, char **err);

/* Fill up to max pollfds with the current run's fds; returns how many. */
int series_pollfds(const struct series *s, struct pollfd *fds, int max);
/* Milliseconds until series_service is due without input; -1: no deadline. */
int series_wait_ms(const struct series *s);
/* Read what arrived, finish a run and start the next. True once it is over. */
bool series_service(struct series *s);
/* Cancel the run in progress; no further run starts. */
void series_cancel(struct series *s);

/* Stop (SIGSTOP) or resume (SIGCONT) the run in progress, its whole process
 * group; paused time does not count against its limit. A cancel resumes it;
 * the next run of the series starts running. */
void series_pause(struct series *s, bool paused);
bool series_paused(const struct series *s);

bool series_done(const struct series *s);
bool series_cancelled(const struct series *s);
int series_k(const struct series *s);
/* The time limit each run gets, in ms. */
int series_timeout_ms(const struct series *s);
/* Why the series stopped before K runs other than a cancel (a run could not
 * start), or NULL. Owned by the series. */
const char *series_error(const struct series *s);
/* The finished runs, in order (owned by the series); *n is set. */
const struct run_result *series_results(const struct series *s, size_t *n);
/* The run in progress (live, owned by the series), or NULL. */
const struct run_result *series_live(const struct series *s);
/* Finished runs that ended with status st. */
size_t series_tally(const struct series *s, enum run_status st);
/* Bumped whenever something new arrived or a run ended. */
unsigned series_generation(const struct series *s);
/* Wall time of the whole series so far (to its end once done), in ns. */
long long series_elapsed_ns(const struct series *s);

/* Each variant's distribution over the finished runs (summary_build);
 * caller frees the array, names are borrowed from the series. */
struct variant_summary *series_summary(const struct series *s, size_t *count);

/*
 * Blocking: follow the series to its end. When *stop becomes nonzero (a
 * signal handler's flag; may be NULL) the series is cancelled. `notify`
 * (may be NULL) is called when run i (0-based) starts (ended false) and
 * when it has ended (ended true; its result is series_results()[i]).
 */
typedef void (*series_notify_fn)(void *arg, const struct series *s, size_t i, bool ended);
void series_follow(struct series *s, const volatile sig_atomic_t *stop, series_notify_fn notify,
		   void *arg);

/* Cancel and reap the run in progress (if any), free everything. NULL is fine. */
void series_free(struct series *s);

#endif
