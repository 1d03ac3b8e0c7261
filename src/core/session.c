/*
 * session.c - the session both faces share (lesson, last demo, overrides,
 * K) and the executor that turns a parsed command into changes to it and
 * an outcome the face presents.
 */
#define _GNU_SOURCE
#include "core/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/series.h"
#include "core/util.h"

void session_init(struct session *s, const struct catalog *cat, const struct registry *reg,
		  const struct exercise_set *ex, struct progress *prog)
{
	memset(s, 0, sizeof *s);
	s->catalog = cat;
	s->registry = reg;
	s->exercises = ex;
	s->progress = prog;
	s->lesson = -1;
	s->runs = 1;
}

static void words_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void session_release(struct session *s)
{
	for (size_t i = 0; i < s->novr; i++) {
		free(s->ovr[i].demo);
		words_free(s->ovr[i].args, s->ovr[i].nargs);
	}
	free(s->ovr);
	free(s->demo);
	memset(s, 0, sizeof *s);
	s->lesson = -1;
}

void session_load_runs(struct session *s, int fallback)
{
	const char *saved = s->progress ? progress_setting(s->progress, "runs") : NULL;
	int k;
	char *err = NULL;
	if (saved && series_parse_runs(saved, &k, &err) == 0)
		s->runs = k;
	else
		s->runs = fallback;
	free(err);
}

void session_set_runs(struct session *s, int k)
{
	if (k < 1 || k > SERIES_RUNS_MAX)
		return; /* command_parse has said why; nothing to keep */
	s->runs = k;
	if (!s->progress)
		return;
	char buf[16];
	snprintf(buf, sizeof buf, "%d", k);
	progress_set_setting(s->progress, "runs", buf);
	char *err = NULL;
	if (progress_save(s->progress, &err) != 0)
		free(err); /* K still holds for this session; the next save retries */
}

const struct lesson *session_lesson(const struct session *s)
{
	if (!s->catalog || s->lesson < 0 || (size_t)s->lesson >= s->catalog->n)
		return NULL;
	const struct catalog_entry *e = &s->catalog->v[s->lesson];
	return e->diags.n == 0 ? e->lesson : NULL;
}

/* The lesson's card for `demo`: the focused one, else the first. */
static const struct demo_block *card_for(const struct session *s, const struct session_focus *f,
					 const char *demo)
{
	if (f && f->card && f->card->name && strcmp(f->card->name, demo) == 0)
		return f->card;
	const struct lesson *l = session_lesson(s);
	for (size_t i = 0; l && i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_DEMO && l->blocks[i]->demo.name &&
		    strcmp(l->blocks[i]->demo.name, demo) == 0)
			return &l->blocks[i]->demo;
	return NULL;
}

const char *session_current_demo(const struct session *s, const struct session_focus *f)
{
	if (f && f->demo)
		return f->demo;
	if (s->demo)
		return s->demo;
	const struct lesson *l = session_lesson(s);
	for (size_t i = 0; l && i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_DEMO && l->blocks[i]->demo.name)
			return l->blocks[i]->demo.name;
	return NULL;
}

struct command_ctx session_command_ctx(const struct session *s, const struct session_focus *f)
{
	struct command_ctx c = {s->catalog, s->registry, session_current_demo(s, f),
				s->exercises};
	return c;
}

