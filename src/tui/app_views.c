/*
 * app_views.c - the table of views and everything the app does through it:
 * switching (app_open, app_back), drawing the screen (the lesson list, the
 * current view, the bottom row), the search over the current view's text,
 * and the views that run children or timers (poll, service, cancel).
 *
 * The only file that names every view. It reaches a view only through its
 * struct view; it calls app_status.c and the prompt, never app.c.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/app.h"

#define SIDEBAR_AUTO_COLS 100 /* the lesson list shows by itself from here */

/* In enum view_id order; the order is also Ctrl-C's: the first view that
 * runs something is cancelled first. */
static const struct view *const views[VIEW_COUNT] = {
	[VIEW_READER] = &view_reader,
	[VIEW_DEMO] = &view_demo,
	[VIEW_SOURCE] = &view_source,
	[VIEW_HELP] = &view_help,
	[VIEW_EXERCISES] = &view_exercises,
	[VIEW_STEP] = &view_step,
	[VIEW_PRESENT] = &view_present,
};

const struct view *app_view(enum view_id id) { return views[id]; }

const struct view *app_view_current(const struct app *a) { return views[a->view]; }

/* ------------------------------------------------------------ switching */

int app_open(struct app *a, enum view_id id, struct view_arg *arg)
{
	const struct view *v = views[id];
	int r = 1;
	if (v->enter) {
		struct view_arg none = {.index = -1};
		r = v->enter(a, arg ? arg : &none);
	}
	if (r > 0 && a->view != id) {
		a->back[id] = a->view;
		a->view = id;
	}
	a->dirty = true;
	return r < 0 ? -1 : 0;
}

void app_back(struct app *a)
{
	enum view_id to = a->back[a->view];
	a->view = to == a->view ? VIEW_READER : to;
	a->dirty = true;
}

void app_lesson_lines(const struct app *a, struct layout *lay, int lesson, int width)
{
	for (int i = 0; i < VIEW_COUNT; i++)
		if (views[i]->lesson_lines)
			views[i]->lesson_lines(a, lay, lesson, width);
}

void app_stop(struct app *a, enum view_id id)
{
	const struct view *v = views[id];
	if (v->busy && v->busy(a) && v->cancel)
		v->cancel(a);
}

/* ------------------------------------------------------------ drawing */

void app_geometry(struct app *a)
{
	a->rows = LINES;
	a->cols = COLS;
	a->too_small = a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS;
	bool want = a->sidebar_pref < 0 ? a->cols >= SIDEBAR_AUTO_COLS : a->sidebar_pref > 0;
	want &= a->view != VIEW_PRESENT; /* present mode fills the screen */
	int sw = a->cols >= 140 ? 30 : 24;
	a->sidebar_on = want && a->cols - sw - 1 >= 40;
	a->main_x = a->sidebar_on ? sw + 1 : 0;
	a->main_w = a->cols - a->main_x;
	a->main_h = a->rows - 1;
}

void app_draw(struct app *a)
{
	app_geometry(a);
	erase();
	if (a->too_small) {
		app_status_too_small(a);
	} else {
		if (a->sidebar_on) {
			int sw = a->main_x - 1;
			for (int i = 0; i < VIEW_COUNT; i++)
				if (views[i]->aside)
					views[i]->aside(a, 0, sw, a->main_h);
			term_style(ST_MUTED);
			for (int y = 0; y < a->main_h; y++)
				draw_text(y, sw, 1, term_glyph_vbar());
			term_style(ST_NORMAL);
		}
		const struct view *v = views[a->view];
		v->draw(a);
		if (prompt_active(a))
			prompt_draw(a, a->rows - 1, a->cols);
		else
			app_status_draw(a, v->hints(a));
	}
	curs_set(prompt_active(a) && !a->too_small ? 1 : 0);
	refresh();
	a->last_draw_ns = app_now_ns();
	a->dirty = false;
}

unsigned app_keys_where(const struct app *a)
{
	unsigned w = views[a->view]->keys;
	if (app_searching(a, a->view))
		w |= K_SEARCHING;
	return w;
}

/* ------------------------------------------------------------ search */

void app_search_clear(struct app *a)
{
	a->searching = false;
	free(a->search);
	a->search = NULL;
	for (int i = 0; i < VIEW_COUNT; i++)
		if (views[i]->pager)
			pager_search_clear(views[i]->pager(a));
}

struct pager *app_search_pager(struct app *a)
{
	const struct view *v = views[a->view];
	return v->pager ? v->pager(a) : NULL;
}

void app_search_live(struct app *a, const char *text)
{
	struct pager *p = app_search_pager(a);
	if (!p)
		return;
	if (text && *text) {
		size_t n = pager_search(p, text);
		if (n)
			app_message(a, false, "%zu match%s", n, n == 1 ? "" : "es");
		else
			app_message(a, true, "no match for '%s'", text);
	} else {
		pager_search_clear(p);
	}
}

/* ------------------------------------------------------------ children and timers */

static bool runs(const struct view *v, const struct app *a) { return v->busy && v->busy(a); }

int app_views_pollfds(const struct app *a, struct pollfd *fds, int max, int *timeout)
{
	int n = 0;
	for (int i = 0; i < VIEW_COUNT; i++) {
		const struct view *v = views[i];
		if (v->pollfds)
			n += v->pollfds(a, fds + n, max - n);
		int w = v->wait_ms ? v->wait_ms(a) : -1;
		if (w >= 0 && (*timeout < 0 || w < *timeout))
			*timeout = w;
	}
	return n;
}

bool app_views_service(struct app *a)
{
	bool changed = false;
	for (int i = 0; i < VIEW_COUNT; i++)
		if (views[i]->service && runs(views[i], a) && views[i]->service(a))
			changed = true;
	return changed;
}

bool app_views_cancel(struct app *a)
{
	for (int i = 0; i < VIEW_COUNT; i++)
		if (runs(views[i], a) && views[i]->cancel) {
			views[i]->cancel(a);
			return true;
		}
	return false;
}

void app_views_init(struct app *a)
{
	for (int i = 0; i < VIEW_COUNT; i++) {
		if (!views[i] || views[i]->id != (enum view_id)i || !views[i]->draw ||
		    !views[i]->key || !views[i]->hints) {
			fprintf(stderr, "lockstep: BUG: view %d is missing from the table or incomplete\n", i);
			abort();
		}
		if (views[i]->init)
			views[i]->init(a);
	}
}

void app_views_release(struct app *a, bool busy_only)
{
	for (int i = 0; i < VIEW_COUNT; i++)
		if (views[i]->release && (!busy_only || views[i]->busy))
			views[i]->release(a);
}
