/*
 * lesson.c - reads one lesson file into the document model: the front matter
 * by hand, the Markdown body with md4c, then lockstep's typed blocks (demo,
 * quiz, python/c pair) out of fenced code blocks.
 *
 * md4c does not say where a block starts and silently runs an unclosed fence
 * to the end of the file, so the body is also pre-scanned for fences
 * (CommonMark rules, enough of them for lessons): that scan finds unclosed
 * fences and, together with md4c's text pointers (which point into the
 * buffer we hand it), gives each block its source line.
 */
#include "core/lesson.h"

#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Lists and quotes nested deeper than this are flattened (and reported):
 * nobody writes them, and it bounds the recursion of everything downstream. */
#define MAX_DEPTH 24

/* ------------------------------------------------------------------ text */

static void utf8_put(struct sbuf *sb, unsigned long cp)
{
	char b[4];
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
		cp = 0xFFFD;
	if (cp < 0x80) {
		sbuf_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 4);
	}
}

/* Length of the valid UTF-8 sequence at s (n bytes left) and its code point,
 * or 0 if the bytes there are not valid UTF-8. */
static size_t utf8_valid(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned char c = s[0];
	size_t len;
	unsigned long v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

void lesson_clean_add(struct sbuf *sb, const char *s, size_t n, bool code)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* copy the longest run of plain printable ASCII at once */
		size_t j = i;
		while (j < n && u[j] >= 0x20 && u[j] < 0x7F)
			j++;
		if (j > i) {
			sbuf_add(sb, s + i, j - i);
			i = j;
			continue;
		}
		unsigned long cp;
		size_t k = utf8_valid(u + i, n - i, &cp);
		if (k == 0) {
			utf8_put(sb, 0xFFFD);
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\t')
			sbuf_addc(sb, code ? (char)cp : ' ');
		else if (cp == '\r')
			; /* line ends are the parser's business */
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			utf8_put(sb, 0xFFFD);
		else
			sbuf_add(sb, s + i, k);
		i += k;
	}
}

char *lesson_clean(const char *s, size_t n, bool code)
{
	struct sbuf sb = {0};
	lesson_clean_add(&sb, s, n, code);
	return sbuf_detach(&sb);
}

static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
	{"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"laquo", 0xAB},
	{"raquo", 0xBB}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"lsquo", 0x2018},
	{"rsquo", 0x2019}, {"times", 0xD7}, {"divide", 0xF7}, {"middot", 0xB7},
	{"bull", 0x2022}, {"rarr", 0x2192}, {"larr", 0x2190}, {"harr", 0x2194},
	{"uarr", 0x2191}, {"darr", 0x2193}, {"rArr", 0x21D2}, {"le", 0x2264},
	{"ge", 0x2265}, {"ne", 0x2260}, {"plusmn", 0xB1}, {"deg", 0xB0},
	{"micro", 0xB5}, {"para", 0xB6}, {"sect", 0xA7}, {"euro", 0x20AC},
	{"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"check", 0x2713},
	{"infin", 0x221E}, {"asymp", 0x2248}, {"minus", 0x2212},
};

/* Append the character an entity ("&amp;", "&#65;", "&#x41;") stands for;
 * an unknown name is kept as written. */
static void entity_add(struct sbuf *sb, const char *s, size_t n)
{
	if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';') {
		unsigned long v = 0;
		bool hex = s[2] == 'x' || s[2] == 'X';
		for (size_t i = hex ? 3 : 2; i < n - 1; i++) {
			char c = s[i];
			int d = c >= '0' && c <= '9' ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0 || v > 0x10FFFF) {
				v = 0xFFFD;
				break;
			}
			v = v * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (v < 0x20 || (v >= 0x7F && v < 0xA0))
			v = 0xFFFD;
		utf8_put(sb, v);
		return;
	}
	if (n >= 3 && s[0] == '&' && s[n - 1] == ';') {
		for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
			if (strlen(entities[i].name) == n - 2 &&
			    memcmp(entities[i].name, s + 1, n - 2) == 0) {
				utf8_put(sb, entities[i].cp);
				return;
			}
		}
	}
	lesson_clean_add(sb, s, n, false);
}

/* ---------------------------------------------------------------- inlines */

/* The span inlines_add touched last and its length, so that a long
 * paragraph arriving in many pieces is not measured again each time. Sound
 * because every span is created and grown only here, which refreshes it. */
struct grow_cache {
	const struct span *span;
	const char *text;
	size_t len;
};

static void inlines_add(struct inlines *in, const char *s, size_t n, unsigned style,
			const char *href, struct grow_cache *gc)
{
	if (n == 0)
		return;
	struct span *last = in->n ? &in->v[in->n - 1] : NULL;
	bool hard = n == 1 && s[0] == '\n';
	if (last && !hard && strcmp(last->text, "\n") != 0 && last->style == style &&
	    ((!last->href && !href) || (last->href && href && strcmp(last->href, href) == 0))) {
		size_t old = gc && gc->span == last && gc->text == last->text ? gc->len
										 : strlen(last->text);
		last->text = xrealloc(last->text, old + n + 1);
		memcpy(last->text + old, s, n);
		last->text[old + n] = '\0';
		if (gc) {
			gc->span = last;
			gc->text = last->text;
			gc->len = old + n;
		}
		return;
	}
	struct span *sp = VEC_PUSH(in->v, in->n, in->cap);
	sp->text = xstrndup(s, n);
	sp->style = style;
	sp->href = href ? xstrdup(href) : NULL;
	if (gc) {
		gc->span = sp;
		gc->text = sp->text;
		gc->len = n;
	}
}

