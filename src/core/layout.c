/*
 * layout.c - lays a lesson out as lines of styled runs for one width: word
 * wrapping by display width, headings, lists, quotes, tables, highlighted
 * code, python/c pairs, demo cards and quizzes. Both faces (show, the TUI)
 * draw what this decides; nothing here knows about terminals.
 *
 * Containers (lists, quotes, table cells, cards) are laid out into a
 * scratch layout at their inner width, then spliced into the outer one,
 * shifted right, with their margin (bullet, bar, border) added. Every line
 * stays within the width: inner widths never drop below MIN_INNER (deeper
 * nesting loses its indentation instead), words longer than a line are
 * broken, code lines are cut with a marker.
 */
#include "core/layout.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

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

static const struct glyphs utf8_glyphs = {
	"═", "─", "─", {"•", "◦", "▪"}, "│", "…",
	"┌", "┐", "└", "┘", "─", "│", "┬", "┴", "├", "┤", "┼",
	"▶", "·", "—", "( )", "(•)", "✓", "✗",
};

static const struct glyphs ascii_glyphs = {
	"=", "-", "-", {"-", "*", "+"}, "|", ">",
	"+", "+", "+", "+", "-", "|", "+", "+", "+", "+", "+",
	">", "-", "-", "( )", "(*)", "[right]", "[wrong]",
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

static int max_i(int a, int b) { return a > b ? a : b; }
static int min_i(int a, int b) { return a < b ? a : b; }

/* util's width functions decode every character with mbrtowc; lessons are
 * mostly ASCII, where bytes are columns in every locale, so look first. */
static int width_of(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return util_text_width(s, n);
	return n > INT_MAX ? INT_MAX : (int)n;
}

static size_t fit_of(const char *s, size_t n, int cols)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] < 0x80 && (long)i < (long)cols)
		i++;
	if (i == n || (long)i == (long)cols || cols <= 0)
		return i;
	/* a wider character is next: let util measure from here */
	return i + util_fit_width(s + i, n - i, cols - (int)i);
}

static int text_w(const char *s) { return width_of(s, strlen(s)); }

/* ------------------------------------------------------------ primitives */

static struct layout *lay_new(void) { return xcalloc(1, sizeof(struct layout)); }

static struct lline *lay_line(struct layout *lay)
{
	struct lline *ln = VEC_PUSH(lay->lines, lay->n, lay->cap);
	memset(ln, 0, sizeof *ln);
	ln->block = -1;
	return ln;
}

static void lay_blank(struct layout *lay) { lay_line(lay); }

/* Append a run; joins the previous run when it continues it exactly. Runs
 * must be added left to right. */
static void line_put(struct lline *ln, int col, const char *s, size_t n, enum lrole role,
		     unsigned attr)
{
	if (n == 0)
		return;
	int w = width_of(s, n);
	struct lrun *last = ln->nruns ? &ln->runs[ln->nruns - 1] : NULL;
	if (last && last->role == role && last->attr == attr && last->col + last->width == col) {
		size_t old = strlen(last->text);
		last->text = xrealloc(last->text, old + n + 1);
		memcpy(last->text + old, s, n);
		last->text[old + n] = '\0';
		last->width += w;
		return;
	}
	struct lrun *r = VEC_PUSH(ln->runs, ln->nruns, ln->cap);
	r->text = xstrndup(s, n);
	r->col = col;
	r->width = w;
	r->role = role;
	r->attr = attr;
}

static void line_puts(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr)
{
	line_put(ln, col, s, strlen(s), role, attr);
}

/* Insert a run before all others (a margin added after the content). */
static void line_prepend(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr)
{
	struct lrun r = {xstrdup(s), col, text_w(s), role, attr};
	ln->runs = xgrow(ln->runs, &ln->cap, ln->nruns + 1, sizeof *ln->runs);
	memmove(ln->runs + 1, ln->runs, ln->nruns * sizeof *ln->runs);
	ln->runs[0] = r;
	ln->nruns++;
}

static int line_end(const struct lline *ln)
{
	return ln->nruns ? ln->runs[ln->nruns - 1].col + ln->runs[ln->nruns - 1].width : 0;
}

static void line_attr(struct lline *ln, unsigned attr)
{
	for (size_t i = 0; i < ln->nruns; i++)
		ln->runs[i].attr |= attr;
}

static void line_release(struct lline *ln)
{
	for (size_t i = 0; i < ln->nruns; i++)
		free(ln->runs[i].text);
	free(ln->runs);
}

/* Drop trailing blanks: whitespace-only runs at the end, spaces at the end
 * of the last run. */
static void line_trim(struct lline *ln)
{
	while (ln->nruns) {
		struct lrun *r = &ln->runs[ln->nruns - 1];
		size_t n = strlen(r->text);
		while (n && r->text[n - 1] == ' ')
			n--;
		if (n) {
			if (r->text[n]) {
				r->text[n] = '\0';
				r->width = width_of(r->text, n);
			}
			return;
		}
		free(r->text);
		ln->nruns--;
	}
}

static struct lanchor *lay_anchor(struct layout *lay, enum lanchor_kind kind, int block,
				  int question, size_t first, size_t last)
{
	struct lanchor *a = VEC_PUSH(lay->anchors, lay->nanchors, lay->acap);
	a->kind = kind;
	a->block = block;
	a->question = question;
	a->first = first;
	a->last = last;
	return a;
}

/* Move every line and anchor of src to the end of dst, shifted dx columns
 * right; frees src. Returns the index of the first moved line. */
static size_t splice(struct layout *dst, struct layout *src, int dx)
{
	size_t base = dst->n;
	for (size_t i = 0; i < src->n; i++) {
		struct lline *ln = VEC_PUSH(dst->lines, dst->n, dst->cap);
		*ln = src->lines[i];
		for (size_t k = 0; k < ln->nruns; k++)
			ln->runs[k].col += dx;
	}
	for (size_t i = 0; i < src->nanchors; i++) {
		struct lanchor a = src->anchors[i];
		lay_anchor(dst, a.kind, a.block, a.question, a.first + base, a.last + base);
	}
	free(src->lines);
	free(src->anchors);
	free(src);
	return base;
}

/* `s` repeated to `cols` columns (caller frees). */
static char *repeat(const char *s, int cols)
{
	struct sbuf sb = {0};
	for (int i = 0; i < cols; i++)
		sbuf_adds(&sb, s);
	return sbuf_detach(&sb);
}

static void put_repeat(struct lline *ln, int col, const char *s, int cols, enum lrole role,
		       unsigned attr)
{
	if (cols <= 0)
		return;
	char *r = repeat(s, cols);
	line_puts(ln, col, r, role, attr);
	free(r);
}

