/*
 * runner.c - follows a demo run: starts the built demo through spawn, turns
 * its stdout (JSON Lines) into a run_result as it arrives, keeps the first
 * 16 KiB of its stderr, and lets a caller (the stepper) write to its stdin.
 * A learner-built demo runs in the sandbox (core/sandbox.h): its limits, an
 * output cap, and a message in the learner's terms when it hits one.
 *
 * Everything about the child itself (its group, signals, time limit, kill
 * and reap, no zombie and no orphan) is spawn's job; see spawn.h.
 */
#define _GNU_SOURCE
#include "core/runner.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/sandbox.h"
#include "core/spawn.h"
#include "core/util.h"

#define STDERR_CAP (16 * 1024)
#define SANDBOX_OUTPUT_CAP ((size_t)SANDBOX_OUTPUT_MIB << 20)

struct runner {
	struct spawn *sp;
	struct sbuf line;        /* partial stdout line */
	bool overlong;           /* discarding the rest of an overlong line */
	struct sbuf errtext;     /* stderr, capped */
	bool done;
	unsigned generation;
	struct run_result res;
	bool sandbox;            /* runs under limits (runner_opts.sandbox) */
	struct spawn_limits limits;
	size_t out_bytes;        /* stdout read so far */
	bool flooded;            /* printed past SANDBOX_OUTPUT_CAP: stopped */
};

static void feed(struct runner *r, const char *s, size_t n)
{
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n') {
			if (r->overlong)
				continue;
			sbuf_addc(&r->line, s[i]);
			if (r->line.len > REPORT_MAX_LINE) {
				/* let the report record the problem, then skip to '\n' */
				report_feed_line(&r->res, r->line.buf, r->line.len);
				sbuf_release(&r->line);
				r->overlong = true;
				changed = true;
			}
			continue;
		}
		if (!r->overlong)
			report_feed_line(&r->res, r->line.buf ? r->line.buf : "", r->line.len);
		r->overlong = false;
		sbuf_release(&r->line);
		changed = true;
	}
	if (changed)
		r->generation++;
}

/* spawn's output callback: stdout is parsed, stderr kept up to the cap. */
static void on_output(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	struct runner *r = ctx;
	if (stream == SPAWN_STDOUT) {
		if (r->flooded)
			return;
		if (r->sandbox && len > SANDBOX_OUTPUT_CAP - r->out_bytes) {
			r->flooded = true; /* what was read within the cap still counts */
			feed(r, buf, SANDBOX_OUTPUT_CAP - r->out_bytes);
			spawn_cancel(r->sp);
			return;
		}
		r->out_bytes += len;
		feed(r, buf, len);
	} else if (r->errtext.len < STDERR_CAP) {
		size_t room = STDERR_CAP - r->errtext.len;
		sbuf_add(&r->errtext, buf, len < room ? len : room);
	}
}

struct runner *runner_start(const char *program, char *const argv[],
			    const struct runner_opts *opts, char **err)
{
	struct runner *r = xcalloc(1, sizeof *r);
	report_init(&r->res);
	struct spawn_opts so = {
		.argv = (const char *const *)argv,
		.program = program,
		.io = SPAWN_PIPED,
		.stdin_pipe = opts && opts->stdin_pipe,
		.timeout_ms = opts ? opts->timeout_ms : 0,
		.grace_ms = opts ? opts->grace_ms : 0,
		.on_output = on_output,
		.ctx = r,
	};
	if (opts && opts->sandbox) {
		r->sandbox = true;
		r->limits = so.limits = sandbox_limits(so.timeout_ms);
	}
	r->sp = spawn_start(&so, err);
	if (!r->sp) {
		report_release(&r->res);
		free(r);
		return NULL;
	}
	return r;
}

int runner_pollfds(const struct runner *r, struct pollfd *fds, int max)
{
	return spawn_pollfds(r->sp, fds, max);
}

int runner_wait_ms(const struct runner *r)
{
	return spawn_wait_ms(r->sp);
}

/* A learner-built demo that hit a limit: say which, in the learner's terms.
 * A cancel or the time limit explains itself. */
static void sandbox_verdict(struct runner *r, const struct spawn_status *st)
{
	if (st->timed_out || st->cancelled != r->flooded)
		return;
	char *why = r->flooded ? xasprintf("your edited demo printed more than %d MiB: lockstep "
					   "stopped it (the rest is not shown)", SANDBOX_OUTPUT_MIB)
			       : sandbox_explain(st, &r->limits, "your edited demo");
	if (why) {
		r->res.status = RUN_FAILED; /* stopped by a limit, not a crash of its own */
	} else if (r->res.status == RUN_CRASHED &&
		   (st->signal == SIGSEGV || st->signal == SIGABRT || st->signal == SIGBUS)) {
		why = xasprintf("%s (your edited demo runs with at most %d GiB of memory: past "
				"it, malloc returns NULL)", r->res.error, SANDBOX_MEMORY_GIB);
	} else {
		return;
	}
	free(r->res.error);
	r->res.error = why;
}

/* The child is over: the last line, stderr and how it ended go in the result. */
static void finish(struct runner *r)
{
	const struct spawn_status *st = spawn_status(r->sp);
	if (r->line.len > 0 && !r->overlong) /* a last line without newline */
		report_feed_line(&r->res, r->line.buf, r->line.len);
	sbuf_release(&r->line);
	r->res.wall_ns = st->wall_ns;
	r->res.stderr_text = sbuf_detach(&r->errtext);
	int ws = st->exited ? W_EXITCODE(st->exit_code, 0) : W_EXITCODE(0, st->signal);
	report_finish(&r->res, ws, st->timed_out, st->cancelled && !r->flooded);
	if (r->sandbox)
		sandbox_verdict(r, st);
	r->done = true;
	r->generation++;
}

bool runner_service(struct runner *r)
{
	if (r->done)
		return true;
	if (spawn_service(r->sp))
		finish(r);
	return r->done;
}

int runner_write(struct runner *r, const void *buf, size_t len)
{
	return spawn_write(r->sp, buf, len);
}

void runner_close_stdin(struct runner *r)
{
	spawn_close_stdin(r->sp);
}

void runner_pause(struct runner *r, bool paused)
{
	spawn_pause(r->sp, paused);
}

void runner_cancel(struct runner *r)
{
	spawn_cancel(r->sp);
}

bool runner_done(const struct runner *r) { return r->done; }
const struct run_result *runner_result(const struct runner *r) { return &r->res; }
unsigned runner_generation(const struct runner *r) { return r->generation; }

void runner_free(struct runner *r)
{
	if (!r)
		return;
	spawn_free(r->sp); /* kills and reaps it if it still runs */
	sbuf_release(&r->line);
	sbuf_release(&r->errtext);
	report_release(&r->res);
	free(r);
}