static void inlines_release(struct inlines *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].text);
		free(in->v[i].href);
	}
	free(in->v);
	memset(in, 0, sizeof *in);
}

char *inlines_text(const struct inlines *in)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < in->n; i++)
		sbuf_adds(&sb, in->v[i].text);
	return sbuf_detach(&sb);
}

/* ----------------------------------------------------------------- blocks */

static struct block *block_new(enum block_kind kind)
{
	struct block *b = xcalloc(1, sizeof *b);
	b->kind = kind;
	return b;
}

static void block_free(struct block *b)
{
	if (!b)
		return;
	inlines_release(&b->text);
	for (size_t i = 0; i < b->nchildren; i++)
		block_free(b->children[i]);
	free(b->children);
	free(b->lang);
	free(b->code);
	if (b->table.cells) {
		for (int i = 0; i < b->table.nrows * b->table.ncols; i++)
			inlines_release(&b->table.cells[i]);
		free(b->table.cells);
	}
	free(b->table.align);
	free(b->demo.name);
	for (size_t i = 0; i < b->demo.nparams; i++) {
		free(b->demo.params[i].key);
		free(b->demo.params[i].value);
	}
	free(b->demo.params);
	free(b->demo.caption);
	for (size_t i = 0; i < b->quiz.n; i++) {
		struct quiz_question *q = &b->quiz.q[i];
		free(q->text);
		for (size_t k = 0; k < q->nchoices; k++)
			free(q->choices[k]);
		free(q->choices);
		free(q->explanation);
	}
	free(b->quiz.q);
	free(b);
}

static void block_add_child(struct block *parent, struct block *child)
{
	/* the capacity is implied: the next power of two (at least 4) */
	size_t n = parent->nchildren;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
		parent->children = xrealloc(parent->children,
					    (n ? 2 * n : 4) * sizeof *parent->children);
	parent->children[parent->nchildren++] = child;
}

/* ------------------------------------------------------------ line index */

/* Start offsets of every line; a line ends at \n, \r\n or a lone \r, as in
 * CommonMark. Line k (1-based) is [start[k-1], end of line). */
struct lines {
	size_t *start;
	size_t n;
	const char *text;
	size_t len;
};

static void lines_build(struct lines *li, const char *t, size_t len)
{
	size_t cap = 0;
	li->start = NULL;
	li->n = 0;
	li->text = t;
	li->len = len;
	*(size_t *)VEC_PUSH(li->start, li->n, cap) = 0;
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
			i++;
		if ((t[i] == '\n' || t[i] == '\r') && i + 1 < len)
			*(size_t *)VEC_PUSH(li->start, li->n, cap) = i + 1;
	}
}

/* Line k's text (1-based), without its line end. */
static const char *lines_get(const struct lines *li, size_t k, size_t *n)
{
	size_t b = li->start[k - 1];
	size_t e = b;
	while (e < li->len && li->text[e] != '\n' && li->text[e] != '\r')
		e++;
	*n = e - b;
	return li->text + b;
}

/* 1-based line of a byte offset. */
static int lines_of(const struct lines *li, size_t off)
{
	size_t lo = 0, hi = li->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1 > INT_MAX ? INT_MAX : (int)(lo + 1);
}

/* ------------------------------------------------------ the fence prescan */

struct fence {
	int line;
	bool closed;
	char ch;
	size_t len;
	int quote;        /* block quote depth it opened in */
	size_t close_ind; /* most indentation a closing fence may have */
	char *word;       /* first word of the info string, for messages */
};

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Strip block quote markers: returns the offset after them, depth in *q. */
static size_t quote_prefix(const char *s, size_t n, int *q)
{
	size_t p = 0;
	*q = 0;
	for (;;) {
		size_t k = p;
		int sp = 0;
		while (k < n && s[k] == ' ' && sp < 3)
			k++, sp++;
		if (k < n && s[k] == '>') {
			p = k + 1;
			if (p < n && s[p] == ' ')
				p++;
			(*q)++;
		} else {
			return p;
		}
	}
}

/* Spaces at s (tabs count as 4, which is always too many for a fence). */
static size_t indent_of(const char *s, size_t n, size_t *cols)
{
	size_t i = 0;
	*cols = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t')) {
		*cols += s[i] == '\t' ? 4 : 1;
		i++;
	}
	return i;
}

