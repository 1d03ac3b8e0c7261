/*
 * view_present_draw.c - how present mode looks: a heartbeat row that moves
 * while a run goes on (spinner, elapsed time, runnable threads), then one
 * column per variant with its numbers in the block font (bigdigits), each
 * under its label, and CORRECT / WRONG in big type; the lesson's claims with
 * their figures below. The biggest scale that fits the screen wins; a number
 * is shortened (100.0M) only when it cannot fit whole, and then its exact
 * value is shown beside it in plain text: never cut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/metric.h"
#include "core/summary.h"
#include "core/util.h"
#include "tui/bigdigits.h"
#include "tui/view_present.h"

#define MAX_ITEMS 4
#define MAX_SCALE 4
#define GAP 3 /* columns between variant columns */

/* The demo named on entry when the panel has none yet (lockstep --present). */
static char *entry_demo;

void present_set_demo(const char *demo)
{
	char *d = demo ? xstrdup(demo) : NULL; /* demo may be entry_demo */
	free(entry_demo);
	entry_demo = d;
}

const char *present_demo(const struct app *a)
{
	return a->demo.name ? a->demo.name : entry_demo;
}

const struct run_result *present_run(const struct app *a)
{
	const struct series *s = a->demo.series;
	if (!s)
		return NULL;
	const struct run_result *live = series_live(s);
	if (live && live->got_hello)
		return live;
	size_t n;
	const struct run_result *done = series_results(s, &n);
	return n ? &done[n - 1] : live;
}

long long present_param(const struct run_result *r, const char *key, long long fallback)
{
	for (size_t i = 0; r && i < r->nparams; i++)
		if (strcmp(r->param_keys[i], key) == 0)
			return r->param_values[i];
	return fallback;
}

/* One value of a variant's column. */
struct item {
	const char *label;
	char label_buf[48];
	bool is_num;
	long long num;
	const char *word;   /* when not a number: CORRECT, WRONG, ... */
	const char *plain;  /* the word as plain text (with ✓/✗) */
	enum ui_style st;
	int min_mode;       /* big in fit modes up to this one: 0 hero only,
	                       1 also the verdict, 2 everything */
};

struct column {
	const char *name;
	struct item it[MAX_ITEMS];
	int n;
};

/* How an item is drawn at a given scale: big text (owned, or NULL: plain)
 * and whether it was shortened. */
struct shape {
	char *big;
	bool shortened;
};

static struct shape item_shape(const struct item *it, int scale, int w, bool big, bool may_short)
{
	struct shape sh = {0};
	if (!big)
		return sh;
	if (!it->is_num) {
		if (bigdigits_width(it->word, scale) <= w)
			sh.big = xstrdup(it->word);
		return sh;
	}
	char *t = metric_count(it->num, 0);
	if (bigdigits_width(t, scale) <= w) {
		sh.big = t;
		return sh;
	}
	free(t);
	if (!may_short)
		return sh;
	for (int k = 8; k >= 3 && !sh.big; k--) { /* 100.0M, 100M */
		t = metric_count(it->num, k);
		if (bigdigits_width(t, scale) <= w && bigdigits_can(t)) {
			sh.big = t;
			sh.shortened = true;
		} else {
			free(t);
		}
	}
	return sh;
}

/* Rows an item takes: its label (if any), then the glyphs and a blank
 * unless it is the last (big), or one row (plain); a shortened number adds
 * its exact value. */
static int item_rows(const struct item *it, const struct shape *sh, int scale, bool last)
{
	if (!sh->big)
		return 1;
	return (*it->label != '\0') + BIGDIGITS_ROWS * scale + !last + sh->shortened;
}

/* The rows of the tallest column at this width, scale and mode, or -1 when
 * a column's first value (the hero) cannot be big. */
static int columns_height(const struct column *cols, int nc, int w, int scale, int mode,
			  bool may_short)
{
	int most = 0;
	for (int c = 0; c < nc; c++) {
		int rows = 2;
		for (int i = 0; i < cols[c].n; i++) {
			const struct item *it = &cols[c].it[i];
			struct shape sh = item_shape(it, scale, w, it->min_mode <= mode, may_short);
			bool lost_hero = mode >= 0 && it->min_mode == 0 && !sh.big;
			rows += item_rows(it, &sh, scale, i == cols[c].n - 1);
			free(sh.big);
			if (lost_hero)
				return -1;
		}
		if (rows > most)
			most = rows;
	}
	return most;
}

