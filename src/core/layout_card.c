/*
 * layout_card.c - lays out lockstep's interactive blocks: demo cards (title,
 * caption, the command that runs it), quizzes (choices, revealed answers)
 * and the answer key that ends a printed lesson.
 */
#include <stdlib.h>
#include <string.h>

#include "core/layout_int.h"
#include "core/util.h"

/* ------------------------------------------------------------ demo cards */

static char *demo_command(const struct demo_block *d)
{
	struct sbuf sb = {0};
	sbuf_addf(&sb, "lockstep demo %s", d->name);
	for (size_t i = 0; i < d->nparams; i++)
		sbuf_addf(&sb, " %s=%s", d->params[i].key, d->params[i].value);
	return sbuf_detach(&sb);
}

/* A card: a bold title, a caption (paragraphs split by blank lines), a
 * hint and a command; focusable (an ANCHOR_DEMO anchor). */
static void lay_card(struct ctx *c, struct layout *out, const char *title, const char *caption,
		     const char *hint, const char *cmd, int width)
{
	const struct glyphs *g = c->g;

	/* as wide as its longest line wants, within the width and CARD_MAX */
	int natural = max_i(lay_text_w(title), lay_text_w(hint) + lay_text_w(cmd));
	for (const char *s = caption; s && *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		natural = max_i(natural, lay_width_of(s, n));
		s = e ? e + 1 : s + n;
	}
	int box = min_i(min_i(natural + 4, CARD_MAX), width);
	box = max_i(box, min_i(24, width));
	int inner = box - 4;

	struct layout *tmp = layout_new();
	size_t idx = out->nanchors;
	bool focused = out == c->final && c->o->focus_anchor >= 0 &&
		       (size_t)c->o->focus_anchor == idx;
	struct wrapper wr;
	lay_wrap_begin(&wr, tmp, inner, 0, 2, ROLE_DEMO, LATTR_BOLD | (focused ? LATTR_REVERSE : 0));
	lay_wrap_texts(&wr, title, ROLE_DEMO, LATTR_BOLD | (focused ? LATTR_REVERSE : 0));
	lay_wrap_end(&wr);
	/* the caption: paragraphs separated by blank lines */
	if (caption && caption[0]) {
		struct sbuf para = {0};
		const char *s = caption;
		for (;;) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			bool blank = true;
			for (size_t k = 0; k < n; k++)
				blank &= s[k] == ' ';
			if (blank || !e) {
				if (!blank)
					sbuf_add(&para, s, n);
				if (para.len) {
					lay_plain(tmp, para.buf, inner, 0, 0, ROLE_MUTED, 0);
					sbuf_release(&para);
				}
			} else {
				sbuf_add(&para, s, n);
				sbuf_addc(&para, ' ');
			}
			if (!e)
				break;
			s = e + 1;
		}
		sbuf_release(&para);
	}
	lay_wrap_begin(&wr, tmp, inner, 0, 2, ROLE_MUTED, 0);
	lay_wrap_texts(&wr, hint, ROLE_MUTED, 0);
	lay_wrap_texts(&wr, cmd, ROLE_CODE, 0);
	lay_wrap_end(&wr);

	size_t first = out->n;
	struct lline *ln = lay_line(out);
	lline_puts(ln, 0, g->tl, ROLE_BORDER, 0);
	lay_put_repeat(ln, 1, g->hz, box - 2, ROLE_BORDER, 0);
	lline_puts(ln, box - 1, g->tr, ROLE_BORDER, 0);
	size_t from = lay_splice(out, tmp, 2);
	for (size_t i = from; i < out->n; i++) {
		lline_trim(&out->lines[i]);
		lline_prepend(&out->lines[i], 0, g->vt, ROLE_BORDER, 0);
		lline_puts(&out->lines[i], box - 1, g->vt, ROLE_BORDER, 0);
	}
	ln = lay_line(out);
	lline_puts(ln, 0, g->bl, ROLE_BORDER, 0);
	lay_put_repeat(ln, 1, g->hz, box - 2, ROLE_BORDER, 0);
	lline_puts(ln, box - 1, g->br, ROLE_BORDER, 0);
	lay_anchor(out, ANCHOR_DEMO, c->top, -1, first, out->n - 1);
}

