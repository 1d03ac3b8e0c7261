/*
 * build.c - compiles one lab demo as the Makefile does: the flags come from
 * mk/lab-flags.mk through -D defines (LOCKSTEP_LAB_CFLAGS, LOCKSTEP_LAB_LIBS),
 * so there is one definition. The compiler runs through spawn with a time
 * limit and a cancel hook, writes a temporary file next to the binary, and
 * only a complete build is renamed over the old one. The source is the
 * learner's (E in the lab), so the compiler runs in the sandbox and the new
 * binary is marked learner-built (core/sandbox.h).
 */
#define _GNU_SOURCE
#include "core/build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sandbox.h"
#include "core/util.h"

#ifndef LOCKSTEP_LAB_CFLAGS
#error "build.c needs -DLOCKSTEP_LAB_CFLAGS and -DLOCKSTEP_LAB_LIBS (mk/lab-flags.mk)"
#endif

#define OUTPUT_CAP (256 * 1024)

/* Append each space-separated word of s to the argv vector. */
static void words_push(char ***v, size_t *n, size_t *cap, const char *s)
{
	while (*s) {
		while (*s == ' ')
			s++;
		size_t len = strcspn(s, " ");
		if (len)
			*VEC_PUSH(*v, *n, *cap) = xstrndup(s, len);
		s += len;
	}
}

/* spawn hands one ctx to both hooks: the output and the caller's cancel. */
struct build_ctx {
	struct sbuf out;
	const struct build_opts *opts;
};

static void capture(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	(void)stream; /* merged: one stream in the compiler's own order */
	struct sbuf *sb = &((struct build_ctx *)ctx)->out;
	if (sb->len < OUTPUT_CAP)
		sbuf_add(sb, buf, len < OUTPUT_CAP - sb->len ? len : OUTPUT_CAP - sb->len);
}

static bool cancelled(void *ctx)
{
	const struct build_opts *o = ((struct build_ctx *)ctx)->opts;
	return o->cancelled(o->ctx);
}

int build_demo(const struct build_opts *o, struct build_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	char *src = xasprintf("%s/%s.c", o->lab_dir, o->demo);
	char *helper = xasprintf("%s/lab.c", o->lab_dir);
	if (access(src, R_OK) != 0 || access(helper, R_OK) != 0) {
		*err = xasprintf("cannot build %s: %s: %s", o->demo,
				 access(src, R_OK) != 0 ? src : helper, strerror(errno));
		free(src);
		free(helper);
		return -1;
	}
	char *tmp = xasprintf("%s.tmp-%d", o->out_path, (int)getpid());
	const char *cc = getenv("LOCKSTEP_CC");
	char **argv = NULL;
	size_t n = 0, cap = 0;
	*VEC_PUSH(argv, n, cap) = xstrdup(cc && *cc ? cc : "cc");
	words_push(&argv, &n, &cap, LOCKSTEP_LAB_CFLAGS);
	*VEC_PUSH(argv, n, cap) = src;
	*VEC_PUSH(argv, n, cap) = helper;
	*VEC_PUSH(argv, n, cap) = xstrdup("-o");
	*VEC_PUSH(argv, n, cap) = tmp;
	words_push(&argv, &n, &cap, LOCKSTEP_LAB_LIBS);
	*VEC_PUSH(argv, n, cap) = NULL;

	struct sbuf cmd = {0};
	for (size_t i = 0; argv[i]; i++)
		sbuf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
	res->command = sbuf_detach(&cmd);

	struct build_ctx bc = {.opts = o};
	struct spawn_opts so = {
		.argv = (const char *const *)argv,
		.search_path = true,
		.merge_stderr = true,
		.timeout_ms = o->timeout_ms,
		.limits = sandbox_limits(o->timeout_ms),
		.on_output = capture,
		.ctx = &bc,
		.cancelled = o->cancelled ? cancelled : NULL,
	};
	int rc = spawn_run(&so, &res->st, err);
	res->output = bc.out.buf ? sbuf_detach(&bc.out) : xstrdup("");
	if (rc == 0 && res->st.exited && res->st.exit_code == 0) {
		/* marked before the rename, so the marker is never older than the
		 * binary it marks, and an unmarked binary never replaces ours */
		char *why = NULL;
		if (sandbox_mark(o->out_path, &why) != 0) {
			char *msg = xasprintf("%s%s\n", res->output, why);
			free(res->output);
			res->output = msg;
			free(why);
		} else if (rename(tmp, o->out_path) == 0) {
			res->ok = true;
		} else {
			char *msg = xasprintf("%scannot replace %s: %s\n", res->output,
					      o->out_path, strerror(errno));
			free(res->output);
			res->output = msg;
		}
	}
	unlink(tmp); /* a failed, stopped or cancelled build leaves nothing */
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	if (rc != 0) {
		build_result_release(res);
		return -1;
	}
	return 0;
}

void build_result_release(struct build_result *res)
{
	free(res->output);
	free(res->command);
	res->output = res->command = NULL;
}
