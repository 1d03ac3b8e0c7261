/*
 * view_source.c - a demo's C source from lab/, highlighted by
 * layout_source(); and E: edit it in $EDITOR (curses suspended), rebuild
 * the demo, and offer to rerun it. A failed build shows its output here.
 * The exercises view shows the learner's file and reference solutions here
 * too (app_open with a text).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/util.h"
#include "tui/view.h"

static void source_release(struct app *a)
{
	pager_release(&a->source);
	free(a->source_demo);
	free(a->source_text);
	free(a->source_title);
	a->source_demo = a->source_text = a->source_title = NULL;
	a->source_width = 0;
	a->source_exercise = -1;
}

static char *source_path(const char *demo)
{
	char *file = xasprintf("%s.c", demo);
	char *path = paths_join(paths_lab(), file);
	free(file);
	return path;
}

/* Show text (owned by the view from now on) with a title. demo is NULL for
 * a text that is not a demo's (then exercise says whose file it is, or -1). */
static void source_show(struct app *a, const char *demo, char *text, char *title, bool is_c,
			int exercise)
{
	source_release(a);
	a->source_demo = demo ? xstrdup(demo) : NULL;
	a->source_exercise = demo ? -1 : exercise;
	a->source_text = text;
	a->source_title = title;
	a->source_is_c = is_c;
	a->dirty = true;
}

static int source_open(struct app *a, const char *demo)
{
	char *path = source_path(demo);
	size_t len;
	char *err = NULL;
	char *text = util_read_file(path, &len, &err);
	if (!text) {
		app_message(a, true, "source: %s", err ? err : path);
		free(err);
		free(path);
		return -1;
	}
	source_show(a, demo, text, path, true, -1);
	return 0;
}

/* The text as plain lines (build output). */
static struct layout *plain_doc(const char *text)
{
	struct layout *d = doc_new();
	const char *line = text;
	for (;;) {
		const char *nl = strchr(line, '\n');
		char *s = nl ? xstrndup(line, (size_t)(nl - line)) : xstrdup(line);
		doc_line(d, s, ROLE_CODEBLOCK, 0);
		free(s);
		if (!nl)
			break;
		line = nl + 1;
	}
	return d;
}

static void source_draw(struct app *a)
{
	int x = a->main_x + 1, w = a->main_w - 2;
	if (a->source_width != w || !a->source.lay) {
		if (a->source_is_c) {
			struct layout *lay = layout_source(a->source_text, "c", w, term_ascii());
			if (lay)
				pager_set(&a->source, lay, false);
			else
				pager_set(&a->source, plain_doc(a->source_text), true);
		} else if (!a->source.lay) {
			pager_set(&a->source, plain_doc(a->source_text), true);
		}
		a->source_width = w;
		if (app_searching(a, VIEW_SOURCE))
			pager_search(&a->source, a->search);
	}
	term_style(ST_TITLE);
	int n = draw_text(0, x, w, a->source_title);
	term_style(ST_MUTED);
	const char *keys = "Esc back";
	if (a->source_is_c && a->source_demo)
		keys = "E edit and rebuild   Esc back";
	else if (a->source_is_c && a->source_exercise >= 0)
		keys = "E edit, then verify   Esc back";
	if (n + 4 < w)
		draw_text(0, x + n + 2, w - n - 2, keys);
	term_style(ST_NORMAL);
	pager_draw(&a->source, 1, x, w, a->main_h - 1);
}

static bool source_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct pager *p = &a->source;
	switch (act) {
	case A_BACK:
		app_back(a);
		return true;
	case A_EDITOR:
		if (a->source_demo)
			return false; /* the app edits the current demo: this one */
		/* the learner's exercise file, or a text nobody edits */
		if (a->source_exercise >= 0)
			app_open(a, VIEW_EXERCISES,
				 &(struct view_arg){.verb = VERB_EDIT, .index = a->source_exercise});
		else
			app_message(a, true, "this is not a file you edit here");
		return true;
	default:
		return pager_key(p, act);
	}
}

/* Run argv with stdin from /dev/null; *out gets stdout and stderr
 * together (caller frees). Returns the wait status, or -1. Blocks. */