void lay_demo(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct demo_block *d = &b->demo;
	struct sbuf title = {0};
	sbuf_addf(&title, "%s demo %s", c->g->play, d->name);
	for (size_t i = 0; i < d->nparams; i++)
		sbuf_addf(&title, "%s%s=%s", i ? " " : "  ", d->params[i].key, d->params[i].value);
	char *cmd = demo_command(d);
	char *hint = c->o->interactive ? xasprintf("r runs it, S steps it %s ", c->g->dot) : xstrdup("$ ");
	lay_card(c, out, title.buf, d->caption, hint, cmd, width);
	sbuf_release(&title);
	free(cmd);
	free(hint);
}

/* A challenge: its title, task, goal and Python version; in the lab S (or
 * Enter) opens it in the step view, on paper the explore command that
 * counts how many interleavings reach the goal. */
void lay_challenge(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct challenge_block *ch = &b->challenge;
	char *title = xasprintf("%s challenge: %s", c->g->play, ch->title ? ch->title : "?");
	struct sbuf cap = {0}, cmd = {0};
	if (ch->task)
		sbuf_addf(&cap, "%s\n\n", ch->task);
	sbuf_addf(&cap, "Goal: %s (demo %s, variant %s", ch->goal ? ch->goal : "?",
		  ch->demo ? ch->demo : "?", ch->variant ? ch->variant : "?");
	for (size_t i = 0; i < ch->nparams; i++)
		sbuf_addf(&cap, " %s", ch->params[i]);
	sbuf_adds(&cap, ")");
	if (ch->python)
		sbuf_addf(&cap, "\n\nIn Python: %s", ch->python);
	sbuf_addf(&cmd, "lockstep explore %s", ch->demo ? ch->demo : "?");
	for (size_t i = 0; i < ch->nparams; i++)
		sbuf_addf(&cmd, " %s", ch->params[i]);
	sbuf_addf(&cmd, " --variant %s --goal '%s'", ch->variant ? ch->variant : "?",
		  ch->goal ? ch->goal : "?");
	char *hint = c->o->interactive ? xasprintf("press S to play it, or %s ", c->g->dot)
				       : xstrdup("$ ");
	lay_card(c, out, title, cap.buf, hint, cmd.buf, width);
	free(title);
	free(hint);
	sbuf_release(&cap);
	sbuf_release(&cmd);
}

/* ---------------------------------------------------------------- quizzes */

static char *choice_label(size_t k)
{
	return k < 26 ? xasprintf("%c)", (char)('a' + k)) : xasprintf("%zu)", k + 1);
}

static char *choice_letter(int k)
{
	return k < 0 ? xstrdup("?") : k < 26 ? xasprintf("%c", (char)('a' + k)) : xasprintf("%d", k + 1);
}

