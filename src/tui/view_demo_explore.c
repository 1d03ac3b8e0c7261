/*
 * view_demo_explore.c - the demo panel's all-interleavings lines (issue
 * 12): when a series of a steppable demo (the registry says so) ends, every
 * interleaving of each of its variants is explored at the series'
 * parameters (core/step_run) on a worker thread, and the panel shows each
 * variant's outcomes beside the values of the real runs:
 *   unsafe: all 70 interleavings: 2 → 32, 3 → 32, 4 → 6 · your 10 real runs: 4 → 10
 * Parameters too large to explore get one sentence saying so instead.
 *
 * Nothing is explored while a series runs: starting one stops the worker
 * first (demo_explore_stop). The worker stops between children when told.
 *
 * Threads: the worker owns targets and results until it sets `done`; the UI
 * thread reads them only after joining it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/histogram.h"
#include "core/metric.h"
#include "core/step_run.h"
#include "core/util.h"
#include "tui/view_demo.h"

#define EXPLORE_SIZE_MAX 4      /* a size parameter above this: too many to explore */
#define EXPLORE_RUNS_MAX 1500   /* children one variant's exploration may start */
#define EXPLORE_WALL_NS 10000000000LL /* then the UI thread stops it: 10 s for all */

struct demo_explore {
	char *key;                  /* the demo and parameters: "race_counter threads=2 iters=2" */
	char *too_big;              /* why they were not explored, or NULL */
	char *smaller;              /* "try :set demo k=2", "try smaller parameters" */
	size_t nv;
	struct step_target *targets; /* one per variant (nv) */
	struct step_explore *res;
	int *rc;
	char **err;
	pthread_t th;
	bool started, joined;
	long long t0;               /* when it started (app_now_ns) */
	bool cancelled, timed_out;  /* why it stopped early (UI thread only) */
	atomic_bool stop, done;
	atomic_size_t begun;        /* variants the worker has begun */
};

/* Parameters that size the work (not the seed, a pause or a time limit),
 * as `lockstep step` and S choose them. */
static bool is_size(const char *name)
{
	size_t n = strlen(name);
	return strcmp(name, "seed") != 0 && strcmp(name, "slowmo") != 0 &&
	       !(n > 3 && (strcmp(name + n - 3, "_ms") == 0 || strcmp(name + n - 3, "_us") == 0));
}

/* "demo key=value ..." for r's parameters, slowmo left out (it does not
 * change what a stepped run does). */
static char *key_of(const char *demo, const struct run_result *r)
{
	struct sbuf sb = {0};
	sbuf_adds(&sb, demo);
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->param_keys[i], "slowmo") != 0)
			sbuf_addf(&sb, " %s=%lld", r->param_keys[i], r->param_values[i]);
	return sbuf_detach(&sb);
}

static void *explore_main(void *arg)
{
	struct demo_explore *e = arg;
	for (size_t v = 0; v < e->nv && !atomic_load(&e->stop); v++) {
		struct step_explore_opts o = {.limit = EXPLORE_RUNS_MAX, .stop = &e->stop};
		atomic_store(&e->begun, v + 1);
		e->rc[v] = step_explore_all(&e->targets[v], &o, &e->res[v], &e->err[v]);
	}
	atomic_store(&e->done, true);
	return NULL;
}

static void explore_free(struct demo_explore *e)
{
	if (!e)
		return;
	if (e->started && !e->joined) {
		atomic_store(&e->stop, true);
		pthread_join(e->th, NULL);
	}
	for (size_t v = 0; v < e->nv; v++) {
		step_target_release(&e->targets[v]);
		step_explore_release(&e->res[v]);
		free(e->err[v]);
	}
	free(e->targets);
	free(e->res);
	free(e->rc);
	free(e->err);
	free(e->key);
	free(e->too_big);
	free(e->smaller);
	free(e);
}

void demo_explore_stop(struct demo_panel *d, bool keep_done)
{
	struct demo_explore *e = d->explore;
	if (!e || (keep_done && (!e->started || e->joined)))
		return;
	explore_free(e);
	d->explore = NULL;
}

bool demo_explore_busy(const struct app *a)
{
	const struct demo_explore *e = a->demo.explore;
	return e && e->started && !e->joined;
}

void demo_explore_cancel(struct app *a)
{
	if (demo_explore_busy(a)) {
		a->demo.explore->cancelled = true;
		atomic_store(&a->demo.explore->stop, true);
	}
}

bool demo_explore_service(struct app *a)
{
	struct demo_explore *e = a->demo.explore;
	if (!e || !e->started || e->joined)
		return false;
	if (!atomic_load(&e->done)) {
		if (!e->timed_out && app_now_ns() - e->t0 > EXPLORE_WALL_NS) {
			e->timed_out = true; /* the worker stops before its next child */
			atomic_store(&e->stop, true);
		}
		return false;
	}
	pthread_join(e->th, NULL);
	e->joined = true;
	return true;
}

