/*
 * runs_csv.h - the runs of a demo series as CSV (RFC 4180): one row per run
 * and variant, for spreadsheets and scripts (`lockstep demo --runs K --csv`).
 *
 * Layer: src/core. Builds a string; never prints.
 */
#ifndef CORE_RUNS_CSV_H
#define CORE_RUNS_CSV_H

#include <stddef.h>

#include "report.h"

/*
 * A header row, then for each of the n runs one row per variant named in
 * `variants` (nv of them, in that order): run (1-based), variant, status,
 * correct, expected, observed, lost, elapsed_ns, error, then one column per
 * metric any run reported (in order of first appearance). A run that failed
 * before reporting a variant still gets its row, with its status and error
 * and the numbers left empty. Lines end in CRLF, as RFC 4180 says.
 * Caller frees.
 */
char *runs_csv_format(const struct run_result *runs, size_t n, const char *const *variants,
		      size_t nv);

#endif
