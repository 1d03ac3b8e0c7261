/*
 * lesson_fence.c - the line index of a lesson file and the fence prescan.
 *
 * md4c does not say where a block starts and silently runs an unclosed fence
 * to the end of the file, so the body is also scanned for fences (CommonMark
 * rules, enough of them for lessons): that scan finds unclosed fences and,
 * with md4c's text pointers, gives each code block its source line.
 */
#include <limits.h>
#include <string.h>

#include "core/lesson_parse.h"

/* ------------------------------------------------------------ line index */

void lesson_lines_build(struct lines *li, const char *t, size_t len)
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
const char *lesson_lines_get(const struct lines *li, size_t k, size_t *n)
{
	size_t b = li->start[k - 1];
	size_t e = b;
	while (e < li->len && li->text[e] != '\n' && li->text[e] != '\r')
		e++;
	*n = e - b;
	return li->text + b;
}

/* 1-based line of a byte offset. */
int lesson_lines_of(const struct lines *li, size_t off)
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

bool lesson_blank(const char *s, size_t n)
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

void lesson_fences_scan(const struct lines *li, size_t first, struct fence **out, size_t *nout)
{
	size_t cap = 0;
	struct fence *open = NULL;
	*out = NULL;
	*nout = 0;
	for (size_t k = first; k <= li->n; k++) {
		size_t n;
		const char *s = lesson_lines_get(li, k, &n);
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
				    lesson_blank(s + i + run, n - i - run)) {
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

