/*
 * metric.c - formats demo numbers by their declared kind (see metric.h).
 */
#define _GNU_SOURCE
#include "core/metric.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Small helpers instead of libm, which the core does not link. */
static double absd(double v) { return v < 0 ? -v : v; }
static long long round_ll(double v) { return (long long)(v < 0 ? v - 0.5 : v + 0.5); }
static bool whole(double v) { return absd(v) < 1e15 && v == (double)(long long)v; }

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

enum metric_kind metric_kind_of(const struct run_result *r, const struct metric *m,
				const char **unit)
{
	const struct metric_decl *d = r ? report_decl(r, m->key) : NULL;
	*unit = "";
	if (d) {
		*unit = d->unit ? d->unit : "";
		return d->kind;
	}
	if (m->is_text)
		return MK_TEXT;
	if (m->is_bool)
		return MK_YESNO;
	static const char *times[][2] = {{"ns_per_op", "ns"}, {"_ns", "ns"}, {"_us", "us"},
					 {"_ms", "ms"}};
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
		if (ends_with(m->key, times[i][0])) {
			*unit = times[i][1];
			return MK_DURATION;
		}
	if (strcmp(m->key, "speedup") == 0) {
		*unit = "x";
		return MK_RATIO;
	}
	return whole(m->num) ? MK_COUNT : MK_NUMBER;
}

const char *metric_label(const char *key)
{
	return strcmp(key, "ns_per_op") == 0 ? "ns/op" : key;
}

/* 1234567 -> "1,234,567" */
static char *grouped(long long n)
{
	char digits[32];
	unsigned long long u = n < 0 ? (unsigned long long)-(n + 1) + 1 : (unsigned long long)n;
	snprintf(digits, sizeof digits, "%llu", u);
	struct sbuf sb = {0};
	if (n < 0)
		sbuf_addc(&sb, '-');
	size_t len = strlen(digits);
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			sbuf_addc(&sb, ',');
		sbuf_addc(&sb, digits[i]);
	}
	return sbuf_detach(&sb);
}

/* 100000000 -> "100.0M" (decimals: digits after the point) */
static char *si(double v, int decimals)
{
	static const char *prefix[] = {"", "k", "M", "G", "T", "P", "E"};
	int p = 0;
	double a = absd(v);
	while (a >= 999.95 && p < 6) {
		a /= 1000;
		v /= 1000;
		p++;
	}
	if (p == 0 && whole(v))
		return xasprintf("%.0f", v);
	return xasprintf("%.*f%s", decimals, v, prefix[p]);
}

static int width_of(const char *s) { return util_text_width(s, strlen(s)); }

char *metric_count(long long n, int width)
{
	char *s = grouped(n);
	if (width <= 0 || width_of(s) <= width)
		return s;
	free(s);
	s = si((double)n, 1);
	if (width_of(s) <= width)
		return s;
	free(s);
	return si((double)n, 0);
}

char *metric_duration(double ns)
{
	double a = absd(ns);
	if (a < 10000)
		return whole(a) ? xasprintf("%.0f ns", ns) : xasprintf("%.1f ns", ns);
	if (a < 1e6)
		return xasprintf("%.1f us", ns / 1e3);
	if (a < 1e9)
		return xasprintf("%.2f ms", ns / 1e6);
	return xasprintf("%.2f s", ns / 1e9);
}

static double to_ns(double v, const char *unit)
{
	if (strcmp(unit, "s") == 0)
		return v * 1e9;
	if (strcmp(unit, "ms") == 0)
		return v * 1e6;
	if (strcmp(unit, "us") == 0 || strcmp(unit, "µs") == 0)
		return v * 1e3;
	return v;
}

/* A real number without exponents: 0.48, 12.3, 65,820. */
static char *plain(double v)
{
	if (absd(v) >= 1000 && absd(v) < 1e15)
		return grouped((long long)round_ll(v));
	if (whole(v))
		return xasprintf("%.0f", v);
	return xasprintf(absd(v) >= 0.01 || v == 0 ? "%.2f" : "%.2g", v);
}

/* Shorten text visibly to width columns: "abcdef…". */
static char *fit_text(char *s, int width)
{
	if (width <= 0 || width_of(s) <= width)
		return s;
	size_t keep = util_fit_width(s, strlen(s), width - 1);
	char *t = xasprintf("%.*s…", (int)keep, s);
	free(s);
	return t;
}

char *metric_format(enum metric_kind kind, const char *unit, double num, const char *text,
		    int width)
{
	unit = unit ? unit : "";
	char *s;
	switch (kind) {
	case MK_COUNT:
		if (text)
			break;
		if (!*unit)
			return metric_count((long long)round_ll(num), width);
		s = metric_count((long long)round_ll(num), width - 1 - width_of(unit));
		char *u = xasprintf("%s %s", s, unit);
		free(s);
		return fit_text(u, width);
	case MK_DURATION:
		return text ? fit_text(xstrdup(text), width) : fit_text(metric_duration(to_ns(num, unit)), width);
	case MK_RATE: {
		if (text)
			break;
		char *n = si(num, num >= 1000 ? 1 : 0);
		s = xasprintf("%s %s", n, *unit ? unit : "/s");
		free(n);
		return fit_text(s, width);
	}
	case MK_RATIO:
		if (text)
			break;
		s = strcmp(unit, "x") == 0 ? xasprintf("%.2fx", num) : plain(num);
		return fit_text(s, width);
	case MK_YESNO:
		if (text) /* a demo that writes "yes"/"no" or "true"/"false" as text */
			return xstrdup(strcmp(text, "yes") == 0 || strcmp(text, "true") == 0 ||
						strcmp(text, "1") == 0 ? "yes" : "no");
		return xstrdup(num != 0 ? "yes" : "no");
	case MK_NUMBER:
		if (text)
			break;
		return fit_text(plain(num), width);
	case MK_NONE:
	case MK_TEXT:
	case MK_LIST:
		break;
	}
	if (text)
		return fit_text(xstrdup(text), width);
	if ((kind == MK_TEXT || kind == MK_LIST) && whole(num)) /* an id: no separators */
		return fit_text(xasprintf("%lld", (long long)num), width);
	return fit_text(plain(num), width);
}

char *metric_format_metric(const struct run_result *r, const struct metric *m, int width)
{
	const char *unit;
	enum metric_kind k = metric_kind_of(r, m, &unit);
	return metric_format(k, unit, m->num, m->is_text ? (m->text ? m->text : "") : NULL,
			     width);
}
