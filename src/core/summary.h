/*
 * summary.h - demo results as text: one run's variants side by side, and the
 * distribution of each variant over many runs. Shared by `lockstep demo` and
 * `lockstep shell`, so they print the same thing.
 *
 * Layer: src/core. Builds strings; never prints.
 */
#ifndef CORE_SUMMARY_H
#define CORE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

struct variant_summary {
	const char *name;       /* borrowed from the first run */
	int runs;               /* runs that produced a result for it */
	int wrong;              /* of those, how many were not correct */
	bool has_observed;
	long long min, median, max; /* observed */
	long long expected;     /* from the last run that had one */
	long long median_ns;    /* elapsed */
};

/* Per-variant distribution over n runs (variants in the first run's order).
 * Returns an array of *count entries; the caller frees it (names are
 * borrowed from runs[0], so free it first). */
struct variant_summary *summary_build(const struct run_result *runs, size_t n, size_t *count);

/* Variants side by side (expected, observed, lost, correct, time, ns/op and
 * each metric), wrapped into blocks of columns that fit `width`.
 * `unicode` picks ✓/✗ over yes/NO. Caller frees. */
char *summary_format_run(const struct run_result *r, int width, bool unicode);

/* The distribution table for n runs. Caller frees. */
char *summary_format_runs(const struct run_result *runs, size_t n, int width, bool unicode);

/* A duration for people: "812 ns", "3.42 ms", "1.20 s". Caller frees. */
char *summary_duration(long long ns);

#endif
