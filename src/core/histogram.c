/*
 * histogram.c - buckets observed values and draws them as text lines (see
 * histogram.h).
 */
#include "core/histogram.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/metric.h"
#include "core/util.h"

#define BAR_MIN 4 /* narrower than this, a bucket takes two lines */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Floor division (rounds down for negative values too). */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void histogram_build(const long long *values, size_t n, struct histogram *h)
{
	memset(h, 0, sizeof *h);
	if (n == 0)
		return;
	long long *v = xmalloc(n * sizeof *v);
	memcpy(v, values, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_ll);
	h->total = (int)n;
	size_t distinct = 1;
	for (size_t i = 1; i < n; i++)
		distinct += v[i] != v[i - 1];
	if (distinct <= HIST_EXACT_MAX) {
		h->exact = true;
		h->buckets = xcalloc(distinct, sizeof *h->buckets);
		for (size_t i = 0; i < n; i++) {
			if (i == 0 || v[i] != v[i - 1]) {
				h->buckets[h->n].lo = h->buckets[h->n].hi = v[i];
				h->n++;
			}
			h->buckets[h->n - 1].count++;
		}
		free(v);
		return;
	}
	/* the narrowest round width (1, 2, 5 x 10^k) that needs few buckets */
	long long min = v[0], max = v[n - 1], step = 1;
	while (floor_div(max, step) - floor_div(min, step) + 1 > HIST_BUCKETS_MAX &&
	       step <= LLONG_MAX / 5) {
		long long lead = step; /* 1 -> 2 -> 5 -> 10 -> 20 -> 50 ... */
		while (lead >= 10)
			lead /= 10;
		step = lead == 2 ? step / 2 * 5 : step * 2;
	}
	long long first = floor_div(min, step), last = floor_div(max, step);
	h->n = (size_t)(last - first + 1);
	h->buckets = xcalloc(h->n, sizeof *h->buckets);
	for (size_t i = 0; i < h->n; i++) {
		struct hist_bucket *b = &h->buckets[i];
		b->lo = (first + (long long)i) * step;
		b->hi = b->lo > LLONG_MAX - (step - 1) ? LLONG_MAX : b->lo + (step - 1);
	}
	for (size_t i = 0; i < n; i++)
		h->buckets[floor_div(v[i], step) - first].count++;
	free(v);
}

void histogram_of_variant(const struct run_result *runs, size_t n, const char *name,
			  struct histogram *h)
{
	long long *v = xcalloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct variant_result *vr = report_variant(&runs[i], name);
		if (vr && vr->has_result && vr->has_observed)
			v[k++] = vr->observed;
	}
	histogram_build(v, k, h);
	free(v);
}

void histogram_release(struct histogram *h)
{
	free(h->buckets);
	memset(h, 0, sizeof *h);
}

/* A bucket's label, each number shortened to `numw` columns (0: whole). */
static char *label_of(const struct hist_bucket *b, bool negatives, int numw)
{
	char *lo = metric_count(b->lo, numw);
	if (b->lo == b->hi)
		return lo;
	char *hi = metric_count(b->hi, numw);
	char *s = xasprintf("%s%s%s", lo, negatives ? ".." : "-", hi);
	free(lo);
	free(hi);
	return s;
}

/* count's bar in w columns, padded with blanks to w when `pad`. */
static void add_bar(struct sbuf *sb, int count, int maxcount, int w, bool unicode, bool pad)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int per = unicode ? 8 : 1;
	long long units = maxcount > 0 ? ((long long)count * w * per + maxcount / 2) / maxcount : 0;
	if (count > 0 && units < 1)
		units = 1;
	int cells = 0;
	for (long long i = 0; i < units / per; i++, cells++)
		sbuf_adds(sb, unicode ? "█" : "#");
	if (units % per) {
		sbuf_adds(sb, eighths[units % per]);
		cells++;
	}
	for (; pad && cells < w; cells++)
		sbuf_addc(sb, ' ');
}

char **histogram_format(const struct histogram *h, int width, bool unicode, size_t *nlines)
{
	*nlines = 0;
	if (h->n == 0)
		return NULL;
	bool neg = h->buckets[0].lo < 0;
	int maxcount = 0, cntw = 1;
	for (size_t i = 0; i < h->n; i++)
		if (h->buckets[i].count > maxcount)
			maxcount = h->buckets[i].count;
	cntw = snprintf(NULL, 0, "%d", maxcount);
	/* labels whole if they leave the bar room, else each number in 5 */
	char **labels = xcalloc(h->n, sizeof *labels);
	int labw = 0;
	for (int numw = 0;; numw = 5) {
		labw = 0;
		for (size_t i = 0; i < h->n; i++) {
			free(labels[i]);
			labels[i] = label_of(&h->buckets[i], neg, numw);
			int lw = (int)strlen(labels[i]);
			if (lw > labw)
				labw = lw;
		}
		if (numw || labw + 1 + BAR_MIN + 1 + cntw <= width)
			break;
	}
	int barw = width - labw - cntw - 2;
	bool stacked = barw < BAR_MIN;
	if (stacked)
		barw = width > 1 ? width : 1;
	char **lines = xcalloc(h->n * 2, sizeof *lines);
	for (size_t i = 0; i < h->n; i++) {
		const struct hist_bucket *b = &h->buckets[i];
		struct sbuf sb = {0};
		if (stacked) {
			int gap = width - (int)strlen(labels[i]) - cntw;
			sbuf_addf(&sb, "%s%*s%*d", labels[i], gap > 1 ? gap : 1, "", cntw, b->count);
			lines[(*nlines)++] = sbuf_detach(&sb);
			add_bar(&sb, b->count, maxcount, barw, unicode, false);
			lines[(*nlines)++] = sbuf_detach(&sb);
		} else {
			sbuf_addf(&sb, "%-*s ", labw, labels[i]);
			add_bar(&sb, b->count, maxcount, barw, unicode, true);
			sbuf_addf(&sb, " %*d", cntw, b->count);
			lines[(*nlines)++] = sbuf_detach(&sb);
		}
		free(labels[i]);
	}
	free(labels);
	return lines;
}

char *histogram_format_inline(const struct histogram *h, const char *arrow)
{
	struct sbuf sb = {0};
	bool neg = h->n && h->buckets[0].lo < 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct hist_bucket *b = &h->buckets[i];
		char *l = label_of(b, neg, b->lo == b->hi ? 0 : 5);
		sbuf_addf(&sb, "%s%s%s%d", i ? ", " : "", l, arrow, b->count);
		free(l);
	}
	return sbuf_detach(&sb);
}