/* ------------------------------------------------------- inline helpers */

static void in_add(struct inlines *in, const char *s, size_t n, unsigned style)
{
	if (n == 0)
		return;
	struct span *sp = VEC_PUSH(in->v, in->n, in->cap);
	sp->text = xstrndup(s, n);
	sp->style = style;
	sp->href = NULL;
}

static void in_release(struct inlines *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].text);
		free(in->v[i].href);
	}
	free(in->v);
	memset(in, 0, sizeof *in);
}

/* Quiz and caption text is one line of plain text; `code` in backticks is
 * the only markup honoured there. */
static void in_from_plain(struct inlines *in, const char *s)
{
	while (*s) {
		const char *tick = strchr(s, '`');
		const char *close = tick ? strchr(tick + 1, '`') : NULL;
		if (!tick || !close) {
			in_add(in, s, strlen(s), 0);
			return;
		}
		in_add(in, s, (size_t)(tick - s), 0);
		in_add(in, tick + 1, (size_t)(close - tick - 1), SPAN_CODE);
		s = close + 1;
	}
}

static void style_role(unsigned style, enum lrole base, unsigned base_attr, enum lrole *role,
		       unsigned *attr)
{
	*role = base;
	*attr = base_attr;
	if (style & SPAN_CODE)
		*role = ROLE_CODE;
	else if (base == ROLE_TEXT && (style & SPAN_LINK))
		*role = ROLE_LINK;
	else if (base == ROLE_TEXT && (style & SPAN_STRONG))
		*role = ROLE_STRONG;
	else if (base == ROLE_TEXT && (style & SPAN_EMPH))
		*role = ROLE_EMPH;
	if (style & SPAN_STRONG)
		*attr |= LATTR_BOLD;
	if (style & SPAN_EMPH)
		*attr |= LATTR_ITALIC;
	if (style & SPAN_LINK)
		*attr |= LATTR_UNDERLINE;
	if (style & SPAN_STRIKE)
		*attr |= LATTR_STRIKE;
}

/* ------------------------------------------------------------- wrapping */

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

static void wrap_begin(struct wrapper *wr, struct layout *out, int width, int first_col,
		       int cont_col, enum lrole base, unsigned base_attr)
{
	memset(wr, 0, sizeof *wr);
	wr->out = out;
	wr->width = width;
	wr->first_col = first_col;
	wr->cont_col = cont_col;
	wr->base = base;
	wr->base_attr = base_attr;
}

static struct lline *wrap_line(struct wrapper *wr) { return &wr->out->lines[wr->lni]; }

static void wrap_newline(struct wrapper *wr)
{
	bool first = wr->ln == NULL;
	wr->ln = lay_line(wr->out);
	wr->ln->level = wr->level;
	wr->lni = wr->out->n - 1;
	wr->col = first ? wr->first_col : wr->cont_col;
	wr->col0 = wr->col;
	wr->started = false;
	wr->closed = false;
}

static void wrap_put(struct wrapper *wr, const char *s, size_t n, enum lrole role, unsigned attr)
{
	struct lline *ln = wrap_line(wr);
	line_put(ln, wr->col, s, n, role, attr);
	wr->col += width_of(s, n);
	if (wr->col > wr->maxw)
		wr->maxw = wr->col;
}

static void wrap_flush(struct wrapper *wr)
{
	if (wr->nw == 0)
		return;
	if (!wr->ln || wr->closed)
		wrap_newline(wr);
	int need = (wr->started && wr->space ? 1 : 0) + wr->ww;
	if (wr->started && wr->col + need > wr->width) {
		wrap_newline(wr);
	} else if (wr->started && wr->space) {
		bool same = wr->last_role == wr->w[0].role && wr->last_attr == wr->w[0].attr;
		wrap_put(wr, " ", 1, same ? wr->last_role : wr->base,
			 same ? wr->last_attr : wr->base_attr);
	}
	for (size_t i = 0; i < wr->nw; i++) {
		struct piece *p = &wr->w[i];
		const char *s = p->s;
		size_t rem = p->n;
		while (rem) {
			int avail = wr->width - wr->col;
			size_t k = avail > 0 ? fit_of(s, rem, avail) : 0;
			if (k == 0) {
				if (wr->started || wr->col > wr->col0) {
					wrap_newline(wr);
					continue;
				}
				/* not even one character fits a fresh line: force one */
				k = 1;
				while (k < rem && ((unsigned char)s[k] & 0xC0) == 0x80)
					k++;
			}
			wrap_put(wr, s, k, p->role, p->attr);
			wr->started = true;
			s += k;
			rem -= k;
		}
		wr->last_role = p->role;
		wr->last_attr = p->attr;
		free(p->s);
	}
	wr->nw = 0;
	wr->ww = 0;
	wr->space = false;
}

/* Add text in one role: spaces separate words. */
static void wrap_text(struct wrapper *wr, const char *s, size_t n, enum lrole role, unsigned attr)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
			wrap_flush(wr);
			if (wr->ln || wr->nw)
				wr->space = true;
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t')
			j++;
		struct piece *p = VEC_PUSH(wr->w, wr->nw, wr->wcap);
		p->s = xstrndup(s + i, j - i);
		p->n = j - i;
		p->role = role;
		p->attr = attr;
		wr->ww += width_of(s + i, j - i);
		i = j;
	}
}

static void wrap_texts(struct wrapper *wr, const char *s, enum lrole role, unsigned attr)
{
	wrap_text(wr, s, strlen(s), role, attr);
}

static void wrap_break(struct wrapper *wr)
{
	wrap_flush(wr);
	if (!wr->ln)
		return;
	if (wr->closed) {
		lay_line(wr->out)->level = wr->level;
		wr->lni = wr->out->n - 1;
		wr->ln = wrap_line(wr);
	}
	wr->closed = true;
	wr->space = false;
}

/* Place the last word; the wrapper may then be dropped. */
static void wrap_end(struct wrapper *wr)
{
	wrap_flush(wr);
	free(wr->w);
	wr->w = NULL;
}

static bool link_shows_target(const char *text, const char *href)
{
	if (!href || !href[0] || href[0] == '#')
		return false;
	if (strcmp(text, href) == 0)
		return false;
	if (strncmp(href, "mailto:", 7) == 0 && strcmp(text, href + 7) == 0)
		return false;
	return true;
}

