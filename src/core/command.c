/*
 * command.c - the lab's command language: parse words against the catalogue
 * and the demo registry, and complete partial words. One table drives
 * parsing, `help` and completion, so the prompt and the shell cannot drift.
 */
#include "core/command.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/series.h"
#include "core/util.h"

static const struct command_info commands[] = {
	{"run", "run [DEMO] [key=value...]",
	 "run a demo (the focused or last one when no DEMO is named)"},
	{"runs", "runs [K]",
	 "how many times R in the lab (run in the shell) repeats a demo to show the spread of "
	 "outcomes (1..1000)"},
	{"set", "set [DEMO] key=value...", "change a demo's parameters for the next runs"},
	{"goto", "goto N|id", "open lesson N, or the lesson with that id"},
	{"next", "next", "open the next lesson"},
	{"prev", "prev", "open the previous lesson"},
	{"source", "source [DEMO]", "show a demo's C source"},
	{"exercises", "exercises",
	 "the exercises: small broken programs to fix (the lab opens their view, the shell lists "
	 "them)"},
	{"verify", "verify [N]",
	 "verify your copy of exercise N (number or name; default: the selected or next pending "
	 "one)"},
	{"step", "step [DEMO] [VARIANT] [key=value...]",
	 "be the scheduler: step a demo's threads one statement at a time (the lab; keep the "
	 "parameters small, e.g. step race_counter unsafe threads=2 iters=2)"},
	{"help", "help [COMMAND]", "list the commands, or describe one"},
	{"quit", "quit", "leave (your place is saved)"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct {
	const char *alias, *name;
} aliases[] = {
	{"q", "quit"}, {"exit", "quit"}, {"?", "help"}, {"go", "goto"}, {"n", "next"}, {"p", "prev"},
	{"ex", "exercises"},
};

const struct command_info *command_table(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

const struct command_info *command_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

void command_release(struct command *cmd)
{
	free(cmd->demo);
	for (size_t i = 0; i < cmd->nargs; i++)
		free(cmd->args[i]);
	free(cmd->args);
	free(cmd->topic);
	free(cmd->exercise);
	free(cmd->variant);
	memset(cmd, 0, sizeof *cmd);
}

/* -1 with a message built from fmt; the caller's *err takes ownership. */
static int fail(char **err, const char *fmt, const char *a, const char *b)
{
	*err = xasprintf(fmt, a, b ? b : "");
	return -1;
}

static const struct reg_demo *find_demo(const struct command_ctx *ctx, const char *name)
{
	return ctx->registry ? registry_find(ctx->registry, name) : NULL;
}

/*
 * run/set/source: an optional demo name, then key=value words (none for
 * source). `set` also takes runs=K. Fills cmd->demo and cmd->args.
 */
static int parse_demo_args(struct command *cmd, const struct command_ctx *ctx, const char *name,
			   int argc, const char *const *argv, char **err)
{
	int i = 1;
	if (i < argc && !strchr(argv[i], '=')) {
		if (ctx->registry && !find_demo(ctx, argv[i]))
			return fail(err, "%s: unknown demo '%s' (see lockstep demos)", name,
				    util_shown(argv[i]));
		cmd->demo = xstrdup(argv[i]);
		i++;
	} else if (ctx->demo) {
		cmd->demo = xstrdup(ctx->demo);
	}
	if (cmd->kind == CMD_SOURCE) {
		if (i < argc)
			return fail(err, "%s: unexpected '%s' (source takes a demo name)", name,
				    util_shown(argv[i]));
		if (!cmd->demo)
			return fail(err, "%s: which demo? name one (%s DEMO)", name, name);
		return 0;
	}
	const struct reg_demo *d = cmd->demo ? find_demo(ctx, cmd->demo) : NULL;
	if (cmd->kind == CMD_STEP && i < argc && !strchr(argv[i], '=')) {
		bool known = !d;
		for (size_t v = 0; d && v < d->nvariants; v++)
			known = known || strcmp(d->variants[v].name, argv[i]) == 0;
		if (!known)
		{
			*err = xasprintf("%s: %s has no variant '%s'", name, cmd->demo, util_shown(argv[i]));
			return -1;
		}
		cmd->variant = xstrdup(argv[i]);
		i++;
	}
	for (; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return fail(err, "%s: expected key=value, got '%s'", name, util_shown(argv[i]));
		if (cmd->kind == CMD_SET && strncmp(argv[i], "runs=", 5) == 0 &&
		    !(d && registry_param(d, "runs"))) {
			char *e = NULL;
			if (series_parse_runs(eq + 1, &cmd->runs, &e) != 0) {
				int r = fail(err, "%s: runs %s", name, e);
				free(e);
				return r;
			}
			continue;
		}
		if (!cmd->demo)
			return fail(err, "%s: which demo? name one (%s DEMO key=value)", name, name);
		if (d) {
			char *e = NULL;
			if (registry_check_arg(d, argv[i], &e) != 0) {
				int r = fail(err, "%s: %s", name, e ? e : "bad parameter");
				free(e);
				return r;
			}
		}
		cmd->args = xrealloc(cmd->args, (cmd->nargs + 1) * sizeof *cmd->args);
		cmd->args[cmd->nargs++] = xstrdup(argv[i]);
	}
	if ((cmd->kind == CMD_RUN || cmd->kind == CMD_STEP) && !cmd->demo)
		return fail(err, "%s: which demo? name one (%s DEMO)", name, name);
	if (cmd->kind == CMD_SET && cmd->nargs == 0 && cmd->runs == 0)
		return fail(err, "%s: expected key=value (for example: %s threads=4)", name, name);
	return 0;
}

int command_parse(struct command *cmd, const struct command_ctx *ctx, int argc,
		  const char *const *argv, char **err)
{
	memset(cmd, 0, sizeof *cmd);
	*err = NULL;
	if (argc <= 0)
		return 0;
	const struct command_info *ci = command_lookup(argv[0]);
	if (!ci)
		return fail(err, "unknown command '%s' (try help)%s", util_shown(argv[0]), NULL);
	const char *name = ci->name;
	int r = 0;
	if (strcmp(name, "run") == 0 || strcmp(name, "set") == 0 || strcmp(name, "source") == 0 ||
	    strcmp(name, "step") == 0) {
		cmd->kind = name[0] == 'r' ? CMD_RUN : name[1] == 'e' ? CMD_SET
			    : name[1] == 't' ? CMD_STEP : CMD_SOURCE;
		r = parse_demo_args(cmd, ctx, name, argc, argv, err);
	} else if (strcmp(name, "runs") == 0) {
		cmd->kind = CMD_RUNS;
		char *e = NULL;
		if (argc > 2)
			r = fail(err, "runs: expected one number, got '%s'%s", util_shown(argv[2]), NULL);
		else if (argc == 2 && series_parse_runs(argv[1], &cmd->runs, &e) != 0)
			r = fail(err, "runs: K %s%s", e, NULL);
		free(e); /* cmd->runs stays 0 without K: just tell the current K */
	} else if (strcmp(name, "goto") == 0) {
		cmd->kind = CMD_GOTO;
		if (argc != 2)
			r = fail(err, "goto: expected a lesson number or id%s%s", "", NULL);
		else if (!ctx->catalog || ctx->catalog->n == 0)
			r = fail(err, "goto: no lessons are loaded%s%s", "", NULL);
		else {
			char *why = NULL;
			if ((cmd->lesson = catalog_match(ctx->catalog, argv[1], &why)) < 0)
				r = fail(err, "goto: %s%s", why, NULL);
			free(why);
		}
	} else if (strcmp(name, "help") == 0) {
		cmd->kind = CMD_HELP;
		if (argc > 2)
			r = fail(err, "help: expected at most one command name, got '%s'%s", util_shown(argv[2]),
				 NULL);
		else if (argc == 2 && !command_lookup(argv[1]))
			r = fail(err, "help: unknown command '%s'%s", util_shown(argv[1]), NULL);
		else if (argc == 2)
			cmd->topic = xstrdup(command_lookup(argv[1])->name);
	} else if (strcmp(name, "verify") == 0) {
		cmd->kind = CMD_VERIFY;
		const struct exercise *e = NULL;
		if (argc > 2)
			r = fail(err, "verify: expected one exercise number or name, got '%s'%s",
				 util_shown(argv[2]), NULL);
		else if (argc == 2 && ctx->exercises &&
			 !(e = exercise_find(ctx->exercises, argv[1])))
			r = fail(err, "verify: no exercise '%s' (see lockstep exercises)%s", util_shown(argv[1]),
				 NULL);
		else if (argc == 2)
			cmd->exercise = xstrdup(e ? e->id : argv[1]);
	} else {
		cmd->kind = strcmp(name, "next") == 0 ? CMD_NEXT
			    : strcmp(name, "prev") == 0 ? CMD_PREV
			    : strcmp(name, "exercises") == 0 ? CMD_EXERCISES
			    : CMD_QUIT;
		if (argc > 1)
			r = fail(err, "%s: takes no arguments, got '%s'", name, util_shown(argv[1]));
	}
	if (r != 0)
		command_release(cmd);
	return r;
}

/* ------------------------------------------------------------ completion */

struct list {
	char **v;
	size_t n, cap;
};

static void list_add(struct list *l, const char *prefix, const char *s, const char *suffix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		return;
	*VEC_PUSH(l->v, l->n, l->cap) = xasprintf("%s%s", s, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, drop duplicates, NULL-terminate. */
static char **list_finish(struct list *l, size_t *n)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (k && strcmp(l->v[k - 1], l->v[i]) == 0)
			free(l->v[i]);
		else
			l->v[k++] = l->v[i];
	}
	l->n = k;
	*VEC_PUSH(l->v, l->n, l->cap) = NULL;
	*n = k;
	return l->v;
}

/* True if a word of argv[from..argc) other than argv[skip] sets `key`. */
static bool key_given(int argc, const char *const *argv, int from, int skip, const char *key)
{
	size_t kl = strlen(key);
	for (int i = from; i < argc; i++)
		if (i != skip && strncmp(argv[i], key, kl) == 0 && argv[i][kl] == '=')
			return true;
	return false;
}

static void add_params(struct list *l, const struct reg_demo *d, int argc,
		       const char *const *argv, int argi, const char *prefix)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nparams; i++)
		if (!key_given(argc, argv, 1, argi, d->params[i].name))
			list_add(l, prefix, d->params[i].name, "=");
}

static void add_demos(struct list *l, const struct command_ctx *ctx, const char *prefix)
{
	if (!ctx->registry)
		return;
	for (size_t i = 0; i < ctx->registry->n; i++)
		list_add(l, prefix, ctx->registry->v[i].name, "");
}

char **command_complete(const struct command_ctx *ctx, int argc, const char *const *argv,
			int argi, const char *prefix, size_t *n)
{
	struct list l = {0};
	if (!prefix)
		prefix = "";
	const struct command_info *ci = argi > 0 && argc > 0 ? command_lookup(argv[0]) : NULL;
	if (argi == 0) {
		for (size_t i = 0; i < NCOMMANDS; i++)
			list_add(&l, prefix, commands[i].name, "");
	} else if (!ci || strchr(prefix, '=')) {
		/* an unknown command, or a value: nothing to offer */
	} else if (strcmp(ci->name, "run") == 0 || strcmp(ci->name, "set") == 0 ||
		   strcmp(ci->name, "step") == 0) {
		const struct reg_demo *d = NULL;
		if (argi == 1) {
			add_demos(&l, ctx, prefix);
		} else if (argc > 1 && !strchr(argv[1], '=')) {
			d = find_demo(ctx, argv[1]);
		}
		if (!d && ctx->demo && (argi == 1 || argc < 2 || strchr(argv[1], '=')))
			d = find_demo(ctx, ctx->demo);
		add_params(&l, d, argc, argv, argi, prefix);
		if (strcmp(ci->name, "set") == 0 && !key_given(argc, argv, 1, argi, "runs"))
			list_add(&l, prefix, "runs", "=");
	} else if (argi == 1 && strcmp(ci->name, "source") == 0) {
		add_demos(&l, ctx, prefix);
	} else if (argi == 1 && strcmp(ci->name, "help") == 0) {
		for (size_t i = 0; i < NCOMMANDS; i++)
			list_add(&l, prefix, commands[i].name, "");
	} else if (argi == 1 && strcmp(ci->name, "verify") == 0 && ctx->exercises) {
		/* ids start with the number, so "3" Tab finds "03-semaphore-limit";
		 * a word that is not a number completes the name alone */
		bool by_name = *prefix && !isdigit((unsigned char)prefix[0]);
		for (size_t i = 0; i < ctx->exercises->n; i++) {
			const char *id = ctx->exercises->v[i].id;
			const char *dash = strchr(id, '-');
			list_add(&l, prefix, by_name && dash ? dash + 1 : id, "");
		}
	} else if (argi == 1 && strcmp(ci->name, "goto") == 0 && ctx->catalog) {
		for (size_t i = 0; i < ctx->catalog->n; i++) {
			const struct catalog_entry *e = &ctx->catalog->v[i];
			if (e->id)
				list_add(&l, prefix, e->id, "");
			if (isdigit((unsigned char)prefix[0])) {
				char num[16];
				snprintf(num, sizeof num, "%d", e->number);
				list_add(&l, prefix, num, "");
			}
		}
	}
	return list_finish(&l, n);
}

void command_list_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

char *command_common_prefix(char *const *v, size_t n)
{
	if (n == 0)
		return xstrdup("");
	size_t len = strlen(v[0]);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < len && v[i][k] == v[0][k])
			k++;
		len = k;
	}
	/* never cut a UTF-8 sequence in half */
	while (len > 0 && ((unsigned char)v[0][len] & 0xC0) == 0x80)
		len--;
	return xstrndup(v[0], len);
}
