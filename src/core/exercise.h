/*
 * exercise.h - the exercises the learner fixes: finding them, copying them
 * into a workspace, verifying the learner's file against its harness, and
 * handing out hints and the reference solution.
 *
 * An exercise NN-id has three homes:
 *   <lab>/exercises/NN-id.c, NN-id.h   the pristine broken file and its
 *                                      interface; the .c's first comment
 *                                      holds the metadata (Title:, Lesson:,
 *                                      Threads:)
 *   <harnesses>/NN-id/                 harness.c, solution.c, hints.md
 *   <workspace>/NN-id.c, NN-id.h       the learner's copies
 * <harnesses> is <root>/tests/exercises in a source tree, <root>/exercises
 * when installed; <harnesses>/hx.c and hx.h are built into every harness.
 * lab/exercises/README.md describes the format.
 *
 * Verifying compiles the learner's file with the harness (cc -std=c11 -Wall
 * -Wextra -pthread) in a temporary directory, runs it through core/spawn
 * (its own session, a clean signal mask, a time limit, bounds on CPU time,
 * file size and memory; whatever it leaves behind is killed), then, for
 * exercises that use threads, does the same with -fsanitize=thread under
 * `setarch $(uname -m) -R`.
 *
 * Files: exercise.c (the set, metadata, hints), exercise_workspace.c,
 * exercise_verify.c, exercise_output.c (reading what the children print).
 *
 * Layer: src/core. Never prints; errors come back as values with a message.
 * It never reads or writes progress itself: the caller decides what a pass
 * or a hint means for the learner's record (see exercise_hint_next()).
 */
#ifndef CORE_EXERCISE_H
#define CORE_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

#define EXERCISE_HINTS 3 /* graded hints per exercise */

struct exercise {
	int number;     /* 1 for 01-lost-updates */
	char *id;       /* "01-lost-updates" */
	const char *name; /* "lost-updates": id without its number (points into id) */
	char *title;    /* "Fix the lost updates with a mutex" */
	char *task;     /* the first comment's prose (what to fix), without the
			   metadata lines and the "Exercise NN: ..." line; trimmed */
	char *lesson;   /* "05-race-conditions" */
	bool threads;   /* uses threads: verify also runs ThreadSanitizer */
	char *source;   /* the pristine NN-id.c */
	char *header;   /* the pristine NN-id.h */
	char *dir;      /* <harnesses>/NN-id */
};

/* Every exercise found, in number order. All strings owned by the set. */
struct exercise_set {
	struct exercise *v;
	size_t n, cap;
	char *lab_dir;     /* <lab>/exercises */
	char *harness_dir; /* <harnesses> */
};

/*
 * Load the exercises under data root `root` (see above for where). Files
 * with bad metadata or no harness are skipped with a diagnostic in `d`
 * (may be NULL). Returns 0, or -1 with *err (caller frees) when there is
 * no exercise directory at all. Release with exercise_set_release() either
 * way.
 */
int exercise_set_load(struct exercise_set *set, const char *root, struct diags *d, char **err);
void exercise_set_release(struct exercise_set *set);

/*
 * Read the metadata from the first comment of an exercise's source text
 * into e->title, e->lesson and e->threads, and the rest of that comment into
 * e->task (e owns the strings). `file` names the text in diagnostics.
 * Returns 0, or -1 after adding a diagnostic for each missing or bad line.
 */
int exercise_parse_meta(struct exercise *e, const char *text, const char *file,
			struct diags *d);

/* By number ("3", "03"), full id ("03-semaphore-limit") or name
 * ("semaphore-limit"). NULL if none. */
const struct exercise *exercise_find(const struct exercise_set *set, const char *key);

/* The first exercise for which passed(id, ctx) is false; NULL if all pass. */
const struct exercise *exercise_next(const struct exercise_set *set,
				     bool (*passed)(const char *id, void *ctx), void *ctx);

/* ---- workspace */

/* $LOCKSTEP_WORKSPACE, else ~/lockstep-exercises. Caller frees. */
char *exercise_workspace_default(void);

/* The workspace in use: $LOCKSTEP_WORKSPACE, else `saved` (the one `init`
 * remembered in progress; may be NULL), else the default; made absolute.
 * Caller frees. */
