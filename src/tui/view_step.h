/*
 * view_step.h - what the step view's files share: view_step.c turns the
 * learner's keys into choices, view_step_session.c drives the stepper
 * session (core/step) through the app's poll loop, view_step_draw.c
 * draws it (thread columns with their source, the shared state, the
 * timeline and, for a challenge, the win screen).
 *
 * Layer: src/tui, private to view_step*.c. The struct is owned by the app
 * (a->step) and lives from the first `:step` to the end of the lab.
 */
#ifndef TUI_VIEW_STEP_H
#define TUI_VIEW_STEP_H

#include <pthread.h>
#include <stdbool.h>

#include "core/step.h"
#include "core/step_goal.h"
#include "core/step_run.h"
#include "tui/view.h"

/* One step carried out: who moved and the statement it ran. */
struct step_mark {
	int thread;
	char *label;
	int line;
	char *after;  /* the shared values after it ("counter=1"), owned */
};

/* A lab source file, split into lines (read once per session). */
struct step_src {
	char *file;   /* as the demo names it ("race_counter.c") */
	char *text;   /* owned; lines point into it */
	char **lines;
	int nlines;
};

/* The proof shown on a win screen: explore of the fixed variant, run on a
 * worker thread so the lab never waits for it. */
struct step_proof {
	pthread_t tid;
	bool started, done, joined;  /* main thread only */
	int wake[2];                  /* the worker writes one byte when done */
	struct step_target target;    /* the fixed variant (owned) */
	struct step_goal goal;
	unsigned long limit;
	struct step_explore ex;       /* filled by the worker */
	char *err;                    /* why it failed (worker), or NULL */
	int rc;
};

struct step_view {
	bool open;                    /* a target is loaded */
	struct step_target target;
	char **params;                /* key=value words (owned) */
	size_t nparams;
	struct stepper *sp;           /* the live session, or NULL */
	long long started_ns;         /* when its child started (app_now_ns) */
	struct step_mark *marks;      /* the steps so far (sp's schedule) */
	size_t nmarks, capmarks;
	char *failure;                /* the session died: why */
	/* in flight (view_step_session.c): the move sent, its mark to be */
	struct step_mark pend;
	bool has_pend;
	bool replaying;               /* u or the refresh: old steps being redone */
	struct step_mark *rp_old;     /* the steps replayed (owned) */
	size_t rp_n, rp_keep, rp_i;   /* how many, how many to redo, sent so far */
	int rp_then;                  /* a thread to move after the replay, or -1 */
	char *rp_done;                /* what to say when it is done, or NULL */
	char *outcome;                /* finished or deadlocked: what happened */

	/* a challenge (NULL id: free stepping) */
	char *ch_id, *ch_title, *ch_fixed; /* ch_id NULL: the fixed variant */
	bool has_goal;
	struct step_goal goal;
	bool goal_hit;                /* ANY: held at some step so far */
	bool won;                     /* the goal was reached in this session */
	bool show_win;                /* the win screen is up */
	struct step_proof proof;      /* kept while the fixed variant is stepped */

	/* auto-play */
	bool autoplay;
	int speed_ms;                 /* between auto steps */
	long long next_ns;

	int first_col;                /* first thread shown in the columns */
	unsigned rng;                 /* `r`: a random ready thread */
	struct step_src src;          /* the file the threads are in */
};

/* view_step_session.c: the session, driven from the app's poll loop.
 * start: a fresh child (0, or -1 with sv->failure); end: kill it, forget
 * its steps; thread: a learner's choice (messages say why not); undo: the
 * schedule minus its last step; service: pick up the child's answer (true:
 * something changed); cancel: Ctrl-C (true: a move was stopped); status:
 * what is in flight in words (caller frees), or NULL. */
int step_session_start(struct step_view *sv);
void step_session_end(struct step_view *sv);
bool step_session_waiting(const struct step_view *sv);
bool step_session_can_move(const struct step_view *sv);
void step_session_thread(struct app *a, struct step_view *sv, int t);
void step_session_undo(struct app *a, struct step_view *sv);
bool step_session_service(struct app *a, struct step_view *sv);
bool step_session_cancel(struct app *a, struct step_view *sv);
char *step_session_status(const struct step_view *sv);

/* view_step_draw.c: draw the view in the main area; forget the source
 * file it keeps (sv->src). */
void step_view_draw(struct app *a);
void step_view_source_release(struct step_view *sv);

/* view_step_proof.c: start the proof for sv's challenge (its fixed variant,
 * its parameters and goal) on a worker; pick up its end (true: it just
 * ended); wait for it and free it (safe to call twice). */
void step_proof_start(struct step_view *sv);
bool step_proof_service(struct step_proof *p);
void step_proof_release(struct step_proof *p);

#endif
