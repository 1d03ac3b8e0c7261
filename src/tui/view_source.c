/*
 * view_source.c - a demo's C source from lab/, highlighted by
 * layout_source(); and E: edit it in $EDITOR (curses suspended), rebuild
 * the demo (core/build.c: the Makefile's flags, a 120 s limit, Esc stops
 * it), and offer to rerun it. A failed build shows its output here.
 * The exercises view shows the learner's file and reference solutions here
 * too (app_open with a text).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/build.h"
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

/* build_demo's cancel hook: Esc, read without waiting (the screen is in
 * nodelay mode). Other keys typed during a build are dropped. */
static bool build_esc(void *ctx)
{
	(void)ctx;
	wint_t ch;
	int k;
	while ((k = get_wch(&ch)) != ERR)
		if (k == OK && ch == 27)
			return true;
	return false;
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

	/* Rebuild with the Makefile's flags (core/build.c): 120 s at most, Esc
	 * stops it, and a leftover grandchild cannot hold the lab. */
	char *bin = paths_join(paths_demos(), demo);
	struct build_opts bo = {.lab_dir = paths_lab(), .demo = demo, .out_path = bin,
				.timeout_ms = 120000, .cancelled = build_esc, .ctx = a};
	app_message(a, false, "building %s... (Esc stops)", demo);
	app_draw(a);
	struct build_result res;
	char *err = NULL;
	int show = 0;
	if (build_demo(&bo, &res, &err) != 0) {
		app_message(a, true, "%s", err);
		free(err);
	} else if (res.ok) {
		app_ask(a, rerun_answer, demo, 0, true, "rebuilt %s. Run it now? (y/n)", demo);
		if (a->view == VIEW_SOURCE && a->source_is_c && a->source_demo &&
		    strcmp(a->source_demo, demo) == 0)
			source_open(a, demo); /* what the editor saved */
	} else if (res.st.cancelled) {
		app_message(a, false, "build of %s stopped; the old binary is kept", demo);
	} else {
		char *how = spawn_describe(&res.st);
		char *title = xasprintf("build of %s failed (%s): %s", demo, how, res.command);
		source_show(a, demo, res.output, title, false, -1);
		res.output = NULL; /* the view owns it now */
		app_message(a, true, "the build of %s failed; its output is shown", demo);
		free(how);
		show = 1;
	}
	build_result_release(&res);
	free(bin);
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
