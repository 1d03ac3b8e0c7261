/*
 * cohort.h - a class's progress gathered from the students' export files
 * (core/progress_export): read and check each file, merge them into one row
 * per file and one column per lesson and per exercise seen in any file, and
 * lay the result out as a table, CSV or JSON (core/cohort_format.c).
 *
 * A file that cannot be read, is not JSON, or is JSON of another kind is
 * skipped with the reason recorded; it never stops the others.
 *
 * Layer: src/core. Never prints. The cohort owns every string in it.
 */
#ifndef CORE_COHORT_H
#define CORE_COHORT_H

#include <stdbool.h>
#include <stddef.h>

/* The most of one export file that is read: a real one is a few KiB. */
#define COHORT_FILE_MAX (1024u * 1024)

/* A lesson or exercise one file reports. */
struct cohort_entry {
	char *id;
	int number;
	bool done;          /* lesson done, exercise passed */
	int right, answered, questions; /* quiz (lessons only) */
};

struct cohort_student {
	char *file;          /* as it was named, control characters as '?' */
	char *name;          /* control characters replaced by '?' */
	char *version;       /* lockstep's version that wrote it */
	char *last_activity; /* "2026-12-01T17:42:09Z", or NULL: unknown */
	struct cohort_entry *lessons, *exercises;
	size_t nlessons, nexercises;
	bool has_challenges; /* the file lists challenges (an older lockstep may not) */
	int challenges_won, challenges;
	/* totals */
	int lessons_done, quiz_right, quiz_questions, exercises_passed;
};

/* A column of the table: a lesson or exercise some file reported. */
struct cohort_column {
	char *id;
	int number;
	int count; /* students who did it (lesson done, exercise passed) */
};

struct cohort_skip {
	char *file, *why;
};

struct cohort {
	struct cohort_student *v; /* sorted by name, then file, by cohort_finish */
	size_t n, cap;
	struct cohort_column *lessons, *exercises; /* by number, then id */
	size_t nlessons, nexercises, lcap, xcap;
	struct cohort_skip *skipped; /* in the order met */
	size_t nskipped, scap;
};

void cohort_init(struct cohort *c);
void cohort_release(struct cohort *c);

/* Add the export in `text` (len bytes), named `file`. Returns 0, or -1 with
 * the file recorded as skipped and the reason in *why (not owned: it lives
 * in c->skipped). */
int cohort_add_text(struct cohort *c, const char *file, const char *text, size_t len,
		    const char **why);

/* Add a file (at most COHORT_FILE_MAX bytes), or every *.json directly in a
 * directory, in name order. Returns the number of good files added; the
 * bad ones are in c->skipped (a directory without any *.json is one). */
size_t cohort_add_path(struct cohort *c, const char *path);

/* Sort the students and build the columns. Call after the last add. */
void cohort_finish(struct cohort *c);

/* The student's entry for column `col` of the lessons (exercises when
 * `exercise`), or NULL when the file does not report it. */
const struct cohort_entry *cohort_cell(const struct cohort *c, const struct cohort_student *s,
				       bool exercise, size_t col);

/* The finished cohort as text: a table for a terminal `width` columns wide
 * (compact one-character cells when the full one does not fit; `unicode`
 * allows ✓), CSV (a header, then one row per student) or JSON. Caller
 * frees. */
char *cohort_format_table(const struct cohort *c, int width, bool unicode);
char *cohort_format_csv(const struct cohort *c);
char *cohort_format_json(const struct cohort *c);

#endif
