/*
 * view_reader.h - what the reader's files share: view_reader.c (the lesson,
 * focus, keys) and view_reader_aside.c (the lesson list beside every view).
 *
 * Layer: src/tui, private to view_reader*.c.
 */
#ifndef TUI_VIEW_READER_H
#define TUI_VIEW_READER_H

#include "tui/view.h"

/* The lesson list in columns [x, x+w), h rows (the view's aside hook). */
void reader_sidebar_draw(struct app *a, int x, int w, int h);

#endif
