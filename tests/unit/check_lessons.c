/*
 * check_lessons.c - every real lesson in lessons/ has the parts a lesson must
 * have: front matter with 2-4 objectives, a Python/C pair, a live demo block
 * naming a demo that exists, a quiz of at least 3 questions (each with a right
 * answer and an explanation), a Pitfalls section and a Recap.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/registry.h"
#include "core/util.h"
#include "check_run.h"

static struct catalog cat;
static struct registry reg;

static void load(void)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *dir = xasprintf("%s/lessons", root ? root : ".");
	char *regpath = xasprintf("%s/build/lab/registry.jsonl", root ? root : ".");
	char *err = NULL;
	ck_assert_int_eq(catalog_load(&cat, dir), 0);
	ck_assert_msg(registry_load(&reg, regpath, &err) == 0, "registry: %s", err ? err : "");
	free(dir);
	free(regpath);
}

static void unload(void)
{
	catalog_release(&cat);
	registry_release(&reg);
}

struct parts {
	int pairs, demos, questions, pitfalls, recap;
};

static void walk(const struct block *b, struct parts *p, const char *file)
{
	switch (b->kind) {
	case BLK_PAIR:
		ck_assert_uint_eq(b->nchildren, 2);
		ck_assert_str_eq(b->children[0]->lang, "python");
		ck_assert_str_eq(b->children[1]->lang, "c");
		p->pairs++;
		break;
	case BLK_DEMO:
		ck_assert_msg(registry_find(&reg, b->demo.name), "%s:%d: no demo '%s'", file,
			      b->line, b->demo.name);
		p->demos++;
		break;
	case BLK_QUIZ:
		for (size_t i = 0; i < b->quiz.n; i++) {
			const struct quiz_question *q = &b->quiz.q[i];
			ck_assert_msg(q->nchoices >= 2, "%s:%d: fewer than 2 choices", file, q->line);
			ck_assert_msg(q->answer >= 0 && (size_t)q->answer < q->nchoices,
				      "%s:%d: no right answer", file, q->line);
			ck_assert_msg(q->explanation && strlen(q->explanation) > 10,
				      "%s:%d: no explanation", file, q->line);
			p->questions++;
		}
		break;
	case BLK_HEADING: {
		char *t = inlines_text(&b->text);
		p->pitfalls += strstr(t, "Pitfalls") != NULL;
		p->recap += strstr(t, "Recap") != NULL;
		free(t);
		break;
	}
	default:
		break;
	}
	for (size_t i = 0; i < b->nchildren && b->kind != BLK_PAIR; i++)
		walk(b->children[i], p, file);
}

START_TEST(nineteen_lessons)
{
	ck_assert_uint_eq(cat.n, 19);
	ck_assert_uint_eq(catalog_problems(&cat), 0);
	for (size_t i = 0; i < cat.n; i++)
		ck_assert_int_eq(cat.v[i].number, (int)i + 1);
}
END_TEST

START_TEST(every_lesson_has_its_parts)
{
	ck_assert_uint_gt(cat.n, (size_t)_i);
	const struct catalog_entry *e = &cat.v[_i];
	const struct lesson *l = e->lesson;
	ck_assert_msg(l != NULL, "%s could not be read", e->path);
	ck_assert_msg(l->title && *l->title, "%s: no title", e->path);
	ck_assert_msg(l->summary && *l->summary, "%s: no summary", e->path);
	ck_assert_msg(l->nobjectives >= 2 && l->nobjectives <= 4, "%s: %zu objectives", e->path,
		      l->nobjectives);
	struct parts p = {0};
	for (size_t b = 0; b < l->nblocks; b++)
		walk(l->blocks[b], &p, e->path);
	ck_assert_msg(p.pairs >= 1, "%s: no python/c pair", e->path);
	ck_assert_msg(p.demos >= 1, "%s: no demo block", e->path);
	ck_assert_msg(p.questions >= 3, "%s: %d quiz questions", e->path, p.questions);
	ck_assert_msg(p.pitfalls >= 1, "%s: no Pitfalls section", e->path);
	ck_assert_msg(p.recap >= 1, "%s: no Recap section", e->path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lessons");
	TCase *tc = tcase_create("content");
	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_add_test(tc, nineteen_lessons);
	tcase_add_loop_test(tc, every_lesson_has_its_parts, 0, 19);
	suite_add_tcase(s, tc);
	return check_run(s);
}
