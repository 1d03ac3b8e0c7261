/*
 * lesson_blocks.c - lockstep's typed blocks, read out of fenced code blocks:
 * demo cards (```demo NAME key=value), quizzes (```quiz) and python/c pairs.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lesson_parse.h"

/* ------------------------------------------------------- typed blocks */

/* Split s on blanks into newly allocated words (caller frees each and v). */
static char **split_words(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e > s)
			*VEC_PUSH(v, *n, cap) = xstrndup(s, (size_t)(e - s));
		s = e;
	}
	return v;
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/* Join `add` to sb with a space. */
static void join_to(struct sbuf *sb, const char *add)
{
	if (sb->len && *add)
		sbuf_addc(sb, ' ');
	sbuf_adds(sb, add);
}

/* The question's text and explanation are gathered in these until it ends. */
struct quiz_build {
	struct sbuf text, expl;
	bool has_expl;
};

static void quiz_finish(struct parser *ps, struct quiz_question *q, struct quiz_build *qb,
			int nright, int base)
{
	free(q->text);
	q->text = sbuf_detach(&qb->text);
	if (qb->has_expl)
		q->explanation = sbuf_detach(&qb->expl);
	qb->has_expl = false;
	int line = q->line > 0 ? q->line : base;
	if (q->nchoices == 0)
		diags_add(ps->d, ps->path, line, "question has no choices ('+ ' and '- ' lines)");
	else if (nright == 0)
		diags_add(ps->d, ps->path, line, "question has no right answer (a '+ ' line)");
	if (!q->explanation || !q->explanation[0])
		diags_add(ps->d, ps->path, line, "question has no explanation (a '> ' line)");
	if (!q->explanation)
		q->explanation = xstrdup("");
}

static void quiz_parse(struct parser *ps, struct block *b)
{
	const char *s = b->code;
	int base = b->line; /* the fence; content line k is base + 1 + k */
	size_t cap = 0;
	struct quiz_question *q = NULL;
	struct quiz_build qb = {0};
	int nright = 0;
	enum { NONE, QUESTION, BODY } last = NONE;
	for (int k = 0; *s || k == 0; k++) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int line = base > 0 ? base + 1 + k : 0;
		char *ln = trim_dup(s, n);
		char m = ln[0];
		const char *rest = ln + 1;
		bool marked = (m == '?' || m == '+' || m == '-' || m == '>') &&
			      (ln[1] == ' ' || ln[1] == '\0');
		if (marked)
			rest = ln[1] ? ln + 2 : ln + 1;
		if (!ln[0]) {
			last = q ? BODY : NONE;
		} else if (marked && m == '?') {
			if (q && last == QUESTION) {
				join_to(&qb.text, rest);
			} else {
				if (q)
					quiz_finish(ps, q, &qb, nright, base);
				q = VEC_PUSH(b->quiz.q, b->quiz.n, cap);
				memset(q, 0, sizeof *q);
				sbuf_adds(&qb.text, rest);
				q->answer = -1;
				q->line = line;
				nright = 0;
				if (!rest[0])
					diags_add(ps->d, ps->path, line, "empty question");
			}
			last = QUESTION;
		} else if (marked && (m == '+' || m == '-')) {
			if (!q) {
				diags_add(ps->d, ps->path, line, "choice before any question ('? ' line)");
			} else {
				if (m == '+') {
					if (++nright == 2)
						diags_add(ps->d, ps->path, line,
							  "question has two right answers "
							  "(exactly one '+ ' line per question)");
					if (q->answer < 0)
						q->answer = (int)q->nchoices;
				}
				q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof *q->choices);
				q->choices[q->nchoices++] = xstrdup(rest);
				if (!rest[0])
					diags_add(ps->d, ps->path, line, "empty choice");
			}
			last = BODY;
		} else if (marked && m == '>') {
			if (!q) {
				diags_add(ps->d, ps->path, line,
					  "explanation before any question ('? ' line)");
			} else {
				join_to(&qb.expl, rest);
				qb.has_expl = true;
			}
			last = BODY;
		} else {
			char *shown = xstrndup(ln, util_fit_width(ln, strlen(ln), 40));
			diags_add(ps->d, ps->path, line,
				  "unknown line in quiz: '%s' (lines start with '? ', '+ ', '- ' "
				  "or '> ')",
				  shown);
			free(shown);
		}
		free(ln);
		if (!e)
			break;
		s = e + 1;
	}
	if (q)
		quiz_finish(ps, q, &qb, nright, base);
	sbuf_release(&qb.text);
	sbuf_release(&qb.expl);
	if (b->quiz.n == 0)
		diags_add(ps->d, ps->path, base, "quiz block has no questions");
}

