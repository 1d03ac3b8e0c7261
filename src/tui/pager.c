/*
 * pager.c - a scrollable laid-out document with search and highlighted
 * matches. The reader, the source view and the help view are all pagers,
 * so scrolling and '/' behave the same everywhere.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/ui.h"

static void free_doc(struct pager *p)
{
	if (p->own_doc)
		doc_free(p->lay);
	else if (p->lay)
		layout_free(p->lay);
	p->lay = NULL;
}

/* Takes ownership of lay; matches are dropped (the caller searches again). */
void pager_set(struct pager *p, struct layout *lay, bool own_doc)
{
	free_doc(p);
	p->lay = lay;
	p->own_doc = own_doc;
	p->nm = 0;
	p->cur = -1;
	pager_clamp(p);
}

void pager_release(struct pager *p)
{
	free_doc(p);
	free(p->m);
	memset(p, 0, sizeof *p);
	p->cur = -1;
}

static int max_top(const struct pager *p)
{
	int n = p->lay ? (int)p->lay->n : 0;
	int h = p->height > 0 ? p->height : 1;
	return n > h ? n - h : 0;
}

void pager_clamp(struct pager *p)
{
	int mt = max_top(p);
	if (p->top > mt)
		p->top = mt;
	if (p->top < 0)
		p->top = 0;
}

void pager_scroll(struct pager *p, int delta)
{
	p->top += delta;
	pager_clamp(p);
}

void pager_home(struct pager *p) { p->top = 0; }

bool pager_key(struct pager *p, enum action act)
{
	int page = p->height > 1 ? p->height - 1 : 1;
	switch (act) {
	case A_DOWN: pager_scroll(p, 1); return true;
	case A_UP: pager_scroll(p, -1); return true;
	case A_PGDN: pager_scroll(p, page); return true;
	case A_PGUP: pager_scroll(p, -page); return true;
	case A_HALFDN: pager_scroll(p, page / 2); return true;
	case A_HALFUP: pager_scroll(p, -page / 2); return true;
	case A_HOME: pager_home(p); return true;
	case A_END: pager_end(p); return true;
	default: return false;
	}
}

void pager_end(struct pager *p) { p->top = max_top(p); }

void pager_show(struct pager *p, size_t first, size_t last)
{
	int h = p->height > 0 ? p->height : 1;
	if ((int)first < p->top)
		p->top = (int)first;
	else if ((int)last >= p->top + h)
		p->top = (int)last - h + 1 > (int)first ? (int)first : (int)last - h + 1;
	pager_clamp(p);
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (char *c = d; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return d;
}

void pager_search_clear(struct pager *p)
{
	p->nm = 0;
	p->cur = -1;
}

size_t pager_search(struct pager *p, const char *q)
{
	pager_search_clear(p);
	if (!p->lay || !q || !*q)
		return 0;
	char *lq = lower_dup(q);
	size_t ql = strlen(lq);
	for (size_t i = 0; i < p->lay->n; i++) {
		char *text = layout_line_text(&p->lay->lines[i]);
		char *lt = lower_dup(text);
		for (char *s = strstr(lt, lq); s; s = strstr(s + ql, lq)) {
			struct match *m = VEC_PUSH(p->m, p->nm, p->mcap);
			m->line = i;
			m->c0 = util_text_width(lt, (size_t)(s - lt));
			m->c1 = m->c0 + util_text_width(s, ql);
		}
		free(lt);
		free(text);
	}
	free(lq);
	/* the first match at or below the top, else the first one */
	for (size_t i = 0; i < p->nm && p->cur < 0; i++)
		if ((int)p->m[i].line >= p->top)
			p->cur = (int)i;
	if (p->nm && p->cur < 0)
		p->cur = 0;
	if (p->cur >= 0)
		pager_show(p, p->m[p->cur].line, p->m[p->cur].line);
	return p->nm;
}

void pager_match_step(struct pager *p, int dir)
{
	if (!p->nm)
		return;
	p->cur = (int)((p->cur + dir + (int)p->nm) % (int)p->nm);
	pager_show(p, p->m[p->cur].line, p->m[p->cur].line);
}

void pager_draw(struct pager *p, int y, int x, int w, int h)
{
	p->height = h;
	pager_clamp(p);
	if (!p->lay)
		return;
	size_t mi = 0;
	for (int row = 0; row < h; row++) {
		size_t li = (size_t)(p->top + row);
		if (li >= p->lay->n)
			break;
		draw_lline(y + row, x, w, &p->lay->lines[li]);
		while (mi < p->nm && p->m[mi].line < li)
			mi++;
		for (size_t k = mi; k < p->nm && p->m[k].line == li; k++)
			draw_lline_range(y + row, x, w, &p->lay->lines[li], p->m[k].c0, p->m[k].c1,
					 (int)k == p->cur ? ST_MATCH_CUR : ST_MATCH);
	}
}
