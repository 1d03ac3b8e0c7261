/*
 * view_step_draw.c - how the step view looks: a title and the goal; one
 * column per thread (side by side as far as they fit, < and > show the
 * others) with its state, what it waits for, and its source around the next
 * statement (marked with an arrow as well as a colour); the shared state
 * (values, each lock's owner and waiters, who waits on a semaphore, a
 * barrier or a condition); the timeline, one row per thread and a column
 * per step, which reads as the schedule string below it; and the win
 * screen of a challenge. Reads the view's state; changes only first_col.
 */
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/util.h"
#include "tui/view_step.h"

#define COL_MIN 30 /* narrowest thread column */

/* ------------------------------------------------------------ the source */

void step_view_source_release(struct step_view *sv)
{
	free(sv->src.file);
	free(sv->src.text);
	free(sv->src.lines);
	memset(&sv->src, 0, sizeof sv->src);
}

static char **step_view_source(struct step_view *sv, const char *file, int *n)
{
	*n = 0;
	if (!file)
		return NULL;
	if (!sv->src.file || strcmp(sv->src.file, file) != 0) {
		step_view_source_release(sv);
		sv->src.file = xstrdup(file);
		/* only a plain file name in lab/: the demo names its own source */
		if (!strchr(file, '/')) {
			char *path = paths_join(paths_lab(), file);
			size_t len;
			char *err = NULL;
			sv->src.text = util_read_file(path, &len, &err);
			free(err);
			free(path);
		}
		size_t cap = 0;
		for (char *p = sv->src.text; p && *p;) {
			*(char **)VEC_PUSH(sv->src.lines, sv->src.nlines, cap) = p;
			char *nl = strchr(p, '\n');
			if (!nl)
				break;
			*nl = '\0';
			p = nl + 1;
		}
	}
	*n = sv->src.nlines;
	return sv->src.lines;
}

/* ------------------------------------------------------------ drawing */


static void put(int y, int x, int w, enum ui_style st, const char *s)
{
	if (w <= 0)
		return;
	term_style(st);
	draw_text(y, x, w, s);
	term_style(ST_NORMAL);
}

/* Text over at most `rows` rows of w columns, broken at blanks. */
static void put_wrap(int y, int x, int w, int rows, enum ui_style st, const char *s)
{
	for (int r = 0; r < rows && *s && w > 4; r++) {
		size_t n = strlen(s);
		size_t fit = util_fit_width(s, n, w);
		size_t cut = fit;
		if (fit < n && r + 1 < rows) {
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = fit;
		}
		char *part = xstrndup(s, cut);
		put(y + r, x, w, st, part);
		free(part);
		s += cut;
		while (*s == ' ')
			s++;
	}
}

/* A source line with tabs as four columns. Caller frees. */
static char *untab(const char *s)
{
	struct sbuf sb = {0};
	sbuf_adds(&sb, "");
	for (; *s; s++) {
		if (*s == '\t')
			sbuf_adds(&sb, "    ");
		else
			sbuf_addc(&sb, *s);
	}
	return sb.buf;
}

static const char *state_word(enum step_tstate s)
{
	switch (s) {
	case STEP_T_READY: return "ready";
	case STEP_T_BLOCKED: return "BLOCKED";
	case STEP_T_DONE: return "done";
	default: return "-";
	}
}

/* What a blocked thread waits for, in words. Caller frees. */
static char *waits_text(const struct step_state *st, const struct step_thread *t)
{
	const struct step_lock *k = t->waits_name ? step_state_lock(st, t->waits_name) : NULL;
	if (k && k->owner >= 0)
		return xasprintf("waits: %s %s (%c has it)", t->waits_kind ? t->waits_kind : "?",
				 k->name, step_letter(k->owner));
	return xasprintf("waits: %s %s", t->waits_kind ? t->waits_kind : "?",
			 t->waits_name ? t->waits_name : "");
}

