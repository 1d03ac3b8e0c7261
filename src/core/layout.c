/*
 * layout.c - lays a lesson or a source file out as lines of styled runs for
 * one width: the entry points and the glyph sets. The work is split by job:
 * lines and runs (layout_line.c), wrapping (layout_wrap.c), blocks
 * (layout_block.c), tables (layout_table.c), demo cards and quizzes
 * (layout_card.c), highlighting (highlight.c). Both faces (show, the TUI)
 * draw what this decides; nothing here knows about terminals.
 *
 * Containers (lists, quotes, table cells, cards) are laid out into a
 * scratch layout at their inner width, then spliced into the outer one,
 * shifted right, with their margin (bullet, bar, border) added. Every line
 * stays within the width: inner widths never drop below MIN_INNER (deeper
 * nesting loses its indentation instead), words longer than a line are
 * broken, code lines are cut with a marker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/highlight.h"
#include "core/layout_int.h"
#include "core/util.h"

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

static void lay_finish(struct layout *lay)
{
	for (size_t i = 0; i < lay->n; i++)
		lline_trim(&lay->lines[i]);
	while (lay->n && lay->lines[lay->n - 1].nruns == 0) {
		lline_release(&lay->lines[lay->n - 1]);
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
	struct layout *out = layout_new();
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
		lay_wrap_begin(&wr, out, width, 0, 0, ROLE_MUTED, 0);
		lay_wrap_texts(&wr, "In Python:", ROLE_MUTED, LATTR_BOLD);
		lay_wrap_texts(&wr, " ", ROLE_MUTED, 0);
		lay_wrap_texts(&wr, l->python, ROLE_MUTED, 0);
		lay_wrap_end(&wr);
	}
	if (l->nobjectives) {
		lay_blank(out);
		lline_puts(lay_line(out), 0, "You will be able to:", ROLE_STRONG, LATTR_BOLD);
		const char *bullet = c.g->bullet[0];
		int dx = lay_text_w(bullet) + 1;
		for (size_t i = 0; i < l->nobjectives; i++) {
			size_t first = out->n;
			lay_plain(out, l->objectives[i], width, dx, dx, ROLE_TEXT, 0);
			if (out->n > first)
				lline_prepend(&out->lines[first], 0, bullet, ROLE_MUTED, 0);
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

size_t layout_markdown(struct layout *lay, const char *md, int width, int indent, bool ascii)
{
	size_t first = lay->n;
	struct diags d;
	diags_init(&d);
	struct lesson *l = lesson_parse_markdown("text", md ? md : "", md ? strlen(md) : 0, &d);
	diags_release(&d);
	indent = max_i(indent, 0);
	int inner = max_i(width - indent, 20);
	struct layout_opts opts = {.width = inner, .ascii = ascii, .interactive = true,
				   .focus_anchor = -1, .focus_choice = -1};
	struct layout *tmp = layout_new();
	struct ctx c = {&opts, l, ascii ? &ascii_glyphs : &utf8_glyphs, tmp, -1, 0, 0};
	lay_blocks(&c, tmp, l->blocks, l->nblocks, inner, false);
	lay_finish(tmp);
	tmp->nanchors = 0; /* nothing in it is focused or run */
	lay_splice(lay, tmp, indent);
	lesson_free(l);
	return first;
}

struct layout *layout_source(const char *text, const char *lang, int width, bool ascii)
{
	if (width < 20)
		width = 20;
	const struct glyphs *g = ascii ? &ascii_glyphs : &utf8_glyphs;
	char *clean = lesson_clean(text ? text : "", text ? strlen(text) : 0, true);
	size_t n;
	int maxw;
	char **v = lay_code_lines(clean, TAB_SOURCE, &n, &maxw);
	free(clean);
	if (n > 1 && v[n - 1][0] == '\0') { /* the file's final newline */
		free(v[n - 1]);
		n--;
	}
	char num[32];
	snprintf(num, sizeof num, "%zu", n);
	int nw = max_i(3, (int)strlen(num));
	struct layout *out = layout_new();
	struct hl h = {highlight_lang(lang), false, 0};
	for (size_t i = 0; i < n; i++) {
		struct lline *ln = lay_line(out);
		snprintf(num, sizeof num, "%*zu", nw, i + 1);
		lline_puts(ln, 0, num, ROLE_MUTED, 0);
		lline_puts(ln, nw + 1, g->vt, ROLE_BORDER, 0);
		lay_put_code(ln, nw + 3, width - nw - 3, &h, v[i], g);
	}
	lay_free_lines(v, n);
	lay_finish(out);
	return out;
}
