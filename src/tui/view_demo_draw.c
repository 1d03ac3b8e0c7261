/*
 * view_demo_draw.c - how the demo panel looks: one column per variant with
 * a live progress bar and running count, then the rows the demo declared
 * (expected, observed, lost), a verdict with colour AND a symbol (✓/✗), the
 * time and the demo's metrics, each formatted by its kind to the column's
 * room (core/metric) and lined up across columns; over K runs, each
 * variant's spread (wrong k/K, min/median/max observed, a strip of ✓✗ per
 * run, a histogram of the observed values); every interleaving's outcome
 * (view_demo_explore.c); then the demo's claims checked and the
 * busy-machine figure (core/claim), and every log line, wrapped. The variant names stay in
 * place while the rest scrolls. Reads the panel's state; changes only its
 * scroll (clamped to the content).
 */
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/histogram.h"
#include "core/metric.h"
#include "core/summary.h"
#include "core/util.h"
#include "tui/view_demo.h"

#define COL_MIN 19   /* narrowest variant column */
#define STRIP_LINES 3

/* ------------------------------------------------------------ drawing */

/* "label ....... value" in w columns. */
static void kv(const struct canvas *c, int row, int x, int w, const char *label, const char *value,
	       enum ui_style vst)
{
	if (!demo_row_visible(c, row) || w <= 0)
		return;
	demo_put(c, row, x, w, ST_MUTED, label);
	int vw = util_text_width(value, strlen(value));
	int lw = util_text_width(label, strlen(label)) + 1;
	int vx = w - vw < lw ? lw : w - vw;
	if (vx < w)
		demo_put(c, row, x + vx, w - vx, vst, value);
}

/* Text word-wrapped to w columns from content row `row` (later lines
 * indented by two); returns the row after it. Rows out of view are skipped,
 * but counted, so scrolling reaches every line. */
static int put_wrapped(const struct canvas *c, int row, int x, int w, enum ui_style st,
		       const char *text)
{
	size_t len = strlen(text);
	const char *p = text;
	bool first = true;
	do {
		int avail = first ? w : w - 2;
		if (avail < 4)
			avail = w;
		size_t fit = util_fit_width(p, len - (size_t)(p - text), avail);
		size_t cut = fit;
		if (p + fit < text + len) { /* break at the last blank that fits */
			size_t b = fit;
			while (b > 0 && p[b] != ' ')
				b--;
			if (b > 0)
				cut = b;
		}
		if (cut == 0) /* a character wider than the room: take it anyway */
			for (cut = 1; (p[cut] & 0xC0) == 0x80; cut++)
				;
		if (demo_row_visible(c, row)) {
			char *part = xstrndup(p, cut);
			demo_put(c, row, x + (first ? 0 : w - avail), avail, st, part);
			free(part);
		}
		row++;
		p += cut;
		while (*p == ' ')
			p++;
		first = false;
	} while (*p);
	return row;
}

static const char *kind_of(struct app *a, const char *demo, const char *variant)
{
	const struct reg_demo *rd = a->have_reg ? registry_find(&a->reg, demo) : NULL;
	for (size_t i = 0; rd && i < rd->nvariants; i++)
		if (strcmp(rd->variants[i].name, variant) == 0)
			return rd->variants[i].kind;
	return "";
}

/* A variant's name (shortened visibly if the column is narrower) and its
 * kind when that fits whole. */
static void draw_name(struct app *a, int y, int x, int w, const char *name)
{
	char *shown = metric_format(MK_TEXT, NULL, 0, name, w);
	term_style(ST_TITLE);
	int n = draw_text(y, x, w, shown);
	free(shown);
	const char *kind = kind_of(a, a->demo.name, name);
	int kw = util_text_width(kind, strlen(kind));
	if (*kind && n + 1 + kw <= w) {
		term_style(ST_MUTED);
		draw_text(y, x + n + 1, kw, kind);
	}
	term_style(ST_NORMAL);
}

