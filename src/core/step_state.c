/*
 * step_state.c - what a stepper session knows: the state a demo's step
 * event reports (threads, shared values, locks, semaphores, barriers,
 * conditions), read from its JSON, copied and released.
 *
 * Layer: src/core (cJSON). Never prints. step.c feeds it the events.
 */
#include "core/step.h"

#include <cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

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
int step_state_parse(struct step_state *s, const struct cJSON *ev, enum step_phase phase, char **err)
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