static void fences_scan(const struct lines *li, size_t first, struct fence **out, size_t *nout)
{
	size_t cap = 0;
	struct fence *open = NULL;
	*out = NULL;
	*nout = 0;
	for (size_t k = first; k <= li->n; k++) {
		size_t n;
		const char *s = lines_get(li, k, &n);
		int q;
		size_t p = quote_prefix(s, n, &q);
		if (open) {
			if (q < open->quote) {
				open->closed = true; /* its container ended: CommonMark closes it */
				open = NULL;
			} else {
				size_t cols, i = p + indent_of(s + p, n - p, &cols);
				size_t run = 0;
				while (i + run < n && s[i + run] == open->ch)
					run++;
				if (cols <= open->close_ind && run >= open->len &&
				    is_blank(s + i + run, n - i - run)) {
					open->closed = true;
					open = NULL;
				}
				continue;
			}
		}
		size_t cols, i = p + indent_of(s + p, n - p, &cols);
		if (cols > 3)
			continue;
		size_t extra = 0;
		/* a fence may start right after a list marker: "- ```c" */
		size_t m = i;
		if (m < n && (s[m] == '-' || s[m] == '*' || s[m] == '+')) {
			m++;
		} else {
			size_t d = 0;
			while (m < n && s[m] >= '0' && s[m] <= '9' && d < 9)
				m++, d++;
			if (d > 0 && m < n && (s[m] == '.' || s[m] == ')'))
				m++;
			else
				m = i;
		}
		if (m > i && m < n && s[m] == ' ') {
			size_t sp = 0;
			while (m < n && s[m] == ' ' && sp < 4)
				m++, sp++;
			extra = cols + (m - i);
			i = m;
		}
		if (i >= n || (s[i] != '`' && s[i] != '~'))
			continue;
		char ch = s[i];
		size_t run = 0;
		while (i + run < n && s[i + run] == ch)
			run++;
		if (run < 3)
			continue;
		const char *info = s + i + run;
		size_t ninfo = n - i - run;
		if (ch == '`' && memchr(info, '`', ninfo))
			continue;
		struct fence *f = VEC_PUSH(*out, *nout, cap);
		memset(f, 0, sizeof *f);
		f->line = k > INT_MAX ? INT_MAX : (int)k;
		f->ch = ch;
		f->len = run;
		f->quote = q;
		f->close_ind = extra + 3;
		size_t w0 = 0;
		while (w0 < ninfo && (info[w0] == ' ' || info[w0] == '\t'))
			w0++;
		size_t w1 = w0;
		while (w1 < ninfo && info[w1] != ' ' && info[w1] != '\t' && w1 - w0 < 32)
			w1++;
		f->word = lesson_clean(info + w0, w1 - w0, false);
		open = f;
	}
}

/* ------------------------------------------------------------ the parser */

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

static int text_line(struct parser *ps, const char *s)
{
	uintptr_t p = (uintptr_t)s, b = (uintptr_t)ps->li.text;
	if (p < b || p >= b + ps->li.len)
		return 0;
	return lines_of(&ps->li, (size_t)(p - b));
}

static struct frame *top(struct parser *ps) { return &ps->stack[ps->nstack - 1]; }

static void push(struct parser *ps, MD_BLOCKTYPE type, struct block *b, struct block *container,
		 int depth)
{
	struct frame *f = VEC_PUSH(ps->stack, ps->nstack, ps->scap);
	f->type = type;
	f->b = b;
	f->container = container;
	f->depth = depth;
}

static void table_begin(struct parser *ps)
{
	struct table_build *t = &ps->tb;
	for (size_t i = 0; i < t->ncells; i++)
		inlines_release(&t->cells[i]);
	free(t->cells);
	free(t->rowlen);
	free(t->align);
	memset(t, 0, sizeof *t);
}

static void table_end(struct parser *ps, struct block *b)
{
	struct table_build *t = &ps->tb;
	int ncols = 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rowlen[r] > ncols)
			ncols = t->rowlen[r];
	if (ncols == 0 || t->nrows == 0 || t->nrows > INT_MAX / (size_t)ncols) {
		table_begin(ps);
		return;
	}
	struct table *tab = &b->table;
	tab->ncols = ncols;
	tab->nrows = (int)t->nrows;
	tab->header_rows = t->header_rows;
	tab->align = xcalloc((size_t)ncols, sizeof *tab->align);
	for (int c = 0; c < ncols && (size_t)c < t->nalign; c++)
		tab->align[c] = t->align[c];
	tab->cells = xcalloc((size_t)ncols * t->nrows, sizeof *tab->cells);
	size_t k = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->rowlen[r]; c++, k++) {
			tab->cells[r * (size_t)ncols + (size_t)c] = t->cells[k];
			memset(&t->cells[k], 0, sizeof t->cells[k]);
		}
	}
	table_begin(ps);
}

/* The paragraph text goes into when it arrives outside any paragraph (tight
 * list items). */
static struct inlines *implicit_para(struct parser *ps, struct block *container, int line)
{
	if (!ps->implicit) {
		ps->implicit = block_new(BLK_PARAGRAPH);
		ps->implicit->line = line;
		block_add_child(container, ps->implicit);
	}
	return &ps->implicit->text;
}