static void wrap_inlines(struct wrapper *wr, const struct inlines *in)
{
	for (size_t i = 0; i < in->n; i++) {
		const struct span *sp = &in->v[i];
		if (strcmp(sp->text, "\n") == 0) {
			wrap_break(wr);
			continue;
		}
		enum lrole role;
		unsigned attr;
		style_role(sp->style, wr->base, wr->base_attr, &role, &attr);
		wrap_texts(wr, sp->text, role, attr);
		/* after the last span of a link, its target */
		if (sp->href && (i + 1 == in->n || !in->v[i + 1].href ||
				 strcmp(in->v[i + 1].href, sp->href) != 0)) {
			size_t k = i;
			while (k > 0 && in->v[k - 1].href && strcmp(in->v[k - 1].href, sp->href) == 0)
				k--;
			struct sbuf text = {0};
			for (size_t j = k; j <= i; j++)
				sbuf_adds(&text, in->v[j].text);
			if (link_shows_target(text.buf ? text.buf : "", sp->href)) {
				wrap_texts(wr, " ", ROLE_MUTED, 0);
				char *t = xasprintf("(%s)", sp->href);
				/* one word even if the target has spaces */
				for (char *p = t; *p; p++)
					if (*p == ' ')
						*p = '+';
				wrap_texts(wr, t, ROLE_MUTED, 0);
				free(t);
			}
			sbuf_release(&text);
		}
	}
}

/* Wrap inlines as a paragraph; returns the widest line end. */
static int lay_inlines(struct layout *out, const struct inlines *in, int width, int first_col,
		       int cont_col, enum lrole base, unsigned attr, int level)
{
	struct wrapper wr;
	wrap_begin(&wr, out, width, first_col, cont_col, base, attr);
	wr.level = level;
	wrap_inlines(&wr, in);
	wrap_end(&wr);
	return wr.maxw;
}

static int lay_plain(struct layout *out, const char *s, int width, int first_col, int cont_col,
		     enum lrole base, unsigned attr)
{
	struct inlines in = {0};
	in_from_plain(&in, s);
	int w = lay_inlines(out, &in, width, first_col, cont_col, base, attr, 0);
	in_release(&in);
	return w;
}

/* ---------------------------------------------------------- highlighting */

enum hl_lang { HL_NONE, HL_C, HL_PYTHON };

struct hl {
	enum hl_lang lang;
	bool in_comment; /* C: inside a block comment */
	char tq;         /* Python: inside a triple-quoted string of this quote */
};

struct tok {
	size_t b, n;
	enum lrole role;
};

static const char *const c_keywords[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern",
	"for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static",
	"struct", "switch", "typedef", "union", "volatile", "while", "_Alignas", "_Alignof",
	"_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "alignof",
	"static_assert", "thread_local", NULL,
};
static const char *const c_types[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "bool",
	"_Bool", "FILE", "DIR", "va_list", NULL,
};
static const char *const c_consts[] = {"NULL", "true", "false", "EOF", NULL};
static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
	"try", "while", "with", "yield", "match", "case", NULL,
};
static const char *const py_types[] = {
	"int", "float", "str", "bytes", "bool", "list", "dict", "set", "tuple", "object",
	"type", "bytearray", "frozenset", "complex", "range", "memoryview", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return true;
	return false;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void tok_add(struct tok *t, size_t *nt, size_t b, size_t n, enum lrole role)
{
	if (n == 0)
		return;
	if (*nt && t[*nt - 1].role == role && t[*nt - 1].b + t[*nt - 1].n == b) {
		t[*nt - 1].n += n;
		return;
	}
	t[*nt].b = b;
	t[*nt].n = n;
	t[*nt].role = role;
	(*nt)++;
}

/* End of a quoted string starting at i (s[i] is the quote), or n. */
static size_t string_end(const char *s, size_t n, size_t i)
{
	char q = s[i];
	size_t j = i + 1;
	while (j < n && s[j] != q)
		j += s[j] == '\\' ? 2 : 1;
	return j < n ? j + 1 : n;
}

static size_t number_end(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && (is_ident(s[j]) || s[j] == '.' ||
			 ((s[j] == '+' || s[j] == '-') && j > i &&
			  (s[j - 1] == 'e' || s[j - 1] == 'E' || s[j - 1] == 'p' || s[j - 1] == 'P') &&
			  !(s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')))))
		j++;
	return j;
}

static enum lrole c_word(const char *s, size_t n)
{
	if (in_list(c_keywords, s, n))
		return ROLE_KEYWORD;
	if (in_list(c_types, s, n) || (n > 2 && s[n - 2] == '_' && s[n - 1] == 't') ||
	    (n > 7 && memcmp(s, "atomic_", 7) == 0))
		return ROLE_TYPE;
	if (in_list(c_consts, s, n))
		return ROLE_NUMBER;
	return ROLE_CODEBLOCK;
}

static size_t hl_c(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0, i = 0;
	if (h->in_comment) {
		const char *e = NULL;
		for (size_t k = 0; k + 1 < n; k++)
			if (s[k] == '*' && s[k + 1] == '/') {
				e = s + k;
				break;
			}
		size_t end = e ? (size_t)(e - s) + 2 : n;
		tok_add(t, &nt, 0, end, ROLE_COMMENT);
		h->in_comment = e == NULL;
		i = end;
	}
	size_t lead = i;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (i == 0 && lead < n && s[lead] == '#') {
		/* a directive: up to a comment */
		size_t j = lead;
		while (j < n && !(s[j] == '/' && j + 1 < n && (s[j + 1] == '/' || s[j + 1] == '*')))
			j++;
		tok_add(t, &nt, 0, lead, ROLE_CODEBLOCK);
		tok_add(t, &nt, lead, j - lead, ROLE_PREPROC);
		i = j;
	}
	while (i < n) {
		char c = s[i];
		if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			tok_add(t, &nt, i, n - i, ROLE_COMMENT);
			break;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			size_t j = i + 2;
			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
				j++;
			bool closed = j + 1 < n;
			size_t end = closed ? j + 2 : n;
			tok_add(t, &nt, i, end - i, ROLE_COMMENT);
			h->in_comment = !closed;
			i = end;
			continue;
		}
		if (c == '"' || c == '\'') {
			size_t e = string_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_STRING);
			i = e;
			continue;
		}
		if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
			size_t e = number_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_NUMBER);
			i = e;
			continue;
		}
		if (is_ident_start(c)) {
			size_t e = i;
			while (e < n && is_ident(s[e]))
				e++;
			tok_add(t, &nt, i, e - i, c_word(s + i, e - i));
			i = e;
			continue;
		}
		tok_add(t, &nt, i, 1, ROLE_CODEBLOCK);
		i++;
	}
	return nt;
}

static size_t triple_end(const char *s, size_t n, size_t from, char q)
{
	for (size_t k = from; k + 2 < n; k++) {
		if (s[k] == '\\') {
			k++;
			continue;
		}
		if (s[k] == q && s[k + 1] == q && s[k + 2] == q)
			return k + 3;
	}
	return 0;
}

