/*
 * check_lessons.c - the real lessons in lessons/ pass `lockstep lint`'s one
 * rule set (core/lint: front matter with 2-4 objectives, a Python/C pair, a
 * demo block naming a demo that exists, a quiz of at least 3 questions with
 * right answers, real explanations and no tell in the longest choice, a
 * Pitfalls section and a Recap, numbers from 01 without a gap): a lesson
 * passes this test exactly when it passes lint. And there are twenty-three.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/lint.h"
#include "core/paths.h"
#include "core/registry.h"
#include "core/util.h"
#include "check_run.h"

static struct catalog cat;
static struct registry reg;
static char *dir;

static void load(void)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	dir = xasprintf("%s/lessons", root ? root : ".");
	char *regpath = xasprintf("%s/build/lab/registry.jsonl", root ? root : ".");
	char *err = NULL;
	ck_assert_int_eq(catalog_load(&cat, dir), 0);
	/* the registry is required: without it lint would skip the demo checks */
	ck_assert_msg(registry_load(&reg, regpath, &err) == 0, "registry: %s", err ? err : "");
	free(regpath);
}

static void unload(void)
{
	catalog_release(&cat);
	registry_release(&reg);
	free(dir);
}

START_TEST(twenty_three_lessons)
{
	ck_assert_uint_eq(cat.n, 23);
	ck_assert_uint_eq(catalog_problems(&cat), 0);
	for (size_t i = 0; i < cat.n; i++)
		ck_assert_int_eq(cat.v[i].number, (int)i + 1);
}
END_TEST

START_TEST(lessons_pass_lint)
{
	struct diags d;
	diags_init(&d);
	struct lint_stats st = {0};
	ck_assert_int_eq(lint_dir(dir, &reg, &d, &st), 23);
	struct sbuf all = {0};
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);
		sbuf_addf(&all, "%s\n", s);
		free(s);
	}
	ck_assert_msg(d.n == 0, "lockstep lint finds %zu problem(s) in lessons/:\n%s", d.n,
		      all.buf);
	/* lint saw every lesson's quiz */
	ck_assert_uint_eq(st.n, 23);
	for (size_t i = 0; i < st.n; i++)
		ck_assert_msg(st.v[i].questions >= 3, "%s: %zu questions", st.v[i].path,
			      st.v[i].questions);
	sbuf_release(&all);
	lint_stats_release(&st);
	diags_release(&d);
}
END_TEST

int main(void)
{
	/* lint proves the challenge blocks by exploring the built demos */
	const char *root = getenv("LOCKSTEP_ROOT");
	setenv("LOCKSTEP_DATA", root ? root : ".", 1);
#ifdef __SANITIZE_ADDRESS__
	/* make asan: the proofs explore real demos, 115 s of a 20-minute CI run
	 * under ASan; make check proves every block (here and in lint-lessons),
	 * and check_challenge runs the prover under ASan */
	setenv("LOCKSTEP_LINT_NO_PROVE", "1", 1);
#else
	unsetenv("LOCKSTEP_LINT_NO_PROVE"); /* make check proves every block */
#endif
	paths_init("check_lessons");
	Suite *s = suite_create("lessons");
	TCase *tc = tcase_create("content");
	tcase_set_timeout(tc, 300);
	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_add_test(tc, twenty_three_lessons);
	tcase_add_test(tc, lessons_pass_lint);
	suite_add_tcase(s, tc);
	return check_run(s);
}
