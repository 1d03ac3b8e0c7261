/*
 * lesson.h - the lesson document model: one Markdown file with a front matter,
 * parsed by md4c into blocks of styled inline text, plus lockstep's typed
 * blocks (demo, quiz, python/c pair). See lessons/README.md for the format.
 *
 * `lockstep show`, `lockstep lint` and the TUI reader all work from this one
 * model. Layer: src/core (libc, md4c). Never prints: problems go to a
 * struct diags as "file:line: message".
 */
#ifndef CORE_LESSON_H
#define CORE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The largest lesson file read (the longest lesson is under 16 KiB; a file
 * this size still parses and lays out in well under a second). */
#define LESSON_MAX_BYTES (1024u * 1024)

/* Inline style bits of a span. */
enum {
	SPAN_EMPH = 1 << 0,
	SPAN_STRONG = 1 << 1,
	SPAN_CODE = 1 << 2,
	SPAN_LINK = 1 << 3,
	SPAN_STRIKE = 1 << 4,
};

/* A run of text with one style. A hard line break is a span whose text is
 * "\n". */
struct span {
	char *text;  /* UTF-8, owned */
	unsigned style;
	char *href;  /* links only, else NULL; owned */
};

struct inlines {
	struct span *v;
	size_t n, cap;
};

enum block_kind {
	BLK_HEADING,   /* level, text */
	BLK_PARAGRAPH, /* text */
	BLK_LIST,      /* ordered, start; children are BLK_ITEM */
	BLK_ITEM,      /* children: blocks (paragraphs, nested lists, code...) */
	BLK_QUOTE,     /* children: blocks */
	BLK_CODE,      /* lang, code */
	BLK_TABLE,     /* table */
	BLK_RULE,      /* thematic break */
	BLK_PAIR,      /* children[0]: python BLK_CODE, children[1]: c BLK_CODE */
	BLK_DEMO,      /* demo */
	BLK_QUIZ,      /* quiz */
	BLK_CHALLENGE, /* challenge */
};

enum cell_align { ALIGN_DEFAULT, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct table {
	int ncols, nrows;         /* nrows includes the header row(s) */
	int header_rows;          /* usually 1 */
	enum cell_align *align;   /* ncols entries */
	struct inlines *cells;    /* nrows * ncols, row-major; missing cells empty */
};

struct demo_param {
	char *key, *value; /* as written; validated against the registry by lint */
};

struct demo_block {
	char *name;
	struct demo_param *params;
	size_t nparams;
	char *caption; /* the block's body, may be "" */
};

/* A ```challenge ID DEMO ... block: a stepped demo and a goal to reach
 * with it (lesson_challenge.c shows the format; core/challenge parses it).
 * Fields are NULL when the block could not be read (a diagnostic says why). */
struct challenge_block {
	char *id, *title;
	char *demo, *variant, *fixed; /* the broken variant and the fixed one */
	char **params;                /* key=value words; nparams of them */
	size_t nparams;
	char *goal;                   /* as core/step_goal reads it */
	char *task, *python;          /* what to do; the Python version, one line */
};

struct quiz_question {
	char *text;        /* the question, `? ` lines joined with spaces */
	char **choices;    /* nchoices strings */
	size_t nchoices;
	int answer;        /* index of the `+` choice */
	char *explanation; /* `> ` lines joined */
	int line;          /* source line of the question */
};

struct quiz {
	struct quiz_question *q;
	size_t n;
};

struct block {
	enum block_kind kind;
	int line;             /* 1-based source line where known, else 0 */
	int level;            /* heading level 1..6 */
	bool ordered;         /* list */
	int start;            /* ordered list's first number */
	bool tight;           /* list: no blank lines between items (Markdown "tight") */
	struct inlines text;  /* heading, paragraph */
	struct block **children;
	size_t nchildren;
	char *lang;           /* code: language from the info string, may be "";
	                         NULL for every other kind */
	char *code;           /* code: text, lines separated by '\n', no final '\n';
	                         NULL for every other kind */
	struct table table;   /* table */
	struct demo_block demo;
	struct quiz quiz;
	struct challenge_block challenge;
};

struct lesson {
	int number;          /* from the file name NN-id.md */
	char *id;            /* from the file name */
	char *path;          /* as given */
	char *title, *summary; /* never NULL: the id and "" when missing (with a diag) */
	char **objectives;
	size_t nobjectives;
	char *python;        /* may be NULL */
	struct block **blocks;
	size_t nblocks;
	int body_line;       /* source line where the Markdown body starts */
	int objectives_line; /* line of 'objectives:', 0 if there is none */
	int front_end_line;  /* line of the closing '---' (or where it should be) */
};

/*
 * Parse one lesson from text (len bytes, need not be NUL-terminated). `path`
 * names the file in messages and gives number and id. Every problem found is
 * added to `d` (all of them, not just the first). Returns the lesson (caller
 * frees with lesson_free) — also when there were problems, as far as it could
 * be read — or NULL if nothing usable could be read.
 */
struct lesson *lesson_parse(const char *path, const char *text, size_t len,
			    struct diags *d);
/* Parse a Markdown text that is not a lesson file (an exercise's task, a
 * hint): no front matter, all body, the same blocks a lesson's body gives.
 * `name` stands for the text in messages. Caller frees with lesson_free. */
struct lesson *lesson_parse_markdown(const char *name, const char *text, size_t len,
				     struct diags *d);
struct lesson *lesson_load(const char *path, struct diags *d);
void lesson_free(struct lesson *l);

/* Split "NN-id.md" (any directory) into number and id; false if malformed. */
bool lesson_name_parse(const char *path, int *number, char **id);

/* Concatenated plain text of inlines (caller frees). */
char *inlines_text(const struct inlines *in);
/* Free every span of `in` and leave it empty (the struct itself is the
 * caller's). */
void inlines_release(struct inlines *in);

/* Questions are numbered across the whole lesson (all quiz blocks, in
 * order), for progress and for the answer key: the total, and the number of
 * question `question` of the quiz at top-level block `block` (-1 if there is
 * no such question). */
size_t lesson_question_count(const struct lesson *l);
int lesson_question_index(const struct lesson *l, int block, int question);

/* Text as the model keeps it: valid UTF-8 without control characters
 * (invalid bytes and controls become U+FFFD). `code` keeps '\n' and '\t',
 * otherwise they become spaces; '\r' is dropped. The caller frees the
 * result; lesson_clean_add appends to a buffer instead. Every string in a
 * parsed lesson has been through this. */
struct sbuf;
char *lesson_clean(const char *s, size_t n, bool code);
void lesson_clean_add(struct sbuf *sb, const char *s, size_t n, bool code);

#endif