static void draw_column(struct step_view *sv, const struct step_state *st, int id, int y, int x,
			int w, int h)
{
	const struct step_thread *t = &st->threads[id];
	char head[96];
	snprintf(head, sizeof head, "%c", step_letter(id));
	put(y, x, w, ST_TITLE, head);
	bool running = sv->sp && stepper_moving(sv->sp) == id; /* between two step points */
	const char *word = running ? "RUNNING" : state_word(t->state);
	snprintf(head, sizeof head, " %s", word);
	put(y, x + 1, w - 1, t->state == STEP_T_BLOCKED ? ST_BAD : running ? ST_TITLE : ST_NORMAL,
	    head);
	if (t->state != STEP_T_DONE && t->label) {
		snprintf(head, sizeof head, running ? "  from: %s" : "  next: %s", t->label);
		put(y, x + 1 + (int)strlen(word) + 1, w - 8, ST_NORMAL, head);
	}
	char *info = NULL;
	if (t->state == STEP_T_BLOCKED)
		info = waits_text(st, t);
	else if (t->local && t->state != STEP_T_DONE)
		info = xasprintf("local %s = %lld", t->local, t->local_value);
	else if (t->state == STEP_T_DONE)
		info = xasprintf("finished after %d steps", t->moves);
	if (info)
		put(y + 1, x, w, t->state == STEP_T_BLOCKED ? ST_BAD : ST_MUTED, info);
	free(info);
	if (t->state == STEP_T_DONE || !t->file || h <= 2)
		return;
	int n;
	char **lines = step_view_source(sv, t->file, &n);
	int rows = h - 2;
	if (!lines) {
		char *m = xasprintf("%s:%d (source not found)", t->file, t->line);
		put(y + 2, x, w, ST_MUTED, m);
		free(m);
		return;
	}
	int first = t->line - rows / 3;
	if (first + rows - 1 > n)
		first = n - rows + 1;
	if (first < 1)
		first = 1;
	/* the indentation every shown line shares is dropped: columns are narrow */
	int common = 1 << 20;
	for (int r = 0; r < rows && first + r <= n; r++) {
		char *text = untab(lines[first + r - 1]);
		int ind = (int)strspn(text, " ");
		if (text[ind] && ind < common)
			common = ind;
		free(text);
	}
	for (int r = 0; r < rows && first + r <= n; r++) {
		int ln = first + r;
		bool cur = ln == t->line;
		char num[16];
		snprintf(num, sizeof num, "%s%4d ", cur ? term_glyph_cur() : " ", ln);
		put(y + 2 + r, x, 6, cur ? ST_TITLE : ST_MUTED, num);
		char *text = untab(lines[ln - 1]);
		int len = (int)strlen(text);
		const char *p = text + (common < len ? common : len);
		put(y + 2 + r, x + 6, w - 6, cur ? ST_MATCH_CUR : ST_NORMAL, p);
		free(text);
	}
}

/* Shared values, locks, and who waits on what else: two lines at most. */
static void draw_shared(const struct step_state *st, int y, int x, int w)
{
	struct sbuf sb = {0};
	sbuf_adds(&sb, "shared:");
	for (size_t i = 0; i < st->nshared; i++)
		sbuf_addf(&sb, " %s=%lld", st->shared[i].name, st->shared[i].value);
	if (st->nshared == 0)
		sbuf_adds(&sb, " (none shown)");
	put(y, x, w, ST_NORMAL, sb.buf);
	sbuf_release(&sb);
	sbuf_adds(&sb, "locks:");
	for (size_t i = 0; i < st->nlocks; i++) {
		const struct step_lock *k = &st->locks[i];
		sbuf_addf(&sb, "%s %s: ", i ? ";" : "", k->name);
		if (k->owner >= 0)
			sbuf_addf(&sb, "held by %c", step_letter(k->owner));
		else
			sbuf_adds(&sb, "free");
		bool any = false;
		for (size_t j = 0; j < st->nthreads; j++) {
			const struct step_thread *t = &st->threads[j];
			if (t->state == STEP_T_BLOCKED && t->waits_name &&
			    strcmp(t->waits_name, k->name) == 0) {
				sbuf_addf(&sb, "%s%c", any ? "," : ", waiting ", step_letter((int)j));
				any = true;
			}
		}
	}
	if (st->nlocks == 0)
		sbuf_adds(&sb, " none");
	/* semaphores, barriers, conditions: their counts and who waits on them */
	for (size_t i = 0; i < st->nobjs; i++) {
		const struct step_obj *o = &st->objs[i];
		if (strcmp(o->kind, "sem") == 0)
			sbuf_addf(&sb, "; sem %s = %lld", o->name, o->value);
		else if (strcmp(o->kind, "barrier") == 0)
			sbuf_addf(&sb, "; barrier %s %lld of %lld in", o->name, o->value, o->count);
		else
			sbuf_addf(&sb, "; cond %s", o->name);
		bool any = false;
		for (size_t j = 0; j < st->nthreads; j++) {
			const struct step_thread *t = &st->threads[j];
			if (t->state == STEP_T_BLOCKED && t->waits_name &&
			    strcmp(t->waits_name, o->name) == 0) {
				sbuf_addf(&sb, "%s%c", any ? "," : ", waiting ", step_letter((int)j));
				any = true;
			}
		}
	}
	put_wrap(y + 1, x, w, 2, ST_NORMAL, sb.buf);
	sbuf_release(&sb);
}