static size_t hl_py(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0, i = 0;
	if (h->tq) {
		size_t e = triple_end(s, n, 0, h->tq);
		tok_add(t, &nt, 0, e ? e : n, ROLE_STRING);
		if (!e)
			return nt;
		h->tq = 0;
		i = e;
	}
	size_t lead = i;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (i == 0 && lead < n && s[lead] == '@') {
		size_t e = lead + 1;
		while (e < n && (is_ident(s[e]) || s[e] == '.'))
			e++;
		tok_add(t, &nt, 0, lead, ROLE_CODEBLOCK);
		tok_add(t, &nt, lead, e - lead, ROLE_PREPROC);
		i = e;
	}
	while (i < n) {
		char c = s[i];
		if (c == '#') {
			tok_add(t, &nt, i, n - i, ROLE_COMMENT);
			break;
		}
		size_t q = i; /* where a quote would be, after a string prefix */
		if (is_ident_start(c)) {
			size_t e = i;
			while (e < n && is_ident(s[e]))
				e++;
			bool prefix = e - i <= 2 && e < n && (s[e] == '"' || s[e] == '\'');
			for (size_t k = i; prefix && k < e; k++)
				prefix = strchr("rRbBfFuU", s[k]) != NULL;
			if (!prefix) {
				enum lrole r = in_list(py_keywords, s + i, e - i) ? ROLE_KEYWORD
					       : in_list(py_types, s + i, e - i) ? ROLE_TYPE
										 : ROLE_CODEBLOCK;
				tok_add(t, &nt, i, e - i, r);
				i = e;
				continue;
			}
			q = e;
		}
		if (s[q] == '"' || s[q] == '\'') {
			char qc = s[q];
			if (q + 2 < n && s[q + 1] == qc && s[q + 2] == qc) {
				size_t e = triple_end(s, n, q + 3, qc);
				if (!e) {
					tok_add(t, &nt, i, n - i, ROLE_STRING);
					h->tq = qc;
					break;
				}
				tok_add(t, &nt, i, e - i, ROLE_STRING);
				i = e;
				continue;
			}
			size_t e = string_end(s, n, q);
			tok_add(t, &nt, i, e - i, ROLE_STRING);
			i = e;
			continue;
		}
		if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
			size_t e = number_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_NUMBER);
			i = e;
			continue;
		}
		tok_add(t, &nt, i, 1, ROLE_CODEBLOCK);
		i++;
	}
	return nt;
}

static enum hl_lang hl_lang_of(const char *lang)
{
	if (!lang)
		return HL_NONE;
	if (!strcmp(lang, "c") || !strcmp(lang, "C") || !strcmp(lang, "h"))
		return HL_C;
	if (!strcmp(lang, "python") || !strcmp(lang, "py") || !strcmp(lang, "python3"))
		return HL_PYTHON;
	return HL_NONE;
}

/* Tokens of one line (t has room for n + 1). */
static size_t hl_line(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0;
	if (h->lang == HL_C)
		return hl_c(h, s, n, t);
	if (h->lang == HL_PYTHON)
		return hl_py(h, s, n, t);
	tok_add(t, &nt, 0, n, ROLE_CODEBLOCK);
	return nt;
}

/* One source line, tabs expanded and trailing blanks dropped (caller frees). */
static char *expand_line(const char *s, size_t n, int tab)
{
	struct sbuf sb = {0};
	int col = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t') {
			do {
				sbuf_addc(&sb, ' ');
				col++;
			} while (col % tab);
		} else if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) {
			sbuf_addc(&sb, '?');
			col++;
		} else {
			sbuf_addc(&sb, s[i]);
			if (((unsigned char)s[i] & 0xC0) != 0x80)
				col++;
		}
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sbuf_detach(&sb);
}

/* Split code into expanded lines (caller frees each and the vector). */
static char **code_lines(const char *code, int tab, size_t *n, int *maxw)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	*maxw = 0;
	const char *s = code ? code : "";
	for (;;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *ln = expand_line(s, len, tab);
		*maxw = max_i(*maxw, text_w(ln));
		*VEC_PUSH(v, *n, cap) = ln;
		if (!e)
			break;
		s = e + 1;
	}
	return v;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Put one highlighted code line at col, `cols` wide; a longer line is cut
 * and ends in the cut marker. */
static void put_code(struct lline *ln, int col, int cols, struct hl *h, const char *s,
		     const struct glyphs *g)
{
	size_t n = strlen(s);
	struct tok *t = xmalloc((n + 1) * sizeof *t);
	size_t nt = hl_line(h, s, n, t);
	int total = width_of(s, n);
	int limit = max_i(0, total > cols ? cols - text_w(g->cut) : cols);
	int x = col;
	for (size_t i = 0; i < nt; i++) {
		const char *p = s + t[i].b;
		size_t k = fit_of(p, t[i].n, max_i(0, col + limit - x));
		line_put(ln, x, p, k, t[i].role, 0);
		x += width_of(p, k);
		if (k < t[i].n)
			break;
	}
	if (total > cols)
		line_puts(ln, x, g->cut, ROLE_MUTED, 0);
	free(t);
}

/* ---------------------------------------------------------------- blocks */

static void lay_blocks(struct ctx *c, struct layout *out, struct block *const *v, size_t n,
		       int width, bool tight);

static void lay_heading_text(struct ctx *c, struct layout *out, const struct inlines *in,
			     int level, int width, bool anchor)
{
	size_t first = out->n;
	unsigned attr = LATTR_BOLD | (level >= 4 ? LATTR_ITALIC : 0);
	int w = lay_inlines(out, in, width, 0, 0, ROLE_HEADING, attr, level);
	if (out->n == first)
		lay_line(out)->level = level; /* an empty heading still takes its line */
	if (level <= 2) {
		struct lline *ln = lay_line(out);
		ln->level = level;
		put_repeat(ln, 0, level == 1 ? c->g->h1 : c->g->h2, min_i(max_i(w, 3), width),
			   ROLE_HEADING, 0);
	}
	if (anchor) {
		size_t idx = out->nanchors;
		lay_anchor(out, ANCHOR_HEADING, c->top, -1, first, out->n - 1);
		if (out == c->final && c->o->focus_anchor >= 0 && (size_t)c->o->focus_anchor == idx)
			for (size_t i = first; i < out->n; i++)
				line_attr(&out->lines[i], LATTR_REVERSE);
	}
}

