/*
 * view_exercises.c - the exercises in the full-screen lab: every exercise
 * with its status (passed, pending, the next one) and its lesson, the
 * workspace, and a panel for the selected one (view_exercises_task.c). v
 * verifies (view_exercises_verify.c, on a worker thread), h reveals a hint,
 * S shows the reference solution, s and E show and edit the learner's file,
 * i creates the workspace - what `lockstep verify`, `hint`, `hint
 * --solution` and `exercises init` do, through the same core API
 * (core/exercise_status). Also the line at the end of a lesson that names
 * its exercises. Idle, nothing ticks except, while the view is on screen, a
 * look once a second for passes recorded by another lockstep process.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/util.h"
#include "tui/view_exercises.h"

#define STATUS_W 10      /* "✓ passed", "pending", "verifying" */
#define PANEL_MIN 5      /* rows the panel keeps at least; half the screen when it can */

/* ------------------------------------------------------------ helpers */

static const char *dash(void) { return term_ascii() ? "-" : "\u2014"; }

/* ------------------------------------------------------------ lifecycle */

static void ex_init(struct app *a)
{
	struct ex_view *x = &a->ex;
	memset(x, 0, sizeof *x);
	x->panel.cur = -1;
	struct diags d;
	diags_init(&d); /* skipped exercises are `lockstep exercises`' to report */
	char *err = NULL;
	if (exercise_status_open(&x->st, paths_root(), a->prog, &d, &err) != 0)
		x->error = err ? err : xstrdup("no exercises directory");
	diags_release(&d);
	x->loaded = !x->error;
	size_t n = x->st.set.n ? x->st.set.n : 1;
	x->items = xcalloc(n, sizeof *x->items);
	x->lesson = xcalloc(n, sizeof *x->lesson);
	for (size_t i = 0; i < x->st.set.n; i++)
		x->lesson[i] = catalog_find(&a->cat, x->st.set.v[i].lesson);
	int nx = x->loaded ? ex_next_index(a) : -1;
	x->sel = nx >= 0 ? nx : 0;
	x->panel_stale = true;
}

static void ex_release(struct app *a)
{
	struct ex_view *x = &a->ex;
	ex_job_stop(a);
	for (size_t i = 0; x->items && i < x->st.set.n; i++)
		if (x->items[i].have_result) {
			exercise_result_release(&x->items[i].result);
			exercise_after_release(&x->items[i].after);
		}
	free(x->items);
	free(x->lesson);
	free(x->error);
	pager_release(&x->panel);
	exercise_status_close(&x->st);
	memset(x, 0, sizeof *x);
	x->panel.cur = -1;
}

/* ------------------------------------------------------------ drawing */

static int name_width(const struct ex_view *x)
{
	int m = 0;
	for (size_t i = 0; i < x->st.set.n; i++) {
		int wd = util_text_width(x->st.set.v[i].id, strlen(x->st.set.v[i].id));
		if (wd > m)
			m = wd;
	}
	return m;
}

static void draw_row(struct app *a, int y, int x0, int w, int i, int nw, int next)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[i];
	bool sel = i == x->sel;
	bool ok = exercise_status_passed(&x->st, e);
	bool running = ex_job_index(a) == i;
	enum ui_style base = sel ? ST_CURRENT : ST_NORMAL;
	term_style(base);
	draw_blank(y, x0 - 1, w + 2);
	draw_text(y, x0, 1, sel ? term_glyph_cur() : " ");
	int c = x0 + 2, end = x0 + w;
	const char *status = running ? "verifying" : ok ? NULL : i == next ? "next" : "pending";
	term_style(sel ? base : running ? ST_KEY : ok ? ST_DONE : i == next ? ST_TITLE : ST_MUTED);
	if (status)
		draw_text(y, c, end - c, status);
	else
		draw_fmt(y, c, end - c, "%s passed", term_glyph_ok());
	c += STATUS_W;
	term_style(base);
	if (c < end)
		draw_fmt(y, c, end - c, "%02d %s", e->number, e->name);
	c += nw + 2;
	if (c + 9 < end && x->lesson[i] >= 0) {
		term_style(sel ? base : ST_MUTED);
		draw_fmt(y, c, end - c, "lesson %02d", a->cat.v[x->lesson[i]].number);
	}
	c += 11;
	if (c + 8 < end) {
		term_style(base);
		draw_text(y, c, end - c, e->title);
	}
	term_style(ST_NORMAL);
}

