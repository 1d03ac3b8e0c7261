/*
 * summary.c - formats demo results as text tables: side by side per run, and
 * min/median/max with a wrong-count over many runs.
 */
#define _GNU_SOURCE
#include "core/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/metric.h"
#include "core/util.h"

#define LABEL_MAX 16 /* a longer metric name is shortened visibly */
#define COL_MAX 24   /* a wider cell is shortened visibly (100.0M, abc…) */

char *summary_duration(long long ns) { return metric_duration((double)ns); }

/* The cell for `row` of variant v in at most w columns, or NULL when v has
 * nothing there (or the demo declared the row meaningless). */
static char *cell(const struct run_result *r, const struct variant_result *v, const char *row,
		  bool unicode, int w)
{
	if (!v->has_result)
		return strcmp(row, "correct") == 0 ? xstrdup("no result") : NULL;
	if (strcmp(row, "expected") == 0)
		return v->has_expected && report_row_wanted(r, REPORT_ROW_EXPECTED)
			       ? metric_count(v->expected, w) : NULL;
	if (strcmp(row, "observed") == 0)
		return v->has_observed && report_row_wanted(r, REPORT_ROW_OBSERVED)
			       ? metric_count(v->observed, w) : NULL;
	long long lost;
	if (strcmp(row, "lost") == 0)
		return report_row_wanted(r, REPORT_ROW_LOST) && report_lost(v, &lost)
			       ? metric_count(lost, w) : NULL;
	if (strcmp(row, "correct") == 0 && !v->correct && report_metric(v, "deadlocked")) {
		char *d = metric_format_metric(r, report_metric(v, "deadlocked"), 0);
		bool dead = strcmp(d, "yes") == 0;
		free(d);
		if (dead) /* say what went wrong, not just that it did */
			return xstrdup(unicode ? "✗ deadlocked" : "NO: deadlocked");
	}
	if (strcmp(row, "correct") == 0)
		return xstrdup(v->correct ? (unicode ? "✓ yes" : "yes") : (unicode ? "✗ NO" : "NO"));
	if (strcmp(row, "time") == 0)
		return summary_duration(v->elapsed_ns);
	const struct metric *m = report_metric(v, row);
	return m ? metric_format_metric(r, m, w) : NULL;
}

static int text_w(const char *s) { return util_text_width(s, strlen(s)); }

/* Pad s on the left to `w` display columns (it was made to fit). */
static void add_cell(struct sbuf *sb, const char *s, int w)
{
	for (int i = text_w(s); i < w; i++)
		sbuf_addc(sb, ' ');
	sbuf_adds(sb, s);
}

static void add_label(struct sbuf *sb, const char *s, int w)
{
	size_t fit = util_fit_width(s, strlen(s), text_w(s) > w ? w - 1 : w);
	sbuf_add(sb, s, fit);
	int used = util_text_width(s, fit);
	if (fit < strlen(s))
		sbuf_adds(sb, "…"), used++;
	for (int i = used; i < w; i++)
		sbuf_addc(sb, ' ');
}

/* The table's rows: the fixed ones, then every metric key in order of
 * appearance. Caller frees the array (the keys are borrowed). */
static const char **table_rows(const struct run_result *r, size_t *nrows)
{
	const char *fixed[] = {"expected", "observed", "lost", "correct", "time"};
	size_t cap = 8;
	const char **rows = xcalloc(cap, sizeof *rows);
	*nrows = 0;
	for (size_t i = 0; i < 5; i++)
		*VEC_PUSH(rows, *nrows, cap) = fixed[i];
	for (size_t v = 0; v < r->nvariants; v++)
		for (size_t k = 0; k < r->variants[v].nmetrics; k++) {
			const char *key = r->variants[v].metrics[k].key;
			bool seen = false;
			for (size_t i = 0; i < *nrows; i++)
				seen |= strcmp(rows[i], key) == 0;
			if (!seen)
				*VEC_PUSH(rows, *nrows, cap) = key;
		}
	return rows;
}