void demo_explore_start(struct app *a)
{
	struct demo_panel *d = &a->demo;
	size_t n = 0;
	const struct run_result *runs = d->series ? series_results(d->series, &n) : NULL;
	const struct reg_demo *rd = a->have_reg && d->name ? registry_find(&a->reg, d->name) : NULL;
	if (!rd || !rd->steppable || n == 0 || series_cancelled(d->series) || !runs[n - 1].nparams)
		return;
	const struct run_result *r = &runs[n - 1];
	char *key = key_of(d->name, r);
	if (d->explore && strcmp(d->explore->key, key) == 0 && !d->explore->cancelled) {
		free(key); /* explored already (or being explored) */
		return;
	}
	demo_explore_stop(d, false);
	struct demo_explore *e = xcalloc(1, sizeof *e);
	d->explore = e;
	e->key = key;
	/* too large: say which parameters, and what S would step */
	struct sbuf big = {0}, try = {0}, smaller = {0};
	char **params = xcalloc(r->nparams + 1, sizeof *params);
	size_t np = 0;
	for (size_t i = 0; i < r->nparams; i++) {
		const char *k = r->param_keys[i];
		long long val = r->param_values[i];
		if (strcmp(k, "slowmo") == 0)
			continue;
		params[np++] = xasprintf("%s=%lld", k, val);
		if (is_size(k) && val > 2)
			sbuf_addf(&smaller, " %s=2", k);
		if (is_size(k) && val > EXPLORE_SIZE_MAX) {
			sbuf_addf(&big, "%s%s=%lld", big.buf ? " " : "", k, val);
			sbuf_addf(&try, " %s=2", k);
		}
	}
	if (big.buf)
		e->too_big = xasprintf("explore: too many interleavings at %s; try :set %s%s", big.buf,
				       d->name, try.buf);
	e->smaller = smaller.buf ? xasprintf("try :set %s%s", d->name, smaller.buf)
				 : xstrdup("try smaller parameters");
	sbuf_release(&big);
	sbuf_release(&try);
	sbuf_release(&smaller);
	if (!e->too_big) {
		e->nv = r->nvariants;
		e->targets = xcalloc(e->nv, sizeof *e->targets);
		e->res = xcalloc(e->nv, sizeof *e->res);
		e->rc = xcalloc(e->nv, sizeof *e->rc);
		e->err = xcalloc(e->nv, sizeof *e->err);
		for (size_t v = 0; v < e->nv; v++)
			e->rc[v] = step_target_init(&e->targets[v], d->name, params, np,
						    r->variants[v].name, &e->err[v]);
		/* no child is started here: the worker does it all */
		e->t0 = app_now_ns();
		e->started = pthread_create(&e->th, NULL, explore_main, e) == 0;
		if (!e->started)
			e->too_big = xstrdup("explore: could not start a thread");
	}
	command_list_free(params);
	a->dirty = true;
}

/* One variant's line. Caller frees. */
static char *variant_text(const struct demo_explore *e, size_t v, const struct demo_panel *d,
			  const char *arrow, const char *dot)
{
	const char *name = e->targets[v].variant ? e->targets[v].variant : "?";
	if (e->cancelled)
		return v == 0 ? xstrdup("explore: stopped") : NULL;
	if (v >= atomic_load(&e->begun))
		return xasprintf("%s: not explored (the %lld s for exploring ran out)", name,
				 EXPLORE_WALL_NS / 1000000000LL);
	if (e->rc[v] != 0)
		return xasprintf("%s: cannot explore: %s", name, e->err[v] ? e->err[v] : "no details");
	const struct step_explore *x = &e->res[v];
	if (!x->complete)
		return e->timed_out
			       ? xasprintf("%s: at least %llu interleavings, too many to explore in "
					   "%lld s; %s", name, x->interleavings,
					   EXPLORE_WALL_NS / 1000000000LL, e->smaller)
			       : xasprintf("%s: at least %llu interleavings, too many to explore in "
					   "%d runs; %s", name, x->interleavings, EXPLORE_RUNS_MAX,
					   e->smaller);
	struct sbuf sb = {0};
	sbuf_addf(&sb, "%s: all %llu interleaving%s:", name, x->interleavings,
		  x->interleavings == 1 ? "" : "s");
	for (size_t i = 0; i < x->noutcomes; i++)
		sbuf_addf(&sb, "%s %s%s%llu", i ? "," : "", x->outcomes[i].value, arrow,
			  x->outcomes[i].count);
	unsigned long long dl = 0;
	for (size_t i = 0; i < x->ndeadlocks; i++)
		dl += x->deadlocks[i].count;
	if (dl)
		sbuf_addf(&sb, "%s deadlock%s%llu", x->noutcomes ? "," : "", arrow, dl);
	size_t n = 0;
	const struct run_result *runs = d->series ? series_results(d->series, &n) : NULL;
	struct histogram h;
	histogram_of_variant(runs, n, name, &h);
	char *real = histogram_format_inline(&h, arrow);
	sbuf_addf(&sb, " %s your %d real run%s%s%s", dot, h.total, h.total == 1 ? "" : "s",
		  h.total ? ": " : "", real);
	free(real);
	histogram_release(&h);
	return sbuf_detach(&sb);
}

char *demo_explore_text(const struct app *a, const struct run_result *shown)
{
	const struct demo_panel *d = &a->demo;
	const struct demo_explore *e = d->explore;
	if (!e || !shown || !d->name || (d->series && !series_done(d->series)))
		return NULL;
	char *key = key_of(d->name, shown);
	bool same = strcmp(key, e->key) == 0;
	free(key);
	if (!same)
		return NULL;
	if (e->too_big)
		return xstrdup(e->too_big);
	if (!e->joined)
		return xasprintf("exploring every interleaving of %s (up to %lld s)...", e->key,
				 EXPLORE_WALL_NS / 1000000000LL);
	bool ascii = term_ascii();
	struct sbuf sb = {0};
	for (size_t v = 0; v < e->nv; v++) {
		/* no-break spaces keep "2 → 32" on one line when it wraps */
		char *t = variant_text(e, v, d, ascii ? " -> " : "\u00a0→\u00a0", ascii ? "|" : "·");
		if (t)
			sbuf_addf(&sb, "%s%s", sb.buf ? "\n" : "", t);
		free(t);
	}
	return sb.buf ? sbuf_detach(&sb) : NULL;
}
