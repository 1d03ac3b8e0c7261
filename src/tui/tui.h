/*
 * tui.h - the full-screen lab (ncurses). The only entry point into src/tui.
 *
 * Layer: src/tui. Only src/tui includes <curses.h>.
 */
#ifndef TUI_H
#define TUI_H

enum tui_color { TUI_COLOR_AUTO, TUI_COLOR_ALWAYS, TUI_COLOR_NEVER };

/* Open the lab at `lesson` (number or id; NULL: where the learner left off).
 * When stdout is not a terminal or TERM is dumb, prints the lesson as
 * `lockstep show` would, with a note. Returns the exit status. */
int tui_run(const char *lesson, enum tui_color color);

#endif