/* Text in the block font at (y, x): '#' becomes a full block (# in ASCII). */
static void draw_big(int y, int x, int w, const char *text, int scale, enum ui_style st)
{
	char row[512];
	const char *block = term_ascii() ? "#" : "\xe2\x96\x88"; /* █ */
	term_style(st);
	for (int r = 0; r < BIGDIGITS_ROWS * scale; r++) {
		if (bigdigits_row(text, scale, r, row, sizeof row) < 0)
			break;
		struct sbuf sb = {0};
		for (const char *p = row; *p; p++)
			sbuf_addf(&sb, "%s", *p == '#' ? block : " ");
		draw_text(y + r, x, w, sb.buf);
		sbuf_release(&sb);
	}
	term_style(ST_NORMAL);
}

static bool is_deadlocked(const struct run_result *r, const struct variant_result *v)
{
	const struct metric *m = report_metric(v, "deadlocked");
	if (!m)
		return false;
	char *t = metric_format_metric(r, m, 0);
	bool yes = strcmp(t, "yes") == 0;
	free(t);
	return yes;
}

/* A variant's items: observed (the hero), expected, lost, the verdict; while
 * it runs, how far it got. */
static void column_build(const struct run_result *r, const struct variant_result *v,
			 struct column *c)
{
	memset(c, 0, sizeof *c);
	c->name = v->name;
	struct item *it = c->it;
	if (!v->has_result) {
		if (v->has_value && r->status == RUN_RUNNING) { /* the count climbing */
			*it = (struct item){.label = "shared value now",
					    .is_num = true, .num = v->value, .st = ST_TITLE};
			it = &c->it[++c->n];
		}
		if (v->total > 0) {
			char *t = metric_count(v->total, 0);
			snprintf(it->label_buf, sizeof it->label_buf, "done of %s", t);
			free(t);
			it->label = it->label_buf;
			it->is_num = true;
			it->num = v->done;
			it->st = c->n ? ST_NORMAL : ST_TITLE;
			it->min_mode = c->n ? 2 : 0;
			c->n++;
		}
		it = &c->it[c->n++];
		it->label = "";
		it->word = "";
		it->plain = r->status != RUN_RUNNING ? "did not finish"
			    : v->total > 0 ? "running" : "waiting";
		it->st = ST_MUTED;
		it->min_mode = 3; /* never big */
		return;
	}
	bool dead = is_deadlocked(r, v);
	if (v->has_observed && report_row_wanted(r, REPORT_ROW_OBSERVED)) {
		*it = (struct item){.label = "observed", .is_num = true, .num = v->observed,
				    .st = v->correct ? ST_OK : ST_BAD, .min_mode = 0};
		it = &c->it[++c->n];
	}
	if (v->has_expected && report_row_wanted(r, REPORT_ROW_EXPECTED)) {
		*it = (struct item){.label = "expected", .is_num = true, .num = v->expected,
				    .st = ST_NORMAL, .min_mode = 2};
		it = &c->it[++c->n];
	}
	long long lost;
	if (report_row_wanted(r, REPORT_ROW_LOST) && report_lost(v, &lost)) {
		*it = (struct item){.label = "lost", .is_num = true, .num = lost,
				    .st = lost ? ST_BAD : ST_NORMAL, .min_mode = 2};
		it = &c->it[++c->n];
	}
	*it = (struct item){.label = "", .word = dead ? "DEADLOCK" : v->correct ? "CORRECT" : "WRONG",
			    .plain = dead ? "deadlocked" : v->correct ? "correct" : "WRONG",
			    .st = v->correct && !dead ? ST_OK : ST_BAD, .min_mode = 1};
	c->n++;
	if (c->n == 1) /* no numbers: the verdict is the hero */
		c->it[0].min_mode = 0;
}