static int on_enter(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct parser *ps = ud;
	ps->implicit = NULL;
	if (type == MD_BLOCK_DOC) {
		push(ps, type, ps->root, ps->root, 0);
		return 0;
	}
	if (ps->nstack == 0)
		return 0;
	struct frame *t = top(ps);
	struct block *container = t->container;
	struct block *b = NULL;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
	case MD_BLOCK_LI:
		if (t->depth >= MAX_DEPTH || (type == MD_BLOCK_LI && !t->b)) {
			if (!ps->deep_reported)
				diags_add(ps->d, ps->path, 0,
					  "lists and quotes nested more than %d deep", MAX_DEPTH);
			ps->deep_reported = true;
			push(ps, type, NULL, container, t->depth + 1);
			return 0;
		}
		if (type == MD_BLOCK_QUOTE) {
			b = block_new(BLK_QUOTE);
		} else if (type == MD_BLOCK_LI) {
			b = block_new(BLK_ITEM);
		} else {
			b = block_new(BLK_LIST);
			if (type == MD_BLOCK_OL) {
				MD_BLOCK_OL_DETAIL *o = detail;
				b->ordered = true;
				b->start = o->start > 999999999u ? 999999999 : (int)o->start;
				b->tight = o->is_tight != 0;
			} else {
				MD_BLOCK_UL_DETAIL *u = detail;
				b->tight = u->is_tight != 0;
			}
		}
		block_add_child(container, b);
		push(ps, type, b, b, t->depth + 1);
		return 0;
	case MD_BLOCK_H:
		b = block_new(BLK_HEADING);
		b->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_P:
		b = block_new(BLK_PARAGRAPH);
		break;
	case MD_BLOCK_HR:
		b = block_new(BLK_RULE);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML: {
		b = block_new(BLK_CODE);
		sbuf_release(&ps->code);
		ps->code_nl = 0;
		ps->code_line = 0;
		free(ps->code_info);
		if (type == MD_BLOCK_CODE) {
			MD_BLOCK_CODE_DETAIL *c = detail;
			ps->code_fence = c->fence_char;
			ps->code_info = lesson_clean(c->info.text ? c->info.text : "",
						     c->info.text ? c->info.size : 0, false);
		} else {
			ps->code_fence = 0;
			ps->code_info = xstrdup("html");
		}
		break;
	}
	case MD_BLOCK_TABLE:
		b = block_new(BLK_TABLE);
		table_begin(ps);
		break;
	case MD_BLOCK_THEAD:
		ps->tb.in_head = true;
		push(ps, type, NULL, container, t->depth);
		return 0;
	case MD_BLOCK_TBODY:
		ps->tb.in_head = false;
		push(ps, type, NULL, container, t->depth);
		return 0;
	case MD_BLOCK_TR: {
		struct table_build *tb = &ps->tb;
		*(int *)VEC_PUSH(tb->rowlen, tb->nrows, tb->rcap) = 0;
		if (tb->in_head)
			tb->header_rows++;
		push(ps, type, NULL, container, t->depth);
		return 0;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		struct table_build *tb = &ps->tb;
		if (tb->nrows == 0)
			*(int *)VEC_PUSH(tb->rowlen, tb->nrows, tb->rcap) = 0;
		int col = tb->rowlen[tb->nrows - 1]++;
		tb->cur = VEC_PUSH(tb->cells, tb->ncells, tb->ccap);
		memset(tb->cur, 0, sizeof *tb->cur);
		MD_BLOCK_TD_DETAIL *td = detail;
		if ((size_t)col == tb->nalign) {
			enum cell_align a = td->align == MD_ALIGN_LEFT ? ALIGN_LEFT
					    : td->align == MD_ALIGN_CENTER ? ALIGN_CENTER
					    : td->align == MD_ALIGN_RIGHT ? ALIGN_RIGHT
									  : ALIGN_DEFAULT;
			*(enum cell_align *)VEC_PUSH(tb->align, tb->nalign, tb->acap) = a;
		}
		push(ps, type, NULL, container, t->depth);
		return 0;
	}
	default:
		push(ps, type, NULL, container, t->depth);
		return 0;
	}
	block_add_child(container, b);
	push(ps, type, b, container, t->depth);
	return 0;
}

static void typed_block(struct parser *ps, struct block *b, bool top_level, bool unclosed);

static int on_leave(MD_BLOCKTYPE type, void *detail, void *ud)
{
	(void)detail;
	struct parser *ps = ud;
	ps->implicit = NULL;
	if (ps->nstack == 0)
		return 0;
	struct frame f = *top(ps);
	ps->nstack--;
	if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
		ps->tb.cur = NULL;
	if (!f.b)
		return 0;
	if (type == MD_BLOCK_TABLE) {
		table_end(ps, f.b);
	} else if (type == MD_BLOCK_CODE || type == MD_BLOCK_HTML) {
		struct block *b = f.b;
		if (ps->code.len && ps->code.buf[ps->code.len - 1] == '\n')
			ps->code.buf[--ps->code.len] = '\0';
		b->code = sbuf_detach(&ps->code);
		/* The line: from md4c's text pointers when the block has text,
		 * else the next fence the prescan found. */
		bool unclosed = false;
		if (ps->code_fence) {
			struct fence *match = NULL;
			if (ps->code_line > 0) {
				for (size_t i = ps->fence_next; i < ps->nfences; i++) {
					if (ps->fences[i].line == ps->code_line) {
						match = &ps->fences[i];
						break;
					}
					if (ps->fences[i].line > ps->code_line)
						break;
				}
			} else if (ps->fence_next < ps->nfences) {
				match = &ps->fences[ps->fence_next];
			}
			if (match) {
				ps->fence_next = (size_t)(match - ps->fences) + 1;
				b->line = match->line;
				unclosed = !match->closed;
			} else {
				b->line = ps->code_line;
			}
		} else {
			b->line = ps->code_line;
		}
		typed_block(ps, b, f.container == ps->root, unclosed);
	}
	return 0;
}

