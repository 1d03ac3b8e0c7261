/*
 * lesson_parse.h - private to the lesson parser (lesson*.c): the parser's
 * state and the pieces its files share. Nothing outside src/core/lesson*.c
 * includes it; the public model is lesson.h.
 *
 * Ownership: a struct parser lives on lesson_parse()'s stack; every block
 * it makes hangs under ps->root (freed with lesson_block_free) until the lesson
 * takes the top-level ones; lesson_parser_release frees the rest.
 */
#ifndef CORE_LESSON_PARSE_H
#define CORE_LESSON_PARSE_H

#include <md4c.h>

#include "core/lesson.h"
#include "core/util.h"

/* Lists and quotes nested deeper than this are flattened (and reported):
 * nobody writes them, and it bounds the recursion of everything downstream. */
#define MAX_DEPTH 24

/* The span inlines_add touched last and its length, so that a long
 * paragraph arriving in many pieces is not measured again each time. Sound
 * because every span is created and grown only here, which refreshes it. */
struct grow_cache {
	const struct span *span;
	const char *text;
	size_t len;
};

/* Start offsets of every line; a line ends at \n, \r\n or a lone \r, as in
 * CommonMark. Line k (1-based) is [start[k-1], end of line). */
struct lines {
	size_t *start;
	size_t n;
	const char *text;
	size_t len;
};

struct fence {
	int line;
	bool closed;
	char ch;
	size_t len;
	int quote;        /* block quote depth it opened in */
	size_t close_ind; /* most indentation a closing fence may have */
	char *word;       /* first word of the info string, for messages */
};

struct frame {
	MD_BLOCKTYPE type;
	struct block *b;         /* the block this frame makes, or NULL */
	struct block *container; /* where child blocks go */
	int depth;               /* nesting of lists and quotes */
};

struct table_build {
	struct inlines *cells; /* row-major as they come */
	int *rowlen;
	size_t ncells, ccap, nrows, rcap;
	int header_rows;
	bool in_head;
	enum cell_align *align;
	size_t nalign, acap;
	struct inlines *cur;
};

struct parser {
	const char *path;
	struct diags *d;
	struct lines li;
	const char *body; /* what md4c sees */
	size_t body_len;
	struct fence *fences;
	size_t nfences, fence_next;

	struct frame *stack;
	size_t nstack, scap;
	struct block *root;
	struct block *implicit; /* paragraph being filled from a tight list item */
	bool deep_reported;

	unsigned style;
	int nemph, nstrong, ncode, nstrike, nimg;
	char **hrefs;
	size_t nhrefs, hcap;

	/* the code block being read */
	struct sbuf code;
	size_t code_nl;
	int code_line;
	char code_fence;
	char *code_info;

	struct table_build tb;
	struct grow_cache gc;
};

/* lesson_text.c: characters and inline text */
void lesson_utf8_put(struct sbuf *sb, unsigned long cp);
void lesson_entity_add(struct sbuf *sb, const char *s, size_t n);
void inlines_add(struct inlines *in, const char *s, size_t n, unsigned style,
		 const char *href, struct grow_cache *gc);

/* lesson.c: block allocation */
struct block *lesson_block_new(enum block_kind kind);
void lesson_block_free(struct block *b);
void lesson_block_add(struct block *parent, struct block *child);

/* lesson_fence.c: the line index and the fence prescan */
void lesson_lines_build(struct lines *li, const char *t, size_t len);
const char *lesson_lines_get(const struct lines *li, size_t k, size_t *n);
int lesson_lines_of(const struct lines *li, size_t off);
bool lesson_blank(const char *s, size_t n);
void lesson_fences_scan(const struct lines *li, size_t first, struct fence **out, size_t *nout);

/* lesson_front.c: the front matter; returns the first body line (1-based) */
size_t lesson_front_parse(struct parser *ps, struct lesson *l);

/* lesson_md.c: the md4c callbacks */
void lesson_md_run(struct parser *ps);
void lesson_parser_release(struct parser *ps);

/* lesson_blocks.c: typed blocks (demo, quiz, pairs) */
void lesson_typed_block(struct parser *ps, struct block *b, bool top_level, bool unclosed);
void lesson_blocks_finish(struct parser *ps, struct block *parent);

/* lesson_challenge.c: the ```challenge ID block (w: the info words) */
void lesson_challenge_parse(struct parser *ps, struct block *b, char **w, size_t nw);
void lesson_challenge_release(struct challenge_block *c);

#endif