/* The row above the panel: the verdict, or the verify going on. */
static void panel_header(struct app *a, int y, int x0, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[x->sel];
	const struct ex_item *it = &x->items[x->sel];
	if (ex_job_index(a) == x->sel) {
		term_style(ST_KEY);
		draw_fmt(y, x0, w, "verifying %02d %s%s %.1f s   (Esc cancels)", e->number,
			 e->name, ex_ellipsis(), ex_job_seconds(a));
	} else if (x->panel_kind == EXP_RESULT && it->have_result) {
		bool pass = it->result.verdict == EXERCISE_PASS;
		term_style(pass ? ST_OK : ST_BAD);
		int n;
		if (pass || it->result.verdict == EXERCISE_FAIL)
			n = draw_fmt(y, x0, w, "%s %s", pass ? term_glyph_ok() : term_glyph_bad(),
				     pass ? "PASS" : "FAIL");
		else if (it->result.verdict == EXERCISE_ERROR)
			n = draw_fmt(y, x0, w, "%s could not verify", term_glyph_bad());
		else
			n = draw_fmt(y, x0, w, "%s FAIL (%s)", term_glyph_bad(),
				     exercise_verdict_name(it->result.verdict));
		term_style(ST_TITLE);
		if (n + 2 < w)
			n += 2 + draw_fmt(y, x0 + n + 2, w - n - 2, "%02d %s", e->number,
					  e->name);
		term_style(ST_MUTED);
		if (n + 2 < w)
			draw_fmt(y, x0 + n + 2, w - n - 2, "%.1f s%s", it->result.seconds,
				 pass && it->result.tsan_ran ? ", ThreadSanitizer clean" : "");
	} else {
		term_style(ST_TITLE);
		int n = draw_fmt(y, x0, w, "%02d %s", e->number, e->name);
		term_style(ST_NORMAL);
		if (n + 3 < w)
			draw_fmt(y, x0 + n + 1, w - n - 1, "%s %s%s", dash(), e->title,
				 x->panel_kind == EXP_HINTS ? "   (hints)" : "");
	}
	term_style(ST_NORMAL);
}

static void ex_draw(struct app *a)
{
	struct ex_view *x = &a->ex;
	int x0 = a->main_x + 1, w = a->main_w - 2, h = a->main_h;
	term_style(ST_TITLE);
	if (!x->loaded) {
		draw_text(0, x0, w, "Exercises");
		term_style(ST_BAD);
		struct layout *d = doc_new();
		doc_wrap(d, x->error ? x->error : "no exercises", ROLE_WRONG, 0, w, 2);
		for (size_t i = 0; i < d->n && (int)i + 2 < h; i++) {
			char *t = layout_line_text(&d->lines[i]);
			draw_text(2 + (int)i, x0, w, t);
			free(t);
		}
		doc_free(d);
		term_style(ST_NORMAL);
		return;
	}
	draw_fmt(0, x0, w, "Exercises: %d of %zu passed", exercise_status_count_passed(&x->st),
		 x->st.set.n);

	int y = 1;
	if (util_is_dir(x->st.workspace)) {
		term_style(ST_MUTED);
		draw_fmt(y++, x0, w, "Workspace: %s", x->st.workspace);
	} else {
		term_style(ST_BAD);
		draw_fmt(y++, x0, w, "Workspace %s does not exist yet:", x->st.workspace);
		term_style(ST_NORMAL);
		draw_text(y++, x0, w, "press i to create it, like 'lockstep exercises init'.");
	}
	term_style(ST_NORMAL);

	/* the list, as long as it can be while the panel keeps half the rows
	 * (a verdict, its details and what to do next fit at 80x24) */
	int n = (int)x->st.set.n;
	int keep = (h - y) / 2 > PANEL_MIN ? (h - y) / 2 : PANEL_MIN;
	int room = h - y - 1 - keep;
	int rows = n < room ? n : room;
	if (rows < 3)
		rows = n < 3 ? n : 3;
	if (x->sel < x->list_top)
		x->list_top = x->sel;
	if (x->sel >= x->list_top + rows)
		x->list_top = x->sel - rows + 1;
	if (x->list_top > n - rows)
		x->list_top = n - rows > 0 ? n - rows : 0;
	int nw = name_width(x), next = ex_next_index(a);
	for (int r = 0; r < rows && y + r < h; r++)
		draw_row(a, y + r, x0, w, x->list_top + r, nw, next);
	y += rows;

	if (y >= h)
		return;
	int pw = w - 1; /* the panel's text sits one column in from its header */
	if (x->panel_stale || x->panel_width != pw || x->panel_sel != x->sel || !x->panel.lay)
		ex_panel_build(a, pw);
	panel_header(a, y, x0, w);
	if (y + 1 < h)
		pager_draw(&x->panel, y + 1, x0 + 1, pw, h - y - 1);
}