void lay_quiz(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct layout_opts *o = c->o;
	const struct glyphs *g = c->g;
	for (size_t qi = 0; qi < b->quiz.n; qi++) {
		const struct quiz_question *q = &b->quiz.q[qi];
		if (qi > 0)
			lay_blank(out);
		size_t idx = out->nanchors;
		bool focused = out == c->final && o->focus_anchor >= 0 && (size_t)o->focus_anchor == idx;
		size_t first = out->n;
		char *num = xasprintf("%d.", ++c->qnum);
		int pw = lay_text_w(num) + 1;
		if (width - pw < MIN_INNER)
			pw = 0;
		struct inlines in = {0};
		lay_in_plain(&in, q->text ? q->text : "");
		struct wrapper wr;
		/* the focused question stands out (reverse), like a focused card */
		unsigned qattr = LATTR_BOLD | (focused ? LATTR_REVERSE : 0);
		lay_wrap_begin(&wr, out, width, 0, pw, ROLE_QUIZ, qattr);
		lay_wrap_texts(&wr, num, ROLE_QUIZ, qattr);
		lay_wrap_texts(&wr, " ", ROLE_QUIZ, qattr);
		lay_wrap_inlines(&wr, &in);
		lay_wrap_end(&wr);
		inlines_release(&in);
		free(num);

		int chosen = -1;
		if (o->interactive && o->answer)
			chosen = o->answer(o->answer_ctx, c->top, (int)qi);
		bool revealed = chosen >= 0 && (size_t)chosen < q->nchoices;
		for (size_t k = 0; k < q->nchoices; k++) {
			enum lrole role = ROLE_CHOICE;
			const char *mark = NULL;
			char *label;
			if (o->interactive) {
				label = xstrdup((int)k == chosen && revealed ? g->radio_on : g->radio_off);
				if (revealed && (int)k == q->answer) {
					role = ROLE_RIGHT;
					mark = g->right;
				} else if (revealed && (int)k == chosen) {
					role = ROLE_WRONG;
					mark = g->wrong;
				}
			} else {
				label = choice_label(k);
			}
			unsigned attr = focused && o->focus_choice == (int)k ? LATTR_REVERSE : 0;
			int lw = lay_text_w(label) + 1;
			int cont = width - pw - lw >= MIN_INNER ? pw + lw : pw;
			lay_in_plain(&in, q->choices[k]);
			lay_wrap_begin(&wr, out, width, pw, cont, role, attr);
			lay_wrap_texts(&wr, label, role, attr);
			lay_wrap_texts(&wr, " ", role, attr);
			lay_wrap_inlines(&wr, &in);
			if (mark) {
				lay_wrap_texts(&wr, " ", role, attr);
				lay_wrap_texts(&wr, mark, role, attr | LATTR_BOLD);
			}
			lay_wrap_end(&wr);
			inlines_release(&in);
			free(label);
		}
		if (revealed && q->explanation && q->explanation[0])
			lay_plain(out, q->explanation, width, pw, pw, ROLE_TEXT, LATTR_ITALIC);
		lay_anchor(out, ANCHOR_QUESTION, c->top, (int)qi, first, out->n - 1);
	}
}

/* The answer key that ends a printed lesson. */
void lay_answers(struct ctx *c, struct layout *out, int width)
{
	char answers[] = "Answers";
	struct span head_span = {answers, 0, NULL};
	struct inlines head = {&head_span, 1, 1};
	lay_heading_text(c, out, &head, 2, width, false);
	lay_blank(out);
	int n = 0;
	for (size_t i = 0; i < c->l->nblocks; i++) {
		const struct block *b = c->l->blocks[i];
		if (b->kind != BLK_QUIZ)
			continue;
		for (size_t qi = 0; qi < b->quiz.n; qi++) {
			const struct quiz_question *q = &b->quiz.q[qi];
			char *num = xasprintf("%d.", ++n);
			char *letter = choice_letter(q->answer);
			int pw = lay_text_w(num) + 1;
			struct wrapper wr;
			lay_wrap_begin(&wr, out, width, 0, width - pw >= MIN_INNER ? pw : 0, ROLE_TEXT, 0);
			lay_wrap_texts(&wr, num, ROLE_TEXT, 0);
			lay_wrap_texts(&wr, " ", ROLE_TEXT, 0);
			lay_wrap_texts(&wr, letter, ROLE_STRONG, LATTR_BOLD);
			if (q->explanation && q->explanation[0]) {
				lay_wrap_texts(&wr, " ", ROLE_TEXT, 0);
				lay_wrap_texts(&wr, c->g->dash, ROLE_MUTED, 0);
				lay_wrap_texts(&wr, " ", ROLE_TEXT, 0);
				struct inlines in = {0};
				lay_in_plain(&in, q->explanation);
				lay_wrap_inlines(&wr, &in);
				inlines_release(&in);
			}
			lay_wrap_end(&wr);
			free(num);
			free(letter);
		}
	}
}
