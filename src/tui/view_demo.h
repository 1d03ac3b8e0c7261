/*
 * view_demo.h - what the demo panel's two files share: view_demo.c runs the
 * series, view_demo_draw.c draws it.
 *
 * Layer: src/tui, private to view_demo*.c.
 */
#ifndef TUI_VIEW_DEMO_H
#define TUI_VIEW_DEMO_H

#include "tui/view.h"

/* Draw the panel in the main area (a->demo; clamps a->demo.top). */
void demo_panel_draw(struct app *a);

#endif
