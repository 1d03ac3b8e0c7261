/*
 * layout_line.c - the layout's lines and runs: display widths, putting and
 * prepending runs, trimming, anchors, splicing a scratch layout into
 * another, and building a layout by hand (layout_new, layout_add_line,
 * layout_put, layout_add_run).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout_int.h"
#include "core/util.h"

/* util's width functions decode every character with mbrtowc; lessons are
 * mostly ASCII, where bytes are columns in every locale, so look first. */
int lay_width_of(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return util_text_width(s, n);
	return n > INT_MAX ? INT_MAX : (int)n;
}

size_t lay_fit_of(const char *s, size_t n, int cols)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] < 0x80 && (long)i < (long)cols)
		i++;
	if (i == n || (long)i == (long)cols || cols <= 0)
		return i;
	/* a wider character is next: let util measure from here */
	return i + util_fit_width(s + i, n - i, cols - (int)i);
}

int lay_text_w(const char *s) { return lay_width_of(s, strlen(s)); }

/* ------------------------------------------------------------ primitives */

struct lline *lay_line(struct layout *lay)
{
	struct lline *ln = VEC_PUSH(lay->lines, lay->n, lay->cap);
	memset(ln, 0, sizeof *ln);
	ln->block = -1;
	return ln;
}

void lay_blank(struct layout *lay) { lay_line(lay); }

/* Append a run; joins the previous run when it continues it exactly. Runs
 * must be added left to right. */
void lline_put(struct lline *ln, int col, const char *s, size_t n, enum lrole role,
	       unsigned attr)
{
	if (n == 0)
		return;
	int w = lay_width_of(s, n);
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

void lline_puts(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr)
{
	lline_put(ln, col, s, strlen(s), role, attr);
}

/* Insert a run before all others (a margin added after the content). */
void lline_prepend(struct lline *ln, int col, const char *s, enum lrole role, unsigned attr)
{
	struct lrun r = {xstrdup(s), col, lay_text_w(s), role, attr};
	ln->runs = xgrow(ln->runs, &ln->cap, ln->nruns + 1, sizeof *ln->runs);
	memmove(ln->runs + 1, ln->runs, ln->nruns * sizeof *ln->runs);
	ln->runs[0] = r;
	ln->nruns++;
}

int lline_end(const struct lline *ln)
{
	return ln->nruns ? ln->runs[ln->nruns - 1].col + ln->runs[ln->nruns - 1].width : 0;
}

void lline_attr(struct lline *ln, unsigned attr)
{
	for (size_t i = 0; i < ln->nruns; i++)
		ln->runs[i].attr |= attr;
}

void lline_release(struct lline *ln)
{
	for (size_t i = 0; i < ln->nruns; i++)
		free(ln->runs[i].text);
	free(ln->runs);
}

/* Drop trailing blanks: whitespace-only runs at the end, spaces at the end
 * of the last run. */
void lline_trim(struct lline *ln)
{
	while (ln->nruns) {
		struct lrun *r = &ln->runs[ln->nruns - 1];
		size_t n = strlen(r->text);
		while (n && r->text[n - 1] == ' ')
			n--;
		if (n) {
			if (r->text[n]) {
				r->text[n] = '\0';
				r->width = lay_width_of(r->text, n);
			}
			return;
		}
		free(r->text);
		ln->nruns--;
	}
}

struct lanchor *lay_anchor(struct layout *lay, enum lanchor_kind kind, int block,
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
size_t lay_splice(struct layout *dst, struct layout *src, int dx)
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

void lay_put_repeat(struct lline *ln, int col, const char *s, int cols, enum lrole role,
		    unsigned attr)
{
	if (cols <= 0)
		return;
	char *r = repeat(s, cols);
	lline_puts(ln, col, r, role, attr);
	free(r);
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
		lline_release(&lay->lines[i]);
	free(lay->lines);
	free(lay->anchors);
	free(lay);
}

/* ------------------------------------------------------ building by hand */

struct layout *layout_new(void) { return xcalloc(1, sizeof(struct layout)); }

struct lline *layout_add_line(struct layout *lay) { return lay_line(lay); }

void layout_put(struct lline *ln, int col, const char *text, enum lrole role, unsigned attr)
{
	lline_puts(ln, col, text, role, attr);
}

void layout_add_run(struct lline *ln, const char *text, enum lrole role, unsigned attr)
{
	lline_puts(ln, lline_end(ln), text, role, attr);
}