static void add_text(struct parser *ps, struct inlines *in, struct block *owner, const char *s,
		     size_t n, MD_TEXTTYPE type)
{
	if (owner && owner->line == 0)
		owner->line = text_line(ps, s);
	const char *href = ps->nhrefs ? ps->hrefs[ps->nhrefs - 1] : NULL;
	struct sbuf sb = {0};
	switch (type) {
	case MD_TEXT_NULLCHAR:
		utf8_put(&sb, 0xFFFD);
		break;
	case MD_TEXT_BR:
		inlines_add(in, "\n", 1, ps->style, NULL, &ps->gc);
		return;
	case MD_TEXT_SOFTBR:
		sbuf_addc(&sb, ' ');
		break;
	case MD_TEXT_ENTITY:
		entity_add(&sb, s, n);
		break;
	default:
		lesson_clean_add(&sb, s, n, false);
		break;
	}
	inlines_add(in, sb.buf ? sb.buf : "", sb.len, ps->style, href, &ps->gc);
	sbuf_release(&sb);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct parser *ps = ud;
	if (ps->nstack == 0)
		return 0;
	struct frame *t = top(ps);
	switch (t->type) {
	case MD_BLOCK_H:
	case MD_BLOCK_P:
		add_text(ps, &t->b->text, t->b, s, n, type);
		return 0;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML: {
		if (!t->b)
			return 0;
		int line = text_line(ps, s);
		if (line > 0 && ps->code_line == 0 && n > 0) {
			/* this text sits on content line code_nl of the block */
			long first = (long)line - (long)ps->code_nl - (ps->code_fence ? 1 : 0);
			ps->code_line = first > 0 ? (int)first : 0;
		}
		if (type == MD_TEXT_NULLCHAR) {
			utf8_put(&ps->code, 0xFFFD);
		} else if (type == MD_TEXT_ENTITY) {
			lesson_clean_add(&ps->code, s, n, true);
		} else {
			for (size_t i = 0; i < n; i++)
				ps->code_nl += s[i] == '\n';
			lesson_clean_add(&ps->code, s, n, true);
		}
		return 0;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (ps->tb.cur) {
			struct block *tab = NULL;
			for (size_t i = ps->nstack; i-- > 0;)
				if (ps->stack[i].type == MD_BLOCK_TABLE) {
					tab = ps->stack[i].b;
					break;
				}
			add_text(ps, ps->tb.cur, tab, s, n, type);
		}
		return 0;
	case MD_BLOCK_DOC:
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
	case MD_BLOCK_LI: {
		if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
			if (!ps->implicit)
				return 0;
		}
		struct inlines *in = implicit_para(ps, t->container, text_line(ps, s));
		add_text(ps, in, ps->implicit, s, n, type);
		return 0;
	}
	default:
		return 0;
	}
}

static void style_update(struct parser *ps)
{
	ps->style = (ps->nemph || ps->nimg ? SPAN_EMPH : 0) | (ps->nstrong ? SPAN_STRONG : 0) |
		    (ps->ncode ? SPAN_CODE : 0) | (ps->nhrefs ? SPAN_LINK : 0) |
		    (ps->nstrike ? SPAN_STRIKE : 0);
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct parser *ps = ud;
	switch (type) {
	case MD_SPAN_EM: ps->nemph++; break;
	case MD_SPAN_STRONG: ps->nstrong++; break;
	case MD_SPAN_CODE: ps->ncode++; break;
	case MD_SPAN_DEL: ps->nstrike++; break;
	case MD_SPAN_IMG: ps->nimg++; break;
	case MD_SPAN_A: {
		MD_SPAN_A_DETAIL *a = detail;
		*VEC_PUSH(ps->hrefs, ps->nhrefs, ps->hcap) =
			lesson_clean(a->href.text ? a->href.text : "", a->href.text ? a->href.size : 0,
				     false);
		break;
	}
	default: break;
	}
	style_update(ps);
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	(void)detail;
	struct parser *ps = ud;
	switch (type) {
	case MD_SPAN_EM: ps->nemph -= ps->nemph > 0; break;
	case MD_SPAN_STRONG: ps->nstrong -= ps->nstrong > 0; break;
	case MD_SPAN_CODE: ps->ncode -= ps->ncode > 0; break;
	case MD_SPAN_DEL: ps->nstrike -= ps->nstrike > 0; break;
	case MD_SPAN_IMG: ps->nimg -= ps->nimg > 0; break;
	case MD_SPAN_A:
		if (ps->nhrefs)
			free(ps->hrefs[--ps->nhrefs]);
		break;
	default: break;
	}
	style_update(ps);
	return 0;
}

/* ------------------------------------------------------- typed blocks */

/* Split s on blanks into newly allocated words (caller frees each and v). */
static char **split_words(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e > s)
			*VEC_PUSH(v, *n, cap) = xstrndup(s, (size_t)(e - s));
		s = e;
	}
	return v;
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/* Join `add` to sb with a space. */
static void join_to(struct sbuf *sb, const char *add)
{
	if (sb->len && *add)
		sbuf_addc(sb, ' ');
	sbuf_adds(sb, add);
}

/* The question's text and explanation are gathered in these until it ends. */
struct quiz_build {
	struct sbuf text, expl;
	bool has_expl;
};

static void quiz_finish(struct parser *ps, struct quiz_question *q, struct quiz_build *qb,
			int nright, int base)
{
	free(q->text);
	q->text = sbuf_detach(&qb->text);
	if (qb->has_expl)
		q->explanation = sbuf_detach(&qb->expl);
	qb->has_expl = false;
	int line = q->line > 0 ? q->line : base;
	if (q->nchoices == 0)
		diags_add(ps->d, ps->path, line, "question has no choices ('+ ' and '- ' lines)");
	else if (nright == 0)
		diags_add(ps->d, ps->path, line, "question has no right answer (a '+ ' line)");
	if (!q->explanation || !q->explanation[0])
		diags_add(ps->d, ps->path, line, "question has no explanation (a '> ' line)");
	if (!q->explanation)
		q->explanation = xstrdup("");
}

