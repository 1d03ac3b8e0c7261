/*
 * step.c - a stepper session: drives one demo child in step mode, choice by
 * choice, and keeps the state its step events report.
 *
 * The child writes JSON Lines on stdout; the step events (`step`, `deadlock`,
 * `step_done`, `step_error`) are read here, every other line goes to the
 * report module, which owns the meaning of `hello`, `result` and `end`. The
 * session writes one `{"cmd":"run","thread":N}` per choice on the child's
 * stdin and then waits, in its own poll loop, for the next step event.
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
};

/* atomic: the lab's step view proves a challenge on a worker thread while
 * the learner may start sessions */
static _Atomic unsigned long children_started;

unsigned long stepper_children(void) { return children_started; }

char step_letter(int thread) { return (char)('A' + thread); }

/* ---------------------------------------------------------------- state */

static void thread_release(struct step_thread *t)
{
	free(t->label);
	free(t->file);
	free(t->local);
	free(t->waits_kind);
	free(t->waits_name);
}

void step_state_release(struct step_state *s)
{
	for (size_t i = 0; i < s->nthreads; i++)
		thread_release(&s->threads[i]);
	for (size_t i = 0; i < s->nshared; i++)
		free(s->shared[i].name);
	for (size_t i = 0; i < s->nlocks; i++) {
		free(s->locks[i].name);
		free(s->locks[i].file);
	}
	for (size_t i = 0; i < s->nobjs; i++)
		free(s->objs[i].name);
	free(s->threads);
	free(s->shared);
	free(s->locks);
	free(s->objs);
	memset(s, 0, sizeof *s);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

void step_state_copy(struct step_state *dst, const struct step_state *src)
{
	*dst = *src;
	dst->threads = xcalloc(src->nthreads + 1, sizeof *dst->threads);
	dst->shared = xcalloc(src->nshared + 1, sizeof *dst->shared);
	dst->locks = xcalloc(src->nlocks + 1, sizeof *dst->locks);
	for (size_t i = 0; i < src->nthreads; i++) {
		const struct step_thread *a = &src->threads[i];
		struct step_thread *b = &dst->threads[i];
		*b = *a;
		b->label = dup_or_null(a->label);
		b->file = dup_or_null(a->file);
		b->local = dup_or_null(a->local);
		b->waits_kind = dup_or_null(a->waits_kind);
		b->waits_name = dup_or_null(a->waits_name);
	}
	for (size_t i = 0; i < src->nshared; i++) {
		dst->shared[i].name = xstrdup(src->shared[i].name);
		dst->shared[i].value = src->shared[i].value;
	}
	for (size_t i = 0; i < src->nlocks; i++) {
		dst->locks[i] = src->locks[i];
		dst->locks[i].name = xstrdup(src->locks[i].name);
		dst->locks[i].file = dup_or_null(src->locks[i].file);
	}
	dst->objs = xcalloc(src->nobjs + 1, sizeof *dst->objs);
	for (size_t i = 0; i < src->nobjs; i++) {
		dst->objs[i] = src->objs[i];
		dst->objs[i].name = xstrdup(src->objs[i].name);
	}
}

const struct step_value *step_state_shared(const struct step_state *s, const char *name)
{
	for (size_t i = 0; i < s->nshared; i++)
		if (strcmp(s->shared[i].name, name) == 0)
			return &s->shared[i];
	return NULL;
}

const struct step_lock *step_state_lock(const struct step_state *s, const char *name)
{
	for (size_t i = 0; i < s->nlocks; i++)
		if (strcmp(s->locks[i].name, name) == 0)
			return &s->locks[i];
	return NULL;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool json_int(const cJSON *o, const char *key, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	/* an integer beyond +-2^53 (1e300, 9.2e18) is refused, never converted */
	return cJSON_IsNumber(v) && util_exact_int(v->valuedouble, out);
}

/* The demo's semaphores, barriers and condition variables, for showing. */
static void objs_parse(struct step_state *s, const cJSON *ev)
{
	static const char *const members[] = {"sems", "barriers", "conds"};
	static const char *const kinds[] = {"sem", "barrier", "cond"};
	size_t cap = 0;
	for (int m = 0; m < 3; m++) {
		const cJSON *o;
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(ev, members[m])) {
			const char *name = json_str(o, "name");
			if (!name)
				continue;
			struct step_obj *x = VEC_PUSH(s->objs, s->nobjs, cap);
			memset(x, 0, sizeof *x);
			snprintf(x->kind, sizeof x->kind, "%s", kinds[m]);
			x->name = xstrdup(name);
			json_int(o, m == 0 ? "value" : "arrived", &x->value);
			json_int(o, "count", &x->count);
			if (m == 2) {
				const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "waiters"), *id;
				size_t n = 0;
				cJSON_ArrayForEach(id, w) {
					long long t;
					if (n < STEP_MAX_THREADS && cJSON_IsNumber(id) &&
					    util_exact_int(id->valuedouble, &t) && t >= 0 &&
					    t < STEP_MAX_THREADS)
						x->waiters[n++] = step_letter((int)t);
				}
				x->value = (long long)n;
			}
		}
	}
}

