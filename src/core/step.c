/*
 * step.c - a stepper session: drives one demo child in step mode, choice by
 * choice, and keeps the state its step events report.
 *
 * The child writes JSON Lines on stdout; the step events (`step`, `deadlock`,
 * `step_done`, `step_error`) are read here, every other line goes to the
 * report module, which owns the meaning of `hello`, `result` and `end`. The
 * session writes one `{"cmd":"run","thread":N}` per choice on the child's
 * stdin and then waits for the next step event: in its own poll loop
 * (stepper_move, for the command line) or in the caller's (stepper_send and
 * stepper_service, for the lab). step_state.c reads the events' state.
 */
#define _GNU_SOURCE
#include "core/step.h"

#include <cJSON.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/registry.h"
#include "core/sandbox.h"
#include "core/spawn.h"
#include "core/util.h"

#define STEP_TIMEOUT_MS 30000

struct stepper {
	struct spawn *child;
	struct sbuf out;            /* stdout not yet split into lines */
	struct sbuf err;            /* stderr, capped */
	struct step_state state;
	struct sbuf schedule;
	struct run_result res;
	char *refusal;              /* text of the last step_error, if any */
	bool finished;              /* stepper_finish ran */
	bool failed;
	bool waiting;               /* a state event is awaited (stepper_service) */
	int moving;                 /* for whom: a thread, or -1 (the first state) */
	char *demo;                 /* its name, for messages */
};

/* atomic: the lab's step view proves a challenge on a worker thread while
 * the learner may start sessions */
static _Atomic unsigned long children_started;

unsigned long stepper_children(void) { return children_started; }

char step_letter(int thread) { return (char)('A' + thread); }

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---------------------------------------------------------------- target */

int step_target_init(struct step_target *t, const char *demo, char *const *params,
		     size_t nparams, const char *variant, char **err)
{
	memset(t, 0, sizeof *t);
	struct registry reg;
	char *rerr = NULL;
	if (registry_load(&reg, NULL, &rerr) < 0) {
		*err = xasprintf("cannot read the demo registry: %s (run 'make' first?)", rerr);
		free(rerr);
		return -1;
	}
	const struct reg_demo *d = registry_find(&reg, demo);
	int rc = -1;
	if (!d) {
		*err = xasprintf("unknown demo '%s' (see 'lockstep demos')", util_shown(demo));
		goto out;
	}
	for (size_t i = 0; i < nparams; i++)
		if (registry_check_arg(d, params[i], err) < 0)
			goto out;
	if (d->nvariants == 0) {
		*err = xasprintf("%s has no variants to step", demo);
		goto out;
	}
	const char *chosen = variant ? NULL : d->variants[0].name;
	for (size_t v = 0; variant && v < d->nvariants; v++)
		if (strcmp(d->variants[v].name, variant) == 0)
			chosen = variant;
	if (!chosen) {
		struct sbuf names = {0};
		for (size_t v = 0; v < d->nvariants; v++)
			sbuf_addf(&names, "%s%s", v ? ", " : "", d->variants[v].name);
		*err = xasprintf("%s has no variant '%s' (it has: %s)", demo, util_shown(variant), names.buf);
		sbuf_release(&names);
		goto out;
	}
	t->demo = xstrdup(demo);
	t->variant = xstrdup(chosen);
	t->program = paths_join(paths_demos(), demo);
	t->timeout_ms = STEP_TIMEOUT_MS;
	t->argv = xcalloc(nparams + 6, sizeof *t->argv);
	size_t n = 0;
	t->argv[n++] = xstrdup(t->program);
	t->argv[n++] = xstrdup("--step");
	t->argv[n++] = xstrdup("--variant");
	t->argv[n++] = xstrdup(t->variant);
	for (size_t i = 0; i < nparams; i++)
		t->argv[n++] = xstrdup(params[i]);
	rc = 0;
out:
	registry_release(&reg);
	return rc;
}

void step_target_release(struct step_target *t)
{
	for (size_t i = 0; t->argv && t->argv[i]; i++)
		free(t->argv[i]);
	free(t->argv);
	free(t->demo);
	free(t->variant);
	free(t->program);
	memset(t, 0, sizeof *t);
}