static void quiz_parse(struct parser *ps, struct block *b)
{
	const char *s = b->code;
	int base = b->line; /* the fence; content line k is base + 1 + k */
	size_t cap = 0;
	struct quiz_question *q = NULL;
	struct quiz_build qb = {0};
	int nright = 0;
	enum { NONE, QUESTION, BODY } last = NONE;
	for (int k = 0; *s || k == 0; k++) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int line = base > 0 ? base + 1 + k : 0;
		char *ln = trim_dup(s, n);
		char m = ln[0];
		const char *rest = ln + 1;
		bool marked = (m == '?' || m == '+' || m == '-' || m == '>') &&
			      (ln[1] == ' ' || ln[1] == '\0');
		if (marked)
			rest = ln[1] ? ln + 2 : ln + 1;
		if (!ln[0]) {
			last = q ? BODY : NONE;
		} else if (marked && m == '?') {
			if (q && last == QUESTION) {
				join_to(&qb.text, rest);
			} else {
				if (q)
					quiz_finish(ps, q, &qb, nright, base);
				q = VEC_PUSH(b->quiz.q, b->quiz.n, cap);
				memset(q, 0, sizeof *q);
				sbuf_adds(&qb.text, rest);
				q->answer = -1;
				q->line = line;
				nright = 0;
				if (!rest[0])
					diags_add(ps->d, ps->path, line, "empty question");
			}
			last = QUESTION;
		} else if (marked && (m == '+' || m == '-')) {
			if (!q) {
				diags_add(ps->d, ps->path, line, "choice before any question ('? ' line)");
			} else {
				if (m == '+') {
					if (++nright == 2)
						diags_add(ps->d, ps->path, line,
							  "question has two right answers "
							  "(exactly one '+ ' line per question)");
					if (q->answer < 0)
						q->answer = (int)q->nchoices;
				}
				q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof *q->choices);
				q->choices[q->nchoices++] = xstrdup(rest);
				if (!rest[0])
					diags_add(ps->d, ps->path, line, "empty choice");
			}
			last = BODY;
		} else if (marked && m == '>') {
			if (!q) {
				diags_add(ps->d, ps->path, line,
					  "explanation before any question ('? ' line)");
			} else {
				join_to(&qb.expl, rest);
				qb.has_expl = true;
			}
			last = BODY;
		} else {
			char *shown = xstrndup(ln, util_fit_width(ln, strlen(ln), 40));
			diags_add(ps->d, ps->path, line,
				  "unknown line in quiz: '%s' (lines start with '? ', '+ ', '- ' "
				  "or '> ')",
				  shown);
			free(shown);
		}
		free(ln);
		if (!e)
			break;
		s = e + 1;
	}
	if (q)
		quiz_finish(ps, q, &qb, nright, base);
	sbuf_release(&qb.text);
	sbuf_release(&qb.expl);
	if (b->quiz.n == 0)
		diags_add(ps->d, ps->path, base, "quiz block has no questions");
}

static void demo_parse(struct parser *ps, struct block *b, char **w, size_t nw)
{
	if (nw < 2) {
		diags_add(ps->d, ps->path, b->line,
			  "demo block needs a demo name: ```demo NAME key=value ...");
		b->demo.name = xstrdup("");
	} else {
		b->demo.name = xstrdup(w[1]);
	}
	b->demo.params = nw > 2 ? xcalloc(nw - 2, sizeof *b->demo.params) : NULL;
	for (size_t i = 2; i < nw; i++) {
		char *eq = strchr(w[i], '=');
		if (!eq || eq == w[i]) {
			diags_add(ps->d, ps->path, b->line,
				  "demo parameter '%s' is not key=value", w[i]);
			continue;
		}
		struct demo_param *p = &b->demo.params[b->demo.nparams++];
		p->key = xstrndup(w[i], (size_t)(eq - w[i]));
		p->value = xstrdup(eq + 1);
	}
	b->demo.caption = trim_dup(b->code, strlen(b->code));
}

/* Pair tags kept in `level` (unused by code blocks) until pairs are joined. */
enum { PAIR_NONE, PAIR_PYTHON, PAIR_C };

static void typed_block(struct parser *ps, struct block *b, bool top_level, bool unclosed)
{
	char *info = ps->code_info ? ps->code_info : xstrdup("");
	ps->code_info = NULL;
	size_t nw;
	char **w = split_words(info, &nw);
	b->lang = xstrdup(nw ? w[0] : "");
	if (nw && !unclosed && (strcmp(w[0], "demo") == 0 || strcmp(w[0], "quiz") == 0)) {
		if (!top_level) {
			diags_add(ps->d, ps->path, b->line,
				  "a %s block must be at the top level of the lesson, not inside "
				  "a list or quote",
				  w[0]);
		} else if (w[0][0] == 'd') {
			b->kind = BLK_DEMO;
			demo_parse(ps, b, w, nw);
		} else {
			b->kind = BLK_QUIZ;
			quiz_parse(ps, b);
		}
	} else if (nw >= 2 && strcmp(w[1], "pair") == 0) {
		if (strcmp(w[0], "python") == 0)
			b->level = PAIR_PYTHON;
		else if (strcmp(w[0], "c") == 0)
			b->level = PAIR_C;
		else
			diags_add(ps->d, ps->path, b->line,
				  "unknown pair language '%s' (use 'python pair' and 'c pair')", w[0]);
	}
	if (b->kind != BLK_CODE) {
		free(b->code);
		b->code = NULL;
		free(b->lang);
		b->lang = NULL;
	}
	free_words(w, nw);
	free(info);
}

/* Join each `python pair` block with the `c pair` right after it, report
 * lone ones; fill container lines from their first child. Recursive, depth
 * bounded by MAX_DEPTH. */
