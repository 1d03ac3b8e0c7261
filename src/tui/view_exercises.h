/*
 * view_exercises.h - what the exercise view's three files share:
 * view_exercises.c (the list, keys, actions, the line in a lesson),
 * view_exercises_task.c (the panel's documents: task, result, hints) and
 * view_exercises_verify.c (a verify on a worker thread).
 *
 * Layer: src/tui, private to those files. The learner's standing (passed,
 * hints, the gate, recording) comes from core/exercise_status (a->ex.st).
 */
#ifndef TUI_VIEW_EXERCISES_H
#define TUI_VIEW_EXERCISES_H

#include "tui/view.h"

#define EX_TICK_MS 100   /* the elapsed clock's step while a verify runs */
#define EX_REFRESH_MS 1000 /* how often the view looks for records made elsewhere */


/* ---- view_exercises_verify.c (calls only view_exercises_task.c) */

/* Start verifying exercise i on a worker thread. Returns 0, or -1 with a
 * message on the status line. */
int ex_job_start(struct app *a, int i);
bool ex_verifying(const struct app *a);
/* The exercise being verified (-1: none) and for how long, in seconds. */
int ex_job_index(const struct app *a);
double ex_job_seconds(const struct app *a);
void ex_cancel(struct app *a);
int ex_pollfds(const struct app *a, struct pollfd *fds, int max);
int ex_wait_ms(const struct app *a);
bool ex_service(struct app *a);
/* Quitting: stop the verify (~100 ms) and wait for the worker. */
void ex_job_stop(struct app *a);

/* ---- view_exercises_task.c (calls nothing in the other two files) */

/* "..." or the ellipsis character, as the terminal allows. */
const char *ex_ellipsis(void);
/* The index of the next pending exercise, -1 when all passed. */
int ex_next_index(const struct app *a);

/* Rebuild the selected exercise's panel (task, last result or hints), `w`
 * columns wide, into a->ex.panel. */
void ex_panel_build(struct app *a, int w);

#endif
