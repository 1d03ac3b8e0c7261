/*
 * lint.c - the lesson rules beyond parsing (see lint.h), and the order in
 * which problems are reported: file by file, each by line.
 */
#include "core/lint.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/paths.h"
#include "core/util.h"

#define NAME_RULE "file name should be NN-id.md (two digits, a dash, a lowercase id)"
#define LINT_QUESTIONS_MIN 3   /* questions in a lesson's quiz */
#define LINT_EXPLANATION_MIN 11 /* characters: enough to say why */

static void lint_demo(const struct lesson *l, const struct block *b, const struct registry *reg,
		      struct diags *d)
{
	const struct demo_block *demo = &b->demo;
	if (!demo->name || !demo->name[0])
		return; /* the parser has said so */
	for (size_t i = 0; i < demo->nparams; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(demo->params[i].key, demo->params[k].key) == 0)
				diags_add(d, l->path, b->line, "demo %s: parameter '%s' given twice",
					  demo->name, demo->params[i].key);
	if (!reg)
		return;
	const struct reg_demo *rd = registry_find(reg, demo->name);
	if (!rd) {
		diags_add(d, l->path, b->line, "unknown demo '%s' (see 'lockstep demos')",
			  demo->name);
		return;
	}
	for (size_t i = 0; i < demo->nparams; i++) {
		char *err = NULL;
		if (registry_check_param(rd, demo->params[i].key, demo->params[i].value, &err) != 0) {
			diags_add(d, l->path, b->line, "demo %s: %s", demo->name, err ? err : "bad parameter");
			free(err);
		}
	}
}

/* Characters (code points) of a UTF-8 string. */
static size_t chars_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* part/whole in percent, rounded to the nearest (whole > 0). */
static size_t pct_round(size_t part, size_t whole)
{
	return (part * 200 + whole) / (2 * whole);
}

static bool right_is_longest(const struct quiz_question *q)
{
	size_t right = chars_of(q->choices[q->answer]);
	for (size_t k = 0; k < q->nchoices; k++)
		if ((int)k != q->answer && chars_of(q->choices[k]) >= right)
			return false;
	return true;
}

void lint_quiz_share(const struct lesson *l, size_t *longest, size_t *questions)
{
	*longest = *questions = 0;
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct block *b = l->blocks[i];
		if (b->kind != BLK_QUIZ)
			continue;
		for (size_t k = 0; k < b->quiz.n; k++) {
			const struct quiz_question *q = &b->quiz.q[k];
			if (q->nchoices < 2 || q->answer < 0 || (size_t)q->answer >= q->nchoices)
				continue;
			++*questions;
			*longest += right_is_longest(q);
		}
	}
}

void lint_stats_release(struct lint_stats *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->v[i].path);
	free(st->v);
	memset(st, 0, sizeof *st);
}

static void stats_add(struct lint_stats *st, const struct lesson *l)
{
	if (!st)
		return;
	struct lint_share *s = VEC_PUSH(st->v, st->n, st->cap);
	s->path = xstrdup(l->path);
	lint_quiz_share(l, &s->longest, &s->questions);
	st->longest += s->longest;
	st->questions += s->questions;
}

/* The parts a lesson must have, counted over every block at any depth. */
struct parts {
	int pairs, demos, pitfalls, recap;
};

static void parts_count(const struct block *b, struct parts *p)
{
	if (b->kind == BLK_PAIR)
		p->pairs++;
	else if (b->kind == BLK_DEMO)
		p->demos++;
	if (b->kind == BLK_HEADING) {
		char *t = inlines_text(&b->text);
		p->pitfalls += strstr(t, "Pitfalls") != NULL;
		p->recap += strstr(t, "Recap") != NULL;
		free(t);
	}
	for (size_t i = 0; i < b->nchildren && b->kind != BLK_PAIR; i++)
		parts_count(b->children[i], p);
}

