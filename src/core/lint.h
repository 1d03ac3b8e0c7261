/*
 * lint.h - the lesson rules beyond what parsing finds: file names, the
 * number of objectives, the parts every lesson has (a python/c pair, a demo,
 * a quiz of at least 3 questions with real explanations, a Pitfalls and a
 * Recap section), demo names and parameters (checked against the demo
 * registry), quizzes whose right answer is not given away by being the
 * longest choice, and problems of the whole set (duplicate numbers or ids,
 * stray file names, a gap in the numbers, the course's quiz balance). This
 * is the one rule set: `lockstep lint` and the test over lessons/ run it.
 *
 * Layer: src/core. Never prints: every problem goes to a struct diags as
 * "file:line: message". Parse errors come from lesson_parse; lint adds to
 * them.
 */
#ifndef CORE_LINT_H
#define CORE_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "lesson.h"
#include "registry.h"

/* The quiz-balance rule: a lesson fails when the right answer is strictly
 * the longest choice (in characters) in more than LINT_LONGEST_LESSON_PCT
 * percent of its questions; the course (lint_dir) when in more than
 * LINT_LONGEST_COURSE_PCT percent of all of them. */
#define LINT_LONGEST_LESSON_PCT 40
#define LINT_LONGEST_COURSE_PCT 35

/* How many of a lesson's questions there are, and in how many the right
 * answer is strictly the longest choice (questions with fewer than two
 * choices or no right answer are not counted: the parser reports them). */
void lint_quiz_share(const struct lesson *l, size_t *longest, size_t *questions);

/* The shares of every lesson lint read, in order, and their totals (for
 * `lockstep lint --verbose`). */
struct lint_share {
	char *path; /* owned */
	size_t longest, questions;
};

struct lint_stats {
	struct lint_share *v;
	size_t n, cap;
	size_t longest, questions;
};

void lint_stats_release(struct lint_stats *st);

/* Challenge blocks (lint_challenge.c): the most runs explore may take to
 * prove each variant of one; past it nothing is proved, which is a finding. */
#define LINT_CHALLENGE_RUNS 20000

/* Prove challenges (the default) or only check their names: lockstep lint
 * --no-prove, or LOCKSTEP_LINT_NO_PROVE=1 in the environment. */
void lint_set_prove(bool on);

/* Block `index` of l, a challenge: ids, demo, variants, and (reg given,
 * proving on) the proof that the broken variant reaches the goal and the
 * fixed one never does. */
void lint_challenge(const struct lesson *l, size_t index, const struct registry *reg,
		    struct diags *d);

/* The rules for one parsed lesson. `reg` may be NULL: demo names and
 * parameters are then not checked. */
void lint_lesson(const struct lesson *l, const struct registry *reg, struct diags *d);

/* Parse and lint the named files (any names: a badly named file is
 * reported, not skipped), then report numbers or ids used twice among them.
 * Problems are grouped by file, in the order given, each file's by line.
 * `st` (may be NULL) receives each lesson's quiz share. */
void lint_files(const char *const *paths, size_t n, const struct registry *reg,
		struct diags *d, struct lint_stats *st);

/* Lint a lessons directory: every NN-id.md in it; the set (duplicates,
 * numbers that do not run from 01 without a gap); *.md files other than
 * README.md and COVERAGE.md whose names do not follow NN-id.md; and the
 * course's quiz balance (the set's problems are reported against dir).
 * Returns the number of lessons, or -1 when the directory cannot be read
 * (the reason is in d). `st` (may be NULL) receives each lesson's quiz
 * share. */
int lint_dir(const char *dir, const struct registry *reg, struct diags *d,
	     struct lint_stats *st);

#endif