/* Is variant v's metric i the first appearance of its key in the run? */
static bool metric_key_first(const struct run_result *r, size_t v, size_t i)
{
	const char *key = r->variants[v].metrics[i].key;
	for (size_t u = 0; u < v; u++)
		if (report_metric(&r->variants[u], key))
			return false;
	for (size_t j = 0; j < i; j++)
		if (strcmp(r->variants[v].metrics[j].key, key) == 0)
			return false;
	return true;
}

/* The run's metric keys: every variant's, in order of first appearance. */
static size_t metric_keys_n(const struct run_result *r)
{
	size_t n = 0;
	for (size_t v = 0; r && v < r->nvariants; v++)
		for (size_t i = 0; i < r->variants[v].nmetrics; i++)
			n += metric_key_first(r, v, i);
	return n;
}

/* The k-th of those keys (k < metric_keys_n(r)). */
static const char *metric_key_at(const struct run_result *r, size_t k)
{
	size_t n = 0;
	for (size_t v = 0; v < r->nvariants; v++)
		for (size_t i = 0; i < r->variants[v].nmetrics; i++) {
			if (metric_key_first(r, v, i) && n++ == k)
				return r->variants[v].metrics[i].key;
		}
	return "";
}

/* True when the variant's declared yes/no metric "deadlocked" says yes. */
static bool deadlocked(const struct run_result *run, const struct variant_result *v)
{
	const struct metric *m = v ? report_metric(v, "deadlocked") : NULL;
	if (!m || !run)
		return false;
	char *t = metric_format_metric(run, m, 0);
	bool yes = strcmp(t, "yes") == 0;
	free(t);
	return yes;
}

/* "label ....... value" for expected, observed, lost (and min, median,
 * max): formatted to the room beside the longest of these labels, so the
 * rows of one column shorten alike (100.0M over 38.7M over 61.3M). */
static void kv_count(const struct canvas *c, int row, int x, int w, const char *label,
		     long long n, enum ui_style vst)
{
	char *val = metric_count(n, w - (int)strlen("observed") - 1);
	kv(c, row, x, w, label, val, vst);
	free(val);
}

/* n in at most 5 characters: 999, 12.3k, 130M, 1.0G. */
static void fmt_short(char *buf, size_t size, long long n)
{
	const char *unit = "";
	double v = (double)n;
	if (n >= 1000000000LL) {
		v /= 1e9;
		unit = "G";
	} else if (n >= 1000000LL) {
		v /= 1e6;
		unit = "M";
	} else if (n >= 10000LL) {
		v /= 1e3;
		unit = "k";
	}
	if (*unit)
		snprintf(buf, size, v < 10 ? "%.1f%s" : "%.0f%s", v, unit);
	else
		snprintf(buf, size, "%lld", n);
}

/* The running count "done/total", shortened when w is too narrow. */
static char *fmt_count(long long done, long long total, int w)
{
	char *s = xasprintf("%lld/%lld", done, total);
	if ((int)strlen(s) <= w)
		return s;
	free(s);
	char a[32], b[32];
	fmt_short(a, sizeof a, done);
	fmt_short(b, sizeof b, total);
	return xasprintf("%s/%s", a, b);
}

/* The series' finished runs (none before it started). */
static const struct run_result *panel_results(const struct demo_panel *d, size_t *n)
{
	*n = 0;
	return d->series ? series_results(d->series, n) : NULL;
}

/* The variant's observed values over the series as a histogram (core/
 * histogram), under a muted heading; returns the row after it. */
static int draw_histogram(const struct canvas *c, int row, int x, int w,
			  const struct run_result *results, size_t n, const char *name,
			  const struct run_result *shape)
{
	if (!report_row_wanted(shape, REPORT_ROW_OBSERVED))
		return row;
	struct histogram h;
	histogram_of_variant(results, n, name, &h);
	size_t nl;
	char **lines = histogram_format(&h, w, !term_ascii(), &nl);
	if (nl)
		demo_put(c, row++, x, w, ST_MUTED, "observed values");
	for (size_t i = 0; i < nl; i++) {
		demo_put(c, row++, x, w, ST_NORMAL, lines[i]);
		free(lines[i]);
	}
	free(lines);
	histogram_release(&h);
	return row;
}

