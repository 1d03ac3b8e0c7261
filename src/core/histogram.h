/*
 * histogram.h - the observed values of many runs as a small text histogram,
 * for the lab's demo panel after `R`: each distinct value its own bucket
 * when there are few, else equal-width buckets with round edges; one line a
 * bucket (label, bar scaled to the room, count), or two when the column is
 * too narrow for both.
 *
 * Layer: src/core. Builds strings; never prints.
 */
#ifndef CORE_HISTOGRAM_H
#define CORE_HISTOGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

#define HIST_EXACT_MAX 8    /* at most this many distinct values: one bucket each */
#define HIST_BUCKETS_MAX 8  /* else equal-width buckets, at most this many */

struct hist_bucket {
	long long lo, hi;   /* the values lo..hi, both included (lo == hi: exact) */
	int count;
};

struct histogram {
	struct hist_bucket *buckets; /* ascending, no gaps between ranges (owned) */
	size_t n;
	int total;                   /* values counted: the sum of the counts */
	bool exact;                  /* one bucket per distinct value */
};

/* Bucket n values (any order). Equal-width buckets are 1, 2 or 5 times a
 * power of ten wide and start at a multiple of their width, so the edges
 * read as round numbers; empty buckets between the first and last stay.
 * n == 0 gives no buckets. Release with histogram_release. */
void histogram_build(const long long *values, size_t n, struct histogram *h);

/* The observed values of variant `name` over n runs (runs where it has a
 * result and an observed value), bucketed. */
void histogram_of_variant(const struct run_result *runs, size_t n, const char *name,
			  struct histogram *h);

void histogram_release(struct histogram *h);

/*
 * The histogram as lines for a column `width` display columns wide:
 * "label bar count" with labels and counts aligned, the longest bar filling
 * the room; a range reads "1.2M-1.4M" (both ends included). When the room
 * would leave the bar under 4 columns, each bucket takes two lines: "label
 * ... count", then the bar the whole width. `unicode` draws the bar with
 * block elements in eighths, else with '#'. Every bucket with a count has a
 * bar at least one mark long. Returns *nlines strings; the caller frees each
 * and the array.
 */
char **histogram_format(const struct histogram *h, int width, bool unicode, size_t *nlines);

/* The histogram on one line, label, arrow and count per bucket joined by
 * ", ": with arrow " → ", "2,000,000 → 10" or "1.2M-1.4M → 3, 1.4M-1.6M →
 * 7" (a range's ends shortened). "" when it has no bucket. Caller frees. */
char *histogram_format_inline(const struct histogram *h, const char *arrow);

#endif