static void demo_parse(struct parser *ps, struct block *b, char **w, size_t nw)
{
	if (nw < 2) {
		diags_add(ps->d, ps->path, b->line,
			  "demo block needs a demo name: ```demo NAME key=value ...");
		b->demo.name = xstrdup("");
	} else {
		b->demo.name = xstrdup(w[1]);
	}
	b->demo.params = nw > 2 ? xcalloc(nw - 2, sizeof *b->demo.params) : NULL;
	for (size_t i = 2; i < nw; i++) {
		char *eq = strchr(w[i], '=');
		if (!eq || eq == w[i]) {
			diags_add(ps->d, ps->path, b->line,
				  "demo parameter '%s' is not key=value", w[i]);
			continue;
		}
		struct demo_param *p = &b->demo.params[b->demo.nparams++];
		p->key = xstrndup(w[i], (size_t)(eq - w[i]));
		p->value = xstrdup(eq + 1);
	}
	b->demo.caption = trim_dup(b->code, strlen(b->code));
}

/* Pair tags kept in `level` (unused by code blocks) until pairs are joined. */
enum { PAIR_NONE, PAIR_PYTHON, PAIR_C };

void lesson_typed_block(struct parser *ps, struct block *b, bool top_level, bool unclosed)
{
	char *info = ps->code_info ? ps->code_info : xstrdup("");
	ps->code_info = NULL;
	size_t nw;
	char **w = split_words(info, &nw);
	b->lang = xstrdup(nw ? w[0] : "");
	if (nw && !unclosed &&
	    (strcmp(w[0], "demo") == 0 || strcmp(w[0], "quiz") == 0 ||
	     strcmp(w[0], "challenge") == 0)) {
		if (!top_level) {
			diags_add(ps->d, ps->path, b->line,
				  "a %s block must be at the top level of the lesson, not inside "
				  "a list or quote",
				  w[0]);
		} else if (w[0][0] == 'd') {
			b->kind = BLK_DEMO;
			demo_parse(ps, b, w, nw);
		} else if (w[0][0] == 'c') {
			b->kind = BLK_CHALLENGE;
			lesson_challenge_parse(ps, b, w, nw);
		} else {
			b->kind = BLK_QUIZ;
			quiz_parse(ps, b);
		}
	} else if (nw >= 2 && strcmp(w[1], "pair") == 0) {
		if (strcmp(w[0], "python") == 0)
			b->level = PAIR_PYTHON;
		else if (strcmp(w[0], "c") == 0)
			b->level = PAIR_C;
		else
			diags_add(ps->d, ps->path, b->line,
				  "unknown pair language '%s' (use 'python pair' and 'c pair')", w[0]);
	}
	if (b->kind != BLK_CODE) {
		free(b->code);
		b->code = NULL;
		free(b->lang);
		b->lang = NULL;
	}
	free_words(w, nw);
	free(info);
}

/* Join each `python pair` block with the `c pair` right after it, report
 * lone ones; fill container lines from their first child. Recursive, depth
 * bounded by MAX_DEPTH. */
void lesson_blocks_finish(struct parser *ps, struct block *parent)
{
	size_t out = 0;
	for (size_t i = 0; i < parent->nchildren; i++) {
		struct block *b = parent->children[i];
		if (b->nchildren)
			lesson_blocks_finish(ps, b);
		if (b->line == 0 && b->nchildren)
			b->line = b->children[0]->line;
		if (b->kind == BLK_CODE && b->level == PAIR_PYTHON && i + 1 < parent->nchildren &&
		    parent->children[i + 1]->kind == BLK_CODE &&
		    parent->children[i + 1]->level == PAIR_C) {
			struct block *c = parent->children[++i];
			struct block *pair = lesson_block_new(BLK_PAIR);
			pair->line = b->line;
			b->level = c->level = PAIR_NONE;
			lesson_block_add(pair, b);
			lesson_block_add(pair, c);
			parent->children[out++] = pair;
			continue;
		}
		if (b->kind == BLK_CODE && b->level == PAIR_PYTHON)
			diags_add(ps->d, ps->path, b->line,
				  "'python pair' block must be followed directly by a 'c pair' block");
		else if (b->kind == BLK_CODE && b->level == PAIR_C)
			diags_add(ps->d, ps->path, b->line,
				  "'c pair' block without a 'python pair' block right before it");
		if (b->kind == BLK_CODE)
			b->level = PAIR_NONE;
		parent->children[out++] = b;
	}
	parent->nchildren = out;
}