/* ------------------------------------------------------------ actions */

static void select_index(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded)
		return;
	if (i < 0)
		i = 0;
	if ((size_t)i >= x->st.set.n)
		i = (int)x->st.set.n - 1;
	x->sel = i;
	a->dirty = true;
}

static void open_view(struct app *a, int i)
{
	if (i >= 0)
		select_index(a, i);
	a->dirty = true;
}

static void ex_open_lesson(struct app *a)
{
	struct ex_view *x = &a->ex;
	int first = -1;
	for (size_t i = 0; i < x->st.set.n && first < 0; i++)
		if (x->lesson[i] == a->cur)
			first = (int)i;
	open_view(a, first);
	if (!x->loaded)
		app_message(a, true, "no exercises: %s", x->error ? x->error : "?");
	else if (first < 0 && a->cat.n)
		app_message(a, false, "lesson %d has no exercises; here are all of them",
			    a->cat.v[a->cur].number);
}

static void ex_command_verify(struct app *a, const char *key)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded) {
		app_message(a, true, "verify: no exercises: %s", x->error ? x->error : "?");
		return;
	}
	int i;
	if (key) {
		const struct exercise *e = exercise_find(&x->st.set, key);
		if (!e) {
			app_message(a, true, "verify: no exercise '%s' (see :exercises)", util_shown(key));
			return;
		}
		i = (int)(e - x->st.set.v);
	} else if (a->view == VIEW_EXERCISES) {
		i = x->sel;
	} else {
		i = ex_next_index(a);
		if (i < 0)
			i = x->sel;
	}
	open_view(a, i);
	ex_job_start(a, i);
}

static void show_hint(struct app *a)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[x->sel];
	struct exercise_hints h;
	char *err = NULL;
	int k = 0;
	if (exercise_status_reveal_hint(&x->st, e, &h, &k, &err) != 0) {
		app_message(a, true, "%s", err ? err : "no hints");
		free(err);
		if (!h.n) { /* could not be read at all */
			exercise_hints_release(&h);
			return;
		}
	} else if (h.n == 0) {
		app_message(a, false, "%02d %s has no hints", e->number, e->name);
		exercise_hints_release(&h);
		return;
	}
	if (k > 0) {
		x->panel_jump = true;
		if (k == h.n)
			app_message(a, false, "that was the last hint: S shows the reference solution");
	} else {
		app_message(a, false, "no more hints: S shows the reference solution");
	}
	x->items[x->sel].panel = EXP_HINTS;
	x->panel_stale = true;
	exercise_hints_release(&h);
}

