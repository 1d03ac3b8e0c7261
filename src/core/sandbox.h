/*
 * sandbox.h - the bounds learner code runs under, and which demo binaries
 * are learner code.
 *
 * Exercise builds and runs (exercise_verify.c) and demos rebuilt from the
 * learner's edits (E in the lab: build.c, then runner.c and step.c) run
 * through spawn with these limits: address space, CPU seconds, file size,
 * open files, a process bound that holds for root, and (spawn's own rules)
 * every descendant killed at the end and an empty signal mask. A demo the
 * lab rebuilt carries a marker file next to its binary, NAME.learner; the
 * binary counts as learner-built while the marker is not older than it (a
 * later `make` writes a newer binary, which is ours again).
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_SANDBOX_H
#define CORE_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/spawn.h"

#define SANDBOX_PROCS_MAX 64       /* processes at once in its tree */
#define SANDBOX_MEMORY_GIB 4       /* address space (not under ThreadSanitizer) */
#define SANDBOX_FILE_MIB 64        /* the largest file it may write */
#define SANDBOX_OPEN_FILES 1024    /* descriptors open at once */
#define SANDBOX_OUTPUT_MIB 1       /* what a learner-built demo may print per run */

/* The limits for a child with a wall-clock limit of timeout_ms (0: 60 s):
 * CPU time is twice the wall limit (threads may use several cores). */
struct spawn_limits sandbox_limits(int timeout_ms);

/* Mark bin as learner-built (after a successful rebuild). Returns 0, or -1
 * with *err (caller frees). */
int sandbox_mark(const char *bin, char **err);
/* Whether bin is a learner-built demo (see above). */
bool sandbox_marked(const char *bin);

/* How a sandboxed child ran into one of its limits, in the learner's terms
 * ("your program started more than 64 processes: lockstep stopped all of
 * them"), with `who` as the subject ("your program", "your edited demo");
 * NULL when it ended some other way. Caller frees. */
char *sandbox_explain(const struct spawn_status *st, const struct spawn_limits *lim,
		      const char *who);

#endif