/* Put "key=value" into a list of such words, replacing the same key. */
static void words_merge(char ***v, size_t *n, const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t kl = eq ? (size_t)(eq - kv) : strlen(kv);
	for (size_t i = 0; i < *n; i++)
		if (strncmp((*v)[i], kv, kl) == 0 && (*v)[i][kl] == '=') {
			free((*v)[i]);
			(*v)[i] = xstrdup(kv);
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(kv);
}

/* The index of `demo`'s overrides, or s->novr when it has none. */
static size_t override_index(const struct session *s, const char *demo)
{
	size_t i = 0;
	while (i < s->novr && strcmp(s->ovr[i].demo, demo) != 0)
		i++;
	return i;
}

static struct session_override *override_get(struct session *s, const char *demo)
{
	size_t i = override_index(s, demo);
	if (i < s->novr)
		return &s->ovr[i];
	s->ovr = xrealloc(s->ovr, (s->novr + 1) * sizeof *s->ovr);
	struct session_override *o = &s->ovr[s->novr++];
	memset(o, 0, sizeof *o);
	o->demo = xstrdup(demo);
	return o;
}

char *const *session_overrides(const struct session *s, const char *demo, size_t *n)
{
	size_t i = override_index(s, demo);
	*n = i < s->novr ? s->ovr[i].nargs : 0;
	return i < s->novr ? s->ovr[i].args : NULL;
}

/* Is `demo` known? (Everything is, without a registry.) */
static int check_demo(const struct session *s, const char *demo, const struct reg_demo **d,
		      char **err)
{
	*d = s->registry ? registry_find(s->registry, demo) : NULL;
	if (s->registry && !*d) {
		*err = xasprintf("unknown demo '%s' (lockstep demos lists them)", util_shown(demo));
		return -1;
	}
	return 0;
}

/* Check every word before any is kept. */
static int check_words(const struct session *s, const char *demo, char *const *words, size_t n,
		       char **err)
{
	const struct reg_demo *d;
	if (check_demo(s, demo, &d, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(words[i], '=');
		if (!eq || eq == words[i]) {
			*err = xasprintf("%s: expected key=value, got '%s'", demo, util_shown(words[i]));
			return -1;
		}
		char *e = NULL;
		if (d && registry_check_arg(d, words[i], &e) != 0) {
			*err = xasprintf("%s: %s", demo, e ? e : "bad parameter");
			free(e);
			return -1;
		}
	}
	return 0;
}

static void keep_demo(struct session *s, const char *demo)
{
	char *copy = xstrdup(demo); /* demo may be s->demo itself */
	free(s->demo);
	s->demo = copy;
}

int session_set(struct session *s, const char *demo, char *const *words, size_t n, char **err)
{
	*err = NULL;
	if (check_words(s, demo, words, n, err) != 0)
		return -1;
	if (n) {
		struct session_override *o = override_get(s, demo);
		for (size_t i = 0; i < n; i++)
			words_merge(&o->args, &o->nargs, words[i]);
	}
	keep_demo(s, demo);
	return 0;
}

char **session_args(const struct session *s, const struct session_focus *f, const char *demo,
		    size_t *n)
{
	char **v = NULL;
	*n = 0;
	const struct demo_block *card = card_for(s, f, demo);
	for (size_t i = 0; card && i < card->nparams; i++) {
		char *kv = xasprintf("%s=%s", card->params[i].key, card->params[i].value);
		words_merge(&v, n, kv);
		free(kv);
	}
	size_t no;
	char *const *o = session_overrides(s, demo, &no);
	for (size_t i = 0; i < no; i++)
		words_merge(&v, n, o[i]);
	v = xrealloc(v, (*n + 1) * sizeof *v);
	v[*n] = NULL;
	return v;
}

int session_prepare_run(struct session *s, const struct session_focus *f, const char *demo,
			char *const *extra, size_t nextra, struct session_run *run, char **err)
{
	memset(run, 0, sizeof *run);
	*err = NULL;
	if (!demo) {
		*err = xstrdup("which demo? name one (run DEMO)");
		return -1;
	}
	char *name = xstrdup(demo); /* demo may point into what set changes */
	if (session_set(s, name, extra, nextra, err) != 0) {
		free(name);
		return -1;
	}
	char *prog = paths_join(paths_demos(), name);
	if (access(prog, X_OK) != 0) {
		*err = xasprintf("%s is not built (looked for %s): run make", name, prog);
		free(prog);
		free(name);
		return -1;
	}
	run->demo = name;
	run->program = prog;
	run->args = session_args(s, f, name, &run->nargs);
	run->argv = xcalloc(run->nargs + 3, sizeof *run->argv);
	run->argv[0] = xstrdup(name);
	run->argv[1] = xstrdup("--json");
	for (size_t i = 0; i < run->nargs; i++)
		run->argv[2 + i] = xstrdup(run->args[i]);
	run->k = s->runs;
	return 0;
}

void session_run_release(struct session_run *run)
{
	free(run->demo);
	free(run->program);
	command_list_free(run->argv);
	command_list_free(run->args);
	memset(run, 0, sizeof *run);
}

/* -1 with "NAME: message" from a session error. */
static int fail_in(const char *name, char *msg, char **err)
{
	*err = xasprintf("%s: %s", name, msg ? msg : "failed");
	free(msg);
	return -1;
}

static int execute(struct session *s, const struct session_focus *f, struct command *cmd,
		   struct session_outcome *out, char **err)
{
	char *e = NULL;
	switch (cmd->kind) {
	case CMD_RUN:
		if (session_prepare_run(s, f, cmd->demo, cmd->args, cmd->nargs, &out->run, &e) != 0)
			return fail_in("run", e, err);
		break;
	case CMD_SET:
		if (cmd->demo && cmd->nargs && session_set(s, cmd->demo, cmd->args, cmd->nargs, &e))
			return fail_in("set", e, err);
		out->demo = cmd->demo;
		cmd->demo = NULL;
		out->args = cmd->args;
		out->nargs = cmd->nargs;
		cmd->args = NULL;
		cmd->nargs = 0;
		/* set runs=K goes on as runs K */
		/* FALLTHROUGH */
	case CMD_RUNS:
		if (cmd->runs)
			session_set_runs(s, cmd->runs);
		out->runs_changed = cmd->runs != 0;
		out->runs = s->runs;
		break;
	case CMD_GOTO:
		s->lesson = out->lesson = cmd->lesson;
		break;
	case CMD_NEXT:
	case CMD_PREV: {
		bool next = cmd->kind == CMD_NEXT;
		int to = s->lesson + (next ? 1 : -1);
		if (!s->catalog || to < 0 || (size_t)to >= s->catalog->n) {
			*err = xasprintf("%s: this is the %s lesson", next ? "next" : "prev",
					 next ? "last" : "first");
			return -1;
		}
		s->lesson = out->lesson = to;
		break;
	}
	case CMD_SOURCE:
		out->demo = cmd->demo;
		cmd->demo = NULL;
		break;
	case CMD_STEP: /* as typed: stepping wants small parameters, not the card's */
		out->demo = cmd->demo;
		out->variant = cmd->variant;
		out->args = cmd->args;
		out->nargs = cmd->nargs;
		cmd->demo = cmd->variant = NULL;
		cmd->args = NULL;
		cmd->nargs = 0;
		break;
	case CMD_HELP:
		out->topic = cmd->topic;
		cmd->topic = NULL;
		break;
	case CMD_VERIFY:
		out->exercise = cmd->exercise;
		cmd->exercise = NULL;
		break;
	case CMD_NONE:
	case CMD_QUIT:
	case CMD_EXERCISES:
		break;
	}
	return 0;
}

int session_execute(struct session *s, const struct session_focus *f, int argc,
		    const char *const *argv, struct session_outcome *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->lesson = s->lesson;
	out->runs = s->runs;
	*err = NULL;
	struct command_ctx ctx = session_command_ctx(s, f);
	struct command cmd;
	if (command_parse(&cmd, &ctx, argc, argv, err) != 0)
		return -1;
	out->kind = cmd.kind;
	int r = execute(s, f, &cmd, out, err);
	command_release(&cmd);
	if (r != 0)
		session_outcome_release(out);
	return r;
}

void session_outcome_release(struct session_outcome *o)
{
	session_run_release(&o->run);
	free(o->demo);
	words_free(o->args, o->nargs);
	free(o->topic);
	free(o->exercise);
	free(o->variant);
	memset(o, 0, sizeof *o);
}
