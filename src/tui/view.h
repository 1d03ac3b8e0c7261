/*
 * view.h - the lab as a table of views: what a view offers the app
 * (struct view) and the small interface through which a view asks the app
 * for what it needs. A view never calls another view: it asks the app to
 * open one (app_open), and the app dispatches through its table
 * (app_views.c).
 *
 * Layer: src/tui. A new view is one file defining one `const struct view`,
 * a name in enum view_id (ui.h), a K_* bit for its keys (keymap) and one
 * line in app_views.c's table.
 */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include "tui/ui.h"

struct pollfd;

/* What to do when a view is opened (app_open). */
enum view_verb {
	VERB_SHOW,   /* show it (with the argument's subject, if any) */
	VERB_EDIT,   /* edit the subject in $EDITOR (source: a demo; exercises:
	                the learner's file), then ask what next */
	VERB_VERIFY, /* exercises: verify one */
};

/* The argument of app_open; a zero field means "none". Fields a view does
 * not use are ignored. */
struct view_arg {
	enum view_verb verb;
	const char *name;   /* demo: the demo to run; source: the demo whose source
	                       to show or edit; exercises: an exercise key */
	char *const *args;  /* demo: key=value parameters (copied) */
	size_t nargs;
	int k;              /* demo: runs in the series */
	const struct session_run *run; /* demo: what to run (session_prepare_run;
	                                  copied), name and args are ignored */
	char *text;         /* source: a C text to show instead of a demo's (the
	                       view takes it, and title, even when it fails) */
	char *title;
	int index;          /* exercises, source: an exercise index, -1 none */
	const char *variant; /* step: the variant to step (NULL: the demo's first) */
	const struct challenge_block *challenge; /* step: a challenge (its demo,
	                       params, variant and goal; name is ignored) */
};

struct view {
	const char *name;
	enum view_id id;
	unsigned keys; /* K_* bit: which keymap bindings apply */
	void (*draw)(struct app *a);
	/* A key (already mapped to an action); false: the app handles it. */
	bool (*key)(struct app *a, enum action act, wint_t ch, bool fkey);
	/* The key hints on the status bar. */
	const char *(*hints)(const struct app *a);

	/* Optional hooks (NULL when the view has none). */
	/* Opened by app_open: 1 to switch to the view, 0 to stay where we are
	 * (it did its work, or showed a message), -1 on failure (it said why). */
	int (*enter)(struct app *a, struct view_arg *arg);
	/* The text `/` searches. */
	struct pager *(*pager)(struct app *a);
	/* The demo this view is about, and (reader) its card. NULL: none. */
	const char *(*demo)(const struct app *a, const struct demo_block **card);
	/* Load what the view needs once, after progress (before the terminal). */
	void (*init)(struct app *a);
	/* Children and timers: something runs (the loop polls and services it;
	 * Ctrl-C cancels it), its fds, its clock (-1: none), and pick up what
	 * arrived (true: redraw). */
	bool (*busy)(const struct app *a);
	void (*cancel)(struct app *a);
	int (*pollfds)(const struct app *a, struct pollfd *fds, int max);
	int (*wait_ms)(const struct app *a);
	bool (*service)(struct app *a);
	/* Stop what runs and free everything; safe to call twice. */
	void (*release)(struct app *a);
	/* Reader only: the lesson list beside every view; a place in the lesson
	 * kept across sessions (width independent) and back. */
	void (*aside)(struct app *a, int x, int w, int h);
	int (*position)(const struct app *a);
	void (*set_position)(struct app *a, int pos);
	/* Lines a view adds to a lesson's layout (exercises: "Exercises for this
	 * lesson ... press x"). */
	void (*lesson_lines)(const struct app *a, struct layout *lay, int lesson, int width);
};

/* The views (one per view_*.c file). */
extern const struct view view_reader, view_demo, view_source, view_help, view_exercises,
	view_step, view_present;

/* ------------------------------------------------------------ the app, for views */

/* app_views.c: switching. */
/* Open view `id` with an argument (NULL: none); see struct view's enter.
 * Esc in the opened view goes back to the view it was opened from. */
int app_open(struct app *a, enum view_id id, struct view_arg *arg);
/* Back to the view this one was opened from (the reader if none). */
void app_back(struct app *a);
/* Every view's lines for lesson `lesson`, appended to its layout. */
void app_lesson_lines(const struct app *a, struct layout *lay, int lesson, int width);
/* Cancel what view `id` runs, if anything. */
void app_stop(struct app *a, enum view_id id);
/* Draw now (before something slow, such as a build). */
void app_draw(struct app *a);

/* app_status.c: the bottom row. */
/* A one-line message until the next key (err: shown as an error). */
void app_message(struct app *a, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The one y/n question: shows the question; the next key answers it (y or
 * Y yes, Enter yes when enter_yes, any other key no) and then calls
 * answer(a, yes, word, n). word is copied. */
typedef void app_answer_fn(struct app *a, bool yes, const char *word, int n);
void app_ask(struct app *a, app_answer_fn *answer, const char *word, int n, bool enter_yes,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
long long app_now_ns(void);

/* app.c: the session. */
const struct lesson *app_lesson(const struct app *a);
void app_open_lesson(struct app *a, int index);
/* The demo a bare `run` means: the view's, the focused card's, else the last
 * one run, else the lesson's first card. NULL if none. */
const char *app_current_demo(struct app *a);
/* Start a series of k runs of a demo with the card's, the override's and
 * the extra parameters merged. */
void app_run_demo(struct app *a, const char *name, char *const *extra, size_t nextra, int k);

#endif