char *exercise_workspace_resolve(const char *saved);

/* <dir>/NN-id.c, the learner's file. Caller frees. */
char *exercise_workspace_file(const struct exercise *e, const char *dir);

/*
 * Create `dir` (and its parents) and copy every exercise's .c and .h into
 * it. An existing file is kept unless `overwrite`. *copied and *kept count
 * files. Returns 0, or -1 with *err (caller frees); files copied before
 * the error stay.
 */
int exercise_workspace_init(const struct exercise_set *set, const char *dir, bool overwrite,
			    int *copied, int *kept, char **err);

/*
 * Put the pristine NN-id.c and NN-id.h back into `dir`. An existing NN-id.c
 * is first renamed to NN-id.c.bak; *backup (caller frees) names it, or is
 * NULL when there was none. Returns 0, or -1 with *err.
 */
int exercise_reset(const struct exercise *e, const char *dir, char **backup, char **err);

/* ---- verify */

enum exercise_verdict {
	EXERCISE_PASS,
	EXERCISE_FAIL,      /* a check of the harness failed */
	EXERCISE_COMPILE,   /* the learner's file did not compile */
	EXERCISE_TIMEOUT,   /* killed at the time limit */
	EXERCISE_CRASH,     /* died of a signal, no check said why */
	EXERCISE_RACE,      /* ThreadSanitizer reported a problem */
	EXERCISE_ERROR,     /* could not even try: no compiler, no harness... */
	EXERCISE_CANCELLED, /* opts->cancel() returned true */
};

struct exercise_result {
	enum exercise_verdict verdict;
	char *summary;  /* one line in plain words: what was expected, what
			   happened, how often; or what passed */
	char *detail;   /* the lines that matter, '\n'-separated: compiler
			   errors, ThreadSanitizer's accesses, notes; or NULL */
	bool tsan_ran;  /* the ThreadSanitizer run happened (and passed, on PASS) */
	double seconds; /* wall time of the whole verify */
};

struct exercise_verify_opts {
	int timeout_s;  /* per run of the harness; 0: 60 s (ThreadSanitizer gets twice
			   that; the compiler always gets at least 60 s) */
	bool quick;     /* fewer stress runs (sets LOCKSTEP_EXERCISE_QUICK) */
	bool no_tsan;   /* skip the ThreadSanitizer run */
	/* Polled about every 100 ms while the compiler or harness runs; when it
	 * returns true the run is killed and the verdict is CANCELLED. May be
	 * NULL. (`watch` uses it to restart when the file is saved again.) */
	bool (*cancel)(void *ctx);
	void *cancel_ctx;
};

/*
 * Verify `learner_file` (normally the workspace copy of e's source) against
 * e's harness. Fills *res (release with exercise_result_release). Never
 * fails as a call: problems running the compiler are an EXERCISE_ERROR
 * verdict with a summary. The temporary directory is removed.
 */
void exercise_verify(const struct exercise_set *set, const struct exercise *e,
		     const char *learner_file, const struct exercise_verify_opts *opts,
		     struct exercise_result *res);
void exercise_result_release(struct exercise_result *res);

/* "pass", "fail", "compile error", ... */
const char *exercise_verdict_name(enum exercise_verdict v);

/* ---- hints and the solution */

struct exercise_hints {
	char *hint[EXERCISE_HINTS]; /* markdown, trimmed; owned */
	int n;                      /* how many the file has (0..3) */
	char *why;                  /* "## Why it works", or NULL */
};

/* Parse hints.md text: "## Hint N" sections in order, then "## Why it
 * works". Returns 0, or -1 with *err (caller frees) naming the line. */
int exercise_hints_parse(struct exercise_hints *h, const char *text, const char *file,
			 char **err);
int exercise_hints_load(const struct exercise *e, struct exercise_hints *h, char **err);
void exercise_hints_release(struct exercise_hints *h);

/* The next hint to reveal, 1-based, given how many were shown; 0 when all
 * `nhints` have been. */
int exercise_hint_next(int shown, int nhints);

/* The solution opens after a pass, or after every hint was shown. */
bool exercise_solution_allowed(bool passed, int shown, int nhints);

/* The reference solution's text (caller frees), or NULL with *err. */
char *exercise_solution_load(const struct exercise *e, char **err);

#endif