/* ---------------------------------------------------------------- session */

/* A protocol line is a few hundred bytes; a demo's stdout that goes on
 * this long without a newline is not the protocol, and what comes past it
 * is dropped (drain_lines then ends the session), so a flood cannot eat
 * lockstep's memory. */
#define STEP_LINE_MAX (1024 * 1024)

static void on_output(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	struct stepper *s = ctx;
	if (stream == SPAWN_STDOUT && s->out.len <= STEP_LINE_MAX)
		sbuf_add(&s->out, buf, len);
	else if (s->err.len < 4096)
		sbuf_add(&s->err, buf, len);
}

enum ev_kind { EV_NONE, EV_STATE, EV_REFUSED, EV_EOF };

/* Describe why the child stopped, for a message. Caller frees. */
static char *child_failure(struct stepper *s, const char *doing)
{
	char *how = spawn_done(s->child) ? spawn_describe(spawn_status(s->child))
					 : xstrdup("stopped answering");
	size_t n = s->err.len;
	while (n > 0 && (s->err.buf[n - 1] == '\n' || s->err.buf[n - 1] == ' '))
		n--;
	const char *hint = spawn_done(s->child) && spawn_status(s->child)->timed_out
				   ? " (stepping is for small instances: try iters=2)"
				   : "";
	char *msg = n ? xasprintf("the demo %s %s%s: %.*s", how, doing, hint, (int)n, s->err.buf)
		      : xasprintf("the demo %s %s%s", how, doing, hint);
	free(how);
	s->failed = true;
	return msg;
}

/* Handle one complete stdout line. */
static enum ev_kind handle_line(struct stepper *s, char *line, size_t len, char **err)
{
	cJSON *ev = cJSON_ParseWithLength(line, len);
	const char *name = ev ? json_str(ev, "event") : NULL;
	enum ev_kind kind = EV_NONE;
	enum step_phase phase = STEP_RUNNING;
	if (name && (strcmp(name, "step") == 0 || strcmp(name, "deadlock") == 0 ||
		     strcmp(name, "step_done") == 0)) {
		phase = name[4] == '\0' ? STEP_RUNNING : name[0] == 'd' ? STEP_DEADLOCK : STEP_FINISHED;
		char *why = NULL;
		if (step_state_parse(&s->state, ev, phase, &why) < 0) {
			*err = xasprintf("bad '%s' event from the demo: %s", name, why);
			free(why);
			s->failed = true;
			kind = EV_EOF;
		} else {
			kind = EV_STATE;
		}
	} else if (name && strcmp(name, "step_error") == 0) {
		free(s->refusal);
		s->refusal = xstrdup(json_str(ev, "text") ? json_str(ev, "text") : "refused");
		kind = EV_REFUSED;
	} else {
		report_feed_line(&s->res, line, len); /* hello, result, end; bad lines noted there */
	}
	cJSON_Delete(ev);
	return kind;
}

/* Handle the complete lines read so far, up to the first step event (all
 * of them when `to_end`). Returns that event, or EV_NONE. */
static enum ev_kind drain_lines(struct stepper *s, bool to_end, char **err)
{
	char *nl;
	while ((nl = memchr(s->out.buf ? s->out.buf : "", '\n', s->out.len))) {
		size_t len = (size_t)(nl - s->out.buf);
		*nl = '\0';
		enum ev_kind k = handle_line(s, s->out.buf, len, err);
		size_t rest = s->out.len - len - 1;
		memmove(s->out.buf, nl + 1, rest);
		s->out.len = rest;
		s->out.buf[rest] = '\0';
		if (k == EV_EOF || (!to_end && k != EV_NONE))
			return k;
	}
	if (s->out.len > STEP_LINE_MAX && !s->failed) {
		*err = xasprintf("the demo wrote more than %d bytes on stdout without a newline: "
				 "that is not the step protocol (lab/PROTOCOL.md)", STEP_LINE_MAX);
		s->failed = true;
		return EV_EOF;
	}
	return EV_NONE;
}

/* Block until the child has something to say or a deadline passes. */
static void wait_child(struct stepper *s)
{
	struct pollfd fds[4];
	int n = spawn_pollfds(s->child, fds, 4);
	poll(fds, (nfds_t)n, spawn_wait_ms(s->child)); /* EINTR: serviced next */
}