/* Questions and their explanations, and the quiz balance. */
static void lint_quizzes(const struct lesson *l, struct diags *d)
{
	int first = 0; /* line of the first quiz */
	size_t nq = 0;
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct block *b = l->blocks[i];
		if (b->kind != BLK_QUIZ)
			continue;
		if (!first)
			first = b->line;
		nq += b->quiz.n;
		for (size_t k = 0; k < b->quiz.n; k++) {
			const struct quiz_question *q = &b->quiz.q[k];
			if (q->nchoices == 1)
				diags_add(d, l->path, q->line, "question has only one choice");
			size_t e = q->explanation ? chars_of(q->explanation) : 0;
			/* an empty one the parser has reported */
			if (e > 0 && e < LINT_EXPLANATION_MIN)
				diags_add(d, l->path, q->line,
					  "explanation of %zu characters is too short to say why "
					  "(at least %d)",
					  e, LINT_EXPLANATION_MIN);
		}
	}
	if (!first)
		return;
	if (nq < LINT_QUESTIONS_MIN)
		diags_add(d, l->path, first, "the quiz has %zu question%s; a lesson needs at least %d",
			  nq, nq == 1 ? "" : "s", LINT_QUESTIONS_MIN);
	size_t longest, questions;
	lint_quiz_share(l, &longest, &questions);
	if (questions && longest * 100 > LINT_LONGEST_LESSON_PCT * questions)
		diags_add(d, l->path, first,
			  "the right answer is the longest choice in %zu of %zu questions (%zu%%; at "
			  "most %d%%): give the other choices as much substance",
			  longest, questions, pct_round(longest, questions), LINT_LONGEST_LESSON_PCT);
}

void lint_lesson(const struct lesson *l, const struct registry *reg, struct diags *d)
{
	if (!lesson_name_parse(l->path, NULL, NULL))
		diags_add(d, l->path, 0, NAME_RULE);
	if (!l->objectives_line)
		diags_add(d, l->path, l->front_end_line,
			  "expected 'objectives:' in front matter (2 to 4 items)");
	else if (l->nobjectives < 2 || l->nobjectives > 4)
		diags_add(d, l->path, l->objectives_line,
			  "objectives: expected 2 to 4 items, got %zu", l->nobjectives);
	bool quiz = false;
	struct parts p = {0};
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct block *b = l->blocks[i];
		parts_count(b, &p);
		if (b->kind == BLK_DEMO)
			lint_demo(l, b, reg, d);
		else if (b->kind == BLK_CHALLENGE)
			lint_challenge(l, i, reg, d);
		/* a quiz the parser could not read (unterminated) has been reported */
		if ((b->kind == BLK_CODE && b->lang && strcmp(b->lang, "quiz") == 0) ||
		    b->kind == BLK_QUIZ)
			quiz = true;
	}
	if (!quiz)
		diags_add(d, l->path, l->body_line,
			  "lesson has no quiz block (a lesson is done when its quiz is passed)");
	lint_quizzes(l, d);
	if (!p.pairs)
		diags_add(d, l->path, l->body_line,
			  "lesson has no python/c pair (a 'python pair' block, then a 'c pair' block)");
	if (!p.demos)
		diags_add(d, l->path, l->body_line,
			  "lesson has no demo block (```demo NAME key=value ...)");
	if (!p.pitfalls)
		diags_add(d, l->path, l->body_line, "lesson has no Pitfalls section (a heading)");
	if (!p.recap)
		diags_add(d, l->path, l->body_line, "lesson has no Recap section (a heading)");
}

/* Order d[from..] by file (first appearance) then line; stable. */
struct keyed {
	size_t group, index;
	struct diag g;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->g.line != y->g.line)
		return x->g.line < y->g.line ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void sort_from(struct diags *d, size_t from)
{
	size_t n = d->n - from;
	if (n < 2)
		return;
	struct keyed *k = xcalloc(n, sizeof *k);
	for (size_t i = 0; i < n; i++) {
		k[i].g = d->v[from + i];
		k[i].index = i;
		k[i].group = i;
		for (size_t j = 0; j < i; j++)
			if (strcmp(k[j].g.file, k[i].g.file) == 0) {
				k[i].group = k[j].group;
				break;
			}
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	for (size_t i = 0; i < n; i++)
		d->v[from + i] = k[i].g;
	free(k);
}

static void report_duplicates(const struct lesson *const *v, size_t n, struct diags *d)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !lesson_name_parse(v[i]->path, NULL, NULL))
			continue;
		for (size_t k = 0; k < i; k++) {
			if (!v[k] || !lesson_name_parse(v[k]->path, NULL, NULL))
				continue;
			if (v[k]->number == v[i]->number)
				diags_add(d, v[i]->path, 0, "lesson number %02d is also used by %s",
					  v[i]->number, v[k]->path);
			if (strcmp(v[k]->id, v[i]->id) == 0)
				diags_add(d, v[i]->path, 0, "lesson id '%s' is also used by %s",
					  v[i]->id, v[k]->path);
		}
	}
}