static void column_draw(const struct column *c, int y, int x, int w, int scale, int mode,
			bool may_short)
{
	term_style(ST_TITLE);
	draw_text(y, x, w, c->name);
	term_style(ST_NORMAL);
	y += 2;
	for (int i = 0; i < c->n; i++) {
		const struct item *it = &c->it[i];
		struct shape sh = item_shape(it, scale, w, it->min_mode <= mode, may_short);
		/* a plain number gets the room beside its label: shortened
		 * visibly (100.0M) when narrower, never cut */
		int lw = *it->label ? util_text_width(it->label, strlen(it->label)) + 1 : 0;
		int room = sh.big ? w - (int)strlen("exactly ") : w - lw;
		char *exact = it->is_num ? metric_count(it->num, room > 1 ? room : 1) : NULL;
		if (sh.big) {
			if (*it->label) {
				term_style(ST_MUTED);
				draw_text(y++, x, w, it->label);
				term_style(ST_NORMAL);
			}
			draw_big(y, x, w, sh.big, scale, it->st);
			y += BIGDIGITS_ROWS * scale;
			if (sh.shortened) {
				term_style(ST_MUTED);
				int n = draw_text(y, x, w, "exactly ");
				term_style(it->st);
				draw_text(y, x + n, w - n, exact);
				y++;
			}
			y++;
		} else {
			const char *val = it->is_num ? exact : it->plain;
			const char *mark = it->is_num ? ""
				: it->st == ST_OK ? term_glyph_ok() : it->st == ST_BAD ? term_glyph_bad() : "";
			term_style(ST_MUTED);
			draw_text(y, x, w, it->label);
			term_style(it->st);
			draw_fmt(y, x + lw, w - lw, "%s%s%s", mark, *mark ? " " : "", val);
			term_style(ST_NORMAL);
			y++;
		}
		free(exact);
		free(sh.big);
	}
}

/* Threads ready to run on the whole machine (/proc/loadavg), or -1. */
static int runnable_threads(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	if (!f)
		return -1;
	int run = -1;
	if (fscanf(f, "%*f %*f %*f %d/", &run) != 1)
		run = -1;
	fclose(f);
	return run;
}

/* Rows 0-1: the demo and its parameters; the heartbeat. */
static void draw_header(struct app *a, const struct run_result *r, int w)
{
	const struct series *s = a->demo.series;
	const char *demo = present_demo(a);
	struct sbuf sb = {0};
	for (size_t i = 0; r && i < r->nparams; i++)
		if (strcmp(r->param_keys[i], "slowmo") != 0 && strcmp(r->param_keys[i], "seed") != 0)
			sbuf_addf(&sb, "  %s=%lld", r->param_keys[i], r->param_values[i]);
	term_style(ST_TITLE);
	int n = draw_text(0, 0, w, demo ? demo : "no demo");
	term_style(ST_NORMAL);
	if (sb.buf)
		draw_text(0, n, w - n, sb.buf);
	sbuf_release(&sb);

	bool run = s && !series_done(s), paused = s && series_paused(s);
	long long now = app_now_ns();
	static const char *const spin_u[] = {"\xe2\x97\x90", "\xe2\x97\x93", "\xe2\x97\x91", "\xe2\x97\x92"};
	static const char *const spin_a[] = {"|", "/", "-", "\\"};
	int frame = (int)((now / 250000000LL) % 4);
	const char *state = !s ? "no run yet: r runs it"
			  : paused ? "PAUSED"
			  : run ? "running"
			  : series_cancelled(s) ? "cancelled" : "done";
	char *el = s ? summary_duration(series_elapsed_ns(s)) : xstrdup("");
	size_t nres = 0;
	if (s)
		series_results(s, &nres);
	struct sbuf hb = {0};
	if (run && !paused)
		sbuf_addf(&hb, "%s ", term_ascii() ? spin_a[frame] : spin_u[frame]);
	sbuf_addf(&hb, "%s", state);
	if (s)
		sbuf_addf(&hb, "  %s  run %zu of %d", el, run ? nres + 1 : nres, series_k(s));
	sbuf_addf(&hb, "  slowmo %lld ms", present_param(r, "slowmo", 0));
	if (run) {
		int rt = runnable_threads();
		if (rt >= 0)
			sbuf_addf(&hb, "  runnable threads %d", rt);
	}
	term_style(paused ? ST_BAD : run ? ST_OK : ST_MUTED);
	draw_text(1, 0, w, hb.buf);
	term_style(ST_NORMAL);
	sbuf_release(&hb);
	free(el);
}

/* Text on as many rows as it needs at w columns, broken at blanks; returns
 * the rows (drawn only when draw). */
static int put_wrapped(int y, int x, int w, const char *text, bool draw)
{
	int rows = 0;
	size_t len = strlen(text);
	for (const char *p = text; *p && w > 0; rows++) {
		size_t rest = len - (size_t)(p - text);
		size_t fit = util_fit_width(p, rest, w), cut = fit;
		if (fit < rest) {
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = fit ? fit : 1;
		}
		if (draw)
			draw_textn(y + rows, x, w, p, cut);
		p += cut;
		while (*p == ' ')
			p++;
	}
	return rows;
}

/* The claims (big: each figure in the block font, its text beside it) and
 * the busy-machine line from row y; returns the rows they need (called
 * with draw false to measure). */