/* Read a step/deadlock/step_done event into s (keeping each thread's move
 * count). Returns 0, or -1 with *err naming the member that is wrong. */
static int state_parse(struct step_state *s, const cJSON *ev, enum step_phase phase, char **err)
{
	int moves[STEP_MAX_THREADS] = {0};
	for (size_t i = 0; i < s->nthreads && i < STEP_MAX_THREADS; i++)
		moves[i] = s->threads[i].moves;
	step_state_release(s);
	s->phase = phase;
	json_int(ev, "step", &s->step);

	const cJSON *threads = cJSON_GetObjectItemCaseSensitive(ev, "threads");
	int n = cJSON_GetArraySize(threads);
	if (!cJSON_IsArray(threads) || n < 1 || n > STEP_MAX_THREADS) {
		*err = xasprintf("'threads' must list 1..%d threads", STEP_MAX_THREADS);
		return -1;
	}
	s->threads = xcalloc((size_t)n, sizeof *s->threads);
	s->nthreads = (size_t)n;
	const cJSON *t;
	int i = 0;
	cJSON_ArrayForEach(t, threads) {
		struct step_thread *th = &s->threads[i];
		const char *state = json_str(t, "state");
		th->moves = moves[i];
		if (!state) {
			*err = xasprintf("thread %d has no 'state'", i);
			return -1;
		}
		th->state = strcmp(state, "ready") == 0     ? STEP_T_READY
			    : strcmp(state, "blocked") == 0 ? STEP_T_BLOCKED
			    : strcmp(state, "done") == 0    ? STEP_T_DONE
							    : STEP_T_NONE;
		th->label = dup_or_null(json_str(t, "label"));
		th->file = dup_or_null(json_str(t, "file"));
		long long line = 0;
		json_int(t, "line", &line);
		th->line = line > 0 && line <= INT_MAX ? (int)line : 0;
		const cJSON *local = cJSON_GetObjectItemCaseSensitive(t, "local");
		if (cJSON_IsObject(local) && local->child && cJSON_IsNumber(local->child) &&
		    util_exact_int(local->child->valuedouble, &th->local_value))
			th->local = xstrdup(local->child->string);
		const cJSON *waits = cJSON_GetObjectItemCaseSensitive(t, "waits");
		if (cJSON_IsObject(waits)) {
			th->waits_kind = dup_or_null(json_str(waits, "kind"));
			th->waits_name = dup_or_null(json_str(waits, "name"));
		}
		if ((th->state == STEP_T_READY || th->state == STEP_T_BLOCKED) &&
		    (!th->label || !th->file)) {
			*err = xasprintf("live thread %d has no 'label' or 'file'", i);
			return -1;
		}
		i++;
	}
	const cJSON *shared = cJSON_GetObjectItemCaseSensitive(ev, "shared");
	s->shared = xcalloc((size_t)cJSON_GetArraySize(shared) + 1, sizeof *s->shared);
	const cJSON *v;
	cJSON_ArrayForEach(v, shared) {
		if (!cJSON_IsNumber(v) || !util_exact_int(v->valuedouble, &s->shared[s->nshared].value))
			continue;
		s->shared[s->nshared++].name = xstrdup(v->string);
	}
	const cJSON *locks = cJSON_GetObjectItemCaseSensitive(ev, "locks");
	s->locks = xcalloc((size_t)cJSON_GetArraySize(locks) + 1, sizeof *s->locks);
	const cJSON *l;
	cJSON_ArrayForEach(l, locks) {
		const char *name = json_str(l, "name");
		long long owner = -1, line = 0;
		if (!name || !json_int(l, "owner", &owner) || owner < -1 || owner >= STEP_MAX_THREADS) {
			*err = xstrdup("a lock needs 'name' and 'owner' (-1 or a thread number)");
			return -1;
		}
		json_int(l, "line", &line);
		struct step_lock *k = &s->locks[s->nlocks++];
		long long depth = owner >= 0;
		json_int(l, "depth", &depth);
		k->depth = depth >= 0 && depth <= INT_MAX ? (int)depth : 0;
		k->name = xstrdup(name);
		k->owner = (int)owner;
		k->file = dup_or_null(json_str(l, "file"));
		k->line = line > 0 && line <= INT_MAX ? (int)line : 0;
	}
	objs_parse(s, ev);
	return 0;
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

static void on_output(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	struct stepper *s = ctx;
	if (stream == SPAWN_STDOUT)
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
		if (state_parse(&s->state, ev, phase, &why) < 0) {
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

/* Wait for the next step event (or the end of output when `to_end`).
 * Returns EV_STATE, EV_REFUSED, or EV_EOF when the child is gone. */
static enum ev_kind next_event(struct stepper *s, bool to_end, char **err)
{
	for (;;) {
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
		if (spawn_done(s->child))
			return EV_EOF;
		struct pollfd fds[4];
		int n = spawn_pollfds(s->child, fds, 4);
		if (n > 0 && poll(fds, (nfds_t)n, spawn_wait_ms(s->child)) < 0 && errno != EINTR)
			return EV_EOF;
		spawn_service(s->child);
	}
}

struct stepper *stepper_start(const struct step_target *t, char **err)
{
	struct stepper *s = xcalloc(1, sizeof *s);
	report_init(&s->res);
	sbuf_init(&s->schedule);
	struct spawn_opts o = {
		.argv = (const char *const *)t->argv,
		.io = SPAWN_PIPED,
		.stdin_pipe = true,
		.timeout_ms = t->timeout_ms,
		.on_output = on_output,
		.ctx = s,
	};
	s->child = spawn_start(&o, err);
	if (!s->child) {
		stepper_free(s);
		return NULL;
	}
	children_started++;
	char *why = NULL;
	if (next_event(s, false, &why) != EV_STATE) {
		if (!why && s->res.got_end)
			why = xasprintf("%s ran to its end without reaching a step point: it has "
					"none to stop at (yet)", t->demo ? t->demo : "the demo");
		*err = why ? why : child_failure(s, "before its first step");
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

int stepper_move(struct stepper *s, int thread, char **err)
{
	if (s->failed || s->finished) {
		*err = xstrdup("the step session is over");
		return -1;
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
	why = NULL;
	enum ev_kind k = next_event(s, false, &why);
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
		while (!spawn_service(s->child)) {
			struct pollfd fds[4];
			int n = spawn_pollfds(s->child, fds, 4);
			poll(fds, (nfds_t)n, spawn_wait_ms(s->child));
		}
		return 0;
	}
	spawn_close_stdin(s->child);
	char *why = NULL;
	next_event(s, true, &why);
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
	free(s);
}
