/*
 * step_run.c - replays a schedule into a trace, and explores every
 * interleaving of a demo by stateless depth-first search over stepper
 * sessions, counting outcomes, deadlocks and goals.
 *
 * Exploring: at each state the first enabled thread moves on in the same
 * child; every other choice starts a fresh child and replays the prefix. A
 * state already explored (same key: see state_key) is not explored again:
 * its summary (how many interleavings below it end in which outcome, and the
 * shortest way there) is added in. That is sound because the key holds
 * everything the demo's future depends on; lab/PROTOCOL.md, "Exploring",
 * says what a demo must show for that to hold.
 */
#define _GNU_SOURCE
#include "core/step_run.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"

/* The deepest schedule explore follows (one stack frame per step). */
#define STEP_EXPLORE_MAX_STEPS 2000

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---------------------------------------------------------------- replay */

int step_schedule_check(const char *schedule, char **err)
{
	for (size_t i = 0; schedule[i]; i++) {
		char c = schedule[i];
		if (c < 'A' || c >= 'A' + STEP_MAX_THREADS) {
			*err = xasprintf("schedule '%s': letter %zu, '%c', is not a thread (A-%c)",
					 schedule, i + 1, c, 'A' + STEP_MAX_THREADS - 1);
			return -1;
		}
	}
	return 0;
}

static void row_record(struct step_row *r, const struct step_state *before, int thread)
{
	const struct step_thread *t = &before->threads[thread];
	memset(r, 0, sizeof *r);
	r->thread = thread;
	r->label = xstrdup(t->label);
	r->file = xstrdup(t->file);
	r->line = t->line;
	r->local = t->local ? xstrdup(t->local) : NULL;
	r->local_value = t->local_value;
}

int step_replay(const struct step_target *t, const char *schedule, struct step_trace *out,
		char **err)
{
	memset(out, 0, sizeof *out);
	if (step_schedule_check(schedule, err) < 0)
		return 1;
	struct stepper *s = stepper_start(t, err);
	if (!s)
		return -1;
	step_state_copy(&out->first, stepper_state(s));
	size_t len = strlen(schedule);
	out->rows = xcalloc(len + 1, sizeof *out->rows);
	int rc = 0;
	for (size_t i = 0; i < len && rc == 0; i++) {
		int id = schedule[i] - 'A';
		const struct step_state *st = stepper_state(s);
		bool can = st->phase == STEP_RUNNING && (size_t)id < st->nthreads &&
			   st->threads[id].state == STEP_T_READY;
		struct step_row row;
		if (can)
			row_record(&row, st, id);
		rc = stepper_move(s, id, err);
		if (rc != 0) {
			if (can) {
				free(row.label);
				free(row.file);
				free(row.local);
			}
			break;
		}
		st = stepper_state(s);
		row.shared = xcalloc(st->nshared + 1, sizeof *row.shared);
		for (size_t k = 0; k < st->nshared; k++)
			row.shared[k] = st->shared[k].value;
		out->rows[out->nrows++] = row;
	}
	step_state_copy(&out->final, stepper_state(s));
	if (rc == 0 && out->final.phase == STEP_FINISHED) {
		if (stepper_finish(s, err) < 0) {
			rc = -1;
		} else {
			const struct variant_result *v = stepper_result(s);
			out->has_result = true;
			out->has_expected = v->has_expected;
			out->has_observed = v->has_observed;
			out->expected = v->expected;
			out->observed = v->observed;
			out->correct = v->correct;
		}
	}
	stepper_free(s);
	return rc;
}

void step_trace_release(struct step_trace *tr)
{
	for (size_t i = 0; i < tr->nrows; i++) {
		free(tr->rows[i].label);
		free(tr->rows[i].file);
		free(tr->rows[i].local);
		free(tr->rows[i].shared);
	}
	free(tr->rows);
	step_state_release(&tr->first);
	step_state_release(&tr->final);
	memset(tr, 0, sizeof *tr);
}