/* One row per thread, one column per step (the label's first letter where
 * the thread moved, a dot elsewhere), then the schedule string. */
static void draw_timeline(const struct step_view *sv, const struct step_state *st, int y, int x,
			  int w)
{
	int room = w - 4;
	size_t from = sv->nmarks > (size_t)room && room > 0 ? sv->nmarks - (size_t)room : 0;
	for (size_t t = 0; t < st->nthreads; t++) {
		struct sbuf sb = {0};
		sbuf_addf(&sb, "%c %s ", step_letter((int)t), from ? "<" : "|");
		for (size_t i = from; i < sv->nmarks; i++) {
			const struct step_mark *m = &sv->marks[i];
			sbuf_addc(&sb, (size_t)m->thread == t ? (m->label && *m->label ? m->label[0] : '#')
							  : '.');
		}
		put(y + (int)t, x, w, ST_NORMAL, sb.buf);
		sbuf_release(&sb);
	}
	const char *sched = sv->sp ? stepper_schedule(sv->sp) : "";
	char *line = xasprintf("schedule (%zu): %s", sv->nmarks, *sched ? sched : "(no step yet)");
	int len = (int)strlen(line);
	const char *shown = len > w ? line + (len - w) : line; /* keep the newest end */
	put(y + (int)st->nthreads, x, w, ST_TITLE, shown);
	free(line);
}

static void draw_win(struct step_view *sv, int y, int x, int w, int h)
{
	int row = y;
	put(row++, x, w, ST_OK, "CHALLENGE WON");
	char *s = xasprintf("schedule: %s (%zu steps)", stepper_schedule(sv->sp), sv->nmarks);
	put(row++, x, w, ST_TITLE, s);
	free(s);
	if (sv->outcome)
		put(row++, x, w, ST_NORMAL, sv->outcome);
	put(row++, x, w, ST_MUTED, "What happened (step, thread, statement, shared after it):");
	int proof_rows = 3;
	int room = y + h - proof_rows - row;
	size_t from = sv->nmarks > (size_t)(room > 0 ? room : 0) ? sv->nmarks - (size_t)room : 0;
	if (from && room > 0) { /* say that the first steps are not shown */
		from++;
		s = xasprintf("  ... %zu earlier steps", from);
		put(row++, x, w, ST_MUTED, s);
		free(s);
	}
	for (size_t i = from; i < sv->nmarks && row < y + h - proof_rows; i++) {
		const struct step_mark *m = &sv->marks[i];
		s = xasprintf("%4zu  %c  %-10s line %-4d %s", i + 1, step_letter(m->thread),
			      m->label ? m->label : "?", m->line, m->after ? m->after : "");
		put(row++, x, w, ST_NORMAL, s);
		free(s);
	}
	row = y + h - proof_rows;
	if (!sv->ch_fixed)
		return;
	const struct step_proof *p = &sv->proof;
	s = xasprintf("The fixed version is variant '%s': f steps it.", sv->ch_fixed);
	put(row++, x, w, ST_TITLE, s);
	free(s);
	if (!p->done)
		s = xasprintf("explore is checking every interleaving of it...");
	else if (p->rc != 0 || p->err)
		s = xasprintf("explore could not prove it: %s", p->err ? p->err : "failed");
	else if (!p->ex.complete)
		s = xasprintf("explore stopped at its limit (%lu runs): %llu interleavings, goal in %llu",
			      p->ex.runs, p->ex.interleavings, p->ex.goal_count);
	else if (p->ex.goal_count == 0)
		s = xasprintf("explore proves it: %s reached in 0 of %llu interleavings",
			      sv->goal.text, p->ex.interleavings);
	else
		s = xasprintf("explore finds the goal in %llu of %llu interleavings of the fixed "
			      "version (shortest %s)",
			      p->ex.goal_count, p->ex.interleavings,
			      p->ex.goal_shortest ? p->ex.goal_shortest : "?");
	put(row++, x, w, p->done && p->ex.complete && p->ex.goal_count == 0 ? ST_OK : ST_NORMAL, s);
	free(s);
}