/* Follow the child to the end of its output (stepper_finish). */
static void read_to_end(struct stepper *s, char **err)
{
	while (drain_lines(s, true, err) != EV_EOF && !spawn_done(s->child)) {
		wait_child(s);
		spawn_service(s->child);
	}
}

struct stepper *stepper_spawn(const struct step_target *t, char **err)
{
	struct stepper *s = xcalloc(1, sizeof *s);
	report_init(&s->res);
	sbuf_init(&s->schedule);
	s->demo = xstrdup(t->demo ? t->demo : "the demo");
	struct spawn_opts o = {
		.argv = (const char *const *)t->argv,
		.io = SPAWN_PIPED,
		.stdin_pipe = true,
		.timeout_ms = t->timeout_ms,
		.on_output = on_output,
		.ctx = s,
	};
	if (sandbox_marked(t->program)) /* rebuilt from the learner's edits */
		o.limits = sandbox_limits(t->timeout_ms);
	s->child = spawn_start(&o, err);
	if (!s->child) {
		stepper_free(s);
		return NULL;
	}
	children_started++;
	s->waiting = true;
	s->moving = -1;
	return s;
}

/* The awaited event has come (or the child is gone): what it means. */
static int settle(struct stepper *s, enum ev_kind k, char *why, char **err)
{
	s->waiting = false;
	if (s->moving < 0) { /* the first state */
		if (k == EV_STATE)
			return 0;
		if (!why && s->res.got_end)
			why = xasprintf("%s ran to its end without reaching a step point: it has "
					"none to stop at (yet)", s->demo);
		*err = why ? why : child_failure(s, "before its first step");
		s->failed = true;
		return -1;
	}
	int thread = s->moving;
	s->moving = -1;
	if (k == EV_REFUSED) {
		*err = xasprintf("step %lld: the demo refused thread %c: %s", s->state.step + 1,
				 step_letter(thread), s->refusal);
		return 1;
	}
	if (k != EV_STATE) {
		*err = why ? why : child_failure(s, "during the step");
		return -1;
	}
	s->state.threads[thread].moves++;
	sbuf_addc(&s->schedule, step_letter(thread));
	return 0;
}

int stepper_service(struct stepper *s, char **err)
{
	if (!s->waiting)
		return 0;
	char *why = NULL;
	enum ev_kind k = drain_lines(s, false, &why);
	if (k == EV_NONE) {
		bool over = spawn_service(s->child);
		k = drain_lines(s, false, &why);
		if (k == EV_NONE && !over)
			return STEP_PENDING;
		if (k == EV_NONE)
			k = EV_EOF;
	}
	return settle(s, k, why, err);
}

bool stepper_waiting(const struct stepper *s) { return s->waiting; }

int stepper_moving(const struct stepper *s) { return s->waiting ? s->moving : -1; }

int stepper_pollfds(const struct stepper *s, struct pollfd *fds, int max)
{
	return s->waiting ? spawn_pollfds(s->child, fds, max) : 0;
}

int stepper_wait_ms(const struct stepper *s) { return s->waiting ? spawn_wait_ms(s->child) : -1; }

/* Wait for what stepper_service awaits. */
static int settle_wait(struct stepper *s, char **err)
{
	int r;
	while ((r = stepper_service(s, err)) == STEP_PENDING)
		wait_child(s);
	return r;
}

struct stepper *stepper_start(const struct step_target *t, char **err)
{
	struct stepper *s = stepper_spawn(t, err);
	if (s && settle_wait(s, err) != 0) {
		stepper_free(s);
		return NULL;
	}
	return s;
}

const struct step_state *stepper_state(const struct stepper *s) { return &s->state; }

const char *stepper_schedule(const struct stepper *s)
{
	return s->schedule.buf ? s->schedule.buf : "";
}

