/*
 * app_status.c - the lab's bottom row: the lesson counter and the key hints,
 * a message until the next key (wrapped above the bar when it is long), the
 * one y/n question (app_ask), and the "terminal too small" screen.
 *
 * Owns a->msg and a->ask. Calls no other app_*.c file and no view.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "tui/app.h"

long long app_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void message_set(struct app *a, bool err, const char *fmt, va_list ap)
{
	free(a->msg);
	a->msg = xvasprintf(fmt, ap);
	/* a name or value echoed in it (a file, a parameter, a demo's words)
	 * never reaches the terminal as a control character: shown as \xNN */
	struct sbuf sb = {0};
	for (const unsigned char *p = (const unsigned char *)a->msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			sbuf_addf(&sb, "\\x%02x", *p);
		else
			sbuf_addc(&sb, (char)*p);
	free(a->msg);
	a->msg = sb.buf ? sbuf_detach(&sb) : xstrdup("");
	a->msg_err = err;
	a->dirty = true;
}

void app_message(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	message_set(a, err, fmt, ap);
	va_end(ap);
}

void app_ask(struct app *a, app_answer_fn *answer, const char *word, int n, bool enter_yes,
	     const char *fmt, ...)
{
	free(a->ask.word);
	a->ask.answer = answer;
	a->ask.word = word ? xstrdup(word) : NULL;
	a->ask.n = n;
	a->ask.enter_yes = enter_yes;
	va_list ap;
	va_start(ap, fmt);
	message_set(a, false, fmt, ap);
	va_end(ap);
}

bool app_status_answer(struct app *a, wint_t ch, bool fkey)
{
	struct app_question q = a->ask;
	if (!q.answer)
		return false;
	memset(&a->ask, 0, sizeof a->ask); /* the answer may ask again */
	bool yes = !fkey && (ch == 'y' || ch == 'Y' ||
			     (q.enter_yes && (ch == '\r' || ch == '\n')));
	q.answer(a, yes, q.word, q.n);
	free(q.word);
	a->dirty = true;
	return true;
}

void app_status_release(struct app *a)
{
	free(a->ask.word);
	memset(&a->ask, 0, sizeof a->ask);
	free(a->msg);
	a->msg = NULL;
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

void app_status_draw(struct app *a, const char *hints)
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
	const char *right = a->msg ? a->msg : hints;
	int rw = util_text_width(right, strlen(right));
	/* a message wins room over the lesson counter */
	const char *left = full ? full : "";
	if (a->msg && full && util_text_width(full, strlen(full)) + rw + 1 > w)
		left = brief;
	int lw = util_text_width(left, strlen(left));
	if (a->msg && lw + rw + 1 > w) {
		/* too long for one row: the whole message on rows above the bar */
		message_above(a, y, w);
		right = hints;
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

void app_status_too_small(struct app *a)
{
	const char *l1 = "terminal too small";
	char l2[64];
	snprintf(l2, sizeof l2, "%dx%d, need %dx%d", a->cols, a->rows, APP_MIN_COLS,
		 APP_MIN_ROWS);
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