static void lay_code(struct ctx *c, struct layout *out, const char *lang, const char *code,
		     int width)
{
	int indent = width - CODE_INDENT >= MIN_INNER ? CODE_INDENT : 0;
	size_t n;
	int maxw;
	char **v = code_lines(code, TAB_CODE, &n, &maxw);
	struct hl h = {hl_lang_of(lang), false, 0};
	for (size_t i = 0; i < n; i++)
		put_code(lay_line(out), indent, width - indent, &h, v[i], c->g);
	free_lines(v, n);
}

static void lay_pair(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	if (b->nchildren != 2 || b->children[0]->kind != BLK_CODE ||
	    b->children[1]->kind != BLK_CODE) {
		lay_blocks(c, out, b->children, b->nchildren, width, false);
		return;
	}
	const struct block *py = b->children[0], *cc = b->children[1];
	size_t nl, nr;
	int lw, rw;
	char **L = code_lines(py->code, TAB_CODE, &nl, &lw);
	char **R = code_lines(cc->code, TAB_CODE, &nr, &rw);
	int indent = width - CODE_INDENT >= MIN_INNER ? CODE_INDENT : 0;
	int avail = width - indent;
	int colL = max_i(lw, PAIR_MIN_COL), colR = max_i(rw, PAIR_MIN_COL);
	struct hl hl = {hl_lang_of(py->lang), false, 0}, hr = {hl_lang_of(cc->lang), false, 0};
	const struct glyphs *g = c->g;
	if (colL + 3 + colR <= avail) {
		struct lline *ln = lay_line(out);
		line_puts(ln, indent, "Python", ROLE_MUTED, LATTR_BOLD);
		line_puts(ln, indent + colL + 1, g->vt, ROLE_BORDER, 0);
		line_puts(ln, indent + colL + 3, "C", ROLE_MUTED, LATTR_BOLD);
		ln = lay_line(out);
		put_repeat(ln, indent, g->hz, colL + 1, ROLE_BORDER, 0);
		line_puts(ln, indent + colL + 1, g->cross, ROLE_BORDER, 0);
		put_repeat(ln, indent + colL + 2, g->hz, colR + 1, ROLE_BORDER, 0);
		for (size_t i = 0; i < nl || i < nr; i++) {
			ln = lay_line(out);
			if (i < nl)
				put_code(ln, indent, colL, &hl, L[i], g);
			line_puts(ln, indent + colL + 1, g->vt, ROLE_BORDER, 0);
			if (i < nr)
				put_code(ln, indent + colL + 3, colR, &hr, R[i], g);
		}
	} else {
		line_puts(lay_line(out), indent, "Python", ROLE_MUTED, LATTR_BOLD);
		for (size_t i = 0; i < nl; i++)
			put_code(lay_line(out), indent, avail, &hl, L[i], g);
		lay_blank(out);
		line_puts(lay_line(out), indent, "C", ROLE_MUTED, LATTR_BOLD);
		for (size_t i = 0; i < nr; i++)
			put_code(lay_line(out), indent, avail, &hr, R[i], g);
	}
	free_lines(L, nl);
	free_lines(R, nr);
}

static void lay_list(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	/* marker column: bullets, or numbers right-aligned to the widest */
	int mw = 1;
	char num[32];
	const char *bullet = c->g->bullet[c->list_depth % 3];
	if (b->ordered) {
		long long last = (long long)b->start + (long long)(b->nchildren ? b->nchildren - 1 : 0);
		snprintf(num, sizeof num, "%lld.", last);
		mw = text_w(num);
		snprintf(num, sizeof num, "%d.", b->start);
		mw = max_i(mw, text_w(num));
	} else {
		mw = text_w(bullet);
	}
	int dx = mw + 1;
	bool room = width - dx >= MIN_INNER;
	c->list_depth++;
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct block *it = b->children[i];
		if (i > 0 && !b->tight)
			lay_blank(out);
		char *marker = b->ordered ? xasprintf("%lld.", (long long)b->start + (long long)i)
					  : xstrdup(bullet);
		int mcol = b->ordered ? mw - text_w(marker) : 0;
		struct layout *tmp = lay_new();
		if (it->kind == BLK_ITEM)
			lay_blocks(c, tmp, it->children, it->nchildren, room ? width - dx : width,
				   b->tight);
		else
			lay_blocks(c, tmp, &b->children[i], 1, room ? width - dx : width, true);
		if (!room) {
			line_puts(lay_line(out), 0, marker, ROLE_MUTED, 0);
			splice(out, tmp, 0);
		} else if (tmp->n == 0) {
			splice(out, tmp, 0);
			line_puts(lay_line(out), mcol, marker, ROLE_MUTED, 0);
		} else {
			size_t first = splice(out, tmp, dx);
			line_prepend(&out->lines[first], mcol, marker, ROLE_MUTED, 0);
		}
		free(marker);
	}
	c->list_depth--;
}

static void lay_quote(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	bool room = width - 2 >= MIN_INNER;
	struct layout *tmp = lay_new();
	lay_blocks(c, tmp, b->children, b->nchildren, room ? width - 2 : width, false);
	size_t first = splice(out, tmp, room ? 2 : 0);
	if (room)
		for (size_t i = first; i < out->n; i++)
			line_prepend(&out->lines[i], 0, c->g->bar, ROLE_MUTED, 0);
}

/* ---------------------------------------------------------------- tables */

/* The width a cell wants: its widest hard-broken line, unwrapped. May
 * overestimate (runs of spaces): it only guides the column widths. */
static int cell_natural(const struct inlines *in)
{
	long best = 0, cur = 0;
	for (size_t i = 0; i < in->n; i++) {
		const struct span *sp = &in->v[i];
		if (strcmp(sp->text, "\n") == 0) {
			cur = 0;
			continue;
		}
		cur += text_w(sp->text);
		if (sp->href && link_shows_target(sp->text, sp->href))
			cur += 3 + text_w(sp->href);
		if (cur > best)
			best = cur;
	}
	return best > INT_MAX / 4 ? INT_MAX / 4 : (int)best;
}

/* A table too wide for any grid: one record per row, "header: value". */
static void lay_table_records(struct ctx *c, struct layout *out, const struct table *t, int width)
{
	(void)c;
	int hr = t->header_rows > 0 && t->header_rows < t->nrows ? t->header_rows : 0;
	for (int r = hr; r < t->nrows; r++) {
		if (r > hr)
			lay_blank(out);
		for (int col = 0; col < t->ncols; col++) {
			struct wrapper wr;
			wrap_begin(&wr, out, width, 0, 2, ROLE_TEXT, 0);
			char *head = hr ? inlines_text(&t->cells[col]) : xasprintf("column %d", col + 1);
			if (!head[0]) {
				free(head);
				head = xasprintf("column %d", col + 1);
			}
			char *label = xasprintf("%s:", head);
			wrap_texts(&wr, label, ROLE_STRONG, LATTR_BOLD);
			wrap_texts(&wr, " ", ROLE_TEXT, 0);
			wrap_inlines(&wr, &t->cells[(size_t)r * (size_t)t->ncols + (size_t)col]);
			wrap_end(&wr);
			free(label);
			free(head);
		}
	}
}

