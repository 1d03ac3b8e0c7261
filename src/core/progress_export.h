/*
 * progress_export.h - one learner's progress as a small, self-describing
 * JSON document an instructor can gather (`lockstep progress --export`,
 * read back by core/cohort for `lockstep report`).
 *
 * The document (format 1; assets/lockstep.1 documents it for instructors):
 *   {"format":"lockstep-progress","format_version":1,"lockstep":"0.1.0",
 *    "name":"ana","exported":"2026-12-02T10:00:00Z",
 *    "last_activity":"2026-12-01T17:42:09Z",            (or null)
 *    "lessons":[{"number":1,"id":"processes","done":true,
 *                "quiz_questions":3,"quiz_answered":3,"quiz_right":2}, ...],
 *    "exercises":[{"number":1,"id":"01-lost-updates","passed":true}, ...],
 *    "challenges":[{"id":"counter-ends-at-2","lesson":"race-conditions",
 *                   "won":true}, ...]}
 * An export from a lockstep without challenges has no "challenges" member.
 * quiz_right counts the answers right the first time: the progress keeps a
 * question's first answer (the lab records no other).
 *
 * Layer: src/core. Never prints. Reads the progress; changes nothing.
 */
#ifndef CORE_PROGRESS_EXPORT_H
#define CORE_PROGRESS_EXPORT_H

#include <time.h>

#define PROGRESS_EXPORT_FORMAT "lockstep-progress"
#define PROGRESS_EXPORT_VERSION 1

struct progress;
struct catalog;
struct catalog_entry;
struct exercise_set;

struct progress_export_info {
	const char *name;     /* the student, as the instructor will see it */
	const char *version;  /* lockstep's version */
	time_t exported;      /* now */
	time_t last_activity; /* when the progress was last saved; 0: unknown */
};

/*
 * The export of `p` (caller frees): one entry per lesson of `cat` and per
 * exercise of `xs` (either may be NULL: none), in their number order.
 */
char *progress_export(const struct progress *p, const struct catalog *cat,
		      const struct exercise_set *xs, const struct progress_export_info *info);

/* A lesson's quiz as the progress has it: its questions (numbered across the
 * lesson's quiz blocks, as the progress numbers them), how many have a first
 * answer, and how many of those are right. */
struct quiz_tally { int questions, answered, right; };
struct quiz_tally progress_quiz_tally(const struct progress *p, const struct catalog_entry *e);

/* t as "2026-12-02T10:00:00Z" (UTC) into buf of at least 21 bytes. */
void progress_export_time(time_t t, char buf[static 21]);

#endif
