/*
 * view_reader.c - the lesson reader and the lesson list beside it: the
 * lesson laid out by core/layout for the current width, scrolling, focus
 * moving between demo cards and quiz questions, answering questions, and
 * a lesson with problems shown as its list of problems. A lesson that has
 * exercises ends with a line naming them (app_lesson_lines asks the views).
 * The lesson list is drawn by view_reader_aside.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/view_reader.h"

#define READ_WIDTH_MAX 120 /* wider lines are hard to read */

/* ------------------------------------------------------------ quizzes */

/* Questions are numbered across all quiz blocks of a lesson, in order. */
static int global_question(const struct lesson *l, int block, int question)
{
	int g = 0;
	for (int i = 0; i < block && (size_t)i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_QUIZ)
			g += (int)l->blocks[i]->quiz.n;
	return g + question;
}

static int answer_of(void *ctx, int block, int question)
{
	struct app *a = ctx;
	const struct lesson *l = app_lesson(a);
	if (!l)
		return -1;
	return progress_answer(a->prog, l->id, global_question(l, block, question));
}

/* True when the lesson has questions and every one is answered right. */
static bool quiz_passed(struct app *a, const struct lesson *l)
{
	int g = 0, total = 0;
	for (size_t i = 0; i < l->nblocks; i++) {
		if (l->blocks[i]->kind != BLK_QUIZ)
			continue;
		const struct quiz *q = &l->blocks[i]->quiz;
		for (size_t j = 0; j < q->n; j++, g++, total++)
			if (progress_answer(a->prog, l->id, g) != q->q[j].answer)
				return false;
	}
	return total > 0;
}

static const struct quiz_question *question_of(const struct lesson *l, int block, int q)
{
	if (!l || block < 0 || (size_t)block >= l->nblocks || l->blocks[block]->kind != BLK_QUIZ)
		return NULL;
	const struct quiz *qz = &l->blocks[block]->quiz;
	return q >= 0 && (size_t)q < qz->n ? &qz->q[q] : NULL;
}

/* ------------------------------------------------------------ layout */

static int find_anchor(const struct layout *lay, const struct focus *f)
{
	if (!lay || !f->on)
		return -1;
	for (size_t i = 0; i < lay->nanchors; i++) {
		const struct lanchor *an = &lay->anchors[i];
		if (an->kind == f->kind && an->block == f->block &&
		    (f->kind != ANCHOR_QUESTION || an->question == f->question))
			return (int)i;
	}
	return -1;
}

static const struct lanchor *focused_anchor(const struct app *a)
{
	if (a->reader.own_doc)
		return NULL;
	int i = find_anchor(a->reader.lay, &a->focus);
	return i >= 0 ? &a->reader.lay->anchors[i] : NULL;
}

/* The demo card inside top-level block b (the block itself, or nested in a
 * list or quote), or NULL. */
static const struct demo_block *demo_in(const struct block *b)
{
	if (!b)
		return NULL;
	if (b->kind == BLK_DEMO)
		return b->demo.name ? &b->demo : NULL;
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct demo_block *d = demo_in(b->children[i]);
		if (d)
			return d;
	}
	return NULL;
}

static const struct demo_block *reader_focused_demo(const struct app *a)
{
	const struct lanchor *an = focused_anchor(a);
	const struct lesson *l = app_lesson(a);
	if (!an || an->kind != ANCHOR_DEMO || !l || an->block < 0 || (size_t)an->block >= l->nblocks)
		return NULL;
	return demo_in(l->blocks[an->block]);
}

/* S or Enter on a focused challenge card: play it in the step view. */
static bool open_challenge(struct app *a)
{
	const struct lanchor *an = focused_anchor(a);
	const struct lesson *l = app_lesson(a);
	const struct block *b = an && an->kind == ANCHOR_DEMO && l && an->block >= 0 &&
					(size_t)an->block < l->nblocks ? l->blocks[an->block] : NULL;
	if (!b || b->kind != BLK_CHALLENGE || !b->challenge.goal)
		return false;
	app_open(a, VIEW_STEP, &(struct view_arg){.challenge = &b->challenge, .index = -1});
	return true;
}