static void border_line(struct layout *out, const int *w, int ncols, const char *left,
			const char *mid, const char *right, const struct glyphs *g)
{
	struct lline *ln = lay_line(out);
	int x = 0;
	line_puts(ln, x, left, ROLE_BORDER, 0);
	x += 1;
	for (int i = 0; i < ncols; i++) {
		put_repeat(ln, x, g->hz, w[i] + 2, ROLE_BORDER, 0);
		x += w[i] + 2;
		line_puts(ln, x, i + 1 < ncols ? mid : right, ROLE_BORDER, 0);
		x += 1;
	}
}

static void lay_table(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct table *t = &b->table;
	const struct glyphs *g = c->g;
	if (t->ncols <= 0 || t->nrows <= 0 || !t->cells)
		return;
	int nc = t->ncols;
	int *w = xcalloc((size_t)nc, sizeof *w);
	int *mins = xcalloc((size_t)nc, sizeof *mins);
	long long sum = 0, summin = 0;
	for (int col = 0; col < nc; col++) {
		for (int r = 0; r < t->nrows; r++)
			w[col] = max_i(w[col], cell_natural(&t->cells[(size_t)r * (size_t)nc + (size_t)col]));
		w[col] = max_i(w[col], 1);
		mins[col] = min_i(w[col], 6);
		mins[col] = max_i(mins[col], min_i(w[col], 2));
		sum += w[col];
		summin += mins[col];
	}
	long long room = (long long)width - (3LL * nc + 1);
	if (summin > room) {
		lay_table_records(c, out, t, width);
		free(w);
		free(mins);
		return;
	}
	while (sum > room) {
		int widest = -1;
		for (int col = 0; col < nc; col++)
			if (w[col] > mins[col] && (widest < 0 || w[col] > w[widest]))
				widest = col;
		if (widest < 0)
			break;
		w[widest]--;
		sum--;
	}
	border_line(out, w, nc, g->tl, g->tdown, g->tr, g);
	for (int r = 0; r < t->nrows; r++) {
		bool head = r < t->header_rows;
		struct layout **cells = xcalloc((size_t)nc, sizeof *cells);
		size_t h = 1;
		for (int col = 0; col < nc; col++) {
			cells[col] = lay_new();
			lay_inlines(cells[col], &t->cells[(size_t)r * (size_t)nc + (size_t)col], w[col],
				    0, 0, ROLE_TEXT, head ? LATTR_BOLD : 0, 0);
			if (cells[col]->n > h)
				h = cells[col]->n;
		}
		for (size_t k = 0; k < h; k++) {
			struct lline *ln = lay_line(out);
			int x = 0;
			line_puts(ln, x, g->vt, ROLE_BORDER, 0);
			x += 1;
			for (int col = 0; col < nc; col++) {
				if (k < cells[col]->n) {
					struct lline *src = &cells[col]->lines[k];
					line_trim(src);
					int lw = line_end(src);
					enum cell_align a = t->align ? t->align[col] : ALIGN_DEFAULT;
					int off = a == ALIGN_RIGHT ? w[col] - lw
						  : a == ALIGN_CENTER ? (w[col] - lw) / 2 : 0;
					off = max_i(off, 0);
					for (size_t q = 0; q < src->nruns; q++) {
						struct lrun *run = &src->runs[q];
						line_puts(ln, x + 1 + off + run->col, run->text, run->role,
							  run->attr | (head ? LATTR_BOLD : 0));
					}
				}
				x += w[col] + 2;
				line_puts(ln, x, g->vt, ROLE_BORDER, 0);
				x += 1;
			}
		}
		for (int col = 0; col < nc; col++)
			layout_free(cells[col]);
		free(cells);
		if (head && r + 1 == t->header_rows && r + 1 < t->nrows)
			border_line(out, w, nc, g->tright, g->cross, g->tleft, g);
	}
	border_line(out, w, nc, g->bl, g->tup, g->br, g);
	free(w);
	free(mins);
}

/* ------------------------------------------------------------ demo cards */

static char *demo_command(const struct demo_block *d)
{
	struct sbuf sb = {0};
	sbuf_addf(&sb, "lockstep demo %s", d->name);
	for (size_t i = 0; i < d->nparams; i++)
		sbuf_addf(&sb, " %s=%s", d->params[i].key, d->params[i].value);
	return sbuf_detach(&sb);
}

static void lay_demo(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct demo_block *d = &b->demo;
	const struct glyphs *g = c->g;
	struct sbuf title = {0};
	sbuf_addf(&title, "%s demo %s", g->play, d->name);
	for (size_t i = 0; i < d->nparams; i++)
		sbuf_addf(&title, "%s%s=%s", i ? " " : "  ", d->params[i].key, d->params[i].value);
	char *cmd = demo_command(d);
	char *hint = c->o->interactive ? xasprintf("press r to run %s ", g->dot) : xstrdup("$ ");

	/* as wide as its longest line wants, within the width and CARD_MAX */
	int natural = max_i(text_w(title.buf), text_w(hint) + text_w(cmd));
	for (const char *s = d->caption; s && *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		natural = max_i(natural, width_of(s, n));
		s = e ? e + 1 : s + n;
	}
	int box = min_i(min_i(natural + 4, CARD_MAX), width);
	box = max_i(box, min_i(24, width));
	int inner = box - 4;

	struct layout *tmp = lay_new();
	size_t idx = out->nanchors;
	bool focused = out == c->final && c->o->focus_anchor >= 0 &&
		       (size_t)c->o->focus_anchor == idx;
	struct wrapper wr;
	wrap_begin(&wr, tmp, inner, 0, 2, ROLE_DEMO, LATTR_BOLD | (focused ? LATTR_REVERSE : 0));
	wrap_texts(&wr, title.buf, ROLE_DEMO, LATTR_BOLD | (focused ? LATTR_REVERSE : 0));
	wrap_end(&wr);
	/* the caption: paragraphs separated by blank lines */
	if (d->caption && d->caption[0]) {
		struct sbuf para = {0};
		const char *s = d->caption;
		for (;;) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			bool blank = true;
			for (size_t k = 0; k < n; k++)
				blank &= s[k] == ' ';
			if (blank || !e) {
				if (!blank)
					sbuf_add(&para, s, n);
				if (para.len) {
					lay_plain(tmp, para.buf, inner, 0, 0, ROLE_MUTED, 0);
					sbuf_release(&para);
				}
			} else {
				sbuf_add(&para, s, n);
				sbuf_addc(&para, ' ');
			}
			if (!e)
				break;
			s = e + 1;
		}
		sbuf_release(&para);
	}
	wrap_begin(&wr, tmp, inner, 0, 2, ROLE_MUTED, 0);
	wrap_texts(&wr, hint, ROLE_MUTED, 0);
	wrap_texts(&wr, cmd, ROLE_CODE, 0);
	wrap_end(&wr);

	size_t first = out->n;
	struct lline *ln = lay_line(out);
	line_puts(ln, 0, g->tl, ROLE_BORDER, 0);
	put_repeat(ln, 1, g->hz, box - 2, ROLE_BORDER, 0);
	line_puts(ln, box - 1, g->tr, ROLE_BORDER, 0);
	size_t from = splice(out, tmp, 2);
	for (size_t i = from; i < out->n; i++) {
		line_trim(&out->lines[i]);
		line_prepend(&out->lines[i], 0, g->vt, ROLE_BORDER, 0);
		line_puts(&out->lines[i], box - 1, g->vt, ROLE_BORDER, 0);
	}
	ln = lay_line(out);
	line_puts(ln, 0, g->bl, ROLE_BORDER, 0);
	put_repeat(ln, 1, g->hz, box - 2, ROLE_BORDER, 0);
	line_puts(ln, box - 1, g->br, ROLE_BORDER, 0);
	lay_anchor(out, ANCHOR_DEMO, c->top, -1, first, out->n - 1);
	sbuf_release(&title);
	free(cmd);
	free(hint);
}