void step_view_draw(struct app *a)
{
	struct step_view *sv = a->step;
	int x = a->main_x, w = a->main_w, h = a->main_h;
	if (!sv || !sv->open) {
		put(0, x, w, ST_MUTED, "No step session: type :step DEMO key=value ... (or S on a demo card)");
		return;
	}
	struct sbuf sb = {0};
	sbuf_addf(&sb, "Step %s (%s)", sv->target.demo, sv->target.variant);
	for (size_t i = 0; i < sv->nparams; i++)
		sbuf_addf(&sb, " %s", sv->params[i]);
	if (sv->autoplay)
		sbuf_addf(&sb, "  [auto %d ms]", sv->speed_ms);
	put(0, x, w, ST_TITLE, sb.buf);
	sbuf_release(&sb);
	if (sv->has_goal)
		sbuf_addf(&sb, "Challenge%s: %s. Goal: %s", sv->won ? " (won)" : "", sv->ch_title,
			  sv->goal.text);
	else
		sbuf_adds(&sb, "You are the scheduler: a thread's letter runs its next statement.");
	put(1, x, w, ST_MUTED, sb.buf);
	sbuf_release(&sb);
	if (sv->show_win && sv->sp) {
		draw_win(sv, 3, x, w, h - 3);
		return;
	}
	if (!sv->sp) {
		put(3, x, w, ST_BAD, sv->failure ? sv->failure : "the demo did not start");
		put(4, x, w, ST_MUTED, "0 starts it again, Esc goes back");
		return;
	}
	const struct step_state *st = stepper_state(sv->sp);
	int nt = (int)st->nthreads;
	char *busy = step_session_status(sv);
	if (nt == 0) { /* no state yet */
		put(3, x, w, ST_MUTED, busy ? busy : "the demo is starting");
		free(busy);
		return;
	}
	/* shared (1), locks and the rest (2), timeline, schedule, outcome (2) */
	int bottom = 1 + 2 + nt + 1 + 2;
	int fit = w / COL_MIN;
	if (fit < 1)
		fit = 1;
	if (fit > nt)
		fit = nt;
	if (sv->first_col > nt - fit)
		sv->first_col = nt - fit;
	if (sv->first_col < 0)
		sv->first_col = 0;
	int col_h = h - 2 - bottom - (fit < nt); /* a row says which threads show */
	int cw = fit ? w / fit : w;
	for (int c = 0; c < fit && col_h > 0; c++) {
		int id = sv->first_col + c;
		int cx = x + c * cw;
		draw_column(sv, st, id, 2, cx, cw - 1, col_h);
		if (c + 1 < fit) {
			term_style(ST_MUTED);
			for (int r = 2; r < 2 + col_h; r++)
				draw_text(r, cx + cw - 1, 1, term_glyph_vbar());
			term_style(ST_NORMAL);
		}
	}
	int y = 2 + (col_h > 0 ? col_h : 0);
	if (fit < nt) {
		char *m = xasprintf("threads %c-%c of A-%c shown: < and > show the others",
				    step_letter(sv->first_col), step_letter(sv->first_col + fit - 1),
				    step_letter(nt - 1));
		put(y++, x, w, ST_MUTED, m);
		free(m);
	}
	draw_shared(st, y, x, w);
	draw_timeline(sv, st, y + 3, x, w);
	y += 3 + nt + 1;
	if (sv->failure)
		put_wrap(y, x, w, 2, ST_BAD, sv->failure);
	else if (busy)
		put_wrap(y, x, w, 2, ST_TITLE, busy);
	else if (sv->outcome)
		put_wrap(y, x, w, 2, st->phase == STEP_DEADLOCK ? ST_BAD : ST_TITLE, sv->outcome);
	else {
		sbuf_adds(&sb, "ready:");
		for (int i = 0; i < nt; i++)
			if (st->threads[i].state == STEP_T_READY)
				sbuf_addf(&sb, " %c", step_letter(i));
		put(y, x, w, ST_MUTED, sb.buf);
		sbuf_release(&sb);
	}
	free(busy);
}