static bool anchor_visible(const struct app *a, const struct lanchor *an)
{
	int top = a->reader.top, h = a->reader.height > 0 ? a->reader.height : 1;
	return (int)an->last >= top && (int)an->first < top + h;
}

/* A place in the lesson that survives a new width: a block and a line
 * offset inside it. */
struct place {
	int block, off;
};

static struct place place_get(const struct pager *p)
{
	struct place pl = {-1, p->top};
	if (!p->lay || p->own_doc || (size_t)p->top >= p->lay->n)
		return pl;
	pl.block = p->lay->lines[p->top].block;
	size_t first = (size_t)p->top;
	while (first > 0 && p->lay->lines[first - 1].block == pl.block)
		first--;
	pl.off = p->top - (int)first;
	return pl;
}

static void place_set(struct pager *p, struct place pl)
{
	if (!p->lay)
		return;
	if (pl.block < 0) {
		p->top = pl.off;
	} else {
		for (size_t i = 0; i < p->lay->n; i++) {
			if (p->lay->lines[i].block != pl.block)
				continue;
			size_t j = i;
			while (j + 1 < p->lay->n && j < i + (size_t)pl.off &&
			       p->lay->lines[j + 1].block == pl.block)
				j++;
			p->top = (int)j;
			break;
		}
	}
	pager_clamp(p);
}

static int reader_position(const struct app *a)
{
	if (a->reader_pos >= 0)
		return a->reader_pos;
	struct place pl = place_get(&a->reader);
	return pl.block < 0 ? 0 : pl.block + 1;
}

static void reader_set_position(struct app *a, int pos)
{
	a->reader_pos = pos < 0 ? 0 : pos;
	a->reader_width = 0; /* applied at the next layout */
}

static int reader_width_for(const struct app *a)
{
	int w = a->main_w - 2;
	if (w > READ_WIDTH_MAX)
		w = READ_WIDTH_MAX;
	return w < 20 ? 20 : w;
}