static void show_solution(struct app *a)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[x->sel];
	if (!exercise_status_solution_open(&x->st, e)) {
		app_message(a, true, "the solution to %02d opens once you pass it, or after all %d "
			    "hints (you have seen %d): h first", e->number,
			    exercise_status_hint_count(&x->st, e), exercise_status_hints_seen(&x->st, e));
		return;
	}
	char *err = NULL;
	char *text = exercise_solution_load(e, &err);
	if (!text) {
		app_message(a, true, "%s", err ? err : "no solution");
		free(err);
		return;
	}
	char *title = xasprintf("the reference solution to %02d %s", e->number, e->name);
	app_open(a, VIEW_SOURCE, &(struct view_arg){.text = text, .title = title, .index = -1});
}

/* s: the learner's file in the source view (E there edits it). */
static void show_file(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	char *file = exercise_status_file(&x->st, &x->st.set.v[i]);
	size_t len;
	char *err = NULL;
	char *text = util_read_file(file, &len, &err);
	if (!text) {
		app_message(a, true, "%s (i copies the exercises into %s)", err ? err : file,
			    x->st.workspace);
		free(err);
		free(file);
		return;
	}
	free(err);
	app_open(a, VIEW_SOURCE, &(struct view_arg){.text = text, .title = file, .index = i});
}

/* "verify it now?" after E (Enter says yes). */
static void verify_answer(struct app *a, bool yes, const char *word, int i)
{
	(void)word;
	if (yes && i >= 0 && (size_t)i < a->ex.st.set.n)
		app_open(a, VIEW_EXERCISES, &(struct view_arg){.verb = VERB_VERIFY, .index = i});
	else
		app_message(a, false, "not verified; v verifies it");
}

static void ex_edit(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded || i < 0 || (size_t)i >= x->st.set.n)
		return;
	if (ex_verifying(a)) {
		app_message(a, true, "a verify is running: Esc cancels it first");
		return;
	}
	const struct exercise *e = &x->st.set.v[i];
	char *file = exercise_status_file(&x->st, e);
	if (access(file, F_OK) != 0) {
		app_message(a, true, "%s is not there yet: i copies the exercises into %s", file,
			    x->st.workspace);
		free(file);
		return;
	}
	int rc = editor_run(file);
	free(file);
	if (a->view == VIEW_SOURCE && a->source_exercise == i)
		show_file(a, i); /* what the editor saved */
	x->panel_stale = true;
	if (rc != 0) {
		app_message(a, true, "the editor failed (set $EDITOR); v verifies your file");
		return;
	}
	app_ask(a, verify_answer, NULL, i, true, "verify %02d %s now? (y/n)", e->number,
		e->name);
}

static void init_workspace(struct app *a)
{
	struct ex_view *x = &a->ex;
	int copied = 0, kept = 0;
	char *err = NULL;
	if (exercise_status_init_workspace(&x->st, NULL, false, &copied, &kept, &err) != 0) {
		app_message(a, true, "%s", err ? err : "could not create the workspace");
		free(err);
		return;
	}
	x->panel_stale = true;
	app_message(a, false, "copied %d file%s into %s%s. Edit a file there (E), then v.", copied,
		    copied == 1 ? "" : "s", x->st.workspace,
		    kept ? "; your own files were kept" : "");
}

/* "copy the exercises?" (only y says yes). */
static void init_answer(struct app *a, bool yes, const char *word, int n)
{
	(void)word;
	(void)n;
	if (yes)
		init_workspace(a);
	else
		app_message(a, false, "nothing created; i asks again");
}

