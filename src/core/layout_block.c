/*
 * layout_block.c - lays out the lesson's block kinds that are not tables or
 * cards: headings, paragraphs, lists, quotes, rules, highlighted code and
 * python/c pairs side by side (or stacked when narrow); and the dispatch
 * over every block kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/highlight.h"
#include "core/layout_int.h"
#include "core/util.h"

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
char **lay_code_lines(const char *code, int tab, size_t *n, int *maxw)
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
		*maxw = max_i(*maxw, lay_text_w(ln));
		*VEC_PUSH(v, *n, cap) = ln;
		if (!e)
			break;
		s = e + 1;
	}
	return v;
}

void lay_free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Put one highlighted code line at col, `cols` wide; a longer line is cut
 * and ends in the cut marker. */
void lay_put_code(struct lline *ln, int col, int cols, struct hl *h, const char *s,
		  const struct glyphs *g)
{
	size_t n = strlen(s);
	struct tok *t = xmalloc((n + 1) * sizeof *t);
	size_t nt = highlight_line(h, s, n, t);
	int total = lay_width_of(s, n);
	int limit = max_i(0, total > cols ? cols - lay_text_w(g->cut) : cols);
	int x = col;
	for (size_t i = 0; i < nt; i++) {
		const char *p = s + t[i].b;
		size_t k = lay_fit_of(p, t[i].n, max_i(0, col + limit - x));
		lline_put(ln, x, p, k, t[i].role, 0);
		x += lay_width_of(p, k);
		if (k < t[i].n)
			break;
	}
	if (total > cols)
		lline_puts(ln, x, g->cut, ROLE_MUTED, 0);
	free(t);
}

/* ---------------------------------------------------------------- blocks */

void lay_heading_text(struct ctx *c, struct layout *out, const struct inlines *in,
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
		lay_put_repeat(ln, 0, level == 1 ? c->g->h1 : c->g->h2, min_i(max_i(w, 3), width),
			   ROLE_HEADING, 0);
	}
	if (anchor) {
		size_t idx = out->nanchors;
		lay_anchor(out, ANCHOR_HEADING, c->top, -1, first, out->n - 1);
		if (out == c->final && c->o->focus_anchor >= 0 && (size_t)c->o->focus_anchor == idx)
			for (size_t i = first; i < out->n; i++)
				lline_attr(&out->lines[i], LATTR_REVERSE);
	}
}

static void lay_code(struct ctx *c, struct layout *out, const char *lang, const char *code,
		     int width)
{
	int indent = width - CODE_INDENT >= MIN_INNER ? CODE_INDENT : 0;
	size_t n;
	int maxw;
	char **v = lay_code_lines(code, TAB_CODE, &n, &maxw);
	struct hl h = {highlight_lang(lang), false, 0};
	for (size_t i = 0; i < n; i++)
		lay_put_code(lay_line(out), indent, width - indent, &h, v[i], c->g);
	lay_free_lines(v, n);
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
	char **L = lay_code_lines(py->code, TAB_CODE, &nl, &lw);
	char **R = lay_code_lines(cc->code, TAB_CODE, &nr, &rw);
	int indent = width - CODE_INDENT >= MIN_INNER ? CODE_INDENT : 0;
	int avail = width - indent;
	int colL = max_i(lw, PAIR_MIN_COL), colR = max_i(rw, PAIR_MIN_COL);
	struct hl hl = {highlight_lang(py->lang), false, 0}, hr = {highlight_lang(cc->lang), false, 0};
	const struct glyphs *g = c->g;
	if (colL + 3 + colR <= avail) {
		struct lline *ln = lay_line(out);
		lline_puts(ln, indent, "Python", ROLE_MUTED, LATTR_BOLD);
		lline_puts(ln, indent + colL + 1, g->vt, ROLE_BORDER, 0);
		lline_puts(ln, indent + colL + 3, "C", ROLE_MUTED, LATTR_BOLD);
		ln = lay_line(out);
		lay_put_repeat(ln, indent, g->hz, colL + 1, ROLE_BORDER, 0);
		lline_puts(ln, indent + colL + 1, g->cross, ROLE_BORDER, 0);
		lay_put_repeat(ln, indent + colL + 2, g->hz, colR + 1, ROLE_BORDER, 0);
		for (size_t i = 0; i < nl || i < nr; i++) {
			ln = lay_line(out);
			if (i < nl)
				lay_put_code(ln, indent, colL, &hl, L[i], g);
			lline_puts(ln, indent + colL + 1, g->vt, ROLE_BORDER, 0);
			if (i < nr)
				lay_put_code(ln, indent + colL + 3, colR, &hr, R[i], g);
		}
	} else {
		lline_puts(lay_line(out), indent, "Python", ROLE_MUTED, LATTR_BOLD);
		for (size_t i = 0; i < nl; i++)
			lay_put_code(lay_line(out), indent, avail, &hl, L[i], g);
		lay_blank(out);
		lline_puts(lay_line(out), indent, "C", ROLE_MUTED, LATTR_BOLD);
		for (size_t i = 0; i < nr; i++)
			lay_put_code(lay_line(out), indent, avail, &hr, R[i], g);
	}
	lay_free_lines(L, nl);
	lay_free_lines(R, nr);
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
		mw = lay_text_w(num);
		snprintf(num, sizeof num, "%d.", b->start);
		mw = max_i(mw, lay_text_w(num));
	} else {
		mw = lay_text_w(bullet);
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
		int mcol = b->ordered ? mw - lay_text_w(marker) : 0;
		struct layout *tmp = layout_new();
		if (it->kind == BLK_ITEM)
			lay_blocks(c, tmp, it->children, it->nchildren, room ? width - dx : width,
				   b->tight);
		else
			lay_blocks(c, tmp, &b->children[i], 1, room ? width - dx : width, true);
		if (!room) {
			lline_puts(lay_line(out), 0, marker, ROLE_MUTED, 0);
			lay_splice(out, tmp, 0);
		} else if (tmp->n == 0) {
			lay_splice(out, tmp, 0);
			lline_puts(lay_line(out), mcol, marker, ROLE_MUTED, 0);
		} else {
			size_t first = lay_splice(out, tmp, dx);
			lline_prepend(&out->lines[first], mcol, marker, ROLE_MUTED, 0);
		}
		free(marker);
	}
	c->list_depth--;
}

static void lay_quote(struct ctx *c, struct layout *out, const struct block *b, int width)
{
	bool room = width - 2 >= MIN_INNER;
	struct layout *tmp = layout_new();
	lay_blocks(c, tmp, b->children, b->nchildren, room ? width - 2 : width, false);
	size_t first = lay_splice(out, tmp, room ? 2 : 0);
	if (room)
		for (size_t i = first; i < out->n; i++)
			lline_prepend(&out->lines[i], 0, c->g->bar, ROLE_MUTED, 0);
}

/* ------------------------------------------------------------- dispatch */

void lay_block(struct ctx *c, struct layout *out, const struct block *b, int width)
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
		lay_put_repeat(lay_line(out), 0, c->g->rule, min_i(width, CARD_MAX), ROLE_BORDER, 0);
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
	case BLK_CHALLENGE:
		lay_challenge(c, out, b, width);
		break;
	}
}

void lay_blocks(struct ctx *c, struct layout *out, struct block *const *v, size_t n,
		int width, bool tight)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !tight)
			lay_blank(out);
		lay_block(c, out, v[i], width);
	}
}