static int draw_claims(const struct run_result *r, int y, int w, bool big, bool draw)
{
	bool uni = !term_ascii();
	int rows = 0;
	for (size_t i = 0; r && r->got_end && i < r->nclaims; i++) {
		const struct claim *c = &r->claims[i];
		struct claim_check k = claim_check(r, c);
		char *t = claim_text(c, uni);
		char *f = k.known ? claim_figure(c, k.figure, uni) : xstrdup("?");
		enum ui_style st = !k.known ? ST_MUTED : k.held ? ST_OK : ST_BAD;
		int bw = big ? bigdigits_width(f, 1) : -1;
		char *line = xasprintf("%s %s%s%s  (%s)",
				       !k.known ? "?" : k.held ? term_glyph_ok() : term_glyph_bad(),
				       bw > 0 ? "" : f, bw > 0 ? "" : "  ", t,
				       !k.known ? "not measured" : k.held ? "held" : "did not hold");
		term_style(st);
		if (bw > 0 && bw + 3 < w) {
			if (draw)
				draw_big(y + rows, 0, bw, f, 1, st);
			term_style(st);
			int tr = put_wrapped(y + rows, bw + 3, w - bw - 3, line, draw);
			rows += (tr > BIGDIGITS_ROWS ? tr : BIGDIGITS_ROWS) + 1;
		} else {
			rows += put_wrapped(y + rows, 0, w, line, draw);
		}
		term_style(ST_NORMAL);
		free(line);
		free(t);
		free(f);
	}
	char *busy = r && r->got_end ? claim_busy_text(r, uni) : NULL;
	if (busy) {
		term_style(ST_BAD);
		rows += put_wrapped(y + rows, 0, w, busy, draw);
		term_style(ST_NORMAL);
		free(busy);
	}
	return rows;
}

void present_draw(struct app *a)
{
	int w = a->main_w, h = a->main_h; /* main_x is 0: no lesson list here */
	const struct run_result *r = present_run(a);
	draw_header(a, r, w);
	if (!r || !r->got_hello) {
		const char *e = a->demo.error;
		draw_text(3, 0, w, e ? e : "waiting for the demo to start");
		return;
	}
	int nc = (int)r->nvariants;
	if (nc == 0)
		return;
	struct column *cols = xcalloc((size_t)nc, sizeof *cols);
	for (int i = 0; i < nc; i++)
		column_build(r, &r->variants[i], &cols[i]);
	int creserve = draw_claims(r, 0, w, false, false);
	int top = 3, avail = h - top - creserve - (creserve > 0);
	/* whole numbers before shortened ones, then the biggest scale, more
	 * values in big type, and the most columns side by side (variants
	 * wrap into bands of columns when that lets them be bigger) */
	int scale = 0, mode = 0, across = nc, bh = 0;
	bool may_short = false;
	for (int pass = 0; pass < 2 && !scale; pass++)
		for (int s = MAX_SCALE; s >= 1 && !scale; s--)
			for (int m = 2; m >= 0 && !scale; m--)
				for (int per = nc; per >= 1 && !scale; per--) {
					int bands = (nc + per - 1) / per;
					int cw = (w - GAP * (per - 1)) / per;
					int ch = cw >= 1 ? columns_height(cols, nc, cw, s, m, pass == 1) : -1;
					if (ch >= 0 && bands * ch + bands - 1 <= avail) {
						scale = s;
						mode = m;
						across = per;
						bh = ch;
						may_short = pass == 1;
					}
				}
	if (!scale) { /* all in plain text: as many across as show whole names */
		int name = 0;
		for (int i = 0; i < nc; i++) {
			int nw = util_text_width(cols[i].name, strlen(cols[i].name));
			name = nw > name ? nw : name;
		}
		while (across > 1 && (w - GAP * (across - 1)) / across < name &&
		       ((nc + across - 2) / (across - 1)) * (columns_height(cols, nc, 1, 1, -1, false) + 1) <= avail)
			across--;
	}
	int bands = (nc + across - 1) / across;
	int cw = (w - GAP * (across - 1)) / across;
	if (cw < 1)
		cw = 1;
	if (!scale)
		bh = columns_height(cols, nc, cw, 1, -1, false);
	for (int i = 0; i < nc; i++)
		column_draw(&cols[i], top + (i / across) * (bh + 1), (i % across) * (cw + GAP), cw,
			    scale ? scale : 1, scale ? mode : -1, may_short);
	/* the claims under the columns: in big type when there is room */
	int cy = top + bands * (bh + 1);
	bool big = draw_claims(r, 0, w, true, false) <= h - cy;
	if (creserve)
		draw_claims(r, big ? cy : h - creserve, w, big, true);
	free(cols);
}
