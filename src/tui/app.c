/*
 * app.c - the full-screen lab's event loop and glue: load the catalogue,
 * registry, exercises and progress; block in poll() on the terminal, the
 * signal pipe, the demo's pipes and the verify worker's wake-up pipe (no
 * timeout when nothing runs: 0% CPU when idle);
 * drain get_wch() until ERR; dispatch keys through the keymap to the
 * current view; draw at most 30 times a second; save the learner's place on
 * every lesson change and on the way out.
 *
 * LOCKSTEP_BENCH_EXIT_AFTER_DRAW=1 (for tests/bench.sh) leaves, cleanly,
 * right after the first screen has been drawn (the first doupdate).
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/command.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/ui.h"

#define MIN_COLS 50
#define MIN_ROWS 12
#define SIDEBAR_AUTO_COLS 100 /* the lesson list shows by itself from here */
#define FRAME_NS (1000000000LL / 30)
#define RUNS_DEFAULT 10

long long app_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void app_message(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(a->msg);
	a->msg = xvasprintf(fmt, ap);
	va_end(ap);
	a->msg_err = err;
	a->dirty = true;
}

const struct lesson *app_lesson(const struct app *a)
{
	if (a->cat.n == 0)
		return NULL;
	const struct catalog_entry *e = &a->cat.v[a->cur];
	return e->lesson && e->diags.n == 0 ? e->lesson : NULL;
}

static void save_progress(struct app *a)
{
	if (a->cat.n == 0 || !a->cat.v[a->cur].id)
		return;
	progress_set_current(a->prog, a->cat.v[a->cur].id, reader_position(a));
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "could not save progress: %s", err ? err : "?");
		free(err);
	}
}

static void search_clear(struct app *a)
{
	a->searching = false;
	free(a->search);
	a->search = NULL;
	pager_search_clear(&a->reader);
	pager_search_clear(&a->source);
	pager_search_clear(&a->help);
}

void app_open_lesson(struct app *a, int index)
{
	if (index < 0 || (size_t)index >= a->cat.n)
		return;
	a->cur = index;
	a->focus.on = false;
	search_clear(a);
	pager_set(&a->reader, NULL, false);
	a->reader.top = 0;
	a->reader_pos = 0;
	a->reader_width = 0;
	if (a->view != VIEW_DEMO)
		a->view = VIEW_READER;
	save_progress(a);
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

static void args_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The lesson's card for a demo: the focused one, else the first. */
static const struct demo_block *card_for(struct app *a, const char *demo)
{
	const struct lesson *l = app_lesson(a);
	if (!l)
		return NULL;
	const struct demo_block *f = reader_focused_demo(a);
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
	if (a->view == VIEW_SOURCE && a->source_demo && a->source_is_c)
		return a->source_demo;
	if (a->view == VIEW_DEMO && a->demo.name)
		return a->demo.name;
	const struct lesson *l = app_lesson(a);
	const struct demo_block *f = reader_focused_demo(a);
	if (f)
		return f->name;
	if (a->last_demo)
		return a->last_demo;
	for (size_t i = 0; l && i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_DEMO && l->blocks[i]->demo.name)
			return l->blocks[i]->demo.name;
	return NULL;
}

/* The parameters a demo runs with: the card's, then `set`'s. Caller frees. */
static char **demo_args(struct app *a, const char *name, size_t *n)
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
	if (nextra) {
		struct override *o = override_find(a, nm, true);
		for (size_t i = 0; i < nextra; i++)
			args_merge(&o->args, &o->nargs, extra[i]);
	}
	free(a->last_demo);
	a->last_demo = xstrdup(nm);
	size_t n;
	char **args = demo_args(a, nm, &n);
	demo_start(a, nm, args, n, k);
	args_free(args, n);
	free(nm);
}

/* e: the prompt, filled with `set DEMO` and every parameter's value now;
 * the row above lists the ranges. */
