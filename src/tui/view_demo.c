/*
 * view_demo.c - the demo panel's series (core/series: K runs, one after the
 * other; a failed or timed-out run is recorded and the next starts):
 * start it, follow each run's events as they arrive, cancel, say how the
 * series went, then have its interleavings explored (view_demo_explore.c);
 * and the panel's keys. view_demo_draw.c draws it.
 *
 * The series is serviced from the app's poll loop (app_views.c, through
 * view_demo); nothing here blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/command.h"
#include "core/series.h"
#include "core/summary.h"
#include "core/util.h"
#include "tui/view.h"
#include "tui/view_demo.h"


/* Free the panel's series; the pin stays when keep_pin (a new run starts
 * beside it), and then owns the series it shared. */
static void demo_release(struct demo_panel *d, bool keep_pin)
{
	struct series *pin = d->pin;
	char *pin_name = d->pin_name;
	demo_explore_stop(d, keep_pin); /* a new series: nothing explores during it */
	struct demo_explore *explore = d->explore;
	if (d->series != pin)
		series_free(d->series); /* kills and reaps a run in progress */
	free(d->name);
	command_list_free(d->args);
	free(d->error);
	memset(d, 0, sizeof *d);
	d->explore = explore;
	if (keep_pin) {
		d->pin = pin;
		d->pin_name = pin_name;
	} else {
		series_free(pin);
		free(pin_name);
	}
}

static bool demo_running(const struct app *a)
{
	return a->demo.series && !series_done(a->demo.series);
}

/* Start a series of run->k runs; the panel shows it even when it could not
 * start (it says why). Takes copies. */
static void demo_start(struct app *a, const struct session_run *run, int k)
{
	struct demo_panel *d = &a->demo;
	demo_release(d, true);
	d->name = xstrdup(run->demo);
	d->args = xcalloc(run->nargs + 1, sizeof *d->args);
	for (size_t i = 0; i < run->nargs; i++)
		d->args[i] = xstrdup(run->args[i]);
	d->nargs = run->nargs;
	d->k = k < 1 ? 1 : k;
	a->dirty = true;
	char *err = NULL;
	/* the series' 60 s limit per run; Esc cancels sooner */
	d->series = series_start(run->program, run->argv, d->k, NULL, &err);
	if (!d->series) {
		d->error = err ? err : xstrdup("could not start the demo");
		app_message(a, true, "%s", d->error);
		return;
	}
	d->gen = series_generation(d->series);
}

/* A series runs, or the interleavings are being explored after one. */
static bool demo_busy(const struct app *a) { return demo_running(a) || demo_explore_busy(a); }

static void demo_cancel(struct app *a)
{
	if (!demo_running(a)) {
		if (demo_explore_busy(a))
			app_message(a, false, "stopping the exploration...");
		demo_explore_cancel(a);
		return;
	}
	series_cancel(a->demo.series);
	app_message(a, false, "cancelling %s...", a->demo.name);
}

static int demo_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	return demo_running(a) ? series_pollfds(a->demo.series, fds, max) : 0;
}

static int demo_wait_ms(const struct app *a)
{
	if (!demo_running(a))
		return demo_explore_busy(a) ? 100 : -1; /* the worker's end, picked up */
	int w = series_wait_ms(a->demo.series);
	/* tick the elapsed clock a few times a second while it runs */
	return w < 0 || w > 250 ? 250 : w;
}