char *step_trace_text(const struct step_trace *tr)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < tr->nrows; i++) {
		const struct step_row *r = &tr->rows[i];
		sbuf_addf(&sb, "%zu %c %s %s:%d", i + 1, step_letter(r->thread), r->label, r->file,
			  r->line);
		if (r->local)
			sbuf_addf(&sb, " %s=%lld", r->local, r->local_value);
		for (size_t k = 0; k < tr->final.nshared; k++)
			sbuf_addf(&sb, " %s=%lld", tr->final.shared[k].name, r->shared[k]);
		sbuf_addc(&sb, '\n');
	}
	const char *phase[] = {"running", "finished", "deadlock"};
	sbuf_addf(&sb, "%s", phase[tr->final.phase]);
	if (tr->has_result)
		sbuf_addf(&sb, " observed=%lld expected=%lld correct=%d", tr->observed,
			  tr->expected, tr->correct);
	sbuf_addc(&sb, '\n');
	return sbuf_detach(&sb);
}

/* ---------------------------------------------------------------- explore */

/* What lies below one state: every complete interleaving from it, grouped
 * by outcome (index into the explore's outcomes) or deadlock, each with the
 * shortest suffix that gets there. */
struct tally {
	size_t idx;
	unsigned long long count;
	char *suffix;
};

struct summary {
	unsigned long long count;
	struct tally *outs, *dls;
	size_t nouts, capouts, ndls, capdls;
	unsigned long long goal;
	char *goal_suffix;          /* NULL: no interleaving below reaches it */
};

struct memo_entry {
	char *key;
	struct summary *sum;
	struct memo_entry *next;
};

struct explorer {
	const struct step_target *target;
	const struct step_explore_opts *o;
	struct step_explore *out;
	size_t capouts, capdls;
	struct memo_entry **buckets;
	size_t nbuckets, nentries;
	unsigned long start_children;
	bool stopped;               /* the limit was reached */
	struct sbuf prefix;         /* the schedule to the current state */
};

static void summary_free(struct summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nouts; i++)
		free(s->outs[i].suffix);
	for (size_t i = 0; i < s->ndls; i++)
		free(s->dls[i].suffix);
	free(s->outs);
	free(s->dls);
	free(s->goal_suffix);
	free(s);
}

/* Counts grow as binomials (two threads of 400 steps: about 10^239
 * interleavings), so they stop at the largest value instead of wrapping;
 * explore reports a count that reached it as a lower bound. */
static unsigned long long add_sat(unsigned long long a, unsigned long long b)
{
	return a > ULLONG_MAX - b ? ULLONG_MAX : a + b;
}

/* Keep the shorter of *best and letter+suffix (the first found on a tie). */
static void keep_shorter(char **best, char letter, const char *suffix)
{
	size_t n = strlen(suffix);
	if (*best && strlen(*best) <= n + 1)
		return;
	free(*best);
	*best = xmalloc(n + 2);
	(*best)[0] = letter;
	memcpy(*best + 1, suffix, n + 1);
}

static void tally_add(struct tally **v, size_t *n, size_t *cap, const struct tally *t, char letter)
{
	for (size_t i = 0; i < *n; i++) {
		if ((*v)[i].idx == t->idx) {
			(*v)[i].count = add_sat((*v)[i].count, t->count);
			keep_shorter(&(*v)[i].suffix, letter, t->suffix);
			return;
		}
	}
	struct tally *x = VEC_PUSH(*v, *n, *cap);
	x->idx = t->idx;
	x->count = t->count;
	x->suffix = NULL;
	keep_shorter(&x->suffix, letter, t->suffix);
}