/* The lesson's problems, shown in its place. */
static struct layout *problems_doc(const struct catalog_entry *e, int width)
{
	struct layout *d = doc_new();
	char *h = xasprintf("Lesson %d (%s) cannot be shown: it has problems", e->number,
			    e->id ? e->id : "?");
	doc_wrap(d, h, ROLE_HEADING, LATTR_BOLD, width, 0);
	free(h);
	doc_line(d, "", ROLE_TEXT, 0);
	for (size_t i = 0; i < e->diags.n; i++) {
		char *s = diag_format(&e->diags.v[i]);
		char *t = xasprintf("%s %s", term_ascii() ? "*" : "\u2022", s);
		doc_wrap(d, t, ROLE_WRONG, 0, width, 2);
		free(t);
		free(s);
	}
	if (e->diags.n == 0) {
		char *t = xasprintf("%s could not be read", e->path ? e->path : "the file");
		doc_wrap(d, t, ROLE_WRONG, 0, width, 2);
		free(t);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	doc_wrap(d, "Fix the file (lockstep lint lists every problem), then open the lesson again. "
		    "n and p move to the other lessons.", ROLE_MUTED, 0, width, 0);
	return d;
}

static void reader_relayout(struct app *a, bool keep_place)
{
	if (a->cat.n == 0)
		return;
	int w = reader_width_for(a);
	struct place pl = place_get(&a->reader);
	const struct catalog_entry *e = &a->cat.v[a->cur];
	const struct lesson *l = app_lesson(a);
	if (!l) {
		pager_set(&a->reader, problems_doc(e, w), true);
	} else {
		struct layout_opts o = {
			.width = w,
			.ascii = term_ascii(),
			.interactive = true,
			.answer = answer_of,
			.answer_ctx = a,
			.focus_anchor = a->reader.own_doc ? -1 : find_anchor(a->reader.lay, &a->focus),
			.focus_choice = a->focus.choice,
		};
		struct layout *lay = layout_lesson(l, &o);
		int idx = find_anchor(lay, &a->focus);
		if (lay && idx != o.focus_anchor) { /* anchors moved: lay out again */
			layout_free(lay);
			o.focus_anchor = idx;
			lay = layout_lesson(l, &o);
		}
		if (lay)
			app_lesson_lines(a, lay, a->cur, w); /* "Exercises for this lesson" */
		if (lay) {
			pager_set(&a->reader, lay, false);
		} else {
			struct layout *d = doc_new();
			doc_line(d, "This lesson could not be laid out.", ROLE_WRONG, 0);
			pager_set(&a->reader, d, true);
		}
	}
	a->reader.height = a->main_h;
	if (a->reader_pos >= 0) {
		struct place at = {a->reader_pos - 1, 0};
		place_set(&a->reader, at);
		a->reader_pos = -1;
	} else if (keep_place) {
		place_set(&a->reader, pl);
	}
	a->reader_width = w;
	if (app_searching(a, VIEW_READER)) {
		int top = a->reader.top;
		pager_search(&a->reader, a->search);
		a->reader.top = top;
	}
}

/* ------------------------------------------------------------ drawing */

static void reader_draw(struct app *a)
{
	int w = reader_width_for(a);
	if (a->reader_width != w || !a->reader.lay) {
		a->reader.height = a->main_h;
		reader_relayout(a, true);
	}
	pager_draw(&a->reader, 0, a->main_x + 1, a->main_w - 2, a->main_h);
}

/* ------------------------------------------------------------ keys */

/* Questions of lesson l not answered yet. */
static int unanswered(struct app *a, const struct lesson *l)
{
	int g = 0, open = 0;
	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_QUIZ)
			for (size_t j = 0; j < l->blocks[i]->quiz.n; j++, g++)
				open += progress_answer(a->prog, l->id, g) < 0;
	return open;
}

static void mark_done(struct app *a, const char *id, int number, bool done)
{
	progress_set_lesson_done(a->prog, id, done);
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "could not save progress: %s", err ? err : "?");
		free(err);
	} else {
		app_message(a, false, "lesson %d marked %s", number, done ? "done" : "not done");
	}
}

static void done_answer(struct app *a, bool yes, const char *id, int number)
{
	if (yes)
		mark_done(a, id, number, true);
	else
		app_message(a, false, "lesson %d not marked done: ] goes to its quiz", number);
}

static void answer(struct app *a, int choice)
{
	const struct lesson *l = app_lesson(a);
	const struct quiz_question *q = question_of(l, a->focus.block, a->focus.question);
	if (!q || choice < 0 || (size_t)choice >= q->nchoices)
		return;
	bool right = choice == q->answer;
	bool was_done = progress_lesson_done(a->prog, l->id);
	int g = global_question(l, a->focus.block, a->focus.question);
	int first = progress_answer(a->prog, l->id, g);
	if (first >= 0) { /* answered before: the first answer counts */
		a->focus.choice = first;
		app_message(a, first != q->answer, "%s The first answer counts: you chose %c%s.",
			    first == q->answer ? term_glyph_ok() : term_glyph_bad(), 'a' + first,
			    first == q->answer ? ", right" : "; the right one is shown");
		return;
	}
	progress_set_answer(a->prog, l->id, g, choice, right);
	a->focus.choice = choice;
	if (quiz_passed(a, l) && !was_done) {
		progress_set_lesson_done(a->prog, l->id, true);
		app_message(a, false, "%s Right. Quiz passed: lesson %d is done.", term_glyph_ok(),
			    l->number);
	} else if (right) {
		app_message(a, false, "%s Right. The explanation is below the choices.",
			    term_glyph_ok());
	} else {
		app_message(a, true, "%s Not quite: the right answer and the explanation are shown.",
			    term_glyph_bad());
	}
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "could not save progress: %s", err ? err : "?");
		free(err);
	}
	reader_relayout(a, true);
	const struct lanchor *an = focused_anchor(a);
	if (an)
		pager_show(&a->reader, an->first, an->last);
}