static void edit_params(struct app *a, const char *name)
{
	if (!name) {
		app_message(a, true, "no demo here: focus a card with ] first");
		return;
	}
	const struct reg_demo *d = a->have_reg ? registry_find(&a->reg, name) : NULL;
	if (!d) {
		app_message(a, true, "unknown demo '%s'", name);
		return;
	}
	size_t n;
	char **cur = demo_args(a, name, &n);
	struct sbuf line = {0}, hint = {0};
	sbuf_addf(&line, "set %s", name);
	for (size_t i = 0; i < d->nparams; i++) {
		const struct reg_param *p = &d->params[i];
		const char *val = NULL;
		size_t kl = strlen(p->name);
		for (size_t j = 0; j < n; j++)
			if (strncmp(cur[j], p->name, kl) == 0 && cur[j][kl] == '=')
				val = cur[j] + kl + 1;
		if (val)
			sbuf_addf(&line, " %s=%s", p->name, val);
		else
			sbuf_addf(&line, " %s=%lld", p->name, p->def);
		sbuf_addf(&hint, "%s%s %lld..%lld", i ? "   " : "", p->name, p->min, p->max);
	}
	args_free(cur, n);
	prompt_open(a, PROMPT_COMMAND, line.buf);
	prompt_hint(a, hint.buf);
	sbuf_release(&line);
	sbuf_release(&hint);
}

/* ------------------------------------------------------------ commands */

static void set_runs(struct app *a, int k)
{
	a->runs_k = k;
	char buf[16];
	snprintf(buf, sizeof buf, "%d", k);
	progress_set_setting(a->prog, "runs", buf);
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0)
		free(err);
}

static void run_command(struct app *a, const char *line)
{
	int argc;
	const char **argv;
	if (prompt_split(a, line, &argc, &argv) != 0) {
		app_message(a, true, "unclosed quote in '%s'", line);
		return;
	}
	struct command_ctx ctx = {&a->cat, a->have_reg ? &a->reg : NULL, app_current_demo(a),
				  a->ex.loaded ? &a->ex.set : NULL};
	struct command cmd;
	char *err = NULL;
	if (command_parse(&cmd, &ctx, argc, argv, &err) != 0) {
		app_message(a, true, "%s", err);
		free(err);
		return;
	}
	switch (cmd.kind) {
	case CMD_NONE:
		break;
	case CMD_RUN:
		app_run_demo(a, cmd.demo, cmd.args, cmd.nargs, 1);
		break;
	case CMD_RUNS:
		if (cmd.runs)
			set_runs(a, cmd.runs);
		app_message(a, false, "K = %d: R runs a demo %d times and shows the spread",
			    a->runs_k, a->runs_k);
		break;
	case CMD_SET: {
		if (cmd.runs)
			set_runs(a, cmd.runs);
		struct sbuf sb = {0};
		if (cmd.demo && cmd.nargs) {
			struct override *o = override_find(a, cmd.demo, true);
			for (size_t i = 0; i < cmd.nargs; i++)
				args_merge(&o->args, &o->nargs, cmd.args[i]);
			sbuf_addf(&sb, "%s:", cmd.demo);
			for (size_t i = 0; i < cmd.nargs; i++)
				sbuf_addf(&sb, " %s", cmd.args[i]);
			sbuf_adds(&sb, " (r runs it)");
		}
		if (cmd.runs)
			sbuf_addf(&sb, "%sK = %d", sb.len ? "; " : "", cmd.runs);
		app_message(a, false, "%s", sb.buf ? sb.buf : "");
		sbuf_release(&sb);
		break;
	}
	case CMD_GOTO:
		app_open_lesson(a, cmd.lesson);
		a->view = VIEW_READER;
		break;
	case CMD_NEXT:
	case CMD_PREV:
		reader_key(a, cmd.kind == CMD_NEXT ? A_LESSON_NEXT : A_LESSON_PREV, 0, false);
		a->view = VIEW_READER;
		break;
	case CMD_SOURCE:
		source_open(a, cmd.demo);
		break;
	case CMD_HELP:
		if (cmd.topic) {
			const struct command_info *ci = command_lookup(cmd.topic);
			app_message(a, false, "%s: %s", ci->usage, ci->help);
		} else {
			if (a->view != VIEW_HELP)
				a->help_back = a->view;
			a->view = VIEW_HELP;
		}
		break;
	case CMD_QUIT:
		a->quit = true;
		break;
	case CMD_EXERCISES:
		ex_open_lesson(a);
		break;
	case CMD_VERIFY:
		ex_command_verify(a, cmd.exercise);
		break;
	}
	command_release(&cmd);
}

static struct pager *active_pager(struct app *a)
{
	switch (a->view) {
	case VIEW_SOURCE:
		return &a->source;
	case VIEW_HELP:
		return &a->help;
	case VIEW_READER:
		return &a->reader;
	default:
		return NULL;
	}
}

