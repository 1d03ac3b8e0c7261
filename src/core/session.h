/*
 * session.h - the state the lab and `lockstep shell` share, and the executor
 * behind core/command's table: the current lesson, the last demo, each
 * demo's parameter overrides, the lesson card's parameters, runs K, and
 * what a command does to them. The faces only present the outcome.
 *
 * A demo runs with its lesson card's parameters, then the session's
 * overrides for it (`set`, and the words given to `run`, which stick),
 * later words replacing earlier ones with the same key.
 *
 * Layer: src/core. Never prints. The catalogue, registry, exercises and
 * progress are borrowed: they must outlive the session.
 */
#ifndef CORE_SESSION_H
#define CORE_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "command.h"
#include "exercise.h"
#include "lesson.h"
#include "progress.h"
#include "registry.h"

/* Parameters kept for one demo for the rest of the session. */
struct session_override {
	char *demo;
	char **args;     /* "key=value" words, one per key */
	size_t nargs;
};

struct session {
	const struct catalog *catalog;       /* NULL: no lessons */
	const struct registry *registry;     /* NULL: demo names and values unchecked */
	const struct exercise_set *exercises; /* NULL: verify's N unchecked */
	struct progress *progress;           /* NULL: runs K is not saved */
	int lesson;       /* current lesson (catalogue index), -1 when none */
	char *demo;       /* the demo last run or set, or NULL (owned) */
	struct session_override *ovr;
	size_t novr;
	int runs;         /* K: 1..SERIES_RUNS_MAX */
};

/* What the face is pointing at, for commands that name no demo. Both
 * fields may be NULL; borrowed for the call. */
struct session_focus {
	const char *demo;               /* the demo on screen or under focus */
	const struct demo_block *card;  /* the focused card: its parameters win
	                                   over another card of the same demo */
};

/* Lesson -1, no demo, no overrides, K = 1. */
void session_init(struct session *s, const struct catalog *cat, const struct registry *reg,
		  const struct exercise_set *ex, struct progress *prog);
void session_release(struct session *s);

/* K from the saved settings ("runs"), or `fallback` when none or bad. */
void session_load_runs(struct session *s, int fallback);
/* Set K (1..SERIES_RUNS_MAX) and save it in the progress settings. */
void session_set_runs(struct session *s, int k);

/* The current lesson, or NULL when there is none or it has problems. */
const struct lesson *session_lesson(const struct session *s);

/* The demo a bare `run`, `set` or `source` means: the focus, else the last
 * demo, else the current lesson's first card; NULL when none. */
const char *session_current_demo(const struct session *s, const struct session_focus *f);

/* What command_parse and command_complete check words against. */
struct command_ctx session_command_ctx(const struct session *s, const struct session_focus *f);

/*
 * Merge "key=value" words into `demo`'s overrides (a later word replaces
 * the same key) and make it the last demo. Every word is checked first,
 * against the registry when there is one: on a bad word nothing changes
 * and -1 comes back with *err (caller frees) naming the demo, the key and
 * the value: "race_counter: threads must be 1..256, got 0".
 */
int session_set(struct session *s, const char *demo, char *const *words, size_t n, char **err);

/* `demo`'s overrides (borrowed; *n = 0 and NULL when it has none). */
char *const *session_overrides(const struct session *s, const char *demo, size_t *n);

/* The words `demo` runs with now: its card's (the focused one, else the
 * lesson's first for that demo), then its overrides. Returns a
 * NULL-terminated vector (free with command_list_free) and sets *n. */
char **session_args(const struct session *s, const struct session_focus *f, const char *demo,
		    size_t *n);

/* A demo run, ready for series_start. Everything is owned. */
struct session_run {
	char *demo;
	char *program;   /* the built demo's path */
	char **argv;     /* NULL-terminated: DEMO --json key=value... */
	char **args;     /* the key=value words alone (argv + 2), for display */
	size_t nargs;
	int k;           /* the session's K */
};

/*
 * Prepare a run of `demo`: `extra` words are checked and merged into its
 * overrides first (they stick, as with set), it becomes the last demo, and
 * the program must be built. Returns 0, or -1 with *err (caller frees):
 * "unknown demo 'x' (lockstep demos lists them)", "race_counter is not
 * built (looked for PATH): run make", or a bad word as session_set says.
 */
int session_prepare_run(struct session *s, const struct session_focus *f, const char *demo,
			char *const *extra, size_t nextra, struct session_run *run, char **err);
void session_run_release(struct session_run *run);

/* What a command did, for the face to present. */
struct session_outcome {
	enum command_kind kind;
	struct session_run run;  /* CMD_RUN: prepared (run.k is K) */
	char *demo;              /* CMD_SET, CMD_SOURCE, CMD_STEP: the demo, or NULL; owned */
	char **args;             /* CMD_SET, CMD_STEP: the words given (not all overrides); owned */
	size_t nargs;
	int runs;                /* CMD_RUNS, CMD_SET: K now */
	bool runs_changed;       /* CMD_RUNS, CMD_SET: K was set */
	int lesson;              /* CMD_GOTO, CMD_NEXT, CMD_PREV: now current */
	char *topic;             /* CMD_HELP: a command's name, or NULL; owned */
	char *exercise;          /* CMD_VERIFY: as command.h says; owned */
	char *variant;           /* CMD_STEP: the variant, or NULL; owned */
};

/*
 * Parse argc words (core/command) and carry them out on the session: set
 * and runs change it, goto/next/prev move the lesson, run is prepared.
 * Showing a source, help, exercises, verify and quit are left to the face.
 * Returns 0 with *out filled (release with session_outcome_release), or -1
 * with *err (caller frees) naming the command and the word:
 * "run: threads must be 1..256, got 0", "next: this is the last lesson".
 */
int session_execute(struct session *s, const struct session_focus *f, int argc,
		    const char *const *argv, struct session_outcome *out, char **err);
void session_outcome_release(struct session_outcome *o);

#endif
