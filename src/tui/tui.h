/*
 * tui.h - the full-screen lab (ncurses). The only entry point into src/tui.
 *
 * Layer: src/tui. Only src/tui includes <curses.h>. Nothing here knows the
 * command line's faces (src/cli): with no terminal, the caller decides.
 */
#ifndef TUI_H
#define TUI_H

enum tui_color { TUI_COLOR_AUTO, TUI_COLOR_ALWAYS, TUI_COLOR_NEVER };

/* tui_run's result when there is no terminal to draw on. */
#define TUI_NO_TERMINAL (-1)

/* What to print instead when there is no terminal. */
struct tui_plain {
	char lesson[16];  /* the lesson's number, for `lockstep show` */
	const char *why;  /* "not a terminal", ... (static) */
};

/* Open the lab at `lesson` (number or id; NULL: where the learner left off).
 * Returns the exit status, or TUI_NO_TERMINAL when stdout or stdin is not a
 * terminal, TERM is dumb or the terminal could not be set up: then *plain
 * names the lesson and why, and nothing has been printed. */
int tui_run(const char *lesson, enum tui_color color, struct tui_plain *plain);
/* Make tui_run open in present mode on the lesson's current demo. */
void tui_present(void);

#endif
