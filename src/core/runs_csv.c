/* runs_csv.c - a demo series as CSV, one row per run and variant (see runs_csv.h). */
#include "runs_csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "metric.h"
#include "util.h"

/* One field, quoted only when it must be: it holds a comma, a quote or a
 * line break (RFC 4180, section 2); quotes inside are doubled. */
static void csv_field(struct sbuf *sb, const char *s, bool first)
{
	if (!first)
		sbuf_addc(sb, ',');
	if (!strpbrk(s, ",\"\r\n")) {
		sbuf_adds(sb, s);
		return;
	}
	sbuf_addc(sb, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(sb, '"');
		sbuf_addc(sb, *p);
	}
	sbuf_addc(sb, '"');
}

static bool fixed_column(const char *key)
{
	static const char *fixed[] = {"run", "variant", "status", "correct", "expected",
				      "observed", "lost", "elapsed_ns", "error"};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (strcmp(key, fixed[i]) == 0)
			return true;
	return false;
}

/* Every metric key of every run, in order of first appearance (borrowed). */
static const char **metric_keys(const struct run_result *runs, size_t n, size_t *count)
{
	const char **keys = NULL;
	size_t nk = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t v = 0; v < runs[i].nvariants; v++)
			for (size_t m = 0; m < runs[i].variants[v].nmetrics; m++) {
				const char *k = runs[i].variants[v].metrics[m].key;
				size_t j = 0;
				while (j < nk && strcmp(keys[j], k) != 0)
					j++;
				if (j == nk) {
					keys = xrealloc(keys, (nk + 1) * sizeof *keys);
					keys[nk++] = k;
				}
			}
	*count = nk;
	return keys;
}

/* A metric's value as data: yes/no for booleans, text as it came, numbers
 * to 15 significant digits (all a decimal figure of a double keeps). */
static void metric_field(struct sbuf *sb, const struct run_result *r, const struct metric *m)
{
	const char *unit;
	if (!m) {
		sbuf_addc(sb, ',');
	} else if (metric_kind_of(r, m, &unit) == MK_YESNO) {
		char *t = metric_format_metric(r, m, 0);
		csv_field(sb, t, false);
		free(t);
	} else if (m->is_text) {
		csv_field(sb, m->text ? m->text : "", false);
	} else {
		sbuf_addf(sb, ",%.15g", m->num);
	}
}

static void variant_row(struct sbuf *sb, size_t run, const struct run_result *r,
			const char *name, const char **keys, size_t nk)
{
	const struct variant_result *v = report_variant(r, name);
	sbuf_addf(sb, "%zu", run + 1);
	csv_field(sb, name, false);
	csv_field(sb, report_status_name(r->status), false);
	if (v && v->has_result)
		sbuf_adds(sb, v->correct ? ",yes" : ",no");
	else
		sbuf_addc(sb, ',');
	if (v && v->has_expected && report_row_wanted(r, REPORT_ROW_EXPECTED))
		sbuf_addf(sb, ",%lld", v->expected);
	else
		sbuf_addc(sb, ',');
	if (v && v->has_observed && report_row_wanted(r, REPORT_ROW_OBSERVED))
		sbuf_addf(sb, ",%lld", v->observed);
	else
		sbuf_addc(sb, ',');
	long long lost;
	if (v && report_row_wanted(r, REPORT_ROW_LOST) && report_lost(v, &lost))
		sbuf_addf(sb, ",%lld", lost);
	else
		sbuf_addc(sb, ',');
	if (v && v->has_result)
		sbuf_addf(sb, ",%lld", v->elapsed_ns);
	else
		sbuf_addc(sb, ',');
	csv_field(sb, r->error ? r->error : "", false);
	for (size_t k = 0; k < nk; k++)
		metric_field(sb, r, v ? report_metric(v, keys[k]) : NULL);
	sbuf_adds(sb, "\r\n");
}

char *runs_csv_format(const struct run_result *runs, size_t n, const char *const *variants,
		      size_t nv)
{
	struct sbuf sb = {0};
	size_t nk;
	const char **keys = metric_keys(runs, n, &nk);
	sbuf_adds(&sb, "run,variant,status,correct,expected,observed,lost,elapsed_ns,error");
	for (size_t k = 0; k < nk; k++) {
		/* a demo's own "lost" metric must not read as the column above */
		if (fixed_column(keys[k])) {
			char *name = xasprintf("metric_%s", keys[k]);
			csv_field(&sb, name, false);
			free(name);
		} else {
			csv_field(&sb, keys[k], false);
		}
	}
	sbuf_adds(&sb, "\r\n");
	for (size_t i = 0; i < n; i++)
		for (size_t v = 0; v < nv; v++)
			variant_row(&sb, i, &runs[i], variants[v], keys, nk);
	free(keys);
	return sbuf_detach(&sb);
}