char *summary_format_run(const struct run_result *r, int width, bool unicode)
{
	size_t nrows;
	const char **rows = table_rows(r, &nrows);
	/* the label column: as wide as the longest label, within limits */
	int label_w = 8;
	for (size_t i = 0; i < nrows; i++) {
		int lw = text_w(metric_label(rows[i]));
		label_w = lw > label_w ? lw : label_w;
	}
	label_w = label_w > LABEL_MAX ? LABEL_MAX : label_w;
	/* each variant's column: as wide as its widest cell, up to what the
	 * terminal has (a cell wider than that is shortened by its kind) */
	int room = width - label_w - 1;
	int col_max = room < 8 ? 8 : room > COL_MAX ? COL_MAX : room;
	int *col_w = xcalloc(r->nvariants + 1, sizeof *col_w);
	for (size_t v = 0; v < r->nvariants; v++) {
		int cw = text_w(r->variants[v].name);
		col_w[v] = cw > col_max ? col_max : cw;
		for (size_t i = 0; i < nrows; i++) {
			char *c = cell(r, &r->variants[v], rows[i], unicode, col_max);
			if (c && text_w(c) > col_w[v])
				col_w[v] = text_w(c) > col_max ? col_max : text_w(c);
			free(c);
		}
	}

	struct sbuf sb = {0};
	for (size_t start = 0; start < r->nvariants;) {
		/* as many columns as fit beside the labels (at least one) */
		size_t end = start + 1;
		int used = label_w + 1 + col_w[start];
		while (end < r->nvariants && used + 2 + col_w[end] <= width)
			used += 2 + col_w[end++];
		add_label(&sb, "", label_w);
		for (size_t v = start; v < end; v++) {
			sbuf_adds(&sb, v > start ? "  " : " ");
			char *name = metric_format(MK_TEXT, NULL, 0, r->variants[v].name, col_w[v]);
			add_cell(&sb, name, col_w[v]);
			free(name);
		}
		sbuf_addc(&sb, '\n');
		for (size_t i = 0; i < nrows; i++) {
			char **cells = xcalloc(end - start, sizeof *cells);
			bool any = false;
			for (size_t v = start; v < end; v++)
				any |= (cells[v - start] = cell(r, &r->variants[v], rows[i], unicode,
								 col_w[v])) != NULL;
			if (any) {
				add_label(&sb, metric_label(rows[i]), label_w);
				for (size_t v = start; v < end; v++) {
					sbuf_adds(&sb, v > start ? "  " : " ");
					add_cell(&sb, cells[v - start] ? cells[v - start] : "-",
						 col_w[v]);
				}
				sbuf_addc(&sb, '\n');
			}
			for (size_t v = start; v < end; v++)
				free(cells[v - start]);
			free(cells);
		}
		if (end < r->nvariants)
			sbuf_addc(&sb, '\n');
		start = end;
	}
	free(col_w);
	free(rows);
	char *claims = claim_format(r, 1, unicode);
	if (claims) {
		sbuf_addc(&sb, '\n');
		sbuf_adds(&sb, claims);
		free(claims);
	}
	return sbuf_detach(&sb);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

struct variant_summary *summary_build(const struct run_result *runs, size_t n, size_t *count)
{
	*count = n ? runs[0].nvariants : 0;
	struct variant_summary *s = xcalloc(*count ? *count : 1, sizeof *s);
	long long *obs = xcalloc(n ? n : 1, sizeof *obs), *ns = xcalloc(n ? n : 1, sizeof *ns);
	for (size_t v = 0; v < *count; v++) {
		s[v].name = runs[0].variants[v].name;
		size_t k = 0, kn = 0;
		for (size_t i = 0; i < n; i++) {
			const struct variant_result *vr = report_variant(&runs[i], s[v].name);
			if (!vr || !vr->has_result)
				continue;
			s[v].runs++;
			s[v].wrong += !vr->correct;
			ns[kn++] = vr->elapsed_ns;
			if (vr->has_observed)
				obs[k++] = vr->observed;
			if (vr->has_expected)
				s[v].expected = vr->expected;
		}
		if (k) {
			qsort(obs, k, sizeof *obs, cmp_ll);
			s[v].has_observed = true;
			s[v].min = obs[0];
			s[v].max = obs[k - 1];
			s[v].median = obs[k / 2];
		}
		if (kn) {
			qsort(ns, kn, sizeof *ns, cmp_ll);
			s[v].median_ns = ns[kn / 2];
		}
	}
	free(obs);
	free(ns);
	return s;
}

char *summary_format_runs(const struct run_result *runs, size_t n, int width, bool unicode)
{
	size_t count;
	struct variant_summary *s = summary_build(runs, n, &count);
	struct sbuf sb = {0};
	(void)width;
	sbuf_addf(&sb, "%-14s %9s %14s %14s %14s %10s\n", "variant", "wrong", "min", "median",
		  "max", "time (med)");
	for (size_t v = 0; v < count; v++) {
		char wrong[32], mn[32] = "-", md[32] = "-", mx[32] = "-";
		snprintf(wrong, sizeof wrong, "%d/%d", s[v].wrong, s[v].runs);
		if (s[v].has_observed && report_row_wanted(&runs[0], REPORT_ROW_OBSERVED)) {
			long long vals[3] = {s[v].min, s[v].median, s[v].max};
			char *out[3] = {mn, md, mx};
			for (int i = 0; i < 3; i++) {
				char *t = metric_count(vals[i], 14);
				snprintf(out[i], 32, "%s", t);
				free(t);
			}
		}
		char *t = summary_duration(s[v].median_ns);
		sbuf_addf(&sb, "%-14.14s %9s %14s %14s %14s %10s\n", s[v].name, wrong, mn, md, mx, t);
		free(t);
	}
	/* One mark per run, so the spread is visible at a glance. */
	int per_line = width - 16 > 10 ? width - 16 : 10;
	sbuf_addf(&sb, "\nruns (%s correct, %s wrong):\n", unicode ? "✓" : ".", unicode ? "✗" : "x");
	for (size_t v = 0; v < count; v++) {
		for (size_t i = 0; i < n; i++) {
			if (i % (size_t)per_line == 0)
				sbuf_addf(&sb, "%s%-14.14s  ", i ? "\n" : "", i ? "" : s[v].name);
			const struct variant_result *vr = report_variant(&runs[i], s[v].name);
			sbuf_adds(&sb, !vr || !vr->has_result ? "?" :
				       vr->correct ? (unicode ? "✓" : ".") : (unicode ? "✗" : "x"));
		}
		sbuf_addc(&sb, '\n');
	}
	free(s);
	char *claims = claim_format(runs, n, unicode);
	if (claims) {
		sbuf_addc(&sb, '\n');
		sbuf_adds(&sb, claims);
		free(claims);
	}
	return sbuf_detach(&sb);
}
