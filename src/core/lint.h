/*
 * lint.h - the lesson rules beyond what parsing finds: file names, the
 * number of objectives, a quiz in every lesson, demo names and parameters
 * (checked against the demo registry), and problems of the whole set
 * (duplicate numbers or ids, stray file names).
 *
 * Layer: src/core. Never prints: every problem goes to a struct diags as
 * "file:line: message". Parse errors come from lesson_parse; lint adds to
 * them.
 */
#ifndef CORE_LINT_H
#define CORE_LINT_H

#include <stddef.h>

#include "diag.h"
#include "lesson.h"
#include "registry.h"

/* The rules for one parsed lesson. `reg` may be NULL: demo names and
 * parameters are then not checked. */
void lint_lesson(const struct lesson *l, const struct registry *reg, struct diags *d);

/* Parse and lint the named files (any names: a badly named file is
 * reported, not skipped), then report numbers or ids used twice among them.
 * Problems are grouped by file, in the order given, each file's by line. */
void lint_files(const char *const *paths, size_t n, const struct registry *reg,
		struct diags *d);

/* Lint a lessons directory: every NN-id.md in it, the set (duplicates), and
 * *.md files other than README.md and COVERAGE.md whose names do not follow
 * NN-id.md. Returns the number of lessons, or -1 when the directory cannot
 * be read (the reason is in d). */
int lint_dir(const char *dir, const struct registry *reg, struct diags *d);

#endif
