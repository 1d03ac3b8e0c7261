/*
 * layout_table.c - lays out a Markdown table: column widths shared out
 * within the width, cells wrapped, box drawing (or ASCII) borders; a table
 * too wide for any grid becomes one "header: value" record per row.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout_int.h"
#include "core/util.h"

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
		cur += lay_text_w(sp->text);
		if (sp->href && lay_link_shows_target(sp->text, sp->href))
			cur += 3 + lay_text_w(sp->href);
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
			lay_wrap_begin(&wr, out, width, 0, 2, ROLE_TEXT, 0);
			char *head = hr ? inlines_text(&t->cells[col]) : xasprintf("column %d", col + 1);
			if (!head[0]) {
				free(head);
				head = xasprintf("column %d", col + 1);
			}
			char *label = xasprintf("%s:", head);
			lay_wrap_texts(&wr, label, ROLE_STRONG, LATTR_BOLD);
			lay_wrap_texts(&wr, " ", ROLE_TEXT, 0);
			lay_wrap_inlines(&wr, &t->cells[(size_t)r * (size_t)t->ncols + (size_t)col]);
			lay_wrap_end(&wr);
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
	lline_puts(ln, x, left, ROLE_BORDER, 0);
	x += 1;
	for (int i = 0; i < ncols; i++) {
		lay_put_repeat(ln, x, g->hz, w[i] + 2, ROLE_BORDER, 0);
		x += w[i] + 2;
		lline_puts(ln, x, i + 1 < ncols ? mid : right, ROLE_BORDER, 0);
		x += 1;
	}
}

void lay_table(struct ctx *c, struct layout *out, const struct block *b, int width)
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
			cells[col] = layout_new();
			lay_inlines(cells[col], &t->cells[(size_t)r * (size_t)nc + (size_t)col], w[col],
				    0, 0, ROLE_TEXT, head ? LATTR_BOLD : 0, 0);
			if (cells[col]->n > h)
				h = cells[col]->n;
		}
		for (size_t k = 0; k < h; k++) {
			struct lline *ln = lay_line(out);
			int x = 0;
			lline_puts(ln, x, g->vt, ROLE_BORDER, 0);
			x += 1;
			for (int col = 0; col < nc; col++) {
				if (k < cells[col]->n) {
					struct lline *src = &cells[col]->lines[k];
					lline_trim(src);
					int lw = lline_end(src);
					enum cell_align a = t->align ? t->align[col] : ALIGN_DEFAULT;
					int off = a == ALIGN_RIGHT ? w[col] - lw
						  : a == ALIGN_CENTER ? (w[col] - lw) / 2 : 0;
					off = max_i(off, 0);
					for (size_t q = 0; q < src->nruns; q++) {
						struct lrun *run = &src->runs[q];
						lline_puts(ln, x + 1 + off + run->col, run->text, run->role,
							  run->attr | (head ? LATTR_BOLD : 0));
					}
				}
				x += w[col] + 2;
				lline_puts(ln, x, g->vt, ROLE_BORDER, 0);
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
