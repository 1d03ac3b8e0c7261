/*
 * app.c - the lab's state: load the catalogue, registry, exercises and
 * progress and open the first lesson (app_setup); the session a learner
 * builds up (current lesson, the demo a bare `run` means, `set` overrides,
 * K); save the learner's place on every lesson change and on the way out;
 * free it all (app_release).
 *
 * Owns struct app's session fields (cat, reg, prog, cur, and ses, the
 * core/session both faces share). Reaches views only through the table
 * (app_view).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/command.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/app.h"

#define RUNS_DEFAULT 10

const struct lesson *app_lesson(const struct app *a)
{
	if (a->cat.n == 0)
		return NULL;
	const struct catalog_entry *e = &a->cat.v[a->cur];
	return e->lesson && e->diags.n == 0 ? e->lesson : NULL;
}

void app_save_progress(struct app *a)
{
	if (a->cat.n == 0 || !a->cat.v[a->cur].id)
		return;
	progress_set_current(a->prog, a->cat.v[a->cur].id, app_view(VIEW_READER)->position(a));
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "could not save progress: %s", err ? err : "?");
		free(err);
	}
}

void app_open_lesson(struct app *a, int index)
{
	if (index < 0 || (size_t)index >= a->cat.n)
		return;
	a->cur = a->ses.lesson = index;
	a->focus.on = false;
	app_search_clear(a);
	pager_set(&a->reader, NULL, false);
	a->reader.top = 0;
	a->reader_pos = 0;
	a->reader_width = 0;
	if (a->view != VIEW_DEMO)
		app_open(a, VIEW_READER, NULL);
	app_save_progress(a);
	a->dirty = true;
}

/* ------------------------------------------------------------ demos */

struct session_focus app_focus(struct app *a)
{
	struct session_focus f = {NULL, NULL};
	app_view(VIEW_READER)->demo(a, &f.card); /* the reader's focused card */
	const struct view *v = app_view_current(a);
	f.demo = v->demo ? v->demo(a, NULL) : NULL;
	if (!f.demo && f.card) /* the focused card, whatever the view */
		f.demo = f.card->name;
	return f;
}

const char *app_current_demo(struct app *a)
{
	struct session_focus f = app_focus(a);
	return session_current_demo(&a->ses, &f);
}

void app_run_demo(struct app *a, const char *name, char *const *extra, size_t nextra, int k)
{
	if (!name) {
		app_message(a, true, "no demo here: focus a card with ] or type :run DEMO");
		return;
	}
	struct session_focus f = app_focus(a);
	struct session_run run;
	char *err = NULL;
	if (session_prepare_run(&a->ses, &f, name, extra, nextra, &run, &err) != 0) {
		app_message(a, true, "%s", err);
		free(err);
		return;
	}
	run.k = k;
	app_open(a, VIEW_DEMO, &(struct view_arg){.run = &run, .k = k, .index = -1});
	session_run_release(&run);
}

/* ------------------------------------------------------------ setup */

static int no_terminal(struct app *a, int idx, const char *why, struct tui_plain *plain)
{
	snprintf(plain->lesson, sizeof plain->lesson, "%d", a->cat.v[idx].number);
	plain->why = why;
	return TUI_NO_TERMINAL;
}

int app_setup(struct app *a, const char *lesson, enum tui_color color, struct tui_plain *plain)
{
	memset(a, 0, sizeof *a);
	a->sidebar_pref = -1;
	a->reader_pos = -1;
	a->reader.cur = a->source.cur = a->help.cur = -1;
	a->source_exercise = -1;

	if (catalog_load(&a->cat, paths_lessons()) != 0 || a->cat.n == 0) {
		for (size_t i = 0; i < a->cat.diags.n; i++) {
			char *s = diag_format(&a->cat.diags.v[i]);
			fprintf(stderr, "lockstep: %s\n", s);
			free(s);
		}
		fprintf(stderr, "lockstep: no lessons found in %s\n", paths_lessons());
		return 1;
	}
	char *warning = NULL;
	a->prog = progress_load(NULL, &warning);
	int idx = 0, pos = 0;
	if (lesson) {
		idx = catalog_find(&a->cat, lesson);
		if (idx < 0) {
			fprintf(stderr, "lockstep: no lesson '%s' ('lockstep list' shows them)\n", util_shown(lesson));
			free(warning);
			return EXIT_USAGE;
		}
	}
	const char *curid = progress_current(a->prog);
	int resume = curid ? catalog_find(&a->cat, curid) : -1;
	if (!lesson && resume >= 0)
		idx = resume;
	if (resume >= 0 && resume == idx)
		pos = progress_position(a->prog);

	const char *term = getenv("TERM");
	bool dumb = !term || !*term || strcmp(term, "dumb") == 0;
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO) || dumb) {
		free(warning);
		return no_terminal(a, idx, dumb ? "TERM is dumb (or unset)" : "not a terminal",
				   plain);
	}

	char *err = NULL;
	a->have_reg = registry_load(&a->reg, NULL, &err) == 0;
	app_views_init(a);
	session_init(&a->ses, &a->cat, a->have_reg ? &a->reg : NULL,
		     a->ex.loaded ? &a->ex.st.set : NULL, a->prog);
	session_load_runs(&a->ses, RUNS_DEFAULT);

	if (term_init(color) != 0) {
		free(warning);
		free(err);
		return no_terminal(a, idx, "the terminal could not be set up", plain);
	}
	a->cur = a->ses.lesson = idx;
	a->view = VIEW_READER;
	progress_set_current(a->prog, a->cat.v[idx].id, pos);
	app_view(VIEW_READER)->set_position(a, pos);
	if (warning)
		app_message(a, true, "%s", warning);
	else if (!a->have_reg)
		app_message(a, true, "demos unavailable: %s (run make)", err ? err : "no registry");
	else if (catalog_problems(&a->cat) > 0)
		app_message(a, true, "%zu problem%s in the lessons: lockstep lint lists them",
			    catalog_problems(&a->cat), catalog_problems(&a->cat) == 1 ? "" : "s");
	free(warning);
	free(err);
	return 0;
}

void app_finish(struct app *a)
{
	app_views_release(a, true); /* kill a run, stop a verify, before we leave */
	app_save_progress(a);
	term_end();
}

void app_release(struct app *a)
{
	app_views_release(a, false);
	session_release(&a->ses);
	free(a->search);
	app_status_release(a);
	if (a->have_reg)
		registry_release(&a->reg);
	progress_free(a->prog);
	catalog_release(&a->cat);
}