void lint_files(const char *const *paths, size_t n, const struct registry *reg,
		struct diags *d, struct lint_stats *st)
{
	struct lesson **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		size_t from = d->n;
		v[i] = lesson_load(paths[i], d);
		if (v[i]) {
			lint_lesson(v[i], reg, d);
			stats_add(st, v[i]);
		}
		sort_from(d, from);
	}
	report_duplicates((const struct lesson *const *)v, n, d);
	for (size_t i = 0; i < n; i++)
		lesson_free(v[i]);
	free(v);
}

/* Lesson numbers run from 01 with no gap (the catalog is sorted by number). */
static void report_gaps(const char *dir, const struct catalog *c, struct diags *d)
{
	struct sbuf missing = {0};
	int nmissing = 0, want = 1;
	for (size_t i = 0; i < c->n; i++) {
		for (; want < c->v[i].number; want++)
			if (nmissing++ < 10)
				sbuf_addf(&missing, "%s%02d", nmissing > 1 ? ", " : "", want);
		if (c->v[i].number >= want)
			want = c->v[i].number + 1;
	}
	if (nmissing)
		diags_add(d, dir, 0, "no lesson %s%s (lesson numbers run from 01 without a gap)",
			  missing.buf, nmissing > 10 ? ", ..." : "");
	sbuf_release(&missing);
}

int lint_dir(const char *dir, const struct registry *reg, struct diags *d,
	     struct lint_stats *st)
{
	struct lint_stats own = {0};
	if (!st)
		st = &own;
	struct catalog c;
	if (catalog_load(&c, dir) != 0) {
		for (size_t i = 0; i < c.diags.n; i++)
			diags_add(d, c.diags.v[i].file, c.diags.v[i].line, "%s", c.diags.v[i].msg);
		catalog_release(&c);
		return -1;
	}
	/* Markdown files the catalog skipped because of their names */
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (dp && (de = readdir(dp)) != NULL) {
		const char *name = de->d_name;
		if (name[0] == '.' || !util_ends_with(name, ".md") || strcmp(name, "README.md") == 0 ||
		    strcmp(name, "COVERAGE.md") == 0 || lesson_name_parse(name, NULL, NULL))
			continue;
		char *path = paths_join(dir, name);
		diags_add(d, path, 0, NAME_RULE);
		free(path);
	}
	if (dp)
		closedir(dp);
	sort_from(d, 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct catalog_entry *e = &c.v[i];
		size_t from = d->n;
		for (size_t k = 0; k < e->diags.n; k++)
			diags_add(d, e->diags.v[k].file, e->diags.v[k].line, "%s", e->diags.v[k].msg);
		if (e->lesson) {
			lint_lesson(e->lesson, reg, d);
			stats_add(st, e->lesson);
		}
		sort_from(d, from);
	}
	report_gaps(dir, &c, d);
	if (st->questions && st->longest * 100 > LINT_LONGEST_COURSE_PCT * st->questions)
		diags_add(d, dir, 0,
			  "the right answer is the longest choice in %zu of the course's %zu "
			  "questions (%zu%%; at most %d%%)",
			  st->longest, st->questions, pct_round(st->longest, st->questions),
			  LINT_LONGEST_COURSE_PCT);
	lint_stats_release(&own);
	for (size_t i = 0; i < c.diags.n; i++)
		diags_add(d, c.diags.v[i].file, c.diags.v[i].line, "%s", c.diags.v[i].msg);
	int n = (int)c.n;
	catalog_release(&c);
	return n;
}
