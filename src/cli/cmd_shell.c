/*
 * cmd_shell.c - `lockstep shell`: the lab's command language (core/command)
 * without the full screen. Lines come from libedit's el_gets() with history
 * (shared with the lab's ':' prompt, <state>/history) and Tab completion;
 * demo results print as text, variants side by side (core/summary). With
 * stdin not a terminal it reads commands line by line and prints no prompt,
 * so it can be scripted: `echo 'run race_counter' | lockstep shell`.
 * `exercises` and `verify N` print what `lockstep exercises` and
 * `lockstep verify N` print (they are the same functions).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/command.h"
#include "core/exercise.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/registry.h"
#include "core/series.h"
#include "core/session.h"
#include "core/util.h"

#define HISTORY_SIZE 500

struct shell {
	struct catalog cat;
	bool have_cat;
	struct registry reg;
	bool have_reg;
	struct exercise_set ex; /* for verify's checks and completion */
	bool have_ex;
	struct progress *prog;
	struct session ses;   /* lesson, last demo, overrides, K (core/session) */
	bool interactive, unicode;
	Tokenizer *tok;       /* completion (the line tokenizer is separate) */
	int errors;
	bool quit;
};

static volatile sig_atomic_t interrupted;
static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* ------------------------------------------------------------ context */

static struct command_ctx ctx_of(const struct shell *s)
{
	return session_command_ctx(&s->ses, NULL);
}

