/*
 * view_demo.c - the demo panel's series: start K runs of one demo, one
 * after the other, read each run's events as they arrive, cancel, say how
 * the series went; and the panel's keys. view_demo_draw.c draws it.
 *
 * The runner is serviced from the app's poll loop (app_views.c, through
 * view_demo); nothing here blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/summary.h"
#include "core/util.h"
#include "tui/view.h"
#include "tui/view_demo.h"


static void free_args(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Drop the series' results and errors (not the run in progress). */
static void clear_results(struct demo_panel *d)
{
	for (size_t i = 0; i < d->nresults; i++)
		report_release(&d->results[i]);
	free(d->results);
	d->results = NULL;
	d->nresults = 0;
	free(d->error);
	d->error = NULL;
	d->cancelled = false;
}

static void demo_release(struct demo_panel *d)
{
	if (d->run)
		runner_free(d->run); /* kills and reaps the group */
	d->run = NULL;
	clear_results(d);
	free(d->name);
	free_args(d->args, d->nargs);
	memset(d, 0, sizeof *d);
}

static bool demo_running(const struct app *a) { return a->demo.run != NULL; }

/* Start the next run of the series. Returns 0, or -1 with d->error set. */
static int start_one(struct app *a)
{
	struct demo_panel *d = &a->demo;
	char *prog = paths_join(paths_demos(), d->name);
	if (access(prog, X_OK) != 0) {
		d->error = xasprintf("%s is not built (looked for %s): run make", d->name, prog);
		free(prog);
		return -1;
	}
	char **argv = xcalloc(d->nargs + 3, sizeof *argv);
	argv[0] = d->name;
	argv[1] = "--json";
	for (size_t i = 0; i < d->nargs; i++)
		argv[2 + i] = d->args[i];
	struct runner_opts o = {.timeout_ms = 0}; /* no time limit: Esc cancels */
	char *err = NULL;
	d->run = runner_start(prog, argv, &o, &err);
	free(argv);
	free(prog);
	if (!d->run) {
		d->error = err ? err : xstrdup("could not start the demo");
		return -1;
	}
	d->gen = runner_generation(d->run);
	return 0;
}

/* Takes copies of args. */
static int demo_start(struct app *a, const char *name, char *const *args, size_t nargs, int k)
{
	struct demo_panel *d = &a->demo;
	char *nm = xstrdup(name);
	char **cp = xcalloc(nargs ? nargs : 1, sizeof *cp);
	for (size_t i = 0; i < nargs; i++)
		cp[i] = xstrdup(args[i]);
	demo_release(d);
	d->name = nm;
	d->args = cp;
	d->nargs = nargs;
	d->k = k < 1 ? 1 : k;
	d->t0_ns = app_now_ns();
	a->dirty = true;
	if (start_one(a) != 0) {
		d->t_end_ns = app_now_ns();
		app_message(a, true, "%s", d->error);
		return -1;
	}
	return 0;
}

static void demo_cancel(struct app *a)
{
	if (!a->demo.run)
		return;
	runner_cancel(a->demo.run);
	a->demo.cancelled = true;
	app_message(a, false, "cancelling %s...", a->demo.name);
}

static int demo_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	return a->demo.run ? runner_pollfds(a->demo.run, fds, max) : 0;
}

static int demo_wait_ms(const struct app *a)
{
	if (!a->demo.run)
		return -1;
	int w = runner_wait_ms(a->demo.run);
	/* tick the elapsed clock a few times a second while it runs */
	return w < 0 || w > 250 ? 250 : w;
}

