/*
 * view_demo_pin.c - `p` in the demo panel: pin a finished result, then show
 * it beside the result of the next run, one half of the width each: the
 * parameters (those that differ marked with a `*` and in reverse video, so
 * it reads without colour), then a line per variant (✓/✗ and observed, or
 * wrong k/K and the median over a series).
 *
 * Ownership: demo_panel.pin is the series the pinned result came from; it
 * stays the panel's `series` until the next run starts (view_demo.c), and
 * is owned by the pin from then on.
 */
#include <stdlib.h>
#include <string.h>

#include "core/metric.h"
#include "core/series.h"
#include "core/summary.h"
#include "core/util.h"
#include "tui/view_demo.h"

/* The result a series shows: its last finished run, else the one running
 * (once `hello` gave its shape), else NULL. */
static const struct run_result *shown(const struct series *s)
{
	size_t n = 0;
	const struct run_result *r = s ? series_results(s, &n) : NULL;
	if (n)
		return &r[n - 1];
	const struct run_result *live = s ? series_live(s) : NULL;
	return live && live->nvariants ? live : NULL;
}

void demo_pin_toggle(struct app *a)
{
	struct demo_panel *d = &a->demo;
	a->dirty = true;
	if (d->pin) {
		if (d->pin != d->series)
			series_free(d->pin);
		free(d->pin_name);
		d->pin = NULL;
		d->pin_name = NULL;
		app_message(a, false, "unpinned");
		return;
	}
	size_t n = 0;
	if (d->series)
		series_results(d->series, &n);
	if (d->series && !series_done(d->series)) {
		app_message(a, true, "the run is not over: pin it when it ends (Esc cancels it)");
		return;
	}
	if (n == 0) {
		app_message(a, true, "nothing to pin yet: r runs the demo");
		return;
	}
	d->pin = d->series;
	d->pin_name = xstrdup(d->name);
	app_message(a, false,
		    "pinned: change a parameter (e or :set) and run again to compare; p unpins");
}

/* Is key=value absent from r, or different there? */
static bool param_differs(const struct run_result *r, const char *key, long long value)
{
	for (size_t i = 0; r && i < r->nparams; i++)
		if (strcmp(r->param_keys[i], key) == 0)
			return r->param_values[i] != value;
	return true;
}

/* r's parameters flowed into w columns from `row`, those that differ from
 * `other` as "*key=value" in reverse; returns the row after them. */
static int draw_params(const struct canvas *c, int row, int x, int w, const struct run_result *r,
		       const struct run_result *other)
{
	int col = 0;
	for (size_t i = 0; r && i < r->nparams; i++) {
		bool diff = param_differs(other, r->param_keys[i], r->param_values[i]);
		char *t = xasprintf("%s%s=%lld", diff ? "*" : "", r->param_keys[i],
				    r->param_values[i]);
		int tw = (int)strlen(t);
		if (col > 0 && col + 1 + tw > w) {
			row++;
			col = 0;
		} else if (col > 0) {
			col++;
		}
		demo_put(c, row, x + col, w - col, diff ? ST_CURRENT : ST_NORMAL, t);
		col += tw;
		free(t);
	}
	return row + 1;
}

/* Variant v of series s in one line of at most w columns: "unsafe ✗
 * 1,254,205 3.83 ms", or over a series "unsafe wrong 8/12 med 508,195";
 * its style in *st. NULL when s has no such variant. */
static char *variant_line(const struct series *s, size_t v, int w, enum ui_style *st)
{
	const struct run_result *r = shown(s);
	if (!r || v >= r->nvariants)
		return NULL;
	const struct variant_result *vr = &r->variants[v];
	size_t n = 0;
	const struct run_result *runs = series_results(s, &n);
	char *text = NULL;
	*st = ST_MUTED;
	for (int numw = 0; numw <= 6; numw += 6) {
		free(text);
		if (n > 1) {
			size_t ns;
			struct variant_summary *sum = summary_build(runs, n, &ns);
			const struct variant_summary *sv = NULL;
			for (size_t i = 0; i < ns; i++)
				if (strcmp(sum[i].name, vr->name) == 0)
					sv = &sum[i];
			if (!sv) {
				text = xasprintf("%s -", vr->name);
			} else {
				char *med = sv->has_observed ? metric_count(sv->median, numw) : NULL;
				text = xasprintf("%s wrong %d/%d%s%s", vr->name, sv->wrong, sv->runs,
						 med ? " med " : "", med ? med : "");
				*st = sv->wrong ? ST_BAD : ST_OK;
				free(med);
			}
			free(sum);
		} else if (!vr->has_result) {
			text = xasprintf("%s %s", vr->name, series_done(s) ? "no result" : "...");
		} else {
			char *obs = vr->has_observed ? metric_count(vr->observed, numw) : NULL;
			char *t = summary_duration(vr->elapsed_ns);
			text = xasprintf("%s %s%s%s %s", vr->name,
					 vr->correct ? term_glyph_ok() : term_glyph_bad(), obs ? " " : "",
					 obs ? obs : "", t);
			if (util_text_width(text, strlen(text)) > w) /* the time goes first */
				text[strlen(text) - strlen(t) - 1] = '\0';
			*st = vr->correct ? ST_OK : ST_BAD;
			free(obs);
			free(t);
		}
		if (util_text_width(text, strlen(text)) <= w)
			break;
	}
	return text;
}

int demo_pin_draw(struct app *a, const struct canvas *c, int row, int x, int w)
{
	struct demo_panel *d = &a->demo;
	if (!d->pin)
		return row;
	if (d->pin == d->series) {
		demo_put(c, row, x, w, ST_MUTED,
			 "pinned: change a parameter and run again to compare (p unpins)");
		return row + 2;
	}
	const struct run_result *pr = shown(d->pin), *nr = shown(d->series);
	int hw = (w - 3) / 2, x2 = x + hw + 3, row0 = row;
	if (hw < 8)
		return row;
	char *t = xasprintf("pinned %s", d->pin_name);
	demo_put(c, row, x, hw, ST_TITLE, t);
	free(t);
	t = xasprintf("now %s%s", d->name ? d->name : "",
		      d->series && !series_done(d->series) ? " (running)" : "");
	demo_put(c, row, x2, hw, ST_TITLE, t);
	free(t);
	row++;
	int r1 = draw_params(c, row, x, hw, pr, nr);
	int r2 = nr ? draw_params(c, row, x2, hw, nr, pr) : row + 1;
	row = r1 > r2 ? r1 : r2;
	size_t nv = pr ? pr->nvariants : 0;
	if (nr && nr->nvariants > nv)
		nv = nr->nvariants;
	for (size_t v = 0; v < nv; v++, row++) {
		enum ui_style st;
		char *l = variant_line(d->pin, v, hw, &st);
		if (l)
			demo_put(c, row, x, hw, st, l);
		free(l);
		l = d->series ? variant_line(d->series, v, hw, &st) : NULL;
		if (l)
			demo_put(c, row, x2, hw, st, l);
		free(l);
	}
	for (int r = row0; r < row; r++)
		demo_put(c, r, x + hw + 1, 1, ST_MUTED, term_glyph_vbar());
	return row + 1;
}