/* One variant's column; returns the rows it used. */
static int draw_variant(struct app *a, const struct canvas *c, int row0, int x, int w,
			const char *name, const struct run_result *shape,
			const struct run_result *last_run,
			const struct variant_result *live, const struct variant_result *last,
			const struct variant_summary *sum, bool running, bool skip_name)
{
	struct demo_panel *d = &a->demo;
	size_t nresults;
	const struct run_result *results = panel_results(d, &nresults);
	int row = row0;
	/* name and kind (unless drawn above the scrolling part) */
	if (!skip_name && demo_row_visible(c, row))
		draw_name(a, c->y0 + row - c->top, x, w, name);
	row += !skip_name;
	/* progress: bar and percentage, then the running count; a deadlocked
	 * variant keeps the bar where it stopped */
	const struct variant_result *pv = live ? live : last;
	long long done = pv ? pv->done : 0, total = pv ? pv->total : 0;
	bool stuck = pv && pv->has_result && deadlocked(shape, pv);
	if (pv && pv->has_result && total <= 0 && !stuck)
		done = total = 1;
	if (demo_row_visible(c, row)) {
		int pct = total > 0 ? (int)(100.0 * (double)done / (double)total) : 0;
		if (pct > 100)
			pct = 100;
		if (pct < 0)
			pct = 0;
		char ps[16];
		snprintf(ps, sizeof ps, "%3d%%", pct);
		int bw = w - 5;
		if (bw > 0)
			draw_bar(c->y0 + row - c->top, x, bw, done, total);
		demo_put(c, row, x + (bw > 0 ? bw + 1 : 0), 4, ST_NORMAL, ps);
	}
	row++;
	if (demo_row_visible(c, row)) {
		char *cnt;
		if (stuck)
			cnt = xstrdup("deadlocked");
		else if (pv && pv->has_result)
			cnt = xstrdup("finished");
		else if (total > 0)
			cnt = fmt_count(done, total, w);
		else
			cnt = xstrdup(running ? "waiting" : "-");
		demo_put(c, row, x, w, stuck ? ST_BAD : ST_MUTED, cnt);
		free(cnt);
	}
	row++;
	/* the latest finished numbers of this variant */
	const struct variant_result *v = live && live->has_result ? live : last;
	if (v && v->has_result) {
		char buf[64];
		/* the rows the demo declared (all it has, when it declared none);
		 * a declared row the variant lacks stays, as "-", so that the
		 * columns line up */
		const struct run_result *rr = shape;
		if (report_row_wanted(rr, REPORT_ROW_EXPECTED) && (v->has_expected || rr->has_rows)) {
			if (v->has_expected)
				kv_count(c, row++, x, w, "expected", v->expected, ST_NORMAL);
			else
				kv(c, row++, x, w, "expected", "-", ST_MUTED);
		}
		if (report_row_wanted(rr, REPORT_ROW_OBSERVED) && (v->has_observed || rr->has_rows)) {
			if (v->has_observed)
				kv_count(c, row++, x, w, "observed", v->observed,
					 v->correct ? ST_NORMAL : ST_BAD);
			else
				kv(c, row++, x, w, "observed", "-", ST_MUTED);
		}
		long long lost;
		bool has_lost = report_lost(v, &lost);
		if (report_row_wanted(rr, REPORT_ROW_LOST) && (has_lost || rr->has_rows)) {
			if (has_lost)
				kv_count(c, row++, x, w, "lost", lost, lost != 0 ? ST_BAD : ST_NORMAL);
			else
				kv(c, row++, x, w, "lost", "-", ST_MUTED);
		}
		snprintf(buf, sizeof buf, "%s %s", v->correct ? term_glyph_ok() : term_glyph_bad(),
			 stuck ? "deadlocked" : v->correct ? "correct" : "WRONG");
		demo_put(c, row++, x, w, v->correct ? ST_OK : ST_BAD, buf);
		char *t = summary_duration(v->elapsed_ns);
		kv(c, row++, x, w, "time", t, ST_NORMAL);
		free(t);
		/* every metric any variant of the run has, in one order, "-" where
		 * this one has none: the rows line up across the columns */
		const struct run_result *vrun = v == live || !last_run ? shape : last_run;
		for (size_t k = 0; k < metric_keys_n(vrun); k++) {
			const char *key = metric_key_at(vrun, k);
			if (strcmp(key, "lost") == 0 && report_row_wanted(shape, REPORT_ROW_LOST))
				continue;
			const struct metric *m = report_metric(v, key);
			const char *label = metric_label(key);
			char *val = m ? metric_format_metric(
						shape, m, w - util_text_width(label, strlen(label)) - 1)
				      : xstrdup("-");
			kv(c, row++, x, w, label, val, m ? ST_NORMAL : ST_MUTED);
			free(val);
		}
	} else if (!running && nresults) {
		demo_put(c, row++, x, w, ST_BAD, "no result");
	}
	/* the spread over the series */
	if (sum && d->k > 1) {
		char buf[96];
		snprintf(buf, sizeof buf, "over %d run%s", sum->runs, sum->runs == 1 ? "" : "s");
		demo_put(c, row++, x, w, ST_MUTED, buf);
		snprintf(buf, sizeof buf, "%d/%d", sum->wrong, sum->runs);
		kv(c, row++, x, w, "wrong", buf, sum->wrong ? ST_BAD : ST_OK);
		if (sum->has_observed && report_row_wanted(shape, REPORT_ROW_OBSERVED)) {
			kv_count(c, row++, x, w, "min", sum->min, ST_NORMAL);
			kv_count(c, row++, x, w, "median", sum->median, ST_NORMAL);
			kv_count(c, row++, x, w, "max", sum->max, ST_NORMAL);
		}
		/* the strip: one ✓/✗ per run, the latest ones if they do not fit */
		int per = w > 1 ? w : 1;
		size_t n = nresults, cap = (size_t)per * STRIP_LINES;
		size_t from = n > cap ? n - cap : 0;
		for (size_t i = from; i < n; i += (size_t)per) {
			int col = 0;
			for (size_t j = i; j < n && j < i + (size_t)per; j++, col++) {
				const struct variant_result *vr = report_variant(&results[j], name);
				bool ok = vr && vr->has_result && vr->correct;
				demo_put(c, row, x + col, 1, ok ? ST_OK : ST_BAD,
				    !vr || !vr->has_result ? "?" : ok ? term_glyph_ok() : term_glyph_bad());
			}
			row++;
		}
		row = draw_histogram(c, row, x, w, results, nresults, name, shape);
	}
	return row - row0;
}