/* Why thread `id` cannot move now, or NULL. Caller frees. */
static char *refusal(const struct stepper *s, int id)
{
	const struct step_state *st = &s->state;
	long long step = st->step + 1;
	if (st->phase == STEP_FINISHED)
		return xasprintf("step %lld: every thread has finished", step);
	if (st->phase == STEP_DEADLOCK)
		return xasprintf("step %lld: deadlock, no thread can move", step);
	if (id < 0 || (size_t)id >= st->nthreads || st->threads[id].state == STEP_T_NONE)
		return xasprintf("step %lld: there is no thread %c (this run has %zu: A-%c)", step,
				 id >= 0 && id < 26 ? step_letter(id) : '?', st->nthreads,
				 step_letter((int)st->nthreads - 1));
	const struct step_thread *t = &st->threads[id];
	if (t->state == STEP_T_DONE)
		return xasprintf("step %lld: thread %c has finished", step, step_letter(id));
	if (t->state == STEP_T_BLOCKED) {
		const struct step_lock *k = t->waits_name ? step_state_lock(st, t->waits_name) : NULL;
		if (k && k->owner >= 0)
			return xasprintf("step %lld: thread %c is blocked at %s:%d: it waits for %s "
					 "%s, held by %c since %s:%d",
					 step, step_letter(id), t->file, t->line, t->waits_kind,
					 k->name, step_letter(k->owner), k->file ? k->file : "?",
					 k->line);
		return xasprintf("step %lld: thread %c is blocked at %s:%d: it waits for %s %s",
				 step, step_letter(id), t->file, t->line,
				 t->waits_kind ? t->waits_kind : "something",
				 t->waits_name ? t->waits_name : "");
	}
	return NULL;
}

int stepper_send(struct stepper *s, int thread, char **err)
{
	if (s->failed || s->finished) {
		*err = xstrdup("the step session is over");
		return -1;
	}
	if (s->waiting) {
		*err = s->moving >= 0 ? xasprintf("step %lld: thread %c is still running",
						  s->state.step + 1, step_letter(s->moving))
				      : xstrdup("the demo has not reached its first step yet");
		return 1;
	}
	char *why = refusal(s, thread);
	if (why) {
		*err = why;
		return 1;
	}
	char cmd[64];
	int n = snprintf(cmd, sizeof cmd, "{\"cmd\":\"run\",\"thread\":%d}\n", thread);
	if (spawn_write(s->child, cmd, (size_t)n) < 0) {
		*err = child_failure(s, "closed its input");
		return -1;
	}
	s->waiting = true;
	s->moving = thread;
	return 0;
}

int stepper_move(struct stepper *s, int thread, char **err)
{
	int r = stepper_send(s, thread, err);
	return r != 0 ? r : settle_wait(s, err);
}

int stepper_finish(struct stepper *s, char **err)
{
	if (s->finished)
		return s->failed ? -1 : 0;
	s->finished = true;
	if (s->failed) {
		*err = xstrdup("the step session failed");
		return -1;
	}
	if (s->state.phase != STEP_FINISHED) {
		spawn_close_stdin(s->child); /* the demo exits 3: nobody will choose */
		spawn_cancel(s->child);
		while (!spawn_service(s->child))
			wait_child(s);
		return 0;
	}
	spawn_close_stdin(s->child);
	char *why = NULL;
	read_to_end(s, &why);
	if (why) {
		*err = why;
		return -1;
	}
	const struct spawn_status *st = spawn_status(s->child);
	int ws = st->signal ? st->signal : (st->exit_code & 0xff) << 8;
	report_finish(&s->res, ws, st->timed_out, st->cancelled);
	if (s->res.status != RUN_OK || !stepper_result(s)) {
		*err = xasprintf("the demo failed after its last step: %s",
				 s->res.error ? s->res.error : "no result");
		s->failed = true;
		return -1;
	}
	return 0;
}

const struct variant_result *stepper_result(const struct stepper *s)
{
	if (!s->finished || s->failed || s->state.phase != STEP_FINISHED)
		return NULL;
	for (size_t i = 0; i < s->res.nvariants; i++)
		if (s->res.variants[i].has_result)
			return &s->res.variants[i];
	return NULL;
}

void stepper_free(struct stepper *s)
{
	if (!s)
		return;
	spawn_free(s->child);
	sbuf_release(&s->out);
	sbuf_release(&s->err);
	sbuf_release(&s->schedule);
	step_state_release(&s->state);
	report_release(&s->res);
	free(s->refusal);
	free(s->demo);
	free(s);
}
