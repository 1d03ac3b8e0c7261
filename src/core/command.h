/*
 * command.h - the lab's command language, shared by the full-screen lab's
 * ':' prompt and `lockstep shell`: words -> a validated command, and the
 * candidates that complete a partial word.
 *
 *   run [DEMO] [key=value...]   runs K   set [DEMO] key=value...
 *   goto N|id   next   prev   source [DEMO]   exercises   verify [N]
 *   help [COMMAND]   quit   step [DEMO] [VARIANT] [key=value...]
 *
 * Layer: src/core. No curses, no libedit, never prints. Splitting a line
 * into words (quoting) is the face's job — both use libedit's tok_str().
 * Carrying a command out is core/session's. Do not add drawing or terminal
 * handling here.
 */
#ifndef CORE_COMMAND_H
#define CORE_COMMAND_H

#include <stddef.h>

#include "catalog.h"
#include "exercise.h"
#include "registry.h"
#include "series.h"

enum command_kind {
	CMD_NONE,   /* an empty line */
	CMD_RUN,    /* demo, args */
	CMD_RUNS,   /* runs */
	CMD_SET,    /* demo, args */
	CMD_GOTO,   /* lesson */
	CMD_NEXT,
	CMD_PREV,
	CMD_SOURCE, /* demo */
	CMD_HELP,   /* topic (NULL: everything) */
	CMD_QUIT,
	CMD_EXERCISES, /* open the exercises (the lab) or list them (the shell) */
	CMD_VERIFY,    /* exercise (NULL: the selected or next pending one) */
	CMD_STEP,      /* demo, variant, args: the step view (the lab) */
};


struct command {
	enum command_kind kind;
	char *demo;   /* run, set, source: the demo named or implied; owned */
	char **args;  /* run, set: "key=value" words, each checked against the
	                 registry's ranges; owned */
	size_t nargs;
	int runs;     /* runs, set runs=K: 1..SERIES_RUNS_MAX; 0: not given */
	int lesson;   /* goto: catalogue index */
	char *topic;  /* help: a command's name, or NULL; owned */
	char *variant; /* step: the variant named, or NULL (the demo's first); owned */
	char *exercise; /* verify: the exercise's id when ctx->exercises is
	                   known, else the word as typed; NULL when none was
	                   given; owned */
};

/* What the words are checked against. Every pointer may be NULL. */
struct command_ctx {
	const struct catalog *catalog;   /* NULL: goto is refused */
	const struct registry *registry; /* NULL: demo names are not checked */
	const char *demo;                /* what a bare `run`, `set` or `source`
	                                    means (the focused card, the last
	                                    demo run), or NULL */
	const struct exercise_set *exercises; /* NULL: verify's N is not
	                                         checked nor completed */
};

struct command_info {
	const char *name, *usage, *help;
};

/* The commands, in the order `help` lists them (static; *n is set). */
const struct command_info *command_table(size_t *n);
/* A command by name or alias ("q" -> quit); NULL if unknown. */
const struct command_info *command_lookup(const char *name);

/*
 * Parse argc words. Returns 0 and fills *cmd (release it with
 * command_release), or -1 with *err (caller frees), a one-line message that
 * names the command and the word: "run: threads must be 1..256, got 0",
 * "unknown command 'foo' (try help)". An empty line gives CMD_NONE.
 */
int command_parse(struct command *cmd, const struct command_ctx *ctx, int argc,
		  const char *const *argv, char **err);
void command_release(struct command *cmd);

/*
 * Candidates for word `argi` of the line (argi == argc for a word not yet
 * begun), whose typed part is `prefix`: command names, demo names, "key="
 * for a demo's parameters not given yet, lesson ids, exercise ids (and
 * their names without the number, for a prefix that is not a digit). Returns a sorted
 * NULL-terminated vector without duplicates (free with command_list_free)
 * and sets *n; never NULL. A candidate ending in '=' wants a value next.
 */
char **command_complete(const struct command_ctx *ctx, int argc, const char *const *argv,
			int argi, const char *prefix, size_t *n);
void command_list_free(char **v);

/* The longest common prefix of n strings (caller frees; "" when n is 0). */
char *command_common_prefix(char *const *v, size_t n);

#endif