static void blocks_finish(struct parser *ps, struct block *parent)
{
	size_t out = 0;
	for (size_t i = 0; i < parent->nchildren; i++) {
		struct block *b = parent->children[i];
		if (b->nchildren)
			blocks_finish(ps, b);
		if (b->line == 0 && b->nchildren)
			b->line = b->children[0]->line;
		if (b->kind == BLK_CODE && b->level == PAIR_PYTHON && i + 1 < parent->nchildren &&
		    parent->children[i + 1]->kind == BLK_CODE &&
		    parent->children[i + 1]->level == PAIR_C) {
			struct block *c = parent->children[++i];
			struct block *pair = block_new(BLK_PAIR);
			pair->line = b->line;
			b->level = c->level = PAIR_NONE;
			block_add_child(pair, b);
			block_add_child(pair, c);
			parent->children[out++] = pair;
			continue;
		}
		if (b->kind == BLK_CODE && b->level == PAIR_PYTHON)
			diags_add(ps->d, ps->path, b->line,
				  "'python pair' block must be followed directly by a 'c pair' block");
		else if (b->kind == BLK_CODE && b->level == PAIR_C)
			diags_add(ps->d, ps->path, b->line,
				  "'c pair' block without a 'python pair' block right before it");
		if (b->kind == BLK_CODE)
			b->level = PAIR_NONE;
		parent->children[out++] = b;
	}
	parent->nchildren = out;
}

/* ----------------------------------------------------------- front matter */

static const char *const fm_keys[] = {"title", "summary", "objectives", "python"};

static bool key_like(const char *s, size_t n, size_t *klen)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
		i++;
	if (i == 0 || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t'))
		return false;
	*klen = i;
	return true;
}

static bool item_like(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t');
}

static bool is_dashes(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

static char *fm_value(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return lesson_clean(s, n, false);
}

/* Read the front matter; returns the first body line (1-based). */
static size_t front_parse(struct parser *ps, struct lesson *l)
{
	const struct lines *li = &ps->li;
	size_t n;
	const char *s = lines_get(li, 1, &n);
	size_t first, end;      /* key lines are [first, end) */
	size_t body;            /* first body line */
	int close_line = 0;
	size_t klen;
	if (is_dashes(s, n)) {
		first = 2;
	} else {
		diags_add(ps->d, ps->path, 1,
			  "expected '---' on the first line, to open the front matter");
		if (!key_like(s, n, &klen))
			return 1; /* no front matter at all: the file is body */
		first = 1;
	}
	/* The closing line: the first '---' after it, unless Markdown (a
	 * heading or a fence) comes first, which means it was forgotten. */
	end = 0;
	for (size_t k = first; k <= li->n; k++) {
		s = lines_get(li, k, &n);
		if (is_dashes(s, n)) {
			end = k;
			break;
		}
		if (n && (s[0] == '#' || s[0] == '`' || s[0] == '~'))
			break;
	}
	if (end) {
		close_line = (int)end;
		body = end + 1;
	} else {
		diags_add(ps->d, ps->path, 1,
			  "front matter is not closed: expected a '---' line after its keys");
		end = first;
		while (end <= li->n) {
			s = lines_get(li, end, &n);
			if (!is_blank(s, n) && !key_like(s, n, &klen) && !item_like(s, n))
				break;
			end++;
		}
		body = end;
		close_line = (int)(end > li->n ? li->n : end);
	}

	int seen[4] = {0};
	bool in_list = false;
	size_t ocap = 0;
	for (size_t k = first; k < end && k <= li->n; k++) {
		int line = (int)k;
		s = lines_get(li, k, &n);
		if (is_blank(s, n))
			continue;
		if (item_like(s, n)) {
			const char *dash = memchr(s, '-', n);
			char *v = fm_value(dash + 1, n - (size_t)(dash + 1 - s));
			if (!in_list)
				diags_add(ps->d, ps->path, line,
					  "list item outside 'objectives:' in front matter");
			else if (!v[0])
				diags_add(ps->d, ps->path, line, "empty objective");
			if (in_list && v[0]) {
				*VEC_PUSH(l->objectives, l->nobjectives, ocap) = v;
				v = NULL;
			}
			free(v);
			continue;
		}
		in_list = false;
		if (!key_like(s, n, &klen)) {
			char *shown = lesson_clean(s, util_fit_width(s, n, 40), false);
			diags_add(ps->d, ps->path, line,
				  "expected 'key: value' in front matter, got '%s'", shown);
			free(shown);
			continue;
		}
		int key = -1;
		for (int i = 0; i < 4; i++)
			if (strlen(fm_keys[i]) == klen && memcmp(fm_keys[i], s, klen) == 0)
				key = i;
		if (key < 0) {
			char *shown = lesson_clean(s, klen > 40 ? 40 : klen, false);
			diags_add(ps->d, ps->path, line,
				  "unknown key '%s' in front matter (known: title, summary, "
				  "objectives, python)",
				  shown);
			free(shown);
			continue;
		}
		if (seen[key]) {
			diags_add(ps->d, ps->path, line, "duplicate key '%s' (first on line %d)",
				  fm_keys[key], seen[key]);
			continue;
		}
		seen[key] = line;
		char *v = fm_value(s + klen + 1, n - klen - 1);
		if (key == 2) {
			l->objectives_line = line;
			in_list = true;
			if (v[0])
				diags_add(ps->d, ps->path, line,
					  "'objectives:' takes a list of '  - item' lines, not a value");
			free(v);
			continue;
		}
		if (!v[0]) {
			diags_add(ps->d, ps->path, line, "'%s:' has no value", fm_keys[key]);
			free(v);
			continue;
		}
		char **dst = key == 0 ? &l->title : key == 1 ? &l->summary : &l->python;
		*dst = v;
	}
	if (!seen[0])
		diags_add(ps->d, ps->path, close_line, "expected 'title:' in front matter");
	if (!seen[1])
		diags_add(ps->d, ps->path, close_line, "expected 'summary:' in front matter");
	l->front_end_line = close_line;
	return body;
}

/* ------------------------------------------------------------ public API */

bool lesson_name_parse(const char *path, int *number, char **id)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n < 7 || !util_ends_with(base, ".md"))
		return false;
	if (!(base[0] >= '0' && base[0] <= '9' && base[1] >= '0' && base[1] <= '9' && base[2] == '-'))
		return false;
	const char *s = base + 3, *e = base + n - 3;
	if (s == e || *s == '-')
		return false;
	for (const char *p = s; p < e; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	if (number)
		*number = (base[0] - '0') * 10 + (base[1] - '0');
	if (id)
		*id = xstrndup(s, (size_t)(e - s));
	return true;
}