static bool ex_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct ex_view *x = &a->ex;
	struct pager *p = &x->panel;
	if (act == A_BACK) {
		if (ex_verifying(a))
			ex_cancel(a);
		else
			app_open(a, VIEW_READER, NULL);
		return true;
	}
	if (!x->loaded) {
		switch (act) {
		case A_VERIFY: case A_HINT: case A_SOLUTION: case A_SOURCE: case A_EDITOR:
		case A_TASK: case A_INIT: case A_DOWN: case A_UP:
			app_message(a, true, "no exercises: %s", x->error ? x->error : "?");
			return true;
		default:
			return false;
		}
	}
	switch (act) {
	case A_DOWN:
	case A_UP:
		select_index(a, x->sel + (act == A_DOWN ? 1 : -1));
		return true;
	case A_VERIFY:
		ex_job_start(a, x->sel);
		return true;
	case A_HINT:
		show_hint(a);
		return true;
	case A_SOLUTION:
		show_solution(a);
		return true;
	case A_SOURCE:
		show_file(a, x->sel);
		return true;
	case A_EDITOR:
		ex_edit(a, x->sel);
		return true;
	case A_TASK:
		x->items[x->sel].panel = EXP_TASK;
		x->panel_stale = true;
		return true;
	case A_INIT:
		if (ex_verifying(a)) {
			app_message(a, true, "a verify is running: Esc cancels it first");
			return true;
		}
		app_ask(a, init_answer, NULL, 0, false,
			"copy the %zu exercises into %s? Files you have there are kept. (y/n)",
			x->st.set.n, x->st.workspace);
		return true;
	default:
		return pager_key(p, act); /* the panel scrolls */
	}
}

/* ------------------------------------------------------------ the reader */

static void ex_lesson_lines(const struct app *a, struct layout *lay, int lesson, int width)
{
	const struct ex_view *x = &a->ex;
	struct sbuf list;
	sbuf_init(&list);
	for (size_t i = 0; i < x->st.set.n; i++) {
		if (x->lesson[i] != lesson)
			continue;
		const struct exercise *e = &x->st.set.v[i];
		sbuf_addf(&list, "%s%02d %s", list.len ? ", " : "", e->number, e->name);
		if (exercise_status_passed(&x->st, e))
			sbuf_addf(&list, " %s", term_glyph_ok());
	}
	if (!list.len) {
		sbuf_release(&list);
		return;
	}
	/* the lines belong to the lesson's last block, so a place kept across
	 * a resize still finds them */
	int block = lay->n ? lay->lines[lay->n - 1].block : -1;
	size_t from = lay->n;
	doc_line(lay, "", ROLE_TEXT, 0);
	const char *label = "Exercises for this lesson: ";
	char *tail = xasprintf(" %s press x", dash());
	int tw = util_text_width(label, strlen(label)) + util_text_width(list.buf, list.len) +
		 util_text_width(tail, strlen(tail));
	if (tw <= width) {
		struct lline *ln = doc_line(lay, label, ROLE_STRONG, 0);
		doc_add_run(ln, list.buf, ROLE_CODE, 0);
		doc_add_run(ln, tail, ROLE_MUTED, 0);
	} else {
		char *all = xasprintf("%s%s%s", label, list.buf, tail);
		doc_wrap(lay, all, ROLE_STRONG, 0, width, 2);
		free(all);
	}
	for (size_t i = from; i < lay->n; i++)
		lay->lines[i].block = block;
	free(tail);
	sbuf_release(&list);
}

/* ------------------------------------------------------------ the view */

/* x and :exercises (show), :verify (verify), E on the learner's file in the
 * source view (edit: the view stays where it is). */
static int ex_enter(struct app *a, struct view_arg *arg)
{
	switch (arg->verb) {
	case VERB_EDIT:
		ex_edit(a, arg->index);
		return 0;
	case VERB_VERIFY:
		if (arg->name || arg->index < 0) {
			ex_command_verify(a, arg->name);
		} else {
			open_view(a, arg->index);
			ex_job_start(a, arg->index);
		}
		return 1;
	default:
		ex_open_lesson(a);
		return 1;
	}
}

static const char *ex_hints(const struct app *a)
{
	return ex_verifying(a) ? "Esc cancels the verify" : "v verify  h hint  s file  E edit  Esc back";
}

const struct view view_exercises = {
	.name = "exercises",
	.id = VIEW_EXERCISES,
	.keys = K_EXERCISES,
	.draw = ex_draw,
	.key = ex_key,
	.hints = ex_hints,
	.enter = ex_enter,
	.init = ex_init,
	.busy = ex_verifying,
	.cancel = ex_cancel,
	.pollfds = ex_pollfds,
	.wait_ms = ex_wait_ms,
	.service = ex_service,
	.release = ex_release,
	.lesson_lines = ex_lesson_lines,
};