/* One line for the status bar when a series ends. */
static void announce(struct app *a)
{
	struct demo_panel *d = &a->demo;
	const struct series *ser = d->series;
	size_t n;
	const struct run_result *runs = series_results(ser, &n);
	if (series_error(ser)) {
		app_message(a, true, "%s: %s", d->name, series_error(ser));
		return;
	}
	if (n == 0)
		return;
	if (series_cancelled(ser)) {
		app_message(a, false, "%s cancelled after %zu of %d run%s", d->name,
			    n - series_tally(ser, RUN_CANCELLED), d->k, d->k == 1 ? "" : "s");
		return;
	}
	const struct run_result *r = &runs[n - 1];
	if (n == 1 && r->status != RUN_OK) {
		app_message(a, true, "%s %s: %s", d->name, report_status_name(r->status),
			    r->error ? r->error : "no details");
		return;
	}
	struct sbuf sb = {0};
	sbuf_addf(&sb, "%s:", d->name);
	if (n == 1) {
		for (size_t v = 0; v < r->nvariants; v++) {
			const struct variant_result *vr = &r->variants[v];
			sbuf_addf(&sb, " %s %s", vr->name,
				  !vr->has_result ? "?" : vr->correct ? term_glyph_ok() : term_glyph_bad());
		}
	} else {
		size_t nv;
		struct variant_summary *s = series_summary(ser, &nv);
		for (size_t v = 0; v < nv; v++)
			sbuf_addf(&sb, " %s wrong %d/%d", s[v].name, s[v].wrong, s[v].runs);
		free(s);
	}
	size_t failed = n - series_tally(ser, RUN_OK);
	if (failed) /* recorded; the series went on */
		sbuf_addf(&sb, "; %zu of %zu runs failed", failed, n);
	char *t = summary_duration(series_elapsed_ns(ser));
	sbuf_addf(&sb, " (%s)", t);
	free(t);
	app_message(a, failed > 0, "%s", sb.buf);
	sbuf_release(&sb);
}

static bool demo_service(struct app *a)
{
	struct demo_panel *d = &a->demo;
	if (!demo_running(a))
		return demo_explore_service(a);
	bool over = series_service(d->series);
	unsigned g = series_generation(d->series);
	bool changed = g != d->gen;
	d->gen = g;
	if (over) {
		announce(a);
		demo_explore_start(a); /* after the series: never during one */
	}
	/* the "running 3.2 s" clock moves even when the demo says nothing for a
	 * while (a saturated machine, a long variant): redraw on wait_ms's tick */
	bool tick = app_now_ns() - a->last_draw_ns >= 200000000LL;
	return changed || over || tick;
}

static bool demo_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct demo_panel *d = &a->demo;
	int page = a->main_h > 4 ? a->main_h - 4 : 1;
	switch (act) {
	case A_BACK:
		if (demo_running(a))
			demo_cancel(a);
		else
			app_open(a, VIEW_READER, NULL);
		return true;
	case A_DOWN:
		d->top++;
		break;
	case A_UP:
		d->top--;
		break;
	case A_PGDN:
	case A_HALFDN:
		d->top += act == A_PGDN ? page : page / 2;
		break;
	case A_PGUP:
	case A_HALFUP:
		d->top -= act == A_PGUP ? page : page / 2;
		break;
	case A_HOME:
		d->top = 0;
		break;
	case A_END:
		d->top = 1 << 20; /* the draw stops it at the last page */
		return true;
	case A_PIN:
		demo_pin_toggle(a);
		return true;
	default:
		return false;
	}
	/* never past the content (as far as the last draw knew; the next
	 * draw stops it too) */
	if (d->top > d->maxtop)
		d->top = d->maxtop;
	if (d->top < 0)
		d->top = 0;
	return true;
}

/* A series to start (app_run_demo, :run). */
static int demo_enter(struct app *a, struct view_arg *arg)
{
	if (arg->run)
		demo_start(a, arg->run, arg->k);
	return 1;
}

static const char *demo_hints(const struct app *a)
{
	if (demo_running(a))
		return "Esc/Ctrl-C cancel";
	/* s (source) is in ?: the bar has room for these at 80 columns */
	return a->demo.pin ? "r again  R xK  e params  p unpin  Esc back"
			   : "r again  R xK  e params  p pin  Esc back";
}

static const char *demo_demo_of(const struct app *a, const struct demo_block **card)
{
	if (card)
		*card = NULL;
	return a->demo.name;
}

static void demo_view_release(struct app *a) { demo_release(&a->demo, false); }

const struct view view_demo = {
	.name = "demo",
	.id = VIEW_DEMO,
	.keys = K_DEMO,
	.draw = demo_panel_draw,
	.key = demo_key,
	.hints = demo_hints,
	.enter = demo_enter,
	.demo = demo_demo_of,
	.busy = demo_busy,
	.cancel = demo_cancel,
	.pollfds = demo_pollfds,
	.wait_ms = demo_wait_ms,
	.service = demo_service,
	.release = demo_view_release,
};