struct lesson *lesson_parse(const char *path, const char *text, size_t len, struct diags *d)
{
	struct lesson *l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	if (!lesson_name_parse(path, &l->number, &l->id)) {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t n = strlen(base);
		if (util_ends_with(base, ".md"))
			n -= 3;
		l->number = 0;
		l->id = lesson_clean(base, n, false);
	}
	if (len > UINT_MAX / 2) {
		diags_add(d, path, 0, "file too large to be a lesson");
		l->title = xstrdup(l->id);
		l->summary = xstrdup("");
		return l;
	}
	/* skip a UTF-8 byte order mark */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;

	struct parser ps = {0};
	ps.path = path;
	ps.d = d;
	lines_build(&ps.li, text, len);
	size_t body = front_parse(&ps, l);
	l->body_line = (int)body;
	size_t off = body <= ps.li.n ? ps.li.start[body - 1] : len;
	ps.body = text + off;
	ps.body_len = len - off;

	fences_scan(&ps.li, body, &ps.fences, &ps.nfences);
	for (size_t i = 0; i < ps.nfences; i++) {
		struct fence *f = &ps.fences[i];
		if (!f->closed) {
			char tick[8];
			size_t k = f->len < sizeof tick - 1 ? f->len : sizeof tick - 1;
			memset(tick, f->ch, k);
			tick[k] = '\0';
			diags_add(d, path, f->line, "unterminated %s%s block (opened here)", tick,
				  f->word);
		}
	}

	ps.root = block_new(BLK_QUOTE);
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML,
		.enter_block = on_enter,
		.leave_block = on_leave,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	if (md_parse(ps.body, (MD_SIZE)ps.body_len, &parser, &ps) != 0)
		diags_add(d, path, 0, "the Markdown parser failed (out of memory?)");
	blocks_finish(&ps, ps.root);
	l->blocks = ps.root->children;
	l->nblocks = ps.root->nchildren;
	ps.root->children = NULL;
	ps.root->nchildren = 0;
	block_free(ps.root);

	if (!l->title)
		l->title = xstrdup(l->id);
	if (!l->summary)
		l->summary = xstrdup("");

	table_begin(&ps); /* frees leftovers */
	for (size_t i = 0; i < ps.nhrefs; i++)
		free(ps.hrefs[i]);
	free(ps.hrefs);
	free(ps.stack);
	sbuf_release(&ps.code);
	free(ps.code_info);
	for (size_t i = 0; i < ps.nfences; i++)
		free(ps.fences[i].word);
	free(ps.fences);
	free(ps.li.start);
	return l;
}

struct lesson *lesson_load(const char *path, struct diags *d)
{
	size_t len;
	char *err = NULL;
	char *text = util_read_file(path, &len, &err);
	if (!text) {
		/* util says "PATH: reason"; the diag carries the path itself */
		size_t pl = strlen(path);
		const char *msg = err;
		if (strncmp(err, path, pl) == 0 && strncmp(err + pl, ": ", 2) == 0)
			msg = err + pl + 2;
		diags_add(d, path, 0, "cannot read: %s", msg);
		free(err);
		return NULL;
	}
	struct lesson *l = lesson_parse(path, text, len, d);
	free(text);
	return l;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->id);
	free(l->path);
	free(l->title);
	free(l->summary);
	for (size_t i = 0; i < l->nobjectives; i++)
		free(l->objectives[i]);
	free(l->objectives);
	free(l->python);
	for (size_t i = 0; i < l->nblocks; i++)
		block_free(l->blocks[i]);
	free(l->blocks);
	free(l);
}

size_t lesson_question_count(const struct lesson *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i]->kind == BLK_QUIZ)
			n += l->blocks[i]->quiz.n;
	return n;
}

int lesson_question_index(const struct lesson *l, int block, int question)
{
	if (block < 0 || (size_t)block >= l->nblocks || l->blocks[block]->kind != BLK_QUIZ ||
	    question < 0 || (size_t)question >= l->blocks[block]->quiz.n)
		return -1;
	size_t n = 0;
	for (int i = 0; i < block; i++)
		if (l->blocks[i]->kind == BLK_QUIZ)
			n += l->blocks[i]->quiz.n;
	return (int)(n + (size_t)question);
}
