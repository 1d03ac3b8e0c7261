/*
 * fuzz_progress.c - libFuzzer target for the progress file: its loader and
 * the three-way merge a save does when another lockstep process wrote the
 * file meanwhile. The input is three parts split at NUL bytes: a byte of
 * flags, the file as this process loads it, and the file as another process
 * left it before this one saves. Between load and save, this process records
 * the facts the flags choose (a pass, a lesson done, hints, a quiz answer,
 * the current lesson, a setting). After the save, the merge rules must hold
 * for every fact this process added: a pass, a lesson done and a hint count
 * are never undone; a question it answered has an answer (its own, or the
 * other process's first one); the current lesson is ours, the latest
 * writer's (when it moved). Then the file must load again, and a refresh must not crash.
 *
 * Files live in a private directory under /dev/shm (tmpfs: fsync is cheap).
 * Seeds: tests/fuzz/corpus-progress.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/progress.h"
#include "core/util.h"

static char *dir, *path;

static void clean(void);

/* The private directory goes when the fuzzer ends. */
static void remove_dir(void)
{
	clean();
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dir = xasprintf("/dev/shm/lockstep-fuzz-progress-%d", (int)getpid());
	mkdir(dir, 0700);
	path = xasprintf("%s/progress.json", dir);
	atexit(remove_dir);
	return 0;
}

/* Put the file in place as another process would have (no lock needed:
 * nobody else is here). */
static void put(const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	if (write(fd, text, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* Start each input from an empty directory (corrupt files moved aside pile
 * up otherwise). */
static void clean(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	if (d)
		closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	const char *a = (const char *)data + 1;
	const char *end = (const char *)data + size;
	const char *nul = memchr(a, '\0', (size_t)(end - a));
	size_t alen = nul ? (size_t)(nul - a) : (size_t)(end - a);
	const char *b = nul ? nul + 1 : end;
	size_t blen = (size_t)(end - b);

	clean();
	put(a, alen);
	char *warning = NULL;
	struct progress *p = progress_load(path, &warning);
	free(warning);

	/* What this process records, and what it had before (a fact already
	 * there is not "added": a reset elsewhere may remove it). */
	bool was_passed = progress_exercise_passed(p, "01-fz");
	bool was_done = progress_lesson_done(p, "fz-lesson");
	int had_hints = progress_hints_shown(p, "01-fz");
	int had_answer = progress_answer(p, "fz-lesson", 2);
	bool had_place = progress_current(p) && strcmp(progress_current(p), "fz-current") == 0;
	int hints = (int)(flags >> 4) + 1;
	if (flags & 1)
		progress_set_exercise_passed(p, "01-fz", true);
	if (flags & 2)
		progress_set_lesson_done(p, "fz-lesson", true);
	if (flags & 4)
		progress_set_hints_shown(p, "01-fz", hints);
	if (flags & 8)
		progress_set_answer(p, "fz-lesson", 2, 1, true);
	progress_set_current(p, "fz-current", 7);
	progress_set_setting(p, "workspace", "/fz");
	if ((flags & 0xf) == 0xf)
		progress_reset(p); /* then the save writes the empty record */

	put(b, blen);
	char *err = NULL;
	if (progress_save(p, &err) != 0)
		abort(); /* the directory is ours: a save cannot fail here */
	if ((flags & 0xf) != 0xf) {
		if ((flags & 1) && !was_passed && !progress_exercise_passed(p, "01-fz"))
			abort();
		if ((flags & 2) && !was_done && !progress_lesson_done(p, "fz-lesson"))
			abort();
		if ((flags & 4) && hints > had_hints && progress_hints_shown(p, "01-fz") < hints)
			abort();
		if ((flags & 8) && had_answer < 0 && progress_answer(p, "fz-lesson", 2) < 0)
			abort();
		const char *cur = progress_current(p);
		if (!had_place && (!cur || strcmp(cur, "fz-current") != 0))
			abort(); /* the position alone may have been cleared by a reset elsewhere */
	}
	progress_count_done(p);

	/* what was written loads again, the same */
	struct progress *q = progress_load(path, &warning);
	if (warning)
		abort(); /* we wrote it: it is a valid progress file */
	if (progress_exercise_passed(q, "01-fz") != progress_exercise_passed(p, "01-fz") ||
	    progress_hints_shown(q, "01-fz") != progress_hints_shown(p, "01-fz") ||
	    progress_answer(q, "fz-lesson", 2) != progress_answer(p, "fz-lesson", 2))
		abort();
	progress_free(q);

	/* another process changes the file again: a refresh merges it in */
	put(a, alen);
	progress_refresh(p);
	progress_free(p);
	return 0;
}
