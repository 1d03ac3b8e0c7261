/*
 * view_demo.h - what the demo panel's files share: view_demo.c runs the
 * series, view_demo_draw.c draws it, view_demo_pin.c pins a result and
 * draws the comparison with it, view_demo_explore.c explores every
 * interleaving after a series, view_demo_canvas.c is the scrolling part
 * they draw into.
 *
 * Layer: src/tui, private to view_demo*.c.
 */
#ifndef TUI_VIEW_DEMO_H
#define TUI_VIEW_DEMO_H

#include "tui/view.h"

/* Draw the panel in the main area (a->demo; clamps a->demo.top). */
void demo_panel_draw(struct app *a);

/* The panel's scrolling part: screen rows [y0, y0+h) show content rows
 * [top, top+h). */
struct canvas {
	int y0, h, top;
};

static inline bool demo_row_visible(const struct canvas *c, int row)
{
	return row >= c->top && row < c->top + c->h;
}

/* Text at content row `row`, column x, at most w columns, when the row is
 * in view; returns the columns drawn. */
int demo_put(const struct canvas *c, int row, int x, int w, enum ui_style st, const char *s);

/* p: pin the finished result shown, or unpin (says what it did). */
void demo_pin_toggle(struct app *a);

/* The pinned result beside the one shown, from content row `row` in w
 * columns at x; returns the row after it (row itself when nothing is
 * pinned). */
int demo_pin_draw(struct app *a, const struct canvas *c, int row, int x, int w);

/* The all-interleavings lines (view_demo_explore.c). After a series ends:
 * explore its parameters on a worker thread (a steppable demo only). */
void demo_explore_start(struct app *a);
/* Stop and free the exploration (before a series starts, on release);
 * keep_done keeps one that has finished, for the same parameters later. */
void demo_explore_stop(struct demo_panel *d, bool keep_done);
bool demo_explore_busy(const struct app *a);
/* Ask the worker to stop (Ctrl-C); the service joins it. */
void demo_explore_cancel(struct app *a);
/* Join a worker that has finished; true when there is something new. */
bool demo_explore_service(struct app *a);
/* One line per variant (or one sentence) for the result `shown`, when
 * that is what was explored; NULL otherwise. Caller frees. */
char *demo_explore_text(const struct app *a, const struct run_result *shown);

#endif
