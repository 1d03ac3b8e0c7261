/*
 * exercise_status.h - the learner's standing on the exercises: the one API
 * the command line and the lab both present. Which exercises there are and
 * which passed, the next one, the hints (their real count, how many were
 * seen, revealing the next), the solution's gate, recording a verify's result
 * and what follows a pass (why it works, the next exercise).
 *
 * Layer: src/core. Never prints. Holds a struct progress it does not own;
 * every change it makes is saved at once (progress_save merges with what
 * other lockstep processes recorded meanwhile).
 */
#ifndef CORE_EXERCISE_STATUS_H
#define CORE_EXERCISE_STATUS_H

#include <stdbool.h>

#include "core/diag.h"
#include "core/exercise.h"

struct progress;

struct exercise_status {
	struct exercise_set set; /* owned */
	struct progress *prog;   /* the caller's; not owned */
	char *workspace;         /* resolved directory (absolute); owned */
	int *nhints;             /* per exercise: hints in its hints.md, -1 until read */
};

/*
 * Load the exercises under data root `root` (problems with single exercises
 * go to `d`, may be NULL) and resolve the workspace from `prog`. Returns 0,
 * or -1 with *err (caller frees) when there is no exercise at all. Release
 * with exercise_status_close() either way.
 */
int exercise_status_open(struct exercise_status *st, const char *root, struct progress *prog,
			 struct diags *d, char **err);
void exercise_status_close(struct exercise_status *st);

/*
 * Copy every exercise into `dir` (NULL: the workspace in use), keeping the
 * learner's files unless `overwrite`, and record `dir` as the workspace in
 * the progress (saved; st->workspace follows). *copied and *kept count
 * files. Returns 0, or -1 with *err (caller frees).
 */
int exercise_status_init_workspace(struct exercise_status *st, const char *dir, bool overwrite,
				   int *copied, int *kept, char **err);

bool exercise_status_passed(const struct exercise_status *st, const struct exercise *e);
int exercise_status_count_passed(const struct exercise_status *st);
/* The first exercise not passed yet, in number order; NULL when all are. */
const struct exercise *exercise_status_next(const struct exercise_status *st);
/* The learner's file for e in the workspace. Caller frees. */
char *exercise_status_file(const struct exercise_status *st, const struct exercise *e);

/* How many hints e has (read from its hints.md once; 0 when it cannot be
 * read, so the solution's gate does not open by mistake), and how many the
 * learner has seen (never more than there are). */
int exercise_status_hint_count(struct exercise_status *st, const struct exercise *e);
int exercise_status_hints_seen(struct exercise_status *st, const struct exercise *e);

/*
 * Reveal the next hint of e: load its hints into *h (release with
 * exercise_hints_release) and set *k to the hint now shown, 1-based, after
 * recording it in the progress; *k is 0 when every hint was seen already
 * (nothing changes). Returns 0, or -1 with *err (caller frees) when the
 * hints cannot be read (then *h is empty) or the record cannot be saved.
 */
int exercise_status_reveal_hint(struct exercise_status *st, const struct exercise *e,
				struct exercise_hints *h, int *k, char **err);

/* The reference solution opens after a pass, or after every hint. */
bool exercise_status_solution_open(struct exercise_status *st, const struct exercise *e);

/* "Why it works" from e's hints (markdown; caller frees), or NULL. */
char *exercise_status_why(const struct exercise *e);

/* What to tell the learner after a verify. */
struct exercise_after {
	bool passed;                  /* the verdict was a pass (and it is recorded) */
	char *why;                    /* on a pass: "Why it works", or NULL; owned */
	const struct exercise *next;  /* on a pass: the next pending one, or NULL: all done */
	int hints_seen, hints;        /* otherwise: for "Stuck? hint K of N" */
};

/*
 * Record a verify's result for e: a pass is recorded and saved. Fills
 * *after (release with exercise_after_release) in every case. Returns 0, or
 * -1 with *err (caller frees) when the pass could not be saved.
 */
int exercise_status_record(struct exercise_status *st, const struct exercise *e,
			   const struct exercise_result *r, struct exercise_after *after,
			   char **err);
void exercise_after_release(struct exercise_after *after);

#endif
