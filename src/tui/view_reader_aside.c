/*
 * view_reader_aside.c - the lesson list beside every view: a title, then one
 * row per lesson (the current one marked, a ✓ when done, ! when it has
 * problems), scrolled so the current lesson stays in sight. Changes only
 * a->sidebar_top.
 */
#include "tui/view_reader.h"

void reader_sidebar_draw(struct app *a, int x, int w, int h)
{
	term_style(ST_TITLE);
	draw_text(0, x + 1, w - 1, "Lessons");
	term_style(ST_NORMAL);
	int rows = h - 1;
	if (rows < 1)
		return;
	if (a->cur < a->sidebar_top)
		a->sidebar_top = a->cur;
	if (a->cur >= a->sidebar_top + rows)
		a->sidebar_top = a->cur - rows + 1;
	for (int r = 0; r < rows; r++) {
		int i = a->sidebar_top + r;
		if ((size_t)i >= a->cat.n)
			break;
		const struct catalog_entry *e = &a->cat.v[i];
		bool cur = i == a->cur;
		bool bad = !e->lesson || e->diags.n > 0;
		bool done = e->id && progress_lesson_done(a->prog, e->id);
		int y = 1 + r;
		term_style(cur ? ST_CURRENT : ST_NORMAL);
		draw_blank(y, x, w);
		draw_text(y, x, 1, cur ? term_glyph_cur() : bad ? "!" : " ");
		if (done) {
			term_style(cur ? ST_CURRENT : ST_DONE);
			draw_text(y, x + 1, 1, term_glyph_ok());
			term_style(cur ? ST_CURRENT : ST_NORMAL);
		}
		const char *title = e->lesson && e->lesson->title ? e->lesson->title : e->id;
		draw_fmt(y, x + 3, w - 3, "%2d %s", e->number, title ? title : "?");
	}
	term_style(ST_NORMAL);
}

