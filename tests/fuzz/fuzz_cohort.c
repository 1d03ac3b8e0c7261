/*
 * fuzz_cohort.c - libFuzzer target for `lockstep report`'s reader: any bytes
 * as one export file. A file is either skipped with a reason or read; a file
 * that is read lays out without a crash, its CSV is the header and exactly
 * one row (every field's line breaks and control characters were replaced
 * or quoted), and its JSON parses back to the same totals.
 *
 * Seeds: tests/fuzz/corpus-cohort.
 */
#include <cJSON.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cohort.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cohort c;
	cohort_init(&c);
	const char *why = NULL;
	int rc = cohort_add_text(&c, "fuzz.json", (const char *)data, size, &why);
	cohort_finish(&c);
	if (rc != 0) {
		if (!why || c.nskipped != 1 || c.n != 0)
			abort();
		cohort_release(&c);
		return 0;
	}
	if (c.n != 1 || c.nskipped != 0)
		abort();
	static const int widths[] = {20, 80, 200};
	for (size_t i = 0; i < 3; i++) {
		free(cohort_format_table(&c, widths[i], i != 1));
	}
	char *csv = cohort_format_csv(&c);
	size_t records = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		records++;
	if (records != 2 || strchr(csv, '\n') != strstr(csv, "\r\n") + 1)
		abort();
	free(csv);
	char *json = cohort_format_json(&c);
	cJSON *d = cJSON_Parse(json);
	const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "students"), 0);
	const cJSON *done = cJSON_GetObjectItem(row, "lessons_done");
	if (!cJSON_IsNumber(done) || done->valueint != c.v[0].lessons_done)
		abort();
	cJSON_Delete(d);
	free(json);
	cohort_release(&c);
	return 0;
}
