/*
 * layout_wrap.c - greedy word wrapping by display width: styled inline text
 * (lesson paragraphs, quiz text) and plain text (layout_wrap), with hanging
 * indents, hard breaks, link targets, and words longer than a line broken.
 */
#include <stdlib.h>
#include <string.h>

#include "core/layout_int.h"
#include "core/util.h"

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

/* Quiz and caption text is one line of plain text; `code` in backticks is
 * the only markup honoured there. */
void lay_in_plain(struct inlines *in, const char *s)
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

void lay_wrap_begin(struct wrapper *wr, struct layout *out, int width, int first_col,
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
	lline_put(ln, wr->col, s, n, role, attr);
	wr->col += lay_width_of(s, n);
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
			size_t k = avail > 0 ? lay_fit_of(s, rem, avail) : 0;
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
		wr->ww += lay_width_of(s + i, j - i);
		i = j;
	}
}

void lay_wrap_texts(struct wrapper *wr, const char *s, enum lrole role, unsigned attr)
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
void lay_wrap_end(struct wrapper *wr)
{
	wrap_flush(wr);
	free(wr->w);
	wr->w = NULL;
}

bool lay_link_shows_target(const char *text, const char *href)
{
	if (!href || !href[0] || href[0] == '#')
		return false;
	if (strcmp(text, href) == 0)
		return false;
	if (strncmp(href, "mailto:", 7) == 0 && strcmp(text, href + 7) == 0)
		return false;
	return true;
}

void lay_wrap_inlines(struct wrapper *wr, const struct inlines *in)
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
		lay_wrap_texts(wr, sp->text, role, attr);
		/* after the last span of a link, its target */
		if (sp->href && (i + 1 == in->n || !in->v[i + 1].href ||
				 strcmp(in->v[i + 1].href, sp->href) != 0)) {
			size_t k = i;
			while (k > 0 && in->v[k - 1].href && strcmp(in->v[k - 1].href, sp->href) == 0)
				k--;
			struct sbuf text = {0};
			for (size_t j = k; j <= i; j++)
				sbuf_adds(&text, in->v[j].text);
			if (lay_link_shows_target(text.buf ? text.buf : "", sp->href)) {
				lay_wrap_texts(wr, " ", ROLE_MUTED, 0);
				char *t = xasprintf("(%s)", sp->href);
				/* one word even if the target has spaces */
				for (char *p = t; *p; p++)
					if (*p == ' ')
						*p = '+';
				lay_wrap_texts(wr, t, ROLE_MUTED, 0);
				free(t);
			}
			sbuf_release(&text);
		}
	}
}

/* Wrap inlines as a paragraph; returns the widest line end. */
int lay_inlines(struct layout *out, const struct inlines *in, int width, int first_col,
		int cont_col, enum lrole base, unsigned attr, int level)
{
	struct wrapper wr;
	lay_wrap_begin(&wr, out, width, first_col, cont_col, base, attr);
	wr.level = level;
	lay_wrap_inlines(&wr, in);
	lay_wrap_end(&wr);
	return wr.maxw;
}

int lay_plain(struct layout *out, const char *s, int width, int first_col, int cont_col,
	      enum lrole base, unsigned attr)
{
	struct inlines in = {0};
	lay_in_plain(&in, s);
	int w = lay_inlines(out, &in, width, first_col, cont_col, base, attr, 0);
	inlines_release(&in);
	return w;
}

size_t layout_wrap(struct layout *lay, const char *text, enum lrole role, unsigned attr,
		   int width, int first_col, int cont_col)
{
	size_t first = lay->n;
	width = max_i(width, max_i(first_col, cont_col) + MIN_INNER);
	struct wrapper wr;
	lay_wrap_begin(&wr, lay, width, first_col, cont_col, role, attr);
	lay_wrap_texts(&wr, text ? text : "", role, attr);
	lay_wrap_end(&wr);
	if (lay->n == first)
		lay_line(lay); /* an empty text still takes its line */
	return first;
}