/* ---------------------------------------------------------------- quizzes */

static char *choice_label(size_t k)
{
	return k < 26 ? xasprintf("%c)", (char)('a' + k)) : xasprintf("%zu)", k + 1);
}

static char *choice_letter(int k)
{
	return k < 0 ? xstrdup("?") : k < 26 ? xasprintf("%c", (char)('a' + k)) : xasprintf("%d", k + 1);
}

static void lay_quiz(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	const struct layout_opts *o = c->o;
	const struct glyphs *g = c->g;
	for (size_t qi = 0; qi < b->quiz.n; qi++) {
		const struct quiz_question *q = &b->quiz.q[qi];
		if (qi > 0)
			lay_blank(out);
		size_t idx = out->nanchors;
		bool focused = out == c->final && o->focus_anchor >= 0 && (size_t)o->focus_anchor == idx;
		size_t first = out->n;
		char *num = xasprintf("%d.", ++c->qnum);
		int pw = text_w(num) + 1;
		if (width - pw < MIN_INNER)
			pw = 0;
		struct inlines in = {0};
		in_from_plain(&in, q->text ? q->text : "");
		struct wrapper wr;
		wrap_begin(&wr, out, width, 0, pw, ROLE_QUIZ, LATTR_BOLD);
		wrap_texts(&wr, num, ROLE_QUIZ, LATTR_BOLD);
		wrap_texts(&wr, " ", ROLE_QUIZ, LATTR_BOLD);
		wrap_inlines(&wr, &in);
		wrap_end(&wr);
		in_release(&in);
		free(num);

		int chosen = -1;
		if (o->interactive && o->answer)
			chosen = o->answer(o->answer_ctx, c->top, (int)qi);
		bool revealed = chosen >= 0 && (size_t)chosen < q->nchoices;
		for (size_t k = 0; k < q->nchoices; k++) {
			enum lrole role = ROLE_CHOICE;
			const char *mark = NULL;
			char *label;
			if (o->interactive) {
				label = xstrdup((int)k == chosen && revealed ? g->radio_on : g->radio_off);
				if (revealed && (int)k == q->answer) {
					role = ROLE_RIGHT;
					mark = g->right;
				} else if (revealed && (int)k == chosen) {
					role = ROLE_WRONG;
					mark = g->wrong;
				}
			} else {
				label = choice_label(k);
			}
			unsigned attr = focused && o->focus_choice == (int)k ? LATTR_REVERSE : 0;
			int lw = text_w(label) + 1;
			int cont = width - pw - lw >= MIN_INNER ? pw + lw : pw;
			in_from_plain(&in, q->choices[k]);
			wrap_begin(&wr, out, width, pw, cont, role, attr);
			wrap_texts(&wr, label, role, attr);
			wrap_texts(&wr, " ", role, attr);
			wrap_inlines(&wr, &in);
			if (mark) {
				wrap_texts(&wr, " ", role, attr);
				wrap_texts(&wr, mark, role, attr | LATTR_BOLD);
			}
			wrap_end(&wr);
			in_release(&in);
			free(label);
		}
		if (revealed && q->explanation && q->explanation[0])
			lay_plain(out, q->explanation, width, pw, pw, ROLE_TEXT, LATTR_ITALIC);
		lay_anchor(out, ANCHOR_QUESTION, c->top, (int)qi, first, out->n - 1);
	}
}

/* The answer key that ends a printed lesson. */
static void lay_answers(struct ctx *c, struct layout *out, int width)
{
	char answers[] = "Answers";
	struct span head_span = {answers, 0, NULL};
	struct inlines head = {&head_span, 1, 1};
	lay_heading_text(c, out, &head, 2, width, false);
	lay_blank(out);
	int n = 0;
	for (size_t i = 0; i < c->l->nblocks; i++) {
		const struct block *b = c->l->blocks[i];
		if (b->kind != BLK_QUIZ)
			continue;
		for (size_t qi = 0; qi < b->quiz.n; qi++) {
			const struct quiz_question *q = &b->quiz.q[qi];
			char *num = xasprintf("%d.", ++n);
			char *letter = choice_letter(q->answer);
			int pw = text_w(num) + 1;
			struct wrapper wr;
			wrap_begin(&wr, out, width, 0, width - pw >= MIN_INNER ? pw : 0, ROLE_TEXT, 0);
			wrap_texts(&wr, num, ROLE_TEXT, 0);
			wrap_texts(&wr, " ", ROLE_TEXT, 0);
			wrap_texts(&wr, letter, ROLE_STRONG, LATTR_BOLD);
			if (q->explanation && q->explanation[0]) {
				wrap_texts(&wr, " ", ROLE_TEXT, 0);
				wrap_texts(&wr, c->g->dash, ROLE_MUTED, 0);
				wrap_texts(&wr, " ", ROLE_TEXT, 0);
				struct inlines in = {0};
				in_from_plain(&in, q->explanation);
				wrap_inlines(&wr, &in);
				in_release(&in);
			}
			wrap_end(&wr);
			free(num);
			free(letter);
		}
	}
}