void demo_panel_draw(struct app *a)
{
	struct demo_panel *d = &a->demo;
	int x0 = a->main_x + 1, w = a->main_w - 2, h = a->main_h;
	if (w < 10 || h < 3)
		return;
	size_t nresults;
	const struct run_result *results = panel_results(d, &nresults);
	const struct run_result *live = d->series ? series_live(d->series) : NULL;
	const struct run_result *last = nresults ? &results[nresults - 1] : NULL;
	const struct run_result *shape = live && live->nvariants ? live : last;
	bool running = d->series && !series_done(d->series);
	size_t failed = nresults - (d->series ? series_tally(d->series, RUN_OK) : 0);

	/* header: the demo and its parameters; the state on the right */
	term_style(ST_TITLE);
	int n = draw_text(0, x0, w, d->name ? d->name : "demo");
	const struct reg_demo *rd = a->have_reg && d->name ? registry_find(&a->reg, d->name) : NULL;
	if (rd && rd->summary && n + 3 < w) {
		term_style(ST_MUTED);
		draw_fmt(0, x0 + n, w - n, " - %s", rd->summary);
	}
	struct sbuf ps = {0};
	if (shape && shape->nparams) {
		for (size_t i = 0; i < shape->nparams; i++)
			sbuf_addf(&ps, "%s%s=%lld", i ? " " : "", shape->param_keys[i],
				  shape->param_values[i]);
	} else {
		for (size_t i = 0; i < d->nargs; i++)
			sbuf_addf(&ps, "%s%s", i ? " " : "", d->args[i]);
	}
	const char *params = ps.buf ? ps.buf : "";

	char *state;
	char *el = summary_duration(d->series ? series_elapsed_ns(d->series) : 0);
	enum ui_style sst = ST_NORMAL;
	if (running)
		state = d->k > 1 ? xasprintf("running %s, run %zu of %d", el, nresults + 1, d->k)
				 : xasprintf("running %s", el);
	else if (d->error && !last)
		state = xstrdup("could not run"), sst = ST_BAD;
	else if (d->series && series_cancelled(d->series))
		state = xasprintf("cancelled after %s", el), sst = ST_BAD;
	else if (nresults == 1 && last->status != RUN_OK)
		state = xasprintf("%s", report_status_name(last->status)), sst = ST_BAD;
	else if (failed) /* recorded; the series went on */
		state = xasprintf("%zu runs, %zu failed, in %s", nresults, failed, el), sst = ST_BAD;
	else
		state = d->k > 1 ? xasprintf("%zu runs in %s", nresults, el)
				 : xasprintf("done in %s", el);
	/* the parameters on row 1, on into row 2 when they are long (never cut
	 * silently); the state at the right of the row that has room */
	int sw = util_text_width(state, strlen(state));
	int plen = util_text_width(params, strlen(params));
	bool state_on_row1 = plen + 2 + sw <= w;
	term_style(ST_NORMAL);
	if (state_on_row1 || plen <= w) {
		draw_text(1, x0, w, params);
	} else {
		size_t cut = util_fit_width(params, strlen(params), w);
		while (cut > 0 && params[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = util_fit_width(params, strlen(params), w);
		draw_textn(1, x0, w, params, cut);
		const char *rest = params + cut + (params[cut] == ' ');
		int room = w - sw - 2, rw = util_text_width(rest, strlen(rest));
		if (rw <= room) {
			draw_text(2, x0, room, rest);
		} else if (room > 1) {
			size_t fit = util_fit_width(rest, strlen(rest), room - 1);
			draw_textn(2, x0, room - 1, rest, fit);
			draw_text(2, x0 + util_text_width(rest, fit), 1, "…");
		}
	}
	term_style(sst);
	draw_text(state_on_row1 ? 1 : 2, x0 + w - sw, sw, state);
	sbuf_release(&ps);
	free(state);
	free(el);
	term_style(ST_NORMAL);

	/* variants: from the run, else from the registry until `hello` arrives */
	size_t nv = shape ? shape->nvariants : rd ? rd->nvariants : 0;
	int per = w / COL_MIN;
	if (per < 1)
		per = 1;
	if ((size_t)per > nv && nv > 0)
		per = (int)nv;
	int colw = w / per;
	/* one row of columns: their names stay in place while the rest scrolls */
	bool pin = nv > 0 && nv <= (size_t)per && h > 6 && !(d->error && !shape) && !d->pin;
	struct canvas c = {pin ? 4 : 3, h - (pin ? 4 : 3), d->top};
	if (d->error && !shape) {
		demo_put(&c, c.top, x0, w, ST_BAD, d->error);
		return;
	}
	for (size_t v = 0; pin && v < nv; v++) {
		const char *name = shape ? shape->variants[v].name : rd->variants[v].name;
		draw_name(a, 3, x0 + (int)v * colw, colw - 3, name);
	}

	size_t nsum = 0;
	struct variant_summary *sum =
		nresults && d->k > 1 ? summary_build(results, nresults, &nsum) : NULL;
	int row = demo_pin_draw(a, &c, 0, x0, w);
	for (size_t start = 0; start < nv; start += (size_t)per) {
		int used = 0;
		for (size_t v = start; v < nv && v < start + (size_t)per; v++) {
			const char *name = shape ? shape->variants[v].name : rd->variants[v].name;
			const struct variant_result *lv = live ? report_variant(live, name) : NULL;
			const struct variant_result *ls = last ? report_variant(last, name) : NULL;
			const struct variant_summary *sv = NULL;
			for (size_t i = 0; sum && i < nsum; i++)
				if (strcmp(sum[i].name, name) == 0)
					sv = &sum[i];
			int cx = x0 + (int)(v - start) * colw;
			int rows = draw_variant(a, &c, row, cx, colw - 3, name, shape, last, lv, ls,
						sv, running, pin);
			if (rows > used)
				used = rows;
		}
		/* separators between columns */
		for (int r = row; r < row + used; r++)
			for (size_t v = start + 1; v < nv && v < start + (size_t)per; v++)
				demo_put(&c, r, x0 + (int)(v - start) * colw - 2, 1, ST_MUTED, term_glyph_vbar());
		row += used + 1;
	}
	free(sum);

	/* every interleaving of these parameters, beside the real runs */
	char *all = demo_explore_text(a, last);
	if (all) {
		char *save = NULL;
		for (char *ln = strtok_r(all, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
			row = put_wrapped(&c, row, x0, w, ST_NORMAL, ln);
		free(all);
		row++;
	}

	/* the lesson's claims, checked, and whether the machine was quiet */
	bool unicode = strcmp(term_glyph_ok(), "✓") == 0;
	char *claims = nresults ? (d->k > 1 ? claim_format(results, nresults, unicode)
					    : claim_format(last, 1, unicode))
				: NULL;
	if (claims) {
		char *save = NULL;
		for (char *ln = strtok_r(claims, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
			enum ui_style st = strncmp(ln, term_glyph_ok(), strlen(term_glyph_ok())) == 0
						   ? ST_OK : ST_BAD;
			row = put_wrapped(&c, row, x0, w, st, ln);
		}
		free(claims);
		row++;
	}

	/* what went wrong, and the demo's narration: every line, wrapped */
	const struct run_result *info = live ? live : last;
	if (info && info->status != RUN_OK && info->status != RUN_RUNNING && info->error)
		row = put_wrapped(&c, row, x0, w, ST_BAD, info->error);
	if (info && info->stderr_text && *info->stderr_text && info->status != RUN_OK &&
	    info->status != RUN_CANCELLED) {
		char *s = xstrdup(info->stderr_text), *save = NULL;
		for (char *ln = strtok_r(s, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
			row = put_wrapped(&c, row, x0, w, ST_MUTED, ln);
		free(s);
	}
	for (size_t i = 0; info && i < info->nlogs; i++)
		row = put_wrapped(&c, row, x0, w, ST_MUTED, info->logs[i]);
	/* content above or below the view: say so in the header's free row */
	if (state_on_row1 && (row > c.top + c.h || c.top > 0)) {
		const char *more = row > c.top + c.h ? (c.top > 0 ? "more above and below (j/k, PgDn)"
								  : "more below (j, PgDn, End)")
						      : "more above (k, PgUp, Home)";
		int mw = (int)strlen(more);
		term_style(ST_MUTED);
		draw_text(2, x0 + (w > mw ? w - mw : 0), mw, more);
		term_style(ST_NORMAL);
	}
	/* keep scrolling in range: past the end, draw again from the last page */
	int maxtop = row - c.h > 0 ? row - c.h : 0;
	d->maxtop = maxtop;
	if (d->top > maxtop) {
		d->top = maxtop;
		for (int y = 0; y < h; y++) /* blank the main area, then once more */
			draw_fmt(y, a->main_x, a->main_w, "%*s", a->main_w, "");
		demo_panel_draw(a);
	}
}