static void set_focus(struct app *a, const struct lanchor *an)
{
	a->focus.on = true;
	a->focus.kind = an->kind;
	a->focus.block = an->block;
	a->focus.question = an->question;
	a->focus.choice = 0;
	if (an->kind == ANCHOR_QUESTION) {
		int prev = answer_of(a, an->block, an->question);
		a->focus.choice = prev >= 0 ? prev : 0;
	}
}

static void reader_focus_step(struct app *a, int dir)
{
	struct layout *lay = a->reader.own_doc ? NULL : a->reader.lay;
	int n = 0;
	int idx[512];
	for (size_t i = 0; lay && i < lay->nanchors && n < 512; i++)
		if (lay->anchors[i].kind != ANCHOR_HEADING)
			idx[n++] = (int)i;
	if (n == 0) {
		app_message(a, false, "no demo cards or quiz questions in this lesson");
		return;
	}
	int cur = find_anchor(lay, &a->focus), pick = -1;
	int pos = -1;
	for (int k = 0; k < n; k++)
		if (idx[k] == cur)
			pos = k;
	int top = a->reader.top, h = a->reader.height > 0 ? a->reader.height : 1;
	if (pos < 0 && dir > 0) {
		for (int k = 0; k < n && pick < 0; k++)
			if ((int)lay->anchors[idx[k]].first >= top)
				pick = idx[k];
		if (pick < 0)
			pick = idx[0];
	} else if (pos < 0) {
		for (int k = n - 1; k >= 0 && pick < 0; k--)
			if ((int)lay->anchors[idx[k]].last < top + h)
				pick = idx[k];
		if (pick < 0)
			pick = idx[n - 1];
	} else {
		pick = idx[(pos + (dir > 0 ? 1 : n - 1)) % n];
	}
	set_focus(a, &lay->anchors[pick]);
	reader_relayout(a, true);
	const struct lanchor *an = focused_anchor(a);
	if (!an)
		return;
	pager_show(&a->reader, an->first, an->last);
	if (an->kind == ANCHOR_QUESTION)
		app_message(a, false, "answer: a b c... or 1 2 3..., or Up/Down and Enter");
	else
		app_message(a, false, "r run   R run K times   e parameters   s source   E edit");
}

static void unfocus(struct app *a)
{
	if (!a->focus.on)
		return;
	a->focus.on = false;
	reader_relayout(a, true);
}

/* After scrolling: a focus that left the screen is dropped. */
static void scrolled(struct app *a)
{
	const struct lanchor *an = focused_anchor(a);
	if (an && !anchor_visible(a, an))
		unfocus(a);
}

