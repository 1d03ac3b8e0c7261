/*
 * layout_int.h - private to the layout (layout*.c): the glyphs, the context
 * of one lesson's layout, and the line, wrapping and block helpers the files
 * share. The public interface is layout.h.
 *
 * Ownership: every helper appends to a struct layout it is given; text is
 * copied. Containers lay out into a scratch layout (layout_new) that
 * lay_splice moves into the outer one and frees.
 */
#ifndef CORE_LAYOUT_INT_H
#define CORE_LAYOUT_INT_H

#include "core/layout.h"

#define CODE_INDENT 2
#define TAB_CODE 4      /* tab stops in lesson code blocks */
#define TAB_SOURCE 8    /* and in lab/ sources, as an editor shows them */
#define MIN_INNER 10    /* narrowest text column a container may leave */
#define PAIR_MIN_COL 30 /* narrowest column of a side-by-side pair */
#define CARD_MAX 80     /* widest demo card */

struct glyphs {
	const char *h1, *h2, *rule;
	const char *bullet[3];
	const char *bar, *cut;
	const char *tl, *tr, *bl, *br, *hz, *vt, *tdown, *tup, *tright, *tleft, *cross;
	const char *play, *dot, *dash;
	const char *radio_off, *radio_on, *right, *wrong;
};

struct ctx {
	const struct layout_opts *o;
	const struct lesson *l;
	const struct glyphs *g;
	struct layout *final; /* the layout handed back; anchors made here can be focused */
	int top;              /* top-level block being laid out */
	int qnum;             /* lesson-wide number of the next question (0-based) */
	int list_depth;
};

static inline int max_i(int a, int b) { return a > b ? a : b; }
static inline int min_i(int a, int b) { return a < b ? a : b; }

/* layout_line.c: widths, lines and runs */
int lay_width_of(const char *s, size_t n);
size_t lay_fit_of(const char *s, size_t n, int cols);
int lay_text_w(const char *s);
struct lline *lay_line(struct layout *lay);
void lay_blank(struct layout *lay);
void lline_put(struct lline *ln, int col, const char *s, size_t n, enum lrole role,
	       unsigned attr);
void lline_puts(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr);
void lline_prepend(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr);
int lline_end(const struct lline *ln);
void lline_attr(struct lline *ln, unsigned attr);
void lline_release(struct lline *ln);
void lline_trim(struct lline *ln);
struct lanchor *lay_anchor(struct layout *lay, enum lanchor_kind kind, int block, int question,
			   size_t first, size_t last);
size_t lay_splice(struct layout *dst, struct layout *src, int dx);
void lay_put_repeat(struct lline *ln, int col, const char *s, int cols, enum lrole role,
		    unsigned attr);

/* layout_wrap.c: greedy word wrapping */
struct piece {
	char *s;
	size_t n;
	enum lrole role;
	unsigned attr;
};

/* Greedy word wrap into `out`: the first line starts at first_col, later
 * ones at cont_col; nothing passes `width`. */
struct wrapper {
	struct layout *out;
	int width, first_col, cont_col, level;
	enum lrole base;
	unsigned base_attr;
	struct lline *ln; /* NULL until the first word */
	size_t lni;       /* its index (lines may move) */
	bool closed;      /* a hard break ended the line */
	int col, col0;    /* where we are, where the line started */
	bool started;     /* the line has a word */
	struct piece *w;
	size_t nw, wcap;
	int ww;
	bool space;
	enum lrole last_role;
	unsigned last_attr;
	int maxw;         /* widest line end so far */
};

void lay_wrap_begin(struct wrapper *wr, struct layout *out, int width, int first_col, int cont_col,
		    enum lrole base, unsigned base_attr);
void lay_wrap_texts(struct wrapper *wr, const char *s, enum lrole role, unsigned attr);
void lay_wrap_inlines(struct wrapper *wr, const struct inlines *in);
void lay_wrap_end(struct wrapper *wr);
void lay_in_plain(struct inlines *in, const char *s);
bool lay_link_shows_target(const char *text, const char *href);
int lay_inlines(struct layout *out, const struct inlines *in, int width, int first_col,
		int cont_col, enum lrole base, unsigned attr, int level);
int lay_plain(struct layout *out, const char *s, int width, int first_col, int cont_col,
	      enum lrole base, unsigned attr);

/* layout_block.c: code, headings, lists, quotes, pairs; the dispatch */
char **lay_code_lines(const char *code, int tab, size_t *n, int *maxw);
void lay_free_lines(char **v, size_t n);
struct hl;
void lay_put_code(struct lline *ln, int col, int cols, struct hl *h, const char *s,
		  const struct glyphs *g);
void lay_heading_text(struct ctx *c, struct layout *out, const struct inlines *in, int level,
		      int width, bool anchor);
void lay_block(struct ctx *c, struct layout *out, const struct block *b, int width);
void lay_blocks(struct ctx *c, struct layout *out, struct block *const *v, size_t n, int width,
		bool tight);

/* layout_table.c */
void lay_table(struct ctx *c, struct layout *out, const struct block *b, int width);

/* layout_card.c: demo cards, quizzes and the answer key */
void lay_demo(struct ctx *c, struct layout *out, const struct block *b, int width);
void lay_quiz(struct ctx *c, struct layout *out, const struct block *b, int width);
void lay_challenge(struct ctx *c, struct layout *out, const struct block *b, int width);
void lay_answers(struct ctx *c, struct layout *out, int width);

#endif
