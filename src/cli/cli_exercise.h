/*
 * cli_exercise.h - what the exercise subcommands share (cmd_exercises.c:
 * exercises and hint; cmd_verify.c: verify and watch): the exercises and the
 * progress opened once through core/exercise_status, picking an exercise by
 * key, the learner's file, and indented printing.
 *
 * Layer: src/cli, private to the exercise subcommands.
 */
#ifndef CLI_EXERCISE_H
#define CLI_EXERCISE_H

#include "core/exercise_status.h"

struct cli_ex {
	const char *cmd;            /* "verify", ... for messages */
	struct progress *prog;      /* owned */
	struct exercise_status st;  /* over prog */
};

/* Load the exercises and the progress; problems are printed. Returns 0, or
 * the exit status. Close with cli_ex_close() only after a 0. */
int cli_ex_open(struct cli_ex *c, const char *cmd);
void cli_ex_close(struct cli_ex *c);

/* The exercise named by `key`, or the next pending one when key is NULL.
 * Prints the problem and returns NULL (with *status set) when there is none. */
const struct exercise *cli_ex_pick(struct cli_ex *c, const char *key, int *status);

/* The learner's file for e, if it exists (caller frees); else prints how to
 * get it and returns NULL. */
char *cli_ex_file(struct cli_ex *c, const struct exercise *e);

/* Print text indented by `ind` spaces, line by line. */
void cli_ex_print_indented(const char *text, int ind);

#endif
