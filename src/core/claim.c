/*
 * claim.c - checks a demo's declared contrasts on its results and says
 * when the machine was too busy for timings to be trusted (see claim.h).
 */
#define _GNU_SOURCE
#include "core/claim.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* A named number of variant v: "time", "expected", "observed" or a metric. */
static bool value_of(const struct variant_result *v, const char *name, double *out)
{
	if (!v || !v->has_result)
		return false;
	if (strcmp(name, "time") == 0) {
		*out = (double)v->elapsed_ns;
		return true;
	}
	if (strcmp(name, "expected") == 0 || strcmp(name, "observed") == 0) {
		bool exp = name[0] == 'e';
		if (exp ? !v->has_expected : !v->has_observed)
			return false;
		*out = (double)(exp ? v->expected : v->observed);
		return true;
	}
	const struct metric *m = report_metric(v, name);
	if (!m || m->is_text)
		return false;
	*out = m->num;
	return true;
}

struct claim_check claim_check(const struct run_result *r, const struct claim *c)
{
	struct claim_check k = {0};
	double a, b = 1;
	if (!value_of(report_variant(r, c->variant), c->metric, &a))
		return k;
	if (c->against) {
		if (!value_of(report_variant(r, c->against), c->metric, &b) || b == 0)
			return k;
	}
	k.known = true;
	k.figure = a / b;
	k.held = strcmp(c->op, "<=") == 0 ? k.figure <= c->factor : k.figure >= c->factor;
	return k;
}

char *claim_text(const struct claim *c, bool unicode)
{
	bool le = strcmp(c->op, "<=") == 0;
	const char *op = unicode ? (le ? "≤" : "≥") : c->op;
	if (c->against)
		return xasprintf("%s %s %s %g%s %s", c->variant, c->metric, op, c->factor,
				 unicode ? "×" : "x", c->against);
	return xasprintf("%s %s %s %g", c->variant, c->metric, op, c->factor);
}

char *claim_figure(const struct claim *c, double figure, bool unicode)
{
	return c->against ? xasprintf("%.2f%s", figure, unicode ? "×" : "x")
			  : xasprintf("%.2f", figure);
}

bool claim_busy(const struct run_result *r)
{
	return r->load_known && r->others_cores >= CLAIM_BUSY_CORES;
}

char *claim_busy_text(const struct run_result *r, bool unicode)
{
	if (!claim_busy(r))
		return NULL;
	return xasprintf("busy machine: others used %.1f of %d core%s during this run %s "
			 "timing contrasts are unreliable",
			 r->others_cores, r->ncpu, r->ncpu == 1 ? "" : "s", unicode ? "—" : "-");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

char *claim_format(const struct run_result *runs, size_t n, bool unicode)
{
	struct sbuf sb = {0};
	const struct run_result *first = NULL;
	for (size_t i = 0; i < n && !first; i++)
		if (runs[i].got_hello)
			first = &runs[i];
	if (!first)
		return NULL;
	double *figs = xcalloc(n + 1, sizeof *figs);
	for (size_t c = 0; c < first->nclaims; c++) {
		const struct claim *cl = &first->claims[c];
		size_t known = 0, held = 0;
		for (size_t i = 0; i < n; i++) {
			struct claim_check k = claim_check(&runs[i], cl);
			if (k.known) {
				figs[known++] = k.figure;
				held += k.held;
			}
		}
		char *text = claim_text(cl, unicode);
		if (known == 0) {
			sbuf_addf(&sb, "? not checked: %s (no figure in this run)\n", text);
		} else {
			qsort(figs, known, sizeof *figs, cmp_double);
			char *fig = claim_figure(cl, figs[known / 2], unicode);
			bool all = held == known;
			const char *mark = unicode ? (all ? "✓" : "✗") : (all ? "ok" : "NO");
			if (n == 1)
				sbuf_addf(&sb, "%s %s: %s (%s)\n", mark, all ? "held" : "did not hold",
					  text, fig);
			else
				sbuf_addf(&sb, "%s %s: held in %zu of %zu runs (median %s)\n", mark,
					  text, held, known, fig);
			free(fig);
		}
		free(text);
	}
	free(figs);
	size_t busy = 0;
	const struct run_result *worst = NULL;
	for (size_t i = 0; i < n; i++)
		if (claim_busy(&runs[i])) {
			busy++;
			if (!worst || runs[i].others_cores > worst->others_cores)
				worst = &runs[i];
		}
	if (worst && n == 1) {
		char *t = claim_busy_text(worst, unicode);
		sbuf_addf(&sb, "%s\n", t);
		free(t);
	} else if (worst) {
		sbuf_addf(&sb, "busy machine in %zu of %zu runs: others used up to %.1f of %d cores "
			       "%s timing contrasts are unreliable\n",
			  busy, n, worst->others_cores, worst->ncpu, unicode ? "—" : "-");
	}
	return sb.buf ? sbuf_detach(&sb) : NULL;
}
