/*
 * fuzz_cohort.c - libFuzzer target for the students' progress exports an
 * instructor gathers with `lockstep report` (core/cohort): the input is up
 * to four files split at NUL bytes, each read as cohort_add_path reads one,
 * then the class is finished and laid out as a table (wide and narrow), CSV
 * and JSON. Any bytes must be a student or a file skipped with a reason,
 * never a crash, a leak or undefined behaviour. Seeds: tests/fuzz/corpus-cohort.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cohort.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = {"ana.json", "bo\x1b[31m.json", "c.json", "d.json"};
	struct cohort c;
	cohort_init(&c);
	const char *p = (const char *)data, *end = p + size;
	size_t added = 0, skipped = 0;
	for (int i = 0; i < 4 && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		const char *why = NULL;
		if (cohort_add_text(&c, names[i], p, len, &why) == 0)
			added++;
		else if (!why || !*why)
			abort(); /* a skipped file always says why */
		else
			skipped++;
		p += len + 1;
	}
	if (c.n != added || c.nskipped != skipped)
		abort();
	cohort_finish(&c);
	for (size_t s = 0; s < c.n; s++) {
		for (size_t k = 0; k < c.nlessons; k++)
			cohort_cell(&c, &c.v[s], false, k);
		for (size_t k = 0; k < c.nexercises; k++)
			cohort_cell(&c, &c.v[s], true, k);
	}
	free(cohort_format_table(&c, 120, true));
	free(cohort_format_table(&c, 30, false));
	free(cohort_format_csv(&c));
	free(cohort_format_json(&c));
	cohort_release(&c);
	return 0;
}
