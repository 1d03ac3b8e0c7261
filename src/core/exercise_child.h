/*
 * exercise_child.h - one program of a verify, run and its output collected
 * (exercise_child.c). Private to the exercise_*.c files.
 *
 * Layer: src/core.
 */
#ifndef CORE_EXERCISE_CHILD_H
#define CORE_EXERCISE_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/exercise.h"
#include "core/spawn.h"

#define OUTPUT_MAX (256 * 1024) /* keep at most this much of a child's output */

struct exercise_child {
	char *output;   /* stdout and stderr together, NUL-terminated; owned */
	size_t len;
	bool truncated; /* more than OUTPUT_MAX came; the rest was dropped */
	struct spawn_status st;
};

/*
 * Run argv[0] (found in PATH) in `cwd` through core/spawn: `env` added to
 * our environment ("NAME=value" strings, NULL-terminated, may be NULL),
 * stdin_text on stdin (or /dev/null when NULL), with `confine` allowed to
 * write only in cwd (and /dev/shm) where a mount namespace can be made;
 * stdout and stderr together, a clean signal mask, its own session,
 * `limits` (may be NULL), a time limit; o->cancel is polled. `pass` (may
 * be NULL) is the harness's pass line prefix, kept even past the output
 * cap. When it ends, whatever it left behind is killed. A program that
 * cannot be executed is not an error here: out->st.exec_errno says why.
 * Returns 0, or -1 with *err if it could not be started at all.
 */
int exercise_child_run(const char *const argv[], const char *const env[],
		       const char *stdin_text, const char *cwd, bool confine, int timeout_s,
		       const struct spawn_limits *limits, const char *pass,
		       const struct exercise_verify_opts *o, struct exercise_child *out,
		       char **err);

#endif
