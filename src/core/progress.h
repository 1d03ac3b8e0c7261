/*
 * progress.h - the learner's progress: current lesson and position, lessons
 * done, quiz answers, exercise status, and a few named settings (such as the
 * exercise workspace).
 *
 * Stored as JSON in <state>/progress.json, written atomically (temp file,
 * fsync, rename). A corrupt file is moved aside to progress.json.corrupt-N
 * with a warning, and the learner starts afresh: never a crash, and the old
 * file is kept.
 *
 * Shared between processes: the lab and `lockstep verify` in another
 * terminal may both hold a struct progress on the same file. Each save
 * takes an advisory lock (flock on progress.json.lock), re-reads the file
 * and applies only what this process changed since it last loaded or saved
 * onto what is there now, so neither loses the other's records. When both
 * changed the same fact: a pass, a lesson done and a hint seen are never
 * undone; the first quiz answer recorded is kept; the current lesson, the
 * position and settings follow the latest writer. A reset is honoured: the
 * save after progress_reset() writes the empty record.
 *
 * Layer: src/core. Lessons and exercises are named by id (strings), so
 * renumbering lessons keeps progress.
 */
#ifndef CORE_PROGRESS_H
#define CORE_PROGRESS_H

#include <stdbool.h>

struct progress;

/* Load from `path` (NULL: <state>/progress.json). Never returns NULL. If the
 * file was corrupt, *warning (caller frees) says what happened and where the
 * old file went; otherwise *warning is NULL. */
struct progress *progress_load(const char *path, char **warning);
void progress_free(struct progress *p);

/* Merge with the file (see above) and write it atomically; afterwards p
 * holds the merged record. Returns 0, or -1 with *err (caller frees). */
int progress_save(struct progress *p, char **err);

/* If the file changed since this process last read or wrote it, merge what
 * is there into p (keeping p's unsaved changes). Cheap when nothing changed
 * (one stat). Returns true when what p says changed, so a view redraws. */
bool progress_refresh(struct progress *p);

/* Current lesson id (NULL if none yet) and scroll position in it. */
const char *progress_current(const struct progress *p);
int progress_position(const struct progress *p);
void progress_set_current(struct progress *p, const char *lesson_id, int position);

bool progress_lesson_done(const struct progress *p, const char *lesson_id);
void progress_set_lesson_done(struct progress *p, const char *lesson_id, bool done);
int progress_count_done(const struct progress *p);

/* Quiz answers: the choice picked for question q of a lesson (-1 if none).
 * The first answer counts: progress_set_answer records a choice only for an
 * unanswered question, and returns false (recording nothing) otherwise. */
int progress_answer(const struct progress *p, const char *lesson_id, int q);
bool progress_set_answer(struct progress *p, const char *lesson_id, int q, int choice,
			 bool correct);

/* Exercise status by exercise id: "pending" (default), "passed"; plus the
 * number of hints shown so far. */
bool progress_exercise_passed(const struct progress *p, const char *exercise_id);
void progress_set_exercise_passed(struct progress *p, const char *exercise_id, bool passed);
int progress_hints_shown(const struct progress *p, const char *exercise_id);
void progress_set_hints_shown(struct progress *p, const char *exercise_id, int n);

/* Challenges by id: won (never undone, also by a merge) and the schedule
 * that won it last. */
bool progress_challenge_won(const struct progress *p, const char *challenge_id);
void progress_set_challenge_won(struct progress *p, const char *challenge_id,
				const char *schedule);
/* Named settings ("workspace", "runs", ...). NULL when unset. */
const char *progress_setting(const struct progress *p, const char *key);
void progress_set_setting(struct progress *p, const char *key, const char *value);

/* Forget everything (the caller saves). */
void progress_reset(struct progress *p);

#endif
