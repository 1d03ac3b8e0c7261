/*
 * layout.h - lays a lesson out as lines of styled text for a given width.
 *
 * Both faces draw from this: `lockstep show` turns roles into ANSI (or
 * nothing), the TUI turns them into curses attributes. Wrapping, lists,
 * quotes, tables (box drawing or ASCII), code with C/Python highlighting,
 * python/c pairs side by side (or stacked when narrow), demo cards and
 * quizzes are all decided here, once.
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_LAYOUT_H
#define CORE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"

/* What a run of text is; the face picks colour/attributes for each. */
enum lrole {
	ROLE_TEXT,
	ROLE_HEADING,    /* heading text (level in lline.level) */
	ROLE_EMPH,
	ROLE_STRONG,
	ROLE_CODE,       /* inline code */
	ROLE_LINK,
	ROLE_MUTED,      /* list bullets, quote bars, captions, link targets */
	ROLE_BORDER,     /* table and card borders */
	ROLE_CODEBLOCK,  /* plain text inside a code block */
	ROLE_KEYWORD,
	ROLE_TYPE,
	ROLE_STRING,
	ROLE_COMMENT,
	ROLE_NUMBER,
	ROLE_PREPROC,
	ROLE_DEMO,       /* the demo card's title line */
	ROLE_QUIZ,       /* question text */
	ROLE_CHOICE,     /* a choice not yet judged */
	ROLE_RIGHT,      /* the right answer, once revealed */
	ROLE_WRONG,      /* a wrong choice the learner picked */
};

/* Attribute bits, combined with the role (emphasis inside a heading, ...). */
enum { LATTR_BOLD = 1, LATTR_ITALIC = 2, LATTR_UNDERLINE = 4, LATTR_REVERSE = 8,
       LATTR_STRIKE = 16 /* ~~strikethrough~~; a face without it may ignore it */ };

struct lrun {
	char *text;       /* UTF-8, no newline; owned */
	int col;          /* starting column */
	int width;        /* display columns */
	enum lrole role;
	unsigned attr;
};

struct lline {
	struct lrun *runs;
	size_t nruns, cap;
	int block;        /* index of the top-level lesson block it comes from, -1 for none */
	int level;        /* heading level for heading lines, else 0 */
};

/* Interactive things a face may focus or act on, by line range. */
enum lanchor_kind { ANCHOR_HEADING, ANCHOR_DEMO, ANCHOR_QUESTION };

struct lanchor {
	enum lanchor_kind kind;
	int block;        /* top-level block index */
	int question;     /* quiz question index (ANCHOR_QUESTION), else -1 */
	size_t first, last; /* line range, inclusive */
};

/* How the learner has answered a quiz question, for the interactive face:
 * return the chosen choice index or -1. */
typedef int (*layout_answer_fn)(void *ctx, int block, int question);

struct layout_opts {
	int width;               /* columns available, >= 20 */
	bool ascii;              /* no box drawing or other non-ASCII decoration */
	bool interactive;        /* TUI: choices as "( ) text", answers revealed when
	                            answered; show: choices "a) text" and an answer
	                            key at the end */
	layout_answer_fn answer; /* may be NULL */
	void *answer_ctx;
	int focus_anchor;        /* anchor drawn as focused (reverse), -1 for none */
	int focus_choice;        /* choice under the cursor in the focused question */
};

struct layout {
	struct lline *lines;
	size_t n, cap;
	struct lanchor *anchors;
	size_t nanchors, acap;
};

/* Lay out a lesson (title, summary, objectives, then the body). The caller
 * frees the result with layout_free. */
struct layout *layout_lesson(const struct lesson *l, const struct layout_opts *o);

/* Lay out a C or Python source text with highlighting, `width` columns wide
 * (long lines are cut with a marker, not wrapped). lang: "c" or "python". */
struct layout *layout_source(const char *text, const char *lang, int width, bool ascii);

/* Building a layout by hand (the lab's small documents: help, messages,
 * problems, panels), in the shape a lesson's layout has so that the same
 * pagers show it. Text is always copied. layout_new's result is freed with
 * layout_free. */
struct layout *layout_new(void);
/* Append an empty line (block -1, level 0). The pointer is valid until the
 * next line is added. */
struct lline *layout_add_line(struct layout *lay);
/* Put text at column `col` of a line. Runs go left to right; one that
 * continues the last run exactly, in the same role and attributes, joins it. */
void layout_put(struct lline *ln, int col, const char *text, enum lrole role, unsigned attr);
/* Put text right after the line's last run. */
void layout_add_run(struct lline *ln, const char *text, enum lrole role, unsigned attr);
/* Word-wrap plain text (no markup; blanks separate words, runs of them
 * collapse) into new lines at most `width` columns wide: the first line
 * starts at first_col, the others at cont_col. A word longer than a line is
 * broken. The width is raised to leave at least 10 columns of text. At least
 * one line is added, an empty one for empty text. Returns the index of the
 * first line added. */
size_t layout_wrap(struct layout *lay, const char *text, enum lrole role, unsigned attr,
		   int width, int first_col, int cont_col);

/* Append a Markdown text that is not a lesson (an exercise's task, a hint)
 * to lay, laid out exactly as a lesson's body is (paragraphs, lists, quotes,
 * tables, highlighted code, emphasis), `width` columns wide with the first
 * `indent` of them left blank. Problems in the text are not reported: it is
 * shown as far as it reads. Returns the index of the first line added. */
size_t layout_markdown(struct layout *lay, const char *md, int width, int indent, bool ascii);

/* The plain text of one line, spaces filled in by column (caller frees). */
char *layout_line_text(const struct lline *ln);

void layout_free(struct layout *lay);

#endif
