/*
 * build.h - compile one lab demo with the flags the Makefile uses (defined
 * once, in mk/lab-flags.mk, and baked in here), through spawn: a time limit,
 * cancellable, the compiler's messages captured, the old binary replaced only
 * when the new one is complete.
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_BUILD_H
#define CORE_BUILD_H

#include <stdbool.h>

#include "core/spawn.h"

struct build_opts {
	const char *lab_dir;   /* holds NAME.c, lab.c and lab.h */
	const char *demo;      /* NAME */
	const char *out_path;  /* the binary; replaced only on success */
	int timeout_ms;        /* 0: none */
	bool (*cancelled)(void *ctx); /* polled every 50 ms; true stops the build */
	void *ctx;
};

struct build_result {
	bool ok;                /* compiled, and out_path is the new binary */
	struct spawn_status st; /* how the compiler ended */
	char *output;           /* its stdout and stderr, in order; at most 256 KiB */
	char *command;          /* the command line, for titles and messages */
};

/* Compile lab_dir/NAME.c with lab_dir/lab.c into out_path, blocking (the
 * cancelled hook is the way out). The compiler is $LOCKSTEP_CC, else cc.
 * Returns 0 with *res filled (release it) whether or not it compiled; -1
 * with *err (caller frees) when the build could not be tried at all. */
int build_demo(const struct build_opts *o, struct build_result *res, char **err);
void build_result_release(struct build_result *res);

#endif