/* One line for the status bar when a series ends. */
static void announce(struct app *a)
{
	struct demo_panel *d = &a->demo;
	if (d->nresults == 0)
		return;
	const struct run_result *r = &d->results[d->nresults - 1];
	if (d->cancelled) {
		app_message(a, false, "%s cancelled after %zu of %d run%s", d->name,
			    d->nresults - (r->status == RUN_CANCELLED), d->k, d->k == 1 ? "" : "s");
		return;
	}
	if (r->status != RUN_OK) {
		app_message(a, true, "%s %s: %s", d->name, report_status_name(r->status),
			    r->error ? r->error : "no details");
		return;
	}
	struct sbuf sb = {0};
	sbuf_addf(&sb, "%s:", d->name);
	if (d->nresults == 1) {
		for (size_t v = 0; v < r->nvariants; v++) {
			const struct variant_result *vr = &r->variants[v];
			sbuf_addf(&sb, " %s %s", vr->name,
				  !vr->has_result ? "?" : vr->correct ? term_glyph_ok() : term_glyph_bad());
		}
	} else {
		size_t nv;
		struct variant_summary *s = summary_build(d->results, d->nresults, &nv);
		for (size_t v = 0; v < nv; v++)
			sbuf_addf(&sb, " %s wrong %d/%d", s[v].name, s[v].wrong, s[v].runs);
		free(s);
	}
	char *t = summary_duration(d->t_end_ns - d->t0_ns);
	sbuf_addf(&sb, " (%s)", t);
	free(t);
	app_message(a, false, "%s", sb.buf);
	sbuf_release(&sb);
}

static bool demo_service(struct app *a)
{
	struct demo_panel *d = &a->demo;
	if (!d->run)
		return false;
	bool over = runner_service(d->run);
	unsigned g = runner_generation(d->run);
	bool changed = g != d->gen;
	d->gen = g;
	if (!over)
		return changed;
	d->results = xrealloc(d->results, (d->nresults + 1) * sizeof *d->results);
	report_copy(&d->results[d->nresults++], runner_result(d->run));
	enum run_status st = runner_result(d->run)->status;
	runner_free(d->run);
	d->run = NULL;
	if (st == RUN_CANCELLED)
		d->cancelled = true;
	if (!d->cancelled && st == RUN_OK && (int)d->nresults < d->k && start_one(a) == 0)
		return true;
	d->t_end_ns = app_now_ns();
	announce(a);
	return true;
}

static bool demo_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct demo_panel *d = &a->demo;
	int page = a->main_h > 4 ? a->main_h - 4 : 1;
	switch (act) {
	case A_BACK:
		if (d->run)
			demo_cancel(a);
		else
			app_open(a, VIEW_READER, NULL);
		return true;
	case A_DOWN:
		d->top++;
		return true;
	case A_UP:
		if (d->top > 0)
			d->top--;
		return true;
	case A_PGDN:
	case A_HALFDN:
		d->top += act == A_PGDN ? page : page / 2;
		return true;
	case A_PGUP:
	case A_HALFUP:
		d->top -= act == A_PGUP ? page : page / 2;
		if (d->top < 0)
			d->top = 0;
		return true;
	case A_HOME:
		d->top = 0;
		return true;
	case A_END:
		d->top = 1 << 20; /* clamped by the next draw */
		return true;
	default:
		return false;
	}
}

/* A series to start (app_run_demo): the panel shows it even when the
 * first run could not start (it says why). */
static int demo_enter(struct app *a, struct view_arg *arg)
{
	if (arg->name)
		demo_start(a, arg->name, arg->args, arg->nargs, arg->k);
	return 1;
}

static const char *demo_hints(const struct app *a)
{
	return demo_running(a) ? "Esc/Ctrl-C cancel" : "r again  R xK  e params  s source  Esc back";
}

static const char *demo_demo_of(const struct app *a, const struct demo_block **card)
{
	if (card)
		*card = NULL;
	return a->demo.name;
}

static void demo_view_release(struct app *a) { demo_release(&a->demo); }

const struct view view_demo = {
	.name = "demo",
	.id = VIEW_DEMO,
	.keys = K_DEMO,
	.draw = demo_panel_draw,
	.key = demo_key,
	.hints = demo_hints,
	.enter = demo_enter,
	.demo = demo_demo_of,
	.busy = demo_running,
	.cancel = demo_cancel,
	.pollfds = demo_pollfds,
	.wait_ms = demo_wait_ms,
	.service = demo_service,
	.release = demo_view_release,
};
