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
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct block *b = l->blocks[i];
		if (b->kind == BLK_DEMO)
			lint_demo(l, b, reg, d);
		/* a quiz the parser could not read (unterminated) has been reported */
		if (b->kind == BLK_CODE && b->lang && strcmp(b->lang, "quiz") == 0)
			quiz = true;
		if (b->kind != BLK_QUIZ)
			continue;
		quiz = true;
		for (size_t k = 0; k < b->quiz.n; k++)
			if (b->quiz.q[k].nchoices == 1)
				diags_add(d, l->path, b->quiz.q[k].line,
					  "question has only one choice");
	}
	if (!quiz)
		diags_add(d, l->path, l->body_line,
			  "lesson has no quiz block (a lesson is done when its quiz is passed)");
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
		struct diags *d)
{
	struct lesson **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		size_t from = d->n;
		v[i] = lesson_load(paths[i], d);
		if (v[i])
			lint_lesson(v[i], reg, d);
		sort_from(d, from);
	}
	report_duplicates((const struct lesson *const *)v, n, d);
	for (size_t i = 0; i < n; i++)
		lesson_free(v[i]);
	free(v);
}

int lint_dir(const char *dir, const struct registry *reg, struct diags *d)
{
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
		if (e->lesson)
			lint_lesson(e->lesson, reg, d);
		sort_from(d, from);
	}
	for (size_t i = 0; i < c.diags.n; i++)
		diags_add(d, c.diags.v[i].file, c.diags.v[i].line, "%s", c.diags.v[i].msg);
	int n = (int)c.n;
	catalog_release(&c);
	return n;
}
