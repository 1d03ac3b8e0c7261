/*
 * lesson_md.c - md4c's callbacks: Markdown blocks, spans and text become the
 * lesson's blocks of styled inline text, each with its source line (from
 * md4c's text pointers into the buffer we hand it).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson_parse.h"

static int text_line(struct parser *ps, const char *s)
{
	uintptr_t p = (uintptr_t)s, b = (uintptr_t)ps->li.text;
	if (p < b || p >= b + ps->li.len)
		return 0;
	return lesson_lines_of(&ps->li, (size_t)(p - b));
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
		ps->implicit = lesson_block_new(BLK_PARAGRAPH);
		ps->implicit->line = line;
		lesson_block_add(container, ps->implicit);
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
			b = lesson_block_new(BLK_QUOTE);
		} else if (type == MD_BLOCK_LI) {
			b = lesson_block_new(BLK_ITEM);
		} else {
			b = lesson_block_new(BLK_LIST);
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
		lesson_block_add(container, b);
		push(ps, type, b, b, t->depth + 1);
		return 0;
	case MD_BLOCK_H:
		b = lesson_block_new(BLK_HEADING);
		b->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_P:
		b = lesson_block_new(BLK_PARAGRAPH);
		break;
	case MD_BLOCK_HR:
		b = lesson_block_new(BLK_RULE);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML: {
		b = lesson_block_new(BLK_CODE);
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
		b = lesson_block_new(BLK_TABLE);
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
	lesson_block_add(container, b);
	push(ps, type, b, container, t->depth);
	return 0;
}

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
		lesson_typed_block(ps, b, f.container == ps->root, unclosed);
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
		lesson_utf8_put(&sb, 0xFFFD);
		break;
	case MD_TEXT_BR:
		inlines_add(in, "\n", 1, ps->style, NULL, &ps->gc);
		return;
	case MD_TEXT_SOFTBR:
		sbuf_addc(&sb, ' ');
		break;
	case MD_TEXT_ENTITY:
		lesson_entity_add(&sb, s, n);
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
			lesson_utf8_put(&ps->code, 0xFFFD);
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

/* Run md4c over the body and build the block tree under ps->root; the
 * typed blocks are read as their fences close, pairs joined at the end. */
void lesson_md_run(struct parser *ps)
{
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML,
		.enter_block = on_enter,
		.leave_block = on_leave,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	if (md_parse(ps->body, (MD_SIZE)ps->body_len, &parser, ps) != 0)
		diags_add(ps->d, ps->path, 0, "the Markdown parser failed (out of memory?)");
	lesson_blocks_finish(ps, ps->root);
}

void lesson_parser_release(struct parser *ps)
{
	table_begin(ps); /* frees leftovers */
	for (size_t i = 0; i < ps->nhrefs; i++)
		free(ps->hrefs[i]);
	free(ps->hrefs);
	free(ps->stack);
	sbuf_release(&ps->code);
	free(ps->code_info);
	for (size_t i = 0; i < ps->nfences; i++)
		free(ps->fences[i].word);
	free(ps->fences);
	free(ps->li.start);
}