static int run_capture(char *const argv[], char **out)
{
	int pfd[2];
	struct sbuf sb = {0};
	*out = NULL;
	if (pipe(pfd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	char buf[4096];
	for (;;) {
		ssize_t n = read(pfd[0], buf, sizeof buf);
		if (n > 0 && sb.len < 256 * 1024)
			sbuf_add(&sb, buf, (size_t)n);
		else if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	close(pfd[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*out = sb.buf ? sbuf_detach(&sb) : xstrdup("");
	return st;
}

static void rerun_answer(struct app *a, bool yes, const char *demo, int n)
{
	(void)n;
	if (yes)
		app_run_demo(a, demo, NULL, 0, 1);
	else
		app_message(a, false, "not run; r runs it");
}

/* E: edit, rebuild, ask to rerun. 1 when the view is to show (the build's
 * output), else 0. */
static int source_edit(struct app *a, const char *demo)
{
	char *path = source_path(demo);
	if (access(path, R_OK) != 0) {
		app_message(a, true, "E: no source for %s (%s)", demo, path);
		free(path);
		return 0;
	}
	if (a->demo.name && strcmp(a->demo.name, demo) == 0)
		app_stop(a, VIEW_DEMO);
	if (editor_run(path) != 0)
		app_message(a, true, "the editor failed (set $EDITOR); rebuilding anyway");

	/* Rebuild: the tree's Makefile when there is one, else the compiler. */
	const char *root = paths_root();
	char *makefile = paths_join(root, "Makefile");
	char *tree_demos = paths_join(root, "build/lab");
	char *target = xasprintf("build/lab/%s", demo);
	char *bin = paths_join(paths_demos(), demo);
	char *labc = paths_join(paths_lab(), "lab.c");
	bool use_make = access(makefile, R_OK) == 0 && strcmp(tree_demos, paths_demos()) == 0;
	char *mk[] = {"make", "-C", (char *)root, target, NULL};
	char *cc[] = {"cc", "-std=c11", "-O2", "-pthread", path, labc, "-o", bin, "-lrt", "-lm", NULL};
	app_message(a, false, "building %s...", demo);
	app_draw(a);
	char *out = NULL;
	int st = run_capture(use_make ? mk : cc, &out);
	int show = 0;
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		app_ask(a, rerun_answer, demo, 0, true, "rebuilt %s. Run it now? (y/n)", demo);
		if (a->view == VIEW_SOURCE && a->source_is_c && a->source_demo &&
		    strcmp(a->source_demo, demo) == 0)
			source_open(a, demo); /* what the editor saved */
		free(out);
	} else {
		char *title = xasprintf("build of %s failed: %s", demo,
					use_make ? "make -C ROOT build/lab/NAME" : "cc ...");
		source_show(a, demo, out ? out : xstrdup(""), title, false, -1);
		app_message(a, true, "the build of %s failed; its output is shown", demo);
		show = 1;
	}
	free(makefile);
	free(tree_demos);
	free(target);
	free(bin);
	free(labc);
	free(path);
	return show;
}

/* A text to show (the exercises view's files), a demo's source, or E. */
static int source_enter(struct app *a, struct view_arg *arg)
{
	if (arg->text || arg->title) {
		source_show(a, NULL, arg->text ? arg->text : xstrdup(""),
			    arg->title ? arg->title : xstrdup(""), true, arg->index);
		return 1;
	}
	if (!arg->name) {
		app_message(a, true, "no demo here: focus a card with ] first");
		return -1;
	}
	if (arg->verb == VERB_EDIT)
		return source_edit(a, arg->name);
	return source_open(a, arg->name) == 0 ? 1 : -1;
}

static const char *source_hints(const struct app *a)
{
	return a->source_demo || a->source_exercise >= 0 ? "E edit  / search  Esc back"
							  : "/ search  Esc back";
}

static struct pager *source_pager(struct app *a) { return &a->source; }

static const char *source_demo_of(const struct app *a, const struct demo_block **card)
{
	if (card)
		*card = NULL;
	return a->source_demo && a->source_is_c ? a->source_demo : NULL;
}

const struct view view_source = {
	.name = "source",
	.id = VIEW_SOURCE,
	.keys = K_SOURCE,
	.draw = source_draw,
	.key = source_key,
	.hints = source_hints,
	.enter = source_enter,
	.pager = source_pager,
	.demo = source_demo_of,
	.release = source_release,
};
