/*
 * fuzz_events.c - libFuzzer target for demo output as the runner reads it:
 * the bytes arrive in chunks of a size taken from the input, are split into
 * lines by the runner's own feed() (overlong lines, a last line without a
 * newline), parsed by core/report, finished with an exit status, its
 * claims checked (core/claim), and then shown by core/summary one run and
 * many runs at a time. Any bytes must give a result or an error, never a
 * crash, a leak or undefined behaviour.
 *
 * It includes runner.c to reach the static line splitter; the Makefile links
 * it without runner.c's own object. Seeds: tests/fuzz/corpus-events.
 */
#include "../../src/core/runner.c"

#include <stdint.h>

#include "core/claim.h"
#include "core/summary.h"

/* Promises the result keeps whatever the input. */
static void check(const struct run_result *res)
{
	for (size_t i = 0; i < res->nvariants; i++) {
		const struct variant_result *v = &res->variants[i];
		long long lost;
		if (v->done < 0 || v->total < 0 || v->elapsed_ns < 0)
			abort(); /* report.c refuses negative counts and times */
		if (report_lost(v, &lost) && (lost > 2 * UTIL_EXACT_INT_MAX || lost < -2 * UTIL_EXACT_INT_MAX))
			abort();
	}
	for (size_t i = 0; i < res->nclaims; i++) { /* the claims a hello declared */
		claim_check(res, &res->claims[i]);
		free(claim_text(&res->claims[i], i % 2 == 0));
	}
	if (res->status == RUN_OK && res->error)
		abort(); /* a good run has no error, and a failed one says why */
	if (res->status != RUN_OK && !res->error)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t chunk = (size_t)data[0] % 97 + 1; /* pipe reads come in any size */
	int ending = data[1] % 4;                 /* exit 0, exit 3, SIGSEGV, time limit */
	data += 2;
	size -= 2;

	struct runner r;
	memset(&r, 0, sizeof r);
	report_init(&r.res);
	for (size_t i = 0; i < size; i += chunk)
		feed(&r, (const char *)data + i, size - i < chunk ? size - i : chunk);
	if (r.line.len > 0 && !r.overlong) /* as finish() does */
		report_feed_line(&r.res, r.line.buf, r.line.len);
	sbuf_release(&r.line);
	int ws = ending == 0 ? W_EXITCODE(0, 0) : ending == 1 ? W_EXITCODE(3, 0) : W_EXITCODE(0, SIGSEGV);
	report_finish(&r.res, ending == 3 ? W_EXITCODE(0, SIGKILL) : ws, ending == 3, false);
	check(&r.res);

	/* shown as one run, then as a series of two (a copy and the original) */
	free(summary_format_run(&r.res, 80, true));
	free(summary_format_run(&r.res, 24, false));
	struct run_result two[2];
	report_copy(&two[0], &r.res);
	two[1] = r.res;
	free(summary_format_runs(two, 2, 80, true));
	size_t nsum = 0;
	free(summary_build(two, 2, &nsum));
	report_release(&two[0]);
	report_release(&r.res);
	return 0;
}