static bool reader_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	struct pager *p = &a->reader;
	const struct lanchor *an = focused_anchor(a);
	const struct lesson *l = app_lesson(a);
	const struct quiz_question *q =
		an && an->kind == ANCHOR_QUESTION && anchor_visible(a, an)
			? question_of(l, an->block, an->question)
			: NULL;
	if (q && !fkey) {
		int n = (int)q->nchoices;
		if (ch >= 'a' && ch < (wint_t)('a' + n)) {
			answer(a, (int)(ch - 'a'));
			return true;
		}
		if (ch >= '1' && ch < (wint_t)('1' + (n < 9 ? n : 9))) {
			answer(a, (int)(ch - '1'));
			return true;
		}
	}
	int page = p->height > 1 ? p->height - 1 : 1;
	switch (act) {
	case A_DOWN:
	case A_UP:
		if (q) {
			int c = a->focus.choice + (act == A_DOWN ? 1 : -1);
			if (c >= 0 && c < (int)q->nchoices) {
				a->focus.choice = c;
				reader_relayout(a, true);
				return true;
			}
		}
		pager_scroll(p, act == A_DOWN ? 1 : -1);
		scrolled(a);
		return true;
	case A_PGDN:
		pager_scroll(p, page);
		scrolled(a);
		return true;
	case A_PGUP:
		pager_scroll(p, -page);
		scrolled(a);
		return true;
	case A_HALFDN:
		pager_scroll(p, page / 2);
		scrolled(a);
		return true;
	case A_HALFUP:
		pager_scroll(p, -page / 2);
		scrolled(a);
		return true;
	case A_HOME:
		pager_home(p);
		scrolled(a);
		return true;
	case A_END:
		pager_end(p);
		scrolled(a);
		return true;
	case A_STEP:
		return open_challenge(a); /* else the app steps the focused demo */
	case A_ENTER:
		if (q) {
			answer(a, a->focus.choice);
		} else if (open_challenge(a)) {
			/* opened */
		} else if (reader_focused_demo(a)) {
			app_run_demo(a, reader_focused_demo(a)->name, NULL, 0, 1);
		}
		return true;
	case A_FOCUS_NEXT:
	case A_FOCUS_PREV:
		reader_focus_step(a, act == A_FOCUS_NEXT ? 1 : -1);
		return true;
	case A_LESSON_NEXT:
		if ((size_t)a->cur + 1 < a->cat.n)
			app_open_lesson(a, a->cur + 1);
		else
			app_message(a, false, "this is the last lesson");
		return true;
	case A_LESSON_PREV:
		if (a->cur > 0)
			app_open_lesson(a, a->cur - 1);
		else
			app_message(a, false, "this is the first lesson");
		return true;
	case A_DONE: {
		const struct catalog_entry *e = &a->cat.v[a->cur];
		if (!e->id)
			return true;
		bool done = !progress_lesson_done(a->prog, e->id);
		int open = done && e->lesson ? unanswered(a, e->lesson) : 0;
		if (open > 0) /* marking done past its quiz: ask first */
			app_ask(a, done_answer, e->id, e->number, false,
				"lesson %d has %d quiz question%s unanswered: mark it done anyway? (y/n)",
				e->number, open, open == 1 ? "" : "s");
		else
			mark_done(a, e->id, e->number, done);
		return true;
	}
	case A_MATCH_NEXT:
	case A_MATCH_PREV:
		pager_match_step(p, act == A_MATCH_NEXT ? 1 : -1);
		if (p->nm)
			app_message(a, false, "match %d of %zu for '%s' (Esc ends the search)",
				    p->cur + 1, p->nm, util_shown(a->search));
		return true;
	case A_BACK:
		if (a->focus.on)
			unfocus(a);
		return true;
	default:
		return false;
	}
}

static const char *reader_hints(const struct app *a)
{
	(void)a;
	return "? keys  : command  / search  q quit";
}

static struct pager *reader_pager(struct app *a) { return &a->reader; }

/* The focused demo card: its name, and the card. */
static const char *reader_demo_of(const struct app *a, const struct demo_block **card)
{
	const struct demo_block *f = reader_focused_demo(a);
	if (card)
		*card = f;
	return f ? f->name : NULL;
}

static void reader_release(struct app *a) { pager_release(&a->reader); }

const struct view view_reader = {
	.name = "reader",
	.id = VIEW_READER,
	.keys = K_READER,
	.draw = reader_draw,
	.key = reader_key,
	.hints = reader_hints,
	.pager = reader_pager,
	.demo = reader_demo_of,
	.release = reader_release,
	.aside = reader_sidebar_draw,
	.position = reader_position,
	.set_position = reader_set_position,
};
