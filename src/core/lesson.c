/*
 * lesson.c - reads one lesson file into the document model: the front matter
 * (lesson_front.c), the Markdown body with md4c (lesson_md.c, helped by the
 * fence prescan in lesson_fence.c), then lockstep's typed blocks out of
 * fenced code blocks (lesson_blocks.c). This file holds the entry points and
 * the blocks' allocation.
 */
#include "core/lesson.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson_parse.h"

/* ----------------------------------------------------------------- blocks */

struct block *lesson_block_new(enum block_kind kind)
{
	struct block *b = xcalloc(1, sizeof *b);
	b->kind = kind;
	return b;
}

void lesson_block_free(struct block *b)
{
	if (!b)
		return;
	inlines_release(&b->text);
	for (size_t i = 0; i < b->nchildren; i++)
		lesson_block_free(b->children[i]);
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
	lesson_challenge_release(&b->challenge);
	free(b);
}

void lesson_block_add(struct block *parent, struct block *child)
{
	/* the capacity is implied: the next power of two (at least 4) */
	size_t n = parent->nchildren;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
		parent->children = xrealloc(parent->children,
					    (n ? 2 * n : 4) * sizeof *parent->children);
	parent->children[parent->nchildren++] = child;
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

/* A lesson file (front matter, then the body) or, with front false, a
 * Markdown text that is all body. */
static struct lesson *parse(const char *path, const char *text, size_t len, struct diags *d,
			    bool front)
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
	lesson_lines_build(&ps.li, text, len);
	size_t body = front ? lesson_front_parse(&ps, l) : 1;
	l->body_line = (int)body;
	size_t off = body <= ps.li.n ? ps.li.start[body - 1] : len;
	ps.body = text + off;
	ps.body_len = len - off;

	lesson_fences_scan(&ps.li, body, &ps.fences, &ps.nfences);
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

	ps.root = lesson_block_new(BLK_QUOTE);
	lesson_md_run(&ps);
	l->blocks = ps.root->children;
	l->nblocks = ps.root->nchildren;
	ps.root->children = NULL;
	ps.root->nchildren = 0;
	lesson_block_free(ps.root);

	if (!l->title)
		l->title = xstrdup(l->id);
	if (!l->summary)
		l->summary = xstrdup("");

	lesson_parser_release(&ps);
	return l;
}

struct lesson *lesson_parse(const char *path, const char *text, size_t len, struct diags *d)
{
	return parse(path, text, len, d, true);
}

struct lesson *lesson_parse_markdown(const char *name, const char *text, size_t len,
				     struct diags *d)
{
	return parse(name, text, len, d, false);
}

struct lesson *lesson_load(const char *path, struct diags *d)
{
	size_t len;
	char *err = NULL;
	char *text = util_read_file_max(path, LESSON_MAX_BYTES, &len, &err);
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
		lesson_block_free(l->blocks[i]);
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