void app_search_live(struct app *a, const char *text)
{
	struct pager *p = active_pager(a);
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

void app_prompt_done(struct app *a, enum prompt_mode mode, const char *text)
{
	switch (mode) {
	case PROMPT_SEARCH: {
		struct pager *p = active_pager(a);
		if (!text || !*text || !p) {
			search_clear(a);
			break;
		}
		size_t n = pager_search(p, text);
		if (n == 0) {
			search_clear(a);
			app_message(a, true, "no match for '%s'", text);
			break;
		}
		free(a->search);
		a->search = xstrdup(text);
		a->searching = true;
		a->search_view = a->view;
		app_message(a, false, "%zu match%s for '%s': n next, N previous, Esc ends the search",
			    n, n == 1 ? "" : "es", text);
		break;
	}
	case PROMPT_GOTO: {
		if (!text || !*text)
			break;
		char *t = xstrdup(text);
		for (size_t n = strlen(t); n && t[n - 1] == ' '; n--)
			t[n - 1] = '\0';
		int i = catalog_find(&a->cat, t);
		if (i < 0)
			app_message(a, true, "no lesson '%s' (lessons %d..%d)", t, a->cat.v[0].number,
				    a->cat.v[a->cat.n - 1].number);
		else {
			app_open_lesson(a, i);
			a->view = VIEW_READER;
		}
		free(t);
		break;
	}
	case PROMPT_COMMAND:
		if (text)
			run_command(a, text);
		break;
	}
}

/* ------------------------------------------------------------ drawing */

static void geometry(struct app *a)
{
	a->rows = LINES;
	a->cols = COLS;
	a->too_small = a->cols < MIN_COLS || a->rows < MIN_ROWS;
	bool want = a->sidebar_pref < 0 ? a->cols >= SIDEBAR_AUTO_COLS : a->sidebar_pref > 0;
	int sw = a->cols >= 140 ? 30 : 24;
	a->sidebar_on = want && a->cols - sw - 1 >= 40;
	a->main_x = a->sidebar_on ? sw + 1 : 0;
	a->main_w = a->cols - a->main_x;
	a->main_h = a->rows - 1;
}

static const char *hints(struct app *a)
{
	switch (a->view) {
	case VIEW_DEMO:
		return demo_running(a) ? "Esc/Ctrl-C cancel" : "r again  R xK  e params  s source  Esc back";
	case VIEW_SOURCE:
		return a->source_demo || a->source_exercise >= 0 ? "E edit  / search  Esc back"
								  : "/ search  Esc back";
	case VIEW_HELP:
		return "Esc back";
	case VIEW_EXERCISES:
		return ex_verifying(a) ? "Esc cancels the verify"
				       : "v verify  h hint  s file  E edit  Esc back";
	default:
		return "? keys  : command  / search  q quit";
	}
}

/* A message too long for the status bar, word-wrapped on up to four rows
 * just above it (over the view, until the next key). */
static void message_above(struct app *a, int y, int w)
{
	struct layout *d = doc_new();
	doc_wrap(d, a->msg, ROLE_TEXT, 0, w - 2, 2);
	int n = (int)d->n > 4 ? 4 : (int)d->n;
	for (int i = 0; i < n; i++) {
		int row = y - n + i;
		if (row < 0)
			continue;
		term_style(a->msg_err ? ST_STATUS_ERR : ST_STATUS);
		draw_blank(row, 0, w);
		char *t = layout_line_text(&d->lines[i]);
		draw_text(row, 1, w - 2, t);
		free(t);
	}
	doc_free(d);
	term_style(ST_NORMAL);
}

static void status_draw(struct app *a)
{
	int y = a->rows - 1, w = a->cols;
	term_style(ST_STATUS);
	draw_blank(y, 0, w);
	char *full = NULL, *brief = NULL;
	if (a->cat.n) {
		const struct pager *p = &a->reader;
		int pct = 100;
		if (p->lay && (int)p->lay->n > p->height && p->height > 0) {
			int mt = (int)p->lay->n - p->height;
			pct = mt > 0 ? p->top * 100 / mt : 100;
		}
		int done = 0;
		for (size_t i = 0; i < a->cat.n; i++)
			done += a->cat.v[i].id && progress_lesson_done(a->prog, a->cat.v[i].id);
		full = xasprintf(" Lesson %d of %zu  %d%%  %d/%zu done ", a->cur + 1, a->cat.n, pct,
				 done, a->cat.n);
		brief = xasprintf(" %d/%zu ", a->cur + 1, a->cat.n);
	}
	const char *right = a->msg ? a->msg : hints(a);
	int rw = util_text_width(right, strlen(right));
	/* a message wins room over the lesson counter */
	const char *left = full ? full : "";
	if (a->msg && full && util_text_width(full, strlen(full)) + rw + 1 > w)
		left = brief;
	int lw = util_text_width(left, strlen(left));
	if (a->msg && lw + rw + 1 > w) {
		/* too long for one row: the whole message on rows above the bar */
		message_above(a, y, w);
		right = hints(a);
		rw = util_text_width(right, strlen(right));
		left = full ? full : "";
		term_style(ST_STATUS);
	} else if (a->msg && a->msg_err) {
		draw_text(y, 0, w, left);
		term_style(ST_STATUS_ERR);
		draw_text(y, lw + 1, w - lw - 1, right);
		term_style(ST_NORMAL);
		free(full);
		free(brief);
		return;
	} else if (a->msg) {
		draw_text(y, 0, w, left);
		draw_text(y, lw + 1, w - lw - 1, right);
		term_style(ST_NORMAL);
		free(full);
		free(brief);
		return;
	}
	lw = draw_text(y, 0, w, left);
	int room = w - lw - 1;
	if (room <= rw) { /* narrow: the one hint that leads to the others */
		right = "? keys";
		rw = 6;
	}
	if (room > rw)
		draw_text(y, w - rw - 1, rw, right);
	term_style(ST_NORMAL);
	free(full);
	free(brief);
}

static void too_small_draw(struct app *a)
{
	const char *l1 = "terminal too small";
	char l2[64];
	snprintf(l2, sizeof l2, "%dx%d, need %dx%d", a->cols, a->rows, MIN_COLS, MIN_ROWS);
	const char *l3 = "enlarge it, or q to quit";
	int y = a->rows / 2 - 1;
	if (y < 0)
		y = 0;
	const char *lines[] = {l1, l2, l3};
	for (int i = 0; i < 3 && y + i < a->rows; i++) {
		int tw = (int)strlen(lines[i]);
		int x = (a->cols - tw) / 2;
		term_style(i == 0 ? ST_TITLE : ST_NORMAL);
		draw_text(y + i, x < 0 ? 0 : x, a->cols, lines[i]);
	}
	term_style(ST_NORMAL);
}

void app_draw(struct app *a)
{
	geometry(a);
	erase();
	if (a->too_small) {
		too_small_draw(a);
	} else {
		if (a->sidebar_on) {
			int sw = a->main_x - 1;
			reader_sidebar_draw(a, 0, sw, a->main_h);
			term_style(ST_MUTED);
			for (int y = 0; y < a->main_h; y++)
				draw_text(y, sw, 1, term_glyph_vbar());
			term_style(ST_NORMAL);
		}
		switch (a->view) {
		case VIEW_READER:
			reader_draw(a);
			break;
		case VIEW_DEMO:
			demo_draw(a);
			break;
		case VIEW_SOURCE:
			source_draw(a);
			break;
		case VIEW_HELP:
			help_draw(a);
			break;
		case VIEW_EXERCISES:
			ex_draw(a);
			break;
		}
		if (prompt_active(a))
			prompt_draw(a, a->rows - 1, a->cols);
		else
			status_draw(a);
	}
	curs_set(prompt_active(a) && !a->too_small ? 1 : 0);
	refresh();
	a->last_draw_ns = app_now_ns();
	a->dirty = false;
}

/* ------------------------------------------------------------ keys */

static unsigned where_of(const struct app *a)
{
	unsigned w = a->view == VIEW_DEMO        ? K_DEMO
		     : a->view == VIEW_SOURCE    ? K_SOURCE
		     : a->view == VIEW_HELP      ? K_HELP
		     : a->view == VIEW_EXERCISES ? K_EXERCISES
						 : K_READER;
	if (app_searching(a, a->view))
		w |= K_SEARCHING;
	return w;
}

static void app_key(struct app *a, wint_t ch, bool fkey)
{
	a->dirty = true;
	if (fkey && ch == KEY_RESIZE)
		return; /* the next draw lays everything out for the new size */
	if (prompt_active(a)) {
		prompt_key(a, ch, fkey);
		return;
	}
	free(a->msg);
	a->msg = NULL;
	if (a->ask_rerun) {
		a->ask_rerun = false;
		if (!fkey && (ch == 'y' || ch == 'Y' || ch == '\r' || ch == '\n'))
			app_run_demo(a, a->rerun_demo, NULL, 0, 1);
		else
			app_message(a, false, "not run; r runs it");
		return;
	}
	if (ex_asking(a)) {
		ex_answer(a, ch, fkey);
		return;
	}
	if (a->too_small) {
		if (!fkey && (ch == 'q' || ch == 'Q'))
			a->quit = true;
		return;
	}
	enum action act = keymap_find((int)ch, fkey, where_of(a));
	if (act == A_BACK && app_searching(a, a->view)) {
		search_clear(a);
		return;
	}
	bool done = false;
	switch (a->view) {
	case VIEW_READER:
		done = reader_key(a, act, ch, fkey);
		break;
	case VIEW_DEMO:
		done = demo_key(a, act, ch, fkey);
		break;
	case VIEW_SOURCE:
		done = source_key(a, act, ch, fkey);
		break;
	case VIEW_HELP:
		done = help_key(a, act, ch, fkey);
		break;
	case VIEW_EXERCISES:
		done = ex_key(a, act, ch, fkey);
		break;
	}
	if (done)
		return;
	switch (act) {
	case A_QUIT:
		a->quit = true;
		break;
	case A_HELP:
		a->help_back = a->view;
		a->view = VIEW_HELP;
		break;
	case A_PROMPT:
		prompt_open(a, PROMPT_COMMAND, "");
		break;
	case A_SEARCH:
		search_clear(a);
		prompt_open(a, PROMPT_SEARCH, "");
		break;
	case A_GOTO:
		prompt_open(a, PROMPT_GOTO, "");
		break;
	case A_SIDEBAR:
		geometry(a);
		a->sidebar_pref = a->sidebar_on ? 0 : 1;
		geometry(a);
		if (a->sidebar_pref == 1 && !a->sidebar_on)
			app_message(a, true, "too narrow for the lesson list");
		break;
	case A_REDRAW:
		clearok(curscr, TRUE);
		break;
	case A_RUN:
	case A_RUN_K:
		app_run_demo(a, app_current_demo(a), NULL, 0, act == A_RUN ? 1 : a->runs_k);
		break;
	case A_PARAMS:
		edit_params(a, app_current_demo(a));
		break;
	case A_SOURCE: {
		const char *d = app_current_demo(a);
		if (d)
			source_open(a, d);
		else
			app_message(a, true, "no demo here: focus a card with ] first");
		break;
	}
	case A_EXERCISES:
		ex_open_lesson(a);
		break;
	case A_EDITOR: {
		if (a->view == VIEW_SOURCE && !a->source_demo) {
			/* the learner's exercise file, or a text nobody edits */
			if (a->source_exercise >= 0)
				ex_edit(a, a->source_exercise);
			else
				app_message(a, true, "this is not a file you edit here");
			break;
		}
		const char *d = app_current_demo(a);
		if (d) {
			char *name = xstrdup(d);
			source_edit(a, name);
			free(name);
		} else {
			app_message(a, true, "no demo here: focus a card with ] first");
		}
		break;
	}
	default:
		break;
	}
}

/* ------------------------------------------------------------ the loop */

static void app_loop(struct app *a)
{
	const char *be = getenv("LOCKSTEP_BENCH_EXIT_AFTER_DRAW");
	bool bench = be && *be && strcmp(be, "0") != 0;
	a->dirty = true;
	while (!a->quit) {
		int sig = term_take_signals();
		if (sig & SIG_WINCH_BIT) {
			term_resize();
			a->dirty = true;
		}
		if (sig & SIG_QUIT_BIT)
			break; /* SIGTERM, SIGHUP, SIGQUIT: leave cleanly */
		if (sig & SIG_INT_BIT) { /* Ctrl-C: the innermost thing going on */
			if (prompt_active(a))
				prompt_close(a);
			else if (demo_running(a))
				demo_cancel(a);
			else if (ex_verifying(a))
				ex_cancel(a);
			else
				break;
			a->dirty = true;
		}
		int timeout = -1;
		if (a->dirty) {
			long long since = app_now_ns() - a->last_draw_ns;
			if (since >= FRAME_NS) {
				app_draw(a);
				if (bench)
					break;
			} else {
				timeout = (int)((FRAME_NS - since) / 1000000LL) + 1;
			}
		}
		struct pollfd fds[8];
		int n = 0;
		fds[n++] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
		fds[n++] = (struct pollfd){.fd = term_signal_fd(), .events = POLLIN};
		n += demo_pollfds(a, fds + n, 8 - n);
		n += ex_pollfds(a, fds + n, 8 - n);
		int dw = demo_wait_ms(a);
		if (dw >= 0 && (timeout < 0 || dw < timeout))
			timeout = dw;
		int xw = ex_wait_ms(a); /* the verify's clock; -1 when none runs */
		if (xw >= 0 && (timeout < 0 || xw < timeout))
			timeout = xw;
		int r = poll(fds, (nfds_t)n, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break; /* the terminal is gone */
		if (demo_running(a) && demo_service(a))
			a->dirty = true;
		if (ex_verifying(a) && ex_service(a))
			a->dirty = true;
		wint_t ch;
		int k;
		while ((k = get_wch(&ch)) != ERR)
			app_key(a, ch, k == KEY_CODE_YES);
	}
}

/* ------------------------------------------------------------ entry */

/* Not a terminal, or TERM=dumb: print the lesson as `lockstep show` does. */
static int print_instead(const char *key, const char *why)
{
	fprintf(stderr, "lockstep: %s; printing the lesson as 'lockstep show %s' would.\n", why,
		key);
	fflush(stderr);
	char *argv[] = {"show", (char *)key, NULL};
	return cmd_show(2, argv);
}

static void app_release(struct app *a)
{
	ex_release(a);
	demo_release(&a->demo);
	source_release(a);
	pager_release(&a->reader);
	pager_release(&a->help);
	prompt_release(a);
	for (size_t i = 0; i < a->novr; i++) {
		free(a->ovr[i].demo);
		args_free(a->ovr[i].args, a->ovr[i].nargs);
	}
	free(a->ovr);
	free(a->last_demo);
	free(a->rerun_demo);
	free(a->search);
	free(a->msg);
	if (a->have_reg)
		registry_release(&a->reg);
	progress_free(a->prog);
	catalog_release(&a->cat);
}

int tui_run(const char *lesson, enum tui_color color)
{
	setlocale(LC_ALL, "");
	static struct app app;
	struct app *a = &app;
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
		catalog_release(&a->cat);
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
			app_release(a);
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
		char key[16];
		snprintf(key, sizeof key, "%d", a->cat.v[idx].number);
		free(warning);
		app_release(a);
		return print_instead(key, dumb ? "TERM is dumb (or unset)" : "not a terminal");
	}

	char *err = NULL;
	a->have_reg = registry_load(&a->reg, NULL, &err) == 0;
	ex_init(a);
	const char *rs = progress_setting(a->prog, "runs");
	a->runs_k = rs && atoi(rs) >= 1 && atoi(rs) <= COMMAND_RUNS_MAX ? atoi(rs) : RUNS_DEFAULT;

	if (term_init(color) != 0) {
		char key[16];
		snprintf(key, sizeof key, "%d", a->cat.v[idx].number);
		free(warning);
		free(err);
		app_release(a);
		return print_instead(key, "the terminal could not be set up");
	}
	prompt_init(a);
	a->cur = idx;
	a->view = VIEW_READER;
	progress_set_current(a->prog, a->cat.v[idx].id, pos);
	reader_set_position(a, pos);
	if (warning)
		app_message(a, true, "%s", warning);
	else if (!a->have_reg)
		app_message(a, true, "demos unavailable: %s (run make)", err ? err : "no registry");
	else if (catalog_problems(&a->cat) > 0)
		app_message(a, true, "%zu problem%s in the lessons: lockstep lint lists them",
			    catalog_problems(&a->cat), catalog_problems(&a->cat) == 1 ? "" : "s");
	free(warning);
	free(err);

	app_loop(a);

	demo_release(&a->demo); /* kill a run still going before we leave */
	ex_release(a);          /* and stop a verify (it joins the worker) */
	save_progress(a);
	term_end();
	app_release(a);
	return 0;
}
