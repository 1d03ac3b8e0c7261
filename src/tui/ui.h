/*
 * ui.h - what the files of src/tui share: the app state, the terminal's
 * services (term.c), drawing helpers (draw.c), pagers (pager.c), the keymap
 * (keymap.c), the ':' line (prompt.c) and the app's state. The views and
 * the interface they use are in view.h.
 *
 * Layer: src/tui, the only layer that includes <curses.h>. Nothing outside
 * src/tui includes this header; the entry point is tui.h.
 */
#ifndef TUI_UI_H
#define TUI_UI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "core/catalog.h"
#include "core/exercise.h"
#include "core/exercise_status.h"
#include "core/layout.h"
#include "core/progress.h"
#include "core/registry.h"
#include "core/report.h"
#include "core/series.h"
#include "core/session.h"
#include "tui/tui.h"

/* ------------------------------------------------------------ term.c */

/* Styles of the lab's own chrome (layout roles have their own map). */
enum ui_style {
	ST_NORMAL,
	ST_STATUS,     /* the status bar */
	ST_STATUS_ERR, /* an error on the status bar */
	ST_MATCH,      /* a search match */
	ST_MATCH_CUR,  /* the current search match */
	ST_CURRENT,    /* the current lesson in the sidebar */
	ST_DONE,       /* ✓ marks */
	ST_MUTED,
	ST_TITLE,      /* view titles, variant names */
	ST_OK,         /* ✓ correct */
	ST_BAD,        /* ✗ wrong, failures */
	ST_BAR,        /* the filled part of a progress bar */
	ST_KEY,        /* key names in hints and help */
	ST_NSTYLES
};

/* Signals the loop acts on; the handlers only set bits and wake the loop. */
enum { SIG_QUIT_BIT = 1, SIG_INT_BIT = 2, SIG_WINCH_BIT = 4 };

/* Set up the terminal (curses, colours, signal handlers, crash restore).
 * Returns 0, or -1 when there is no usable terminal (nothing to undo). */
int term_init(enum tui_color color);
/* Restore the terminal exactly as it was. Safe to call twice. */
void term_end(void);
/* Leave curses for a child that wants the terminal ($EDITOR), and come back. */
void term_suspend(void);
void term_resume(void);
/* The fd the loop polls to learn that a signal arrived. */
int term_signal_fd(void);
/* SIGTERM or SIGHUP when one asked us to quit, else 0. */
int term_quit_signal(void);
/* Pending signal bits (SIG_*_BIT), cleared by the call. */
int term_take_signals(void);
/* Pick up a new window size after SIGWINCH (resizeterm). */
void term_resize(void);
bool term_ascii(void);  /* the locale cannot show box drawing / ✓ */
bool term_color(void);  /* colours are in use */
void term_style(enum ui_style s);
void term_role(enum lrole role, unsigned lattr);
/* Glyphs that have an ASCII fallback. */
const char *term_glyph_ok(void);   /* ✓ or + */
const char *term_glyph_bad(void);  /* ✗ or x */
const char *term_glyph_cur(void);  /* ● or > */
const char *term_glyph_vbar(void); /* │ or | */

/* ------------------------------------------------------------ editor.c */

/* Hand the terminal to $VISUAL / $EDITOR (vi) on path, curses suspended,
 * and take it back. Returns 0 when the editor exited with status 0. */
int editor_run(const char *path);

/* ------------------------------------------------------------ draw.c */