static void shell_error(struct shell *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void shell_error(struct shell *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	cli_note("shell", "%s", m); /* control characters escaped */
	free(m);
	s->errors++;
}

/* ------------------------------------------------------------ commands */

/* run: K runs of the prepared demo (core/series; Ctrl-C cancels), then
 * the demo and its parameters, and the variants side by side or their
 * spread. Each failed run counts as an error. */
static void present_run(struct shell *s, const struct session_run *run)
{
	struct series *ser = cli_run_series("shell", run->demo, run->program, run->argv, run->k,
					    0, s->interactive && isatty(STDERR_FILENO));
	if (!ser) {
		s->errors++;
		return;
	}
	size_t n;
	const struct run_result *res = series_results(ser, &n);
	if (n > 0) {
		const struct run_result *r = &res[n - 1];
		printf("%s", run->demo);
		for (size_t i = 0; i < r->nparams; i++)
			printf(" %s=%lld", r->param_keys[i], r->param_values[i]);
		printf("\n");
		s->errors += (int)cli_print_series(ser, false, s->unicode);
	}
	if (series_error(ser))
		shell_error(s, "run: %s", series_error(ser));
	series_free(ser);
}

static void show_lesson(struct shell *s)
{
	int cur = s->ses.lesson;
	const struct catalog_entry *e = &s->cat.v[cur];
	const char *title = e->lesson && e->lesson->title ? e->lesson->title : e->id;
	printf("lesson %d of %zu: %d %s (%s)\n", cur + 1, s->cat.n, e->number, title, e->id);
	if (e->diags.n)
		printf("  this lesson has %zu problem%s: lockstep lint %s\n", e->diags.n,
		       e->diags.n == 1 ? "" : "s", e->path);
	const struct lesson *l = session_lesson(&s->ses);
	bool any = false;
	for (size_t i = 0; l && i < l->nblocks; i++) {
		const struct block *b = l->blocks[i];
		if (b->kind != BLK_DEMO || !b->demo.name)
			continue;
		printf("%s %s", any ? "," : "  demos:", b->demo.name);
		for (size_t k = 0; k < b->demo.nparams; k++)
			printf(" %s=%s", b->demo.params[k].key, b->demo.params[k].value);
		any = true;
	}
	if (any)
		printf("\n");
	progress_set_current(s->prog, e->id, 0);
	char *err = NULL;
	if (progress_save(s->prog, &err) != 0)
		free(err);
}

static void show_source(struct shell *s, const char *demo)
{
	char *file = xasprintf("%s.c", demo);
	char *path = paths_join(paths_lab(), file);
	size_t len;
	char *err = NULL;
	char *text = util_read_file(path, &len, &err);
	if (!text) {
		shell_error(s, "source: %s", err ? err : path);
		free(err);
	} else {
		fwrite(text, 1, len, stdout);
		if (len && text[len - 1] != '\n')
			putchar('\n');
		free(text);
	}
	free(path);
	free(file);
}

/*
 * exercises, verify [N]: run `lockstep exercises` / `lockstep verify N`
 * itself, so the text is the same. They load and save the progress on
 * their own: ours is read again afterwards, or a later save here (goto,
 * runs) would undo a pass they recorded. A failed verify counts as an
 * error, as its exit status does.
 */
static void run_exercise_cmd(struct shell *s, int (*fn)(int, char **), const char *name,
			     const char *arg)
{
	char *argv[3] = {(char *)name, (char *)arg, NULL};
	fflush(stdout);
	optind = 0; /* their getopt_long starts afresh */
	int rc = fn(arg ? 2 : 1, argv);
	fflush(stdout);
	fflush(stderr);
	if (rc != 0 && rc != 130)
		s->errors++;
	char *warning = NULL;
	struct progress *p = progress_load(NULL, &warning);
	free(warning);
	if (p) {
		progress_free(s->prog);
		s->prog = p;
		s->ses.progress = p; /* the session borrows it */
	}
}

static void show_help(const char *topic)
{
	size_t n;
	const struct command_info *t = command_table(&n);
	for (size_t i = 0; i < n; i++)
		if (!topic || strcmp(topic, t[i].name) == 0)
			printf("  %-28s %s\n", t[i].usage, t[i].help);
	if (!topic)
		printf("Tab completes commands, demos, parameters, lesson ids and exercises. In\n"
		       "the shell, run repeats a demo K times (runs K) and shows each variant's\n"
		       "spread; exercises and verify print what lockstep exercises and verify do.\n");
}

static void execute(struct shell *s, int argc, const char **argv)
{
	struct session_outcome out;
	char *err = NULL;
	if (session_execute(&s->ses, NULL, argc, argv, &out, &err) != 0) {
		shell_error(s, "%s", err);
		free(err);
		return;
	}
	switch (out.kind) {
	case CMD_NONE:
		break;
	case CMD_RUN:
		present_run(s, &out.run);
		break;
	case CMD_SET:
		if (out.demo && out.nargs) {
			size_t n;
			char *const *o = session_overrides(&s->ses, out.demo, &n);
			printf("%s:", out.demo);
			for (size_t i = 0; i < n; i++)
				printf(" %s", o[i]);
			printf("\n");
		}
		if (!out.runs_changed)
			break;
		/* set runs=K says what runs K says */
		/* FALLTHROUGH */
	case CMD_RUNS:
		printf("runs %d: run repeats a demo %d time%s\n", out.runs, out.runs,
		       out.runs == 1 ? "" : "s");
		break;
	case CMD_GOTO:
	case CMD_NEXT:
	case CMD_PREV:
		show_lesson(s);
		break;
	case CMD_SOURCE:
		show_source(s, out.demo);
		break;
	case CMD_HELP:
		show_help(out.topic);
		break;
	case CMD_QUIT:
		s->quit = true;
		break;
	case CMD_EXERCISES:
		run_exercise_cmd(s, cmd_exercises, "exercises", NULL);
		break;
	case CMD_VERIFY:
		run_exercise_cmd(s, cmd_verify, "verify", out.exercise);
		break;
	case CMD_STEP:
		printf("The step view is in the lab (lockstep, then :step). Here: lockstep step %s%s%s "
		       "... --schedule AB... prints a schedule's trace.\n",
		       out.demo, out.variant ? " --variant " : "", out.variant ? out.variant : "");
		break;
	}
	fflush(stdout);
	session_outcome_release(&out);
}

/* ------------------------------------------------------------ libedit */

static char *prompt_fn(EditLine *el)
{
	(void)el;
	return "lockstep> ";
}

/* Tab: complete the word under the cursor; with several candidates,
 * complete their common part, and list them when there is none to add. */
static unsigned char complete_fn(EditLine *el, int ch)
{
	(void)ch;
	struct shell *s = NULL;
	el_get(el, EL_CLIENTDATA, &s);
	const LineInfo *li = el_line(el);
	int argc = 0, cc = 0, co = 0;
	const char **argv = NULL;
	tok_reset(s->tok);
	if (tok_line(s->tok, li, &argc, &argv, &cc, &co) != 0)
		return CC_ERROR;
	char *prefix = cc < argc ? xstrndup(argv[cc], (size_t)co) : xstrdup("");
	struct command_ctx ctx = ctx_of(s);
	size_t n;
	char **v = command_complete(&ctx, argc, argv, cc, prefix, &n);
	size_t plen = strlen(prefix);
	unsigned char rc = CC_REFRESH;
	if (n == 0) {
		rc = CC_ERROR;
	} else if (n == 1) {
		size_t vl = strlen(v[0]);
		el_insertstr(el, v[0] + plen);
		if (vl && v[0][vl - 1] != '=')
			el_insertstr(el, " ");
	} else {
		char *common = command_common_prefix(v, n);
		if (strlen(common) > plen) {
			el_insertstr(el, common + plen);
		} else {
			putchar('\n');
			for (size_t i = 0; i < n; i++)
				printf("%s%s", i ? "  " : "", v[i]);
			putchar('\n');
			fflush(stdout);
			rc = CC_REDISPLAY;
		}
		free(common);
	}
	command_list_free(v);
	free(prefix);
	return rc;
}

/* ------------------------------------------------------------ entry */

static void shell_release(struct shell *s)
{
	session_release(&s->ses);
	if (s->tok)
		tok_end(s->tok);
	if (s->have_reg)
		registry_release(&s->reg);
	if (s->have_cat)
		catalog_release(&s->cat);
	exercise_set_release(&s->ex);
	progress_free(s->prog);
}

/* One line: split (tok_str, quoting), then execute. */
static void handle_line(struct shell *s, Tokenizer *t, char *line)
{
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	int argc = 0;
	const char **argv = NULL;
	tok_reset(t);
	if (tok_str(t, line, &argc, &argv) != 0) {
		shell_error(s, "unclosed quote in '%s'", util_shown(line));
		return;
	}
	if (!s->interactive && argc > 0 && argv[0][0] == '#')
		return; /* comments in scripts */
	execute(s, argc, argv);
}

/* The history is saved whole after each line, through memory and a
 * rename (core/util.h): a shell killed mid-save keeps the old history. */
static int history_fill(FILE *f, void *h)
{
	HistEvent ev;
	return history(h, &ev, H_SAVE_FP, f) < 0 ? -1 : 0;
}

int cmd_shell(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: lockstep shell\n"
			       "The lab's command language without the full screen: run demos, move\n"
			       "between lessons, read sources. Reads commands from a pipe too:\n"
			       "  echo 'run race_counter iters=100000' | lockstep shell\n\n"
			       "Commands:\n");
			show_help(NULL);
			return 0;
		}
		return cli_bad_option("shell", argv);
	}
	if (optind < argc)
		return cli_usage("shell", "unexpected argument '%s'", util_shown(argv[optind]));

	setlocale(LC_ALL, "");
	struct shell sh;
	memset(&sh, 0, sizeof sh);
	struct shell *s = &sh;
	s->unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	s->interactive = isatty(STDIN_FILENO);
	s->have_cat = catalog_load(&s->cat, paths_lessons()) == 0;
	char *err = NULL;
	s->have_reg = registry_load(&s->reg, NULL, &err) == 0;
	if (!s->have_reg) {
		cli_note("shell", "demos unavailable: %s (run make)", err ? err : "no registry");
		free(err);
	}
	char *xerr = NULL; /* no exercises: verify reports it when asked */
	s->have_ex = exercise_set_load(&s->ex, paths_root(), NULL, &xerr) == 0 && s->ex.n > 0;
	free(xerr);
	char *warning = NULL;
	s->prog = progress_load(NULL, &warning);
	if (warning) {
		cli_note("shell", "%s", warning);
		free(warning);
	}
	session_init(&s->ses, s->have_cat ? &s->cat : NULL, s->have_reg ? &s->reg : NULL,
		     s->have_ex ? &s->ex : NULL, s->prog);
	const char *curid = progress_current(s->prog);
	if (s->have_cat && curid)
		s->ses.lesson = catalog_find(&s->cat, curid);
	if (s->have_cat && s->ses.lesson < 0 && s->cat.n)
		s->ses.lesson = 0;
	s->tok = tok_init(NULL);
	Tokenizer *lt = tok_init(NULL);

	/* el_gets() also reads a pipe: then it prints no prompt and does no
	 * editing, so scripts get clean output. History only for people. */
	EditLine *el = el_init("lockstep", stdin, stdout, stderr);
	History *h = NULL;
	HistEvent ev;
	char *hpath = NULL;
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_SIGNAL, 1);
	el_set(el, EL_PROMPT, prompt_fn);
	el_set(el, EL_CLIENTDATA, s);
	/* el_wset: el_set's EL_ADDFN copies the names and never frees them */
	el_wset(el, EL_ADDFN, L"lockstep-complete", L"complete a command, demo or parameter",
		complete_fn);
	el_set(el, EL_BIND, "^I", "lockstep-complete", NULL);
	if (s->interactive) {
		h = history_init();
		history(h, &ev, H_SETSIZE, HISTORY_SIZE); /* before H_LOAD, or nothing loads */
		history(h, &ev, H_SETUNIQUE, 1);
		hpath = paths_join(paths_state(), "history");
		if (util_is_file(hpath)) /* libedit would block on a FIFO there */
			history(h, &ev, H_LOAD, hpath);
		el_set(el, EL_HIST, history, h);
		printf("lockstep: shell: the lab's commands without the full screen. 'help' lists\n"
		       "them, Tab completes, 'quit' or Ctrl-D leaves.\n");
		if (s->ses.lesson >= 0)
			show_lesson(s);
	}
	/* Ctrl-C at the prompt drops the line (libedit passes the signal on to
	 * this handler); during a run it cancels the demo (do_run). */
	struct sigaction sa = {.sa_handler = on_interrupt};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	while (!s->quit) {
		int count = 0;
		interrupted = 0;
		const char *got = el_gets(el, &count);
		if (!got && interrupted && s->interactive) {
			putchar('\n');
			continue;
		}
		if (!got || count <= 0) {
			if (s->interactive)
				putchar('\n');
			break;
		}
		char *line = xstrdup(got);
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0'; /* H_ENTER wants no newline */
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (h && *p) {
			history(h, &ev, H_ENTER, line);
			char *err = NULL;
			if (util_write_file_atomic_with(hpath, history_fill, h, 0600, &err) != 0)
				free(err); /* the history is a convenience: never an error */
		}
		handle_line(s, lt, line);
		free(line);
	}
	el_end(el);
	if (h)
		history_end(h);
	free(hpath);
	tok_end(lt);
	int rc = !s->interactive && s->errors ? 1 : 0;
	shell_release(s);
	return rc;
}