/* ------------------------------------------------------------- dispatch */

static void lay_block(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	switch (b->kind) {
	case BLK_HEADING:
		lay_heading_text(c, out, &b->text, b->level, width, true);
		break;
	case BLK_PARAGRAPH:
		lay_inlines(out, &b->text, width, 0, 0, ROLE_TEXT, 0, 0);
		break;
	case BLK_LIST:
		lay_list(c, out, b, width);
		break;
	case BLK_ITEM:
		lay_blocks(c, out, b->children, b->nchildren, width, false);
		break;
	case BLK_QUOTE:
		lay_quote(c, out, b, width);
		break;
	case BLK_CODE:
		lay_code(c, out, b->lang, b->code, width);
		break;
	case BLK_TABLE:
		lay_table(c, out, b, width);
		break;
	case BLK_RULE:
		put_repeat(lay_line(out), 0, c->g->rule, min_i(width, CARD_MAX), ROLE_BORDER, 0);
		break;
	case BLK_PAIR:
		lay_pair(c, out, b, width);
		break;
	case BLK_DEMO:
		lay_demo(c, out, b, width);
		break;
	case BLK_QUIZ:
		lay_quiz(c, out, b, width);
		break;
	}
}

static void lay_blocks(struct ctx *c, struct layout *out, struct block *const *v, size_t n,
		       int width, bool tight)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !tight)
			lay_blank(out);
		lay_block(c, out, v[i], width);
	}
}

/* Trim every line, drop blank lines at the end. */
static void lay_finish(struct layout *lay)
{
	for (size_t i = 0; i < lay->n; i++)
		line_trim(&lay->lines[i]);
	while (lay->n && lay->lines[lay->n - 1].nruns == 0) {
		line_release(&lay->lines[lay->n - 1]);
		lay->n--;
	}
	for (size_t i = 0; i < lay->nanchors; i++) {
		if (lay->n == 0) {
			lay->nanchors = 0;
			break;
		}
		if (lay->anchors[i].last >= lay->n)
			lay->anchors[i].last = lay->n - 1;
		if (lay->anchors[i].first > lay->anchors[i].last)
			lay->anchors[i].first = lay->anchors[i].last;
	}
}

struct layout *layout_lesson(const struct lesson *l, const struct layout_opts *o)
{
	struct layout_opts opts = *o;
	if (opts.width < 20)
		opts.width = 20;
	int width = opts.width;
	struct layout *out = lay_new();
	struct ctx c = {&opts, l, opts.ascii ? &ascii_glyphs : &utf8_glyphs, out, -1, 0, 0};

	/* title, summary, Python names, objectives */
	char empty[] = "";
	struct span tspan = {l->title ? l->title : empty, 0, NULL};
	struct inlines title = {&tspan, 1, 1};
	lay_heading_text(&c, out, &title, 1, width, false);
	if (l->summary && l->summary[0])
		lay_plain(out, l->summary, width, 0, 0, ROLE_MUTED, 0);
	if (l->python && l->python[0]) {
		struct wrapper wr;
		wrap_begin(&wr, out, width, 0, 0, ROLE_MUTED, 0);
		wrap_texts(&wr, "In Python:", ROLE_MUTED, LATTR_BOLD);
		wrap_texts(&wr, " ", ROLE_MUTED, 0);
		wrap_texts(&wr, l->python, ROLE_MUTED, 0);
		wrap_end(&wr);
	}
	if (l->nobjectives) {
		lay_blank(out);
		line_puts(lay_line(out), 0, "You will be able to:", ROLE_STRONG, LATTR_BOLD);
		const char *bullet = c.g->bullet[0];
		int dx = text_w(bullet) + 1;
		for (size_t i = 0; i < l->nobjectives; i++) {
			size_t first = out->n;
			lay_plain(out, l->objectives[i], width, dx, dx, ROLE_TEXT, 0);
			if (out->n > first)
				line_prepend(&out->lines[first], 0, bullet, ROLE_MUTED, 0);
		}
	}

	for (size_t i = 0; i < l->nblocks; i++) {
		lay_blank(out);
		out->lines[out->n - 1].block = i ? (int)i - 1 : -1;
		size_t from = out->n;
		c.top = (int)i;
		lay_block(&c, out, l->blocks[i], width);
		for (size_t k = from; k < out->n; k++)
			out->lines[k].block = (int)i;
	}
	c.top = -1;
	if (!opts.interactive && lesson_question_count(l) > 0) {
		lay_blank(out);
		lay_answers(&c, out, width);
	}
	lay_finish(out);
	return out;
}

struct layout *layout_source(const char *text, const char *lang, int width, bool ascii)
{
	if (width < 20)
		width = 20;
	const struct glyphs *g = ascii ? &ascii_glyphs : &utf8_glyphs;
	char *clean = lesson_clean(text ? text : "", text ? strlen(text) : 0, true);
	size_t n;
	int maxw;
	char **v = code_lines(clean, TAB_SOURCE, &n, &maxw);
	free(clean);
	if (n > 1 && v[n - 1][0] == '\0') { /* the file's final newline */
		free(v[n - 1]);
		n--;
	}
	char num[32];
	snprintf(num, sizeof num, "%zu", n);
	int nw = max_i(3, (int)strlen(num));
	struct layout *out = lay_new();
	struct hl h = {hl_lang_of(lang), false, 0};
	for (size_t i = 0; i < n; i++) {
		struct lline *ln = lay_line(out);
		snprintf(num, sizeof num, "%*zu", nw, i + 1);
		line_puts(ln, 0, num, ROLE_MUTED, 0);
		line_puts(ln, nw + 1, g->vt, ROLE_BORDER, 0);
		put_code(ln, nw + 3, width - nw - 3, &h, v[i], g);
	}
	free_lines(v, n);
	lay_finish(out);
	return out;
}

char *layout_line_text(const struct lline *ln)
{
	struct sbuf sb = {0};
	int col = 0;
	for (size_t i = 0; i < ln->nruns; i++) {
		for (; col < ln->runs[i].col; col++)
			sbuf_addc(&sb, ' ');
		sbuf_adds(&sb, ln->runs[i].text);
		col = max_i(col, ln->runs[i].col + ln->runs[i].width);
	}
	return sbuf_detach(&sb);
}

void layout_free(struct layout *lay)
{
	if (!lay)
		return;
	for (size_t i = 0; i < lay->n; i++)
		line_release(&lay->lines[i]);
	free(lay->lines);
	free(lay->anchors);
	free(lay);
}
