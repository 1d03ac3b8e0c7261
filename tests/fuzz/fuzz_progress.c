/*
 * fuzz_progress.c - libFuzzer target for the progress loader and the merge
 * at save: the input is two files (split where its first byte says), the
 * one this process loads and the one another process wrote meanwhile. Any
 * bytes must load without crashing (a bad file moved aside), and the save
 * must merge and write a valid file that keeps what this process recorded:
 * its pass, its hints seen (at least), its place. ASan/UBSan check the rest.
 * Run with `make fuzz FUZZ_SECONDS=60`; seeds are in tests/fuzz/corpus-progress.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/progress.h"
#include "core/util.h"

static char dir[64];

static void put(const char *path, const uint8_t *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(data, 1, n, f) != n)
		abort();
	fclose(f);
}

/* Remove what a run leaves: corrupt-N files, the lock, the file. */
static void clean(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

static void remove_dir(void)
{
	clean();
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		strcpy(dir, "/tmp/lockstep-fuzz-progress-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(remove_dir);
	}
	if (size == 0)
		return 0;
	size_t cut = 1 + (size_t)data[0] * (size - 1) / 255; /* 1..size */
	char *path = xasprintf("%s/progress.json", dir);
	put(path, data + 1, cut - 1);

	char *warn = NULL, *err = NULL;
	struct progress *p = progress_load(path, &warn);
	free(warn);
	progress_set_exercise_passed(p, "fz-ex", true);
	progress_set_hints_shown(p, "fz-ex", 2);
	progress_set_answer(p, "fz-lesson", 1, 2, true);
	progress_set_current(p, "fz-lesson", 7);

	put(path, data + cut, size - cut); /* another process wrote meanwhile */
	(void)progress_refresh(p);
	if (progress_save(p, &err) != 0)
		abort();
	progress_free(p);

	p = progress_load(path, &warn);
	if (warn) /* what we wrote must load as is */
		abort();
	if (!progress_exercise_passed(p, "fz-ex") || progress_hints_shown(p, "fz-ex") < 2)
		abort();
	if (!progress_current(p) || strcmp(progress_current(p), "fz-lesson") != 0 ||
	    progress_position(p) != 7)
		abort();
	if (progress_answer(p, "fz-lesson", 1) < -1)
		abort();
	progress_free(p);
	free(path);
	clean();
	return 0;
}
