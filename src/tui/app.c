/*
 * app.c - the lab's state: load the catalogue, registry, exercises and
 * progress and open the first lesson (app_setup); the session a learner
 * builds up (current lesson, the demo a bare `run` means, `set` overrides,
 * K); save the learner's place on every lesson change and on the way out;
 * free it all (app_release).
 *
 * Owns struct app's session fields (cat, reg, prog, cur, ovr, last_demo,
 * runs_k). Reaches views only through the table (app_view).
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
#define EXIT_USAGE 2 /* the exit status of a bad command line (as src/cli's) */

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
	a->cur = index;
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

static struct override *override_find(struct app *a, const char *demo, bool create)
{
	for (size_t i = 0; i < a->novr; i++)
		if (strcmp(a->ovr[i].demo, demo) == 0)
			return &a->ovr[i];
	if (!create)
		return NULL;
	a->ovr = xrealloc(a->ovr, (a->novr + 1) * sizeof *a->ovr);
	struct override *o = &a->ovr[a->novr++];
	memset(o, 0, sizeof *o);
	o->demo = xstrdup(demo);
	return o;
}

/* Put "key=value" into a list of such words, replacing the same key. */
static void args_merge(char ***v, size_t *n, const char *kv)
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

void app_args_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void app_override(struct app *a, const char *demo, char *const *args, size_t nargs)
{
	struct override *o = override_find(a, demo, true);
	for (size_t i = 0; i < nargs; i++)
		args_merge(&o->args, &o->nargs, args[i]);
}

/* The lesson's card for a demo: the focused one, else the first. */
static const struct demo_block *card_for(struct app *a, const char *demo)
{
	const struct lesson *l = app_lesson(a);
	if (!l)
		return NULL;
	const struct demo_block *f = NULL;
	app_view(VIEW_READER)->demo(a, &f);
	if (f && strcmp(f->name, demo) == 0)
		return f;
	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_DEMO && l->blocks[i]->demo.name &&
		    strcmp(l->blocks[i]->demo.name, demo) == 0)
			return &l->blocks[i]->demo;
	return NULL;
}

const char *app_current_demo(struct app *a)
{
	const struct view *v = app_view_current(a);
	const char *d = v->demo ? v->demo(a, NULL) : NULL;
	if (!d) /* the reader's focused card, whatever the view */
		d = app_view(VIEW_READER)->demo(a, NULL);
	if (d)
		return d;
	if (a->last_demo)
		return a->last_demo;
	const struct lesson *l = app_lesson(a);
	for (size_t i = 0; l && i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_DEMO && l->blocks[i]->demo.name)
			return l->blocks[i]->demo.name;
	return NULL;
}

char **app_demo_args(struct app *a, const char *name, size_t *n)
{
	char **v = NULL;
	*n = 0;
	const struct demo_block *card = card_for(a, name);
	for (size_t i = 0; card && i < card->nparams; i++) {
		char *kv = xasprintf("%s=%s", card->params[i].key, card->params[i].value);
		args_merge(&v, n, kv);
		free(kv);
	}
	const struct override *o = override_find(a, name, false);
	for (size_t i = 0; o && i < o->nargs; i++)
		args_merge(&v, n, o->args[i]);
	return v;
}

void app_run_demo(struct app *a, const char *name, char *const *extra, size_t nextra, int k)
{
	if (!name) {
		app_message(a, true, "no demo here: focus a card with ] or type :run DEMO");
		return;
	}
	if (a->have_reg && !registry_find(&a->reg, name)) {
		app_message(a, true, "unknown demo '%s' (lockstep demos lists them)", name);
		return;
	}
	char *nm = xstrdup(name); /* name may live in what we are about to change */
	/* parameters given with run stick for the next runs, like `set` */
	if (nextra)
		app_override(a, nm, extra, nextra);
	free(a->last_demo);
	a->last_demo = xstrdup(nm);
	size_t n;
	char **args = app_demo_args(a, nm, &n);
	app_open(a, VIEW_DEMO,
		 &(struct view_arg){.name = nm, .args = args, .nargs = n, .k = k, .index = -1});
	app_args_free(args, n);
	free(nm);
}

void app_set_runs(struct app *a, int k)
{
	a->runs_k = k;
	char buf[16];
	snprintf(buf, sizeof buf, "%d", k);
	progress_set_setting(a->prog, "runs", buf);
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0)
		free(err);
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
			fprintf(stderr, "lockstep: no lesson '%s' ('lockstep list' shows them)\n", lesson);
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
	const char *rs = progress_setting(a->prog, "runs");
	a->runs_k = rs && atoi(rs) >= 1 && atoi(rs) <= COMMAND_RUNS_MAX ? atoi(rs) : RUNS_DEFAULT;

	if (term_init(color) != 0) {
		free(warning);
		free(err);
		return no_terminal(a, idx, "the terminal could not be set up", plain);
	}
	a->cur = idx;
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
	for (size_t i = 0; i < a->novr; i++) {
		free(a->ovr[i].demo);
		app_args_free(a->ovr[i].args, a->ovr[i].nargs);
	}
	free(a->ovr);
	free(a->last_demo);
	free(a->search);
	app_status_release(a);
	if (a->have_reg)
		registry_release(&a->reg);
	progress_free(a->prog);
	catalog_release(&a->cat);
}
