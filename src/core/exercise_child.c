/*
 * exercise_child.c - runs one program of a verify (the compiler, the
 * linker, the harness) through core/spawn and collects what it prints, up
 * to a cap past which only the harness's verdict lines are kept.
 */
#define _GNU_SOURCE
#include "core/exercise_child.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* What spawn's callbacks see while the child runs. */
struct collect {
	struct sbuf out;
	bool truncated;
	/* Past OUTPUT_MAX, only the harness's own lines ("lockstep-pass ...",
	 * "lockstep-fail: ...") are kept, so a flood from the learner's code
	 * cannot hide the verdict. */
	struct sbuf line;  /* the line being read, while it may be one of them */
	bool skip;         /* the line being read is not one of them */
	struct sbuf kept;  /* those lines, up to KEPT_MAX (but the pass line with
	                      the run's token always, so fake ones cannot crowd it out) */
	const char *pass;  /* "lockstep-pass TOKEN: ", or NULL */
	const struct exercise_verify_opts *o;
};

#define KEPT_MAX (16 * 1024)

static void keep_harness_lines(struct collect *c, const char *buf, size_t len)
{
	static const char prefix[] = "lockstep-";
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];
		if (ch == '\n') {
			bool real_pass = c->pass && c->line.len >= strlen(c->pass) &&
					 strncmp(c->line.buf, c->pass, strlen(c->pass)) == 0;
			if (!c->skip && c->line.len && (c->kept.len < KEPT_MAX || real_pass)) {
				sbuf_add(&c->kept, c->line.buf, c->line.len);
				sbuf_addc(&c->kept, '\n');
			}
			c->line.len = 0;
			c->skip = false;
		} else if (!c->skip) {
			if (c->line.len >= 1024 ||
			    (c->line.len < sizeof prefix - 1 && ch != prefix[c->line.len]))
				c->skip = true;
			else
				sbuf_addc(&c->line, ch);
		}
	}
}

static void collect_output(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	(void)stream;
	struct collect *c = ctx;
	size_t room = c->out.len < OUTPUT_MAX ? OUTPUT_MAX - c->out.len : 0;
	size_t take = len < room ? len : room;
	if (take)
		sbuf_add(&c->out, buf, take);
	if (take < len) {
		/* A cut inside a line: the rest of that line is not a whole one. */
		if (!c->truncated)
			c->skip = c->out.len && c->out.buf[c->out.len - 1] != '\n';
		c->truncated = true;
		keep_harness_lines(c, buf + take, len - take);
	}
}

static bool collect_cancelled(void *ctx)
{
	const struct collect *c = ctx;
	return c->o && c->o->cancel && c->o->cancel(c->o->cancel_ctx);
}

/* See exercise_child.h. */
int exercise_child_run(const char *const argv[], const char *const env[],
		       const char *stdin_text, const char *cwd, bool confine, int timeout_s,
		       const struct spawn_limits *limits, const char *pass,
		       const struct exercise_verify_opts *o, struct exercise_child *out,
		       char **err)
{
	memset(out, 0, sizeof *out);
	struct collect c = {.o = o, .pass = pass};
	sbuf_init(&c.out);
	struct spawn_opts so = {
		.argv = argv,
		.search_path = true,
		.cwd = cwd,
		.writable_dir = confine ? cwd : NULL,
		.env_set = env,
		.io = SPAWN_PIPED,
		.stdin_pipe = stdin_text != NULL,
		.stdin_text = stdin_text,
		.merge_stderr = true,
		.timeout_ms = (timeout_s > 0 ? timeout_s : 60) * 1000,
		.on_output = collect_output,
		.ctx = &c,
		.cancelled = collect_cancelled,
	};
	if (limits)
		so.limits = *limits;
	int rc = spawn_run(&so, &out->st, err);
	if (rc != 0 && out->st.exec_errno) { /* not there, or not executable */
		free(*err);
		*err = NULL;
		rc = 0;
	}
	if (rc != 0) {
		sbuf_release(&c.out);
		sbuf_release(&c.kept);
		sbuf_release(&c.line);
		return -1;
	}
	out->truncated = c.truncated;
	if (c.kept.len) {
		sbuf_adds(&c.out, "\n");
		sbuf_add(&c.out, c.kept.buf, c.kept.len);
	}
	sbuf_release(&c.kept);
	sbuf_release(&c.line);
	out->len = c.out.len;
	out->output = c.out.buf ? sbuf_detach(&c.out) : xstrdup("");
	return 0;
}

/* ------------------------------------------------------------ verify */
