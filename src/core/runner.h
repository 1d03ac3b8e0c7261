/*
 * runner.h - runs a built demo as a child process and follows it.
 *
 * The child is started through spawn (spawn.h): its own session and process
 * group, stdout and stderr on pipes, stdin from /dev/null or a pipe the
 * caller writes, a clean signal state. The caller polls the runner's fds together with its own
 * (several runners can share one poll loop), then calls runner_service() to
 * read what arrived, parse events into the run_result, enforce the time
 * limit and reap. Cancel sends SIGTERM to the whole group, then SIGKILL after
 * a grace period. Nothing is left behind: the group is killed before reaping.
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_RUNNER_H
#define CORE_RUNNER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "report.h"

struct runner;

struct runner_opts {
	int timeout_ms;   /* wall-clock limit; 0 = none */
	int grace_ms;     /* SIGTERM -> SIGKILL delay; 0 = 500 ms */
	bool stdin_pipe;  /* the caller writes the demo's stdin (runner_write) */
	bool sandbox;     /* learner-built (core/sandbox.h): its limits, and at most
			   * SANDBOX_OUTPUT_MIB of stdout, then it is stopped */
};

/*
 * Start `program` with `argv` (argv[0] is the name; NULL-terminated). The demo
 * protocol expects "--json" among the arguments; the runner does not add it.
 * Returns NULL with *err (caller frees) if it could not start.
 */
struct runner *runner_start(const char *program, char *const argv[],
			    const struct runner_opts *opts, char **err);

/* Fill up to max pollfds with the runner's open pipes; returns how many. */
int runner_pollfds(const struct runner *r, struct pollfd *fds, int max);

/* Milliseconds until the runner needs service even without input (time
 * limit, kill grace); -1 when it has no deadline. */
int runner_wait_ms(const struct runner *r);

/* Read whatever is available without blocking, parse it, check the time
 * limit, reap when finished. Returns true once the run is over. */
bool runner_service(struct runner *r);

/* Write to the demo's stdin (stdin_pipe only). Blocks until written, reading
 * the demo's output meanwhile; returns 0, or -1 (EPIPE: the demo is gone or
 * closed its stdin). */
int runner_write(struct runner *r, const void *buf, size_t len);
/* The demo reads end of file on its stdin. */
void runner_close_stdin(struct runner *r);
/* Stop (SIGSTOP) or resume (SIGCONT) the demo's whole group; paused time
 * does not count against the time limit. */
void runner_pause(struct runner *r, bool paused);

/* Ask the demo to stop (SIGTERM to its group, SIGKILL after the grace). */
void runner_cancel(struct runner *r);

bool runner_done(const struct runner *r);
/* The result so far; complete once runner_done(). Owned by the runner. */
const struct run_result *runner_result(const struct runner *r);
/* Bumped each time new events were parsed: cheap "did anything change?". */
unsigned runner_generation(const struct runner *r);

/* Kill (if still running), reap, free. */
void runner_free(struct runner *r);

#endif
