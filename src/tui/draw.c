/*
 * draw.c - drawing helpers every view uses: text cut to a width (never
 * spilling into the next column, whatever bytes a lesson or a demo sends),
 * laid-out lines, progress bars, and small hand-built documents in the
 * layout's shape.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/ui.h"

/* Copy n bytes of s into a buffer the terminal can take as is: control
 * characters become spaces, invalid UTF-8 becomes '?'. Caller frees. */
static char *sanitize(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t i = 0, o = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			out[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
			i++;
			continue;
		}
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			out[o++] = '?';
			i++;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	return out;
}

int draw_textn(int y, int x, int w, const char *s, size_t n)
{
	if (w <= 0 || !s)
		return 0;
	char *clean = sanitize(s, n);
	size_t len = strlen(clean);
	size_t fit = util_fit_width(clean, len, w);
	int used = util_text_width(clean, fit);
	mvaddnstr(y, x, clean, (int)fit);
	free(clean);
	return used;
}

int draw_text(int y, int x, int w, const char *s)
{
	return s ? draw_textn(y, x, w, s, strlen(s)) : 0;
}

int draw_fmt(int y, int x, int w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int used = draw_text(y, x, w, s);
	free(s);
	return used;
}

void draw_blank(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
}

void draw_lline(int y, int x, int w, const struct lline *ln)
{
	for (size_t i = 0; i < ln->nruns; i++) {
		const struct lrun *r = &ln->runs[i];
		if (r->col < 0 || r->col >= w)
			continue;
		term_role(r->role, r->attr);
		draw_text(y, x + r->col, w - r->col, r->text);
	}
	term_style(ST_NORMAL);
}

/* Byte offset in s where display column `col` starts (or the end). */
static size_t col_to_byte(const char *s, int col)
{
	size_t len = strlen(s);
	return util_fit_width(s, len, col);
}

void draw_lline_range(int y, int x, int w, const struct lline *ln, int c0, int c1,
		      enum ui_style st)
{
	if (c0 >= w || c1 <= c0)
		return;
	char *text = layout_line_text(ln);
	size_t b0 = col_to_byte(text, c0), b1 = col_to_byte(text, c1);
	if (b1 > b0) {
		term_style(st);
		draw_textn(y, x + c0, w - c0, text + b0, b1 - b0);
		term_style(ST_NORMAL);
	}
	free(text);
}

void draw_bar(int y, int x, int w, long long done, long long total)
{
	if (w <= 0)
		return;
	int fill = total > 0 ? (int)((double)w * (double)(done < 0 ? 0 : done) / (double)total) : 0;
	if (fill > w)
		fill = w;
	bool a = term_ascii();
	term_style(ST_BAR);
	for (int i = 0; i < fill; i++)
		mvaddstr(y, x + i, a ? "#" : "\u2588");
	term_style(ST_MUTED);
	for (int i = fill; i < w; i++)
		mvaddstr(y, x + i, a ? "." : "\u2591");
	term_style(ST_NORMAL);
}

/* ------------------------------------------------------------ documents */

/* The lab's small documents are layouts built by hand: these only name the
 * layout calls the views use (core/layout does the work). */

struct layout *doc_new(void) { return layout_new(); }

void doc_add_run(struct lline *ln, const char *text, enum lrole role, unsigned attr)
{
	layout_add_run(ln, text, role, attr);
}

struct lline *doc_line(struct layout *d, const char *text, enum lrole role, unsigned attr)
{
	struct lline *ln = layout_add_line(d);
	if (text && *text)
		layout_add_run(ln, text, role, attr);
	return ln;
}

void doc_wrap(struct layout *d, const char *text, enum lrole role, unsigned attr, int width,
	      int indent)
{
	/* leading blanks place the first line (the callers indent that way) */
	size_t lead = strspn(text, " ");
	layout_wrap(d, text + lead, role, attr, width, (int)lead, indent);
}

void doc_free(struct layout *d) { layout_free(d); }
