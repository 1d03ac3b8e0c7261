/*
 * view_present.h - what present mode's two files share: view_present.c
 * takes its keys (pause, slowmo, run), view_present_draw.c draws the demo
 * panel's run (a->demo) in big type for a projector and answers which run
 * and demo that is. Calls go one way: view_present.c -> view_present_draw.c.
 *
 * Layer: src/tui, private to view_present*.c.
 */
#ifndef TUI_VIEW_PRESENT_H
#define TUI_VIEW_PRESENT_H

#include "tui/view.h"

/* The run present mode shows: the one in progress once it said hello, else
 * the series' last finished run; NULL when there is none. */
const struct run_result *present_run(const struct app *a);
/* The run's parameter `key`, or fallback when it has none. */
long long present_param(const struct run_result *r, const char *key, long long fallback);
/* The demo present mode is about: the panel's, else the one set here (on
 * entry: the one r would run). demo is copied; NULL forgets it. */
const char *present_demo(const struct app *a);
void present_set_demo(const char *demo);

/* Draw the whole screen but the bottom row. */
void present_draw(struct app *a);

#endif