/* Add what lies below a child state (reached by `letter`) into `into`. */
static void summary_merge(struct summary *into, const struct summary *from, char letter)
{
	into->count = add_sat(into->count, from->count);
	for (size_t i = 0; i < from->nouts; i++)
		tally_add(&into->outs, &into->nouts, &into->capouts, &from->outs[i], letter);
	for (size_t i = 0; i < from->ndls; i++)
		tally_add(&into->dls, &into->ndls, &into->capdls, &from->dls[i], letter);
	into->goal = add_sat(into->goal, from->goal);
	if (from->goal_suffix)
		keep_shorter(&into->goal_suffix, letter, from->goal_suffix);
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct summary *memo_find(struct explorer *x, const char *key)
{
	if (!x->nbuckets)
		return NULL;
	for (struct memo_entry *e = x->buckets[hash_text(key) % x->nbuckets]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e->sum;
	return NULL;
}

static void memo_put(struct explorer *x, char *key, struct summary *sum)
{
	if (x->nentries >= x->nbuckets) {
		size_t nb = x->nbuckets ? x->nbuckets * 2 : 1024;
		struct memo_entry **b = xcalloc(nb, sizeof *b);
		for (size_t i = 0; i < x->nbuckets; i++)
			for (struct memo_entry *e = x->buckets[i], *next; e; e = next) {
				next = e->next;
				size_t h = hash_text(e->key) % nb;
				e->next = b[h];
				b[h] = e;
			}
		free(x->buckets);
		x->buckets = b;
		x->nbuckets = nb;
	}
	struct memo_entry *e = xmalloc(sizeof *e);
	size_t h = hash_text(key) % x->nbuckets;
	e->key = key;
	e->sum = sum;
	e->next = x->buckets[h];
	x->buckets[h] = e;
	x->nentries++;
}

static void memo_release(struct explorer *x)
{
	for (size_t i = 0; i < x->nbuckets; i++)
		for (struct memo_entry *e = x->buckets[i], *next; e; e = next) {
			next = e->next;
			free(e->key);
			summary_free(e->sum);
			free(e);
		}
	free(x->buckets);
}

/* The memo key: everything the rest of the run depends on, as far as the
 * demo shows it: each thread's move count, state, position, shown local and
 * what it waits for; the shared values; each lock's owner and depth; each
 * condition's waiters in order, semaphore's value, barrier's arrivals;
 * whether the goal was reached on the way. Caller frees. */
static char *state_key(const struct step_state *s, bool hit)
{
	struct sbuf k = {0};
	for (size_t i = 0; i < s->nthreads; i++) {
		const struct step_thread *t = &s->threads[i];
		sbuf_addf(&k, "%d/%d/%s/%s:%d", t->moves, (int)t->state, t->label ? t->label : "",
			  t->file ? t->file : "", t->line);
		if (t->local)
			sbuf_addf(&k, "/%s=%lld", t->local, t->local_value);
		if (t->waits_kind)
			sbuf_addf(&k, "/%s:%s", t->waits_kind, t->waits_name ? t->waits_name : "");
		sbuf_addc(&k, ';');
	}
	for (size_t i = 0; i < s->nshared; i++)
		sbuf_addf(&k, "%s=%lld;", s->shared[i].name, s->shared[i].value);
	for (size_t i = 0; i < s->nlocks; i++)
		sbuf_addf(&k, "%s@%d*%d;", s->locks[i].name, s->locks[i].owner, s->locks[i].depth);
	for (size_t i = 0; i < s->nobjs; i++) {
		const struct step_obj *o = &s->objs[i];
		sbuf_addf(&k, "%s %s=%lld/%lld/%s;", o->kind, o->name, o->value, o->count,
			  o->waiters);
	}
	sbuf_addc(&k, hit ? '!' : '.');
	return sbuf_detach(&k);
}

/* Index of the outcome `value` in the explore's list (added if new). */
static size_t outcome_index(struct explorer *x, const char *value, bool correct)
{
	struct step_explore *e = x->out;
	for (size_t i = 0; i < e->noutcomes; i++)
		if (strcmp(e->outcomes[i].value, value) == 0)
			return i;
	struct step_outcome *o = VEC_PUSH(e->outcomes, e->noutcomes, x->capouts);
	memset(o, 0, sizeof *o);
	o->value = xstrdup(value);
	o->correct = correct;
	return e->noutcomes - 1;
}

static size_t deadlock_index(struct explorer *x, const struct step_state *s)
{
	struct step_explore *e = x->out;
	char *key = state_key(s, false);
	for (size_t i = 0; i < e->ndeadlocks; i++) {
		char *other = state_key(&e->deadlocks[i].state, false);
		bool same = strcmp(key, other) == 0;
		free(other);
		if (same) {
			free(key);
			return i;
		}
	}
	free(key);
	struct step_deadlock *d = VEC_PUSH(e->deadlocks, e->ndeadlocks, x->capdls);
	memset(d, 0, sizeof *d);
	step_state_copy(&d->state, s);
	return e->ndeadlocks - 1;
}

/* A fresh child at the current prefix. NULL with *err, or NULL without an
 * error when the limit (or the stop flag) stops the search. */
static struct stepper *replay_prefix(struct explorer *x, char **err)
{
	if ((x->o->limit && stepper_children() - x->start_children >= x->o->limit) ||
	    (x->o->stop && atomic_load(x->o->stop))) {
		x->stopped = true;
		return NULL;
	}
	struct stepper *s = stepper_start(x->target, err);
	for (size_t i = 0; s && i < x->prefix.len; i++) {
		if (stepper_move(s, x->prefix.buf[i] - 'A', err) != 0) {
			char *why = *err;
			*err = xasprintf("replaying '%s' diverged: %s", x->prefix.buf, why);
			free(why);
			stepper_free(s);
			return NULL;
		}
	}
	return s;
}

/* Explore from the state `s` stands at (reached by x->prefix; `hit`: the
 * goal was reached on the way). Takes `s`. Sets *sum and *owned (false: the
 * summary belongs to the memo). Returns 0 or -1 with *err. */
static int explore_from(struct explorer *x, struct stepper *s, bool hit, struct summary **sum,
			bool *owned, char **err)
{
	const struct step_goal *g = x->o->goal;
	const struct step_state *st = stepper_state(s);
	hit = hit || (g && g->kind == STEP_GOAL_ANY && step_goal_holds(g, st));
	*owned = true;
	*sum = NULL;

	if (st->phase != STEP_RUNNING) {
		struct summary *leaf = xcalloc(1, sizeof *leaf);
		struct tally *t;
		leaf->count = 1;
		if (st->phase == STEP_DEADLOCK) {
			t = VEC_PUSH(leaf->dls, leaf->ndls, leaf->capdls);
			t->idx = deadlock_index(x, st);
		} else {
			if (g && g->kind == STEP_GOAL_END && step_goal_holds(g, st))
				hit = true;
			if (stepper_finish(s, err) < 0) {
				stepper_free(s);
				summary_free(leaf);
				return -1;
			}
			const struct variant_result *v = stepper_result(s);
			char value[32];
			if (v->has_observed)
				snprintf(value, sizeof value, "%lld", v->observed);
			else
				snprintf(value, sizeof value, "%s", v->correct ? "correct" : "wrong");
			t = VEC_PUSH(leaf->outs, leaf->nouts, leaf->capouts);
			t->idx = outcome_index(x, value, v->correct);
		}
		t->count = 1;
		t->suffix = xstrdup(""); /* a leaf is where the schedule ends */
		if (g && g->kind == STEP_GOAL_DEADLOCK && st->phase == STEP_DEADLOCK)
			hit = true;
		if (hit) {
			leaf->goal = 1;
			leaf->goal_suffix = xstrdup("");
		}
		stepper_free(s);
		*sum = leaf;
		return 0;
	}

	if (x->prefix.len >= STEP_EXPLORE_MAX_STEPS) {
		*err = xasprintf("a run longer than %d steps: explore is for small instances "
				 "(try iters=2)", STEP_EXPLORE_MAX_STEPS);
		stepper_free(s);
		return -1;
	}
	char *key = x->o->no_merge ? NULL : state_key(st, hit);
	struct summary *known = key ? memo_find(x, key) : NULL;
	if (known) {
		x->out->merged++;
		free(key);
		stepper_free(s);
		*sum = known;
		*owned = false;
		return 0;
	}
	int ready[STEP_MAX_THREADS], nready = 0;
	for (size_t i = 0; i < st->nthreads; i++)
		if (st->threads[i].state == STEP_T_READY)
			ready[nready++] = (int)i;

	struct summary *here = xcalloc(1, sizeof *here);
	int rc = 0;
	for (int k = 0; k < nready && rc == 0; k++) {
		struct stepper *c = k == 0 ? s : replay_prefix(x, err);
		if (!c) {
			rc = x->stopped ? 0 : -1;
			break;
		}
		if (stepper_move(c, ready[k], err) != 0) {
			stepper_free(c);
			rc = -1;
			break;
		}
		sbuf_addc(&x->prefix, step_letter(ready[k]));
		struct summary *below;
		bool below_owned;
		rc = explore_from(x, c, hit, &below, &below_owned, err);
		x->prefix.buf[--x->prefix.len] = '\0';
		if (rc == 0)
			summary_merge(here, below, step_letter(ready[k]));
		if (below_owned)
			summary_free(below);
	}
	if (rc < 0 || x->stopped || !key) {
		free(key); /* a partial summary is never remembered */
		*sum = here;
		return rc;
	}
	memo_put(x, key, here);
	*sum = here;
	*owned = false;
	return 0;
}

static int compare_outcomes(const void *a, const void *b)
{
	const struct step_outcome *x = a, *y = b;
	char *ex, *ey;
	long long nx = strtoll(x->value, &ex, 10), ny = strtoll(y->value, &ey, 10);
	if (!*ex && !*ey)
		return (nx > ny) - (nx < ny);
	return strcmp(x->value, y->value);
}

int step_explore_all(const struct step_target *t, const struct step_explore_opts *o,
		     struct step_explore *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct explorer x = {.target = t, .o = o, .out = out};
	x.start_children = stepper_children();
	long long t0 = now_ns();
	struct stepper *s = stepper_start(t, err);
	if (!s)
		return -1;
	const struct step_goal *g = o->goal;
	if (g && g->kind != STEP_GOAL_DEADLOCK && !step_state_shared(stepper_state(s), g->var)) {
		struct sbuf names = {0};
		const struct step_state *st = stepper_state(s);
		for (size_t i = 0; i < st->nshared; i++)
			sbuf_addf(&names, "%s%s", i ? ", " : "", st->shared[i].name);
		*err = xasprintf("goal '%s': %s shows no shared variable '%s' (it shows: %s)",
				 g->text, t->demo, g->var, names.len ? names.buf : "none");
		sbuf_release(&names);
		stepper_free(s);
		return -1;
	}
	struct summary *sum = NULL;
	bool owned = false;
	int rc = explore_from(&x, s, false, &sum, &owned, err);
	if (rc == 0) {
		out->interleavings = sum->count;
		for (size_t i = 0; i < sum->nouts; i++) {
			struct step_outcome *oc = &out->outcomes[sum->outs[i].idx];
			oc->count = sum->outs[i].count;
			oc->shortest = xstrdup(sum->outs[i].suffix);
		}
		for (size_t i = 0; i < sum->ndls; i++) {
			struct step_deadlock *d = &out->deadlocks[sum->dls[i].idx];
			d->count = sum->dls[i].count;
			d->shortest = xstrdup(sum->dls[i].suffix);
		}
		out->has_goal = g != NULL;
		out->goal_count = sum->goal;
		out->goal_shortest = sum->goal_suffix ? xstrdup(sum->goal_suffix) : NULL;
		if (out->noutcomes > 1) /* none: every run deadlocked (qsort wants a base) */
			qsort(out->outcomes, out->noutcomes, sizeof *out->outcomes, compare_outcomes);
	}
	if (owned)
		summary_free(sum);
	out->complete = rc == 0 && !x.stopped;
	out->runs = stepper_children() - x.start_children;
	out->wall_ns = now_ns() - t0;
	memo_release(&x);
	sbuf_release(&x.prefix);
	return rc;
}

void step_explore_release(struct step_explore *e)
{
	for (size_t i = 0; i < e->noutcomes; i++) {
		free(e->outcomes[i].value);
		free(e->outcomes[i].shortest);
	}
	for (size_t i = 0; i < e->ndeadlocks; i++) {
		step_state_release(&e->deadlocks[i].state);
		free(e->deadlocks[i].shortest);
	}
	free(e->outcomes);
	free(e->deadlocks);
	free(e->goal_shortest);
	memset(e, 0, sizeof *e);
}
