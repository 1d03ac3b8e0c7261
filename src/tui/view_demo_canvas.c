/*
 * view_demo_canvas.c - the demo panel's scrolling part (struct canvas in
 * view_demo.h): text drawn at a content row lands on screen only when that
 * row is in view, so the panel's files can lay out every row and scroll.
 */
#include "tui/view_demo.h"

int demo_put(const struct canvas *c, int row, int x, int w, enum ui_style st, const char *s)
{
	if (!demo_row_visible(c, row))
		return 0;
	term_style(st);
	int n = draw_text(c->y0 + row - c->top, x, w, s);
	term_style(ST_NORMAL);
	return n;
}
