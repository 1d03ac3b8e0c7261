/*
 * summary.c - formats demo results as text tables: side by side per run, and
 * min/median/max with a wrong-count over many runs.
 */
#define _GNU_SOURCE
#include "core/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define LABEL_W 12
#define COL_W 14

char *summary_duration(long long ns)
{
	if (ns < 10000)
		return xasprintf("%lld ns", ns);
	if (ns < 1000000)
		return xasprintf("%.1f us", ns / 1e3);
	if (ns < 1000000000)
		return xasprintf("%.2f ms", ns / 1e6);
	return xasprintf("%.2f s", ns / 1e9);
}

static char *format_metric(const struct metric *m)
{
	if (m->is_text)
		return xstrdup(m->text);
	long long n;
	if (util_exact_int(m->num, &n) && n < 1000000000000000LL && n > -1000000000000000LL)
		return xasprintf("%lld", n);
	return xasprintf("%.4g", m->num);
}

/* The cell for `row` of variant v, or NULL when v has nothing there. */
static char *cell(const struct variant_result *v, const char *row, bool unicode)
{
	if (!v->has_result)
		return strcmp(row, "correct") == 0 ? xstrdup("no result") : NULL;
	if (strcmp(row, "expected") == 0)
		return v->has_expected ? xasprintf("%lld", v->expected) : NULL;
	if (strcmp(row, "observed") == 0)
		return v->has_observed ? xasprintf("%lld", v->observed) : NULL;
	long long lost;
	if (strcmp(row, "lost") == 0)
		return report_lost(v, &lost) ? xasprintf("%lld", lost) : NULL;
	if (strcmp(row, "correct") == 0)
		return xstrdup(v->correct ? (unicode ? "✓ yes" : "yes") : (unicode ? "✗ NO" : "NO"));
	if (strcmp(row, "time") == 0)
		return summary_duration(v->elapsed_ns);
	const struct metric *m = report_metric(v, row);
	return m ? format_metric(m) : NULL;
}

/* Pad s on the left to `w` display columns (cut if longer). */
static void add_cell(struct sbuf *sb, const char *s, int w)
{
	size_t len = strlen(s);
	size_t fit = util_fit_width(s, len, w);
	int used = util_text_width(s, fit);
	for (int i = used; i < w; i++)
		sbuf_addc(sb, ' ');
	sbuf_add(sb, s, fit);
}

static void add_label(struct sbuf *sb, const char *s)
{
	size_t fit = util_fit_width(s, strlen(s), LABEL_W);
	sbuf_add(sb, s, fit);
	for (int i = util_text_width(s, fit); i < LABEL_W; i++)
		sbuf_addc(sb, ' ');
}

char *summary_format_run(const struct run_result *r, int width, bool unicode)
{
	/* rows: the fixed ones, then every metric key in order of appearance */
	const char *fixed[] = {"expected", "observed", "lost", "correct", "time"};
	const char **rows = xcalloc(8, sizeof *rows);
	size_t nrows = 0, cap = 8;
	for (size_t i = 0; i < 5; i++)
		*VEC_PUSH(rows, nrows, cap) = fixed[i];
	for (size_t v = 0; v < r->nvariants; v++)
		for (size_t k = 0; k < r->variants[v].nmetrics; k++) {
			const char *key = r->variants[v].metrics[k].key;
			bool seen = false;
			for (size_t i = 0; i < nrows; i++)
				seen |= strcmp(rows[i], key) == 0;
			if (!seen)
				*VEC_PUSH(rows, nrows, cap) = key;
		}

	struct sbuf sb = {0};
	int per = (width - LABEL_W) / (COL_W + 1);
	if (per < 1)
		per = 1;
	for (size_t start = 0; start < r->nvariants; start += (size_t)per) {
		size_t end = start + (size_t)per < r->nvariants ? start + (size_t)per : r->nvariants;
		add_label(&sb, "");
		for (size_t v = start; v < end; v++) {
			sbuf_addc(&sb, ' ');
			add_cell(&sb, r->variants[v].name, COL_W);
		}
		sbuf_addc(&sb, '\n');
		for (size_t i = 0; i < nrows; i++) {
			char *cells[64] = {0};
			bool any = false;
			for (size_t v = start; v < end && v - start < 64; v++)
				any |= (cells[v - start] = cell(&r->variants[v], rows[i], unicode)) != NULL;
			if (any) {
				add_label(&sb, strcmp(rows[i], "ns_per_op") == 0 ? "ns/op" : rows[i]);
				for (size_t v = start; v < end; v++) {
					sbuf_addc(&sb, ' ');
					add_cell(&sb, cells[v - start] ? cells[v - start] : "-", COL_W);
				}
				sbuf_addc(&sb, '\n');
			}
			for (size_t v = start; v < end && v - start < 64; v++)
				free(cells[v - start]);
		}
		if (end < r->nvariants)
			sbuf_addc(&sb, '\n');
	}
	free(rows);
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
		if (s[v].has_observed) {
			snprintf(mn, sizeof mn, "%lld", s[v].min);
			snprintf(md, sizeof md, "%lld", s[v].median);
			snprintf(mx, sizeof mx, "%lld", s[v].max);
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
	return sbuf_detach(&sb);
}
