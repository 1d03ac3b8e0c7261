/*
 * claim.h - the point a demo's lesson makes, checked on every run: its
 * declared contrasts ("cpu_nogil speedup >= 1.7") held or not, with the
 * figure, and whether the machine was too busy for a timing to mean much.
 *
 * Layer: src/core. Builds strings; never prints.
 */
#ifndef CORE_CLAIM_H
#define CORE_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* Other programs using at least this many cores make timing unreliable
 * (the same limit as the tests' load guard: 20% of a core). */
#define CLAIM_BUSY_CORES 0.2

struct claim_check {
	bool known;    /* the run had both numbers the claim needs */
	bool held;
	double figure; /* the value, or the ratio to `against` */
};

struct claim_check claim_check(const struct run_result *r, const struct claim *c);

/* "cpu_nogil speedup ≥ 1.7" or "concurrent time ≤ 0.7× sequential".
 * unicode picks ≥ ≤ × over >= <= x. Caller frees. */
char *claim_text(const struct claim *c, bool unicode);

/* The figure as shown: "1.93" or "0.52×". Caller frees. */
char *claim_figure(const struct claim *c, double figure, bool unicode);

/* True when the run measured other programs at CLAIM_BUSY_CORES or more. */
bool claim_busy(const struct run_result *r);

/* "busy machine: others used 0.9 of 2 cores during this run — timing
 * contrasts are unreliable", or NULL on a quiet (or unmeasured) run. */
char *claim_busy_text(const struct run_result *r, bool unicode);

/* Every claim over n runs, one line each ("✓ held: ..." for one run, "held
 * in 4 of 5 runs" for more), then the busy-machine line when any run was
 * busy. NULL when there is nothing to say. Caller frees. */
char *claim_format(const struct run_result *runs, size_t n, bool unicode);

#endif