/* Draw UTF-8 text at (y, x), cut to w columns; returns the columns used. */
int draw_text(int y, int x, int w, const char *s);
int draw_textn(int y, int x, int w, const char *s, size_t n);
/* printf into draw_text. */
int draw_fmt(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Blank w columns at (y, x) in the current style. */
void draw_blank(int y, int x, int w);
/* One laid-out line at (y, x) within w columns, skipping `hscroll` columns. */
void draw_lline(int y, int x, int w, const struct lline *ln);
/* Repaint columns [c0, c1) of a laid-out line in style st (search matches). */
void draw_lline_range(int y, int x, int w, const struct lline *ln, int c0, int c1,
		      enum ui_style st);
/* A progress bar of w columns for done/total. */
void draw_bar(int y, int x, int w, long long done, long long total);

/* A small hand-built document (help, problems, build output) in the same
 * shape as a layout, so pagers show it like a lesson. */
struct layout *doc_new(void);
/* Append a line; text is copied. Returns the line for doc_add_run. */
struct lline *doc_line(struct layout *d, const char *text, enum lrole role, unsigned attr);
void doc_add_run(struct lline *ln, const char *text, enum lrole role, unsigned attr);
/* Append text word-wrapped to width columns, later lines indented. */
void doc_wrap(struct layout *d, const char *text, enum lrole role, unsigned attr, int width,
	      int indent);
void doc_free(struct layout *d);

/* ------------------------------------------------------------ pager.c */

struct match {
	size_t line;
	int c0, c1; /* columns */
};

/* A scrollable laid-out document with search: the reader, the source and
 * the help views each have one. */
struct pager {
	struct layout *lay; /* owned */
	bool own_doc;       /* built with doc_new (freed with doc_free) */
	int top;            /* first line shown */
	int height;         /* lines shown at the last draw */
	struct match *m;    /* matches of the search, in order */
	size_t nm, mcap;
	int cur;            /* current match, -1 */
};

void pager_set(struct pager *p, struct layout *lay, bool own_doc);
void pager_release(struct pager *p);
void pager_scroll(struct pager *p, int delta);
void pager_home(struct pager *p);
void pager_end(struct pager *p);
void pager_clamp(struct pager *p);
/* Make lines [first, last] visible, moving as little as possible. */
void pager_show(struct pager *p, size_t first, size_t last);
/* Find every case-insensitive occurrence of q; jump to the first at or
 * below the top. Returns the number of matches. */
size_t pager_search(struct pager *p, const char *q);
void pager_search_clear(struct pager *p);
/* Next/previous match (dir +1/-1), wrapping. */
void pager_match_step(struct pager *p, int dir);
void pager_draw(struct pager *p, int y, int x, int w, int h);

/* ------------------------------------------------------------ keymap.c */

enum action {
	A_NONE,
	A_QUIT,
	A_BACK,        /* Esc: cancel a demo, end a search, close a view */
	A_HELP,
	A_PROMPT,
	A_SEARCH,
	A_GOTO,
	A_SIDEBAR,
	A_LESSON_NEXT,
	A_LESSON_PREV,
	A_DOWN,
	A_UP,
	A_PGDN,
	A_PGUP,
	A_HALFDN,
	A_HALFUP,
	A_HOME,
	A_END,
	A_FOCUS_NEXT,
	A_FOCUS_PREV,
	A_ENTER,       /* answer the focused question / run the focused demo */
	A_RUN,
	A_RUN_K,
	A_PARAMS,
	A_SOURCE,
	A_EDITOR,
	A_DONE,
	A_MATCH_NEXT,
	A_MATCH_PREV,
	A_REDRAW,
	A_EXERCISES,   /* open the exercises view */
	A_VERIFY,      /* verify the selected exercise */
	A_HINT,
	A_SOLUTION,
	A_TASK,        /* show the selected exercise's task again */
	A_INIT,        /* create the exercise workspace */
	A_STEP,        /* step the focused demo or challenge (the step view) */
	A_PRESENT,     /* present mode: the demo's run full screen, in big type */
	A_PIN,         /* demo panel: pin the result to compare the next run with it */
};

/* Where a binding applies (bit mask). */
enum {
	K_READER = 1,
	K_DEMO = 2,
	K_SOURCE = 4,
	K_HELP = 8,
	K_SEARCHING = 16, /* only while a search is shown */
	K_EXERCISES = 32,
	K_STEP = 64,
	K_PRESENT = 128,
	K_ALL = K_READER | K_DEMO | K_SOURCE | K_HELP | K_EXERCISES | K_STEP | K_PRESENT,
};

struct keybind {
	int key;          /* a character, or a KEY_* code when fkey */
	bool fkey;
	unsigned where;   /* K_* mask */
	enum action action;
	const char *name; /* how help shows the key; NULL: folded into the previous */
	const char *help;
};

/* The table, ending with a zero entry. */
extern const struct keybind keymap[];
/* The action bound to a key in the given context (K_* of the view, plus
 * K_SEARCHING when a search is shown): search bindings win. */
enum action keymap_find(int key, bool fkey, unsigned where);

/* The scrolling keys every pager view shares (lines, pages, half pages,
 * home, end). True if `act` was one of them. */
bool pager_key(struct pager *p, enum action act);

/* ------------------------------------------------------------ prompt.c */

enum prompt_mode { PROMPT_COMMAND, PROMPT_SEARCH, PROMPT_GOTO };

struct app;

/* Open the bottom-row line editor with a label (":", "/", "go to lesson: ")
 * and initial text. */
void prompt_open(struct app *a, enum prompt_mode mode, const char *init);
/* A line shown above the prompt (parameter ranges, candidates); copied. */
void prompt_hint(struct app *a, const char *hint);
bool prompt_active(const struct app *a);
/* What a key did: nothing the app acts on, the search text changed (live
 * search), or the line ended (accepted, or left: text NULL). */
enum prompt_event { PROMPT_KEY, PROMPT_LIVE, PROMPT_DONE };
/* Handle one key. For PROMPT_LIVE and PROMPT_DONE, *mode is the prompt's
 * mode and *text the line (caller frees; NULL when the prompt was left). */
enum prompt_event prompt_key(struct app *a, wint_t ch, bool fkey, enum prompt_mode *mode,
			     char **text);
void prompt_draw(struct app *a, int y, int w);
void prompt_close(struct app *a);
/* History (libedit history(3)), loaded from and saved to <state>/history. */
void prompt_init(struct app *a);
/* Split a command line into words with libedit's tok_str (quoting). The
 * words belong to the prompt's tokenizer and live until the next call.
 * Returns 0, or -1 for an unclosed quote. */
int prompt_split(struct app *a, const char *line, int *argc, const char ***argv);
void prompt_release(struct app *a);

/* ------------------------------------------------------------ views */

enum view_id {
	VIEW_READER, VIEW_DEMO, VIEW_SOURCE, VIEW_HELP, VIEW_EXERCISES, VIEW_STEP, VIEW_PRESENT,
	VIEW_COUNT
};

/* The demo panel's state: a series of K runs of one demo (core/series). */
struct demo_panel {
	char *name;                 /* demo shown, NULL before the first run */
	char **args;                /* its key=value words (owned) */
	size_t nargs;
	struct series *series;      /* running or finished, NULL if it could
	                               not start (owned) */
	unsigned gen;               /* series generation last drawn */
	int k;                      /* runs asked for */
	char *error;                /* why the series could not start */
	int top;                    /* scroll */
	int maxtop;                 /* the last top that shows content (set by draw) */
	struct series *pin;         /* the pinned result (p), or NULL: owned, unless
	                               it is still `series` (then freed once, as that) */
	char *pin_name;             /* the pinned demo */
	struct demo_explore *explore; /* every interleaving of the last series'
	                               parameters (view_demo_explore.c), or NULL */
};

struct focus {
	bool on;
	enum lanchor_kind kind;
	int block, question;
	int choice;                 /* cursor in a focused question */
};

/* What the panel under the exercise list shows for one exercise. */
enum ex_panel_kind { EXP_TASK, EXP_RESULT, EXP_HINTS };

/* One exercise in this session: its last verify and what its panel shows. */
struct ex_item {
	enum ex_panel_kind panel;
	bool have_result;
	struct exercise_result result; /* owned when have_result */
	struct exercise_after after;   /* what recording it said; owned when have_result */
};

struct ex_job; /* a verify running on a worker thread (view_exercises_verify.c) */

/* The exercises view's state (view_exercise*.c own every field). */
struct ex_view {
	struct exercise_status st; /* the set (loaded once at start; never changes
	                             while a verify runs: the worker reads it), the
	                             resolved workspace, over a->prog */
	bool loaded;              /* the set has at least one exercise */
	char *error;              /* why there are none */
	int *lesson;              /* per exercise: catalogue index of its lesson, -1 */
	struct ex_item *items;    /* per exercise */
	int sel, list_top;
	struct pager panel;       /* the selected exercise's panel (own doc) */
	int panel_width, panel_sel;
	enum ex_panel_kind panel_kind;
	bool panel_stale;         /* rebuild at the next draw */
	bool panel_jump;          /* then scroll to its newest part (a new hint) */
	struct ex_job *job;       /* the verify going on, or NULL */
};

struct prompt_state;
struct step_view; /* view_step.h */

struct app {
	struct catalog cat;
	struct registry reg;
	bool have_reg;
	struct progress *prog;
	int cur;                    /* current lesson (catalogue index); the
	                               session's lesson follows it (app_open_lesson) */

	/* the reader */
	struct pager reader;
	int reader_width;           /* width the layout was made for, 0: stale */
	int reader_pos;             /* position to restore at the next layout, -1 */
	struct focus focus;
	bool searching;             /* matches are shown: n/N step */
	enum view_id search_view;   /* the view searched */
	char *search;               /* the query */
	int sidebar_pref;           /* -1 auto, 0 hidden, 1 shown */
	int sidebar_top;

	/* the other views */
	enum view_id view;
	struct demo_panel demo;
	struct pager source;
	char *source_demo;          /* the demo whose source is shown */
	char *source_text;          /* its text, or build output (owned) */
	char *source_title;
	bool source_is_c;           /* highlight as C (not build output) */
	int source_exercise;        /* the exercise whose learner file is shown
	                               (E edits it), -1; source_demo is NULL then */
	int source_width;
	struct pager help;
	int help_width;
	struct ex_view ex;
	struct step_view *step;     /* the step view's state (view_step*.c), or NULL */
	enum view_id back[VIEW_COUNT]; /* per view: the view it was opened from */

	/* geometry of the last draw */
	int rows, cols, main_x, main_w, main_h;
	bool sidebar_on, too_small;

	/* the bottom row */
	char *msg;                  /* one-line message, until the next key */
	bool msg_err;
	struct app_question {       /* the y/n question waiting (app_ask) */
		void (*answer)(struct app *a, bool yes, const char *word, int n);
		char *word;
		int n;
		bool enter_yes;
	} ask;
	struct prompt_state *prompt;

	struct session ses;         /* last demo, `set` overrides, K (core/session;
	                               borrows cat, reg, prog, ex.st.set) */
	bool quit, dirty;
	long long last_draw_ns;
};

/* True when a search made in view v is shown. */
static inline bool app_searching(const struct app *a, enum view_id v)
{
	return a->searching && a->search && a->search_view == v;
}

#endif
