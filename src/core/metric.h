/*
 * metric.h - a demo's numbers as text, by kind: counts with thousands
 * separators (100,000,000) or, when that does not fit, SI prefixes (100.0M);
 * one duration style; yes/no for booleans. The one formatter behind the lab
 * panel, `lockstep demo` and the shell, so a number reads the same in each.
 *
 * Layer: src/core. Builds strings; never prints.
 */
#ifndef CORE_METRIC_H
#define CORE_METRIC_H

#include "report.h"

/* The kind to format metric m with: its declaration in r, else one chosen
 * from the value and key (true/false -> yes/no, a whole number -> count, a
 * key ending _ns/_us/_ms or "ns_per_op" -> duration, "speedup" -> ratio,
 * other reals -> number). *unit is set to the declared unit or a guessed one
 * ("ns" for ns_per_op); never NULL. */
enum metric_kind metric_kind_of(const struct run_result *r, const struct metric *m,
				const char **unit);

/* A metric's name as shown ("ns_per_op" -> "ns/op"). Static string or key. */
const char *metric_label(const char *key);

/* Value as text for a column `width` display columns wide (0: any width).
 * A count too wide with separators is shortened with an SI prefix, visibly
 * (100.0M); text that does not fit ends in "…". Caller frees. */
char *metric_format(enum metric_kind kind, const char *unit, double num, const char *text,
		    int width);

/* Shortcuts: one metric of a run; a count (expected, observed, lost). */
char *metric_format_metric(const struct run_result *r, const struct metric *m, int width);
char *metric_count(long long n, int width);

/* A duration: "812 ns", "3.4 us", "3.42 ms", "1.20 s". Caller frees. */
char *metric_duration(double ns);

#endif
