/*
 * app.h - what the lab's own files (app.c, app_loop.c, app_views.c,
 * app_status.c, app_command.c) share. Views do not include it: they use
 * view.h's interface.
 *
 * Layer: src/tui. The files call one another one way only:
 * app_loop -> app_command -> app -> app_views -> app_status.
 */
#ifndef TUI_APP_H
#define TUI_APP_H

#include "tui/view.h"

#define APP_MIN_COLS 50
#define APP_MIN_ROWS 12

/* ------------------------------------------------------------ app.c */

/* Load the catalogue, progress, registry and every view's data, and open
 * the lesson. Returns 0, or an exit status (after printing why), or
 * TUI_NO_TERMINAL with plain filled in. Call app_release in every case. */
int app_setup(struct app *a, const char *lesson, enum tui_color color, struct tui_plain *plain);
/* Stop what runs, save the learner's place, restore the terminal. */
void app_finish(struct app *a);
void app_release(struct app *a);
void app_save_progress(struct app *a);
/* What the learner points at: the view's demo, else the focused card's. */
struct session_focus app_focus(struct app *a);

/* ------------------------------------------------------------ app_views.c */

const struct view *app_view(enum view_id id);
const struct view *app_view_current(const struct app *a);
/* Lay out the screen for LINES x COLS (sidebar, main area, too small). */
void app_geometry(struct app *a);
/* The K_* bits of the keys that apply now. */
unsigned app_keys_where(const struct app *a);
void app_search_clear(struct app *a);
/* The text the current view searches, or NULL. */
struct pager *app_search_pager(struct app *a);
/* Search as the learner types; a message says how many matches. */
void app_search_live(struct app *a, const char *text);
/* The fds of every view that runs something (returns how many) and the
 * soonest clock among them in *timeout (kept when sooner, -1: none). */
int app_views_pollfds(const struct app *a, struct pollfd *fds, int max, int *timeout);
/* Service every view that runs something; true: redraw. */
bool app_views_service(struct app *a);
/* Ctrl-C: cancel the first view that runs something; false if none did. */
bool app_views_cancel(struct app *a);
void app_views_init(struct app *a);
/* Release every view (busy_only: only those that run things). */
void app_views_release(struct app *a, bool busy_only);

/* ------------------------------------------------------------ app_status.c */

/* The status bar on the last row, with `hints` when there is no message. */
void app_status_draw(struct app *a, const char *hints);
/* The "terminal too small" screen. */
void app_status_too_small(struct app *a);
/* A y/n question waits: this key answers it. False when none waits. */
bool app_status_answer(struct app *a, wint_t ch, bool fkey);
void app_status_release(struct app *a);

/* ------------------------------------------------------------ app_command.c */

/* A prompt line ended: text NULL when it was left. */
void app_command_done(struct app *a, enum prompt_mode mode, const char *text);
/* e: the prompt, filled with `set DEMO` and every parameter's value. */
void app_command_params(struct app *a, const char *name);
/* S: the step view on a demo, every parameter cut down to a size one can
 * step by hand (at most 2, or its minimum). */
void app_command_step(struct app *a, const char *name);

#endif
