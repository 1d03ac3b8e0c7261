/*
 * check_lint.c - unit tests for core/lint: the objectives count, a quiz in
 * every lesson, demo names and parameters against a registry, file names,
 * duplicates across files, stray names in a directory, and the order in
 * which problems come out.
 */
#define _GNU_SOURCE
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lint.h"
#include "core/util.h"
#include "check_run.h"

#define PATH "lessons/07-x.md"
#define QUIZ "```quiz\n? q\n+ a\n- b\n> e\n```\n"
#define GOOD "---\ntitle: T\nsummary: S\nobjectives:\n  - a\n  - b\n---\n\n" QUIZ

static char dir[64];
static struct registry reg;
static struct diags d;

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void setup(void)
{
	strcpy(dir, "/tmp/check_lint.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put("registry.jsonl",
	    "{\"name\":\"race_counter\",\"summary\":\"s\",\"python\":\"p\","
	    "\"variants\":[{\"name\":\"unsafe\",\"kind\":\"racy\",\"summary\":\"x\"}],"
	    "\"params\":[{\"name\":\"threads\",\"help\":\"h\",\"default\":2,\"min\":1,\"max\":256},"
	    "{\"name\":\"iters\",\"help\":\"h\",\"default\":10,\"min\":1,\"max\":1000}]}\n");
	char *path = xasprintf("%s/registry.jsonl", dir);
	char *err = NULL;
	ck_assert_msg(registry_load(&reg, path, &err) == 0, "registry: %s", err);
	free(path);
	diags_init(&d);
}

static void teardown(void)
{
	registry_release(&reg);
	diags_release(&d);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *all_diags(void)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);
		sbuf_addf(&sb, "%s\n", s);
		free(s);
	}
	return sbuf_detach(&sb);
}

/* Parse text as `path` and lint it with `r`; returns every problem, one a line. */
static char *lint_text(const char *path, const char *text, const struct registry *r)
{
	diags_release(&d);
	struct lesson *l = lesson_parse(path, text, strlen(text), &d);
	lint_lesson(l, r, &d);
	lesson_free(l);
	return all_diags();
}

#define ASSERT_LINT(got, want)                                                        \
	do {                                                                          \
		char *g_ = (got);                                                     \
		ck_assert_msg(strcmp(g_, want) == 0, "want:\n%s\ngot:\n%s", want, g_); \
		free(g_);                                                             \
	} while (0)

START_TEST(clean_lesson)
{
	ASSERT_LINT(lint_text(PATH, GOOD, &reg), "");
}
END_TEST

START_TEST(objectives_count)
{
	ASSERT_LINT(lint_text(PATH, "---\ntitle: T\nsummary: S\nobjectives:\n  - only one\n---\n" QUIZ, &reg),
		    PATH ":4: objectives: expected 2 to 4 items, got 1\n");
	ASSERT_LINT(lint_text(PATH, "---\ntitle: T\nsummary: S\nobjectives:\n  - 1\n  - 2\n  - 3\n"
				    "  - 4\n  - 5\n---\n" QUIZ, &reg),
		    PATH ":4: objectives: expected 2 to 4 items, got 5\n");
	ASSERT_LINT(lint_text(PATH, "---\ntitle: T\nsummary: S\n---\n" QUIZ, &reg),
		    PATH ":4: expected 'objectives:' in front matter (2 to 4 items)\n");
}
END_TEST

START_TEST(demo_against_registry)
{
	const char *text = GOOD "\n```demo nope\n```\n"                         /* 16 */
			   "\n```demo race_counter threads=0 iters=10\n```\n"      /* 19 */
			   "\n```demo race_counter bogus=1 iters=x\n```\n"         /* 22 */
			   "\n```demo race_counter threads=2 threads=3\n```\n"     /* 25 */
			   "\n```demo race_counter threads=256 iters=1000\n```\n"; /* 28: fine */
	ASSERT_LINT(lint_text(PATH, text, &reg),
		    PATH ":16: unknown demo 'nope' (see 'lockstep demos')\n"
		    PATH ":19: demo race_counter: threads must be 1..256, got 0\n"
		    PATH ":22: demo race_counter: unknown parameter 'bogus' for race_counter\n"
		    PATH ":22: demo race_counter: iters must be an integer, got 'x'\n"
		    PATH ":25: demo race_counter: parameter 'threads' given twice\n");
	/* without a registry only what needs none is checked */
	ASSERT_LINT(lint_text(PATH, text, NULL),
		    PATH ":25: demo race_counter: parameter 'threads' given twice\n");
}
END_TEST

START_TEST(file_name_and_quiz)
{
	ASSERT_LINT(lint_text("lessons/7-x.md", GOOD, &reg),
		    "lessons/7-x.md: file name should be NN-id.md (two digits, a dash, a lowercase id)\n");
	ASSERT_LINT(lint_text(PATH, "---\ntitle: T\nsummary: S\nobjectives:\n  - a\n  - b\n---\n\nNo quiz.\n", &reg),
		    PATH ":8: lesson has no quiz block (a lesson is done when its quiz is passed)\n");
	ASSERT_LINT(lint_text(PATH, GOOD "\n```quiz\n? one choice\n+ a\n> e\n```\n", &reg),
		    PATH ":17: question has only one choice\n");
}
END_TEST

START_TEST(files_grouped_and_duplicates)
{
	put("05-a.md", "---\ntitle: T\nsummary: S\nobjectives:\n  - a\n---\n\n```quiz\n? q\n```\n"
		       "\n```demo nope\n```\n");
	put("05-b.md", GOOD);
	char *a = xasprintf("%s/05-a.md", dir), *b = xasprintf("%s/05-b.md", dir);
	const char *paths[] = {b, a};
	lint_files(paths, 2, &reg, &d);
	char *got = all_diags();
	char *want = xasprintf("%s:4: objectives: expected 2 to 4 items, got 1\n"
			       "%s:9: question has no choices ('+ ' and '- ' lines)\n"
			       "%s:9: question has no explanation (a '> ' line)\n"
			       "%s:12: unknown demo 'nope' (see 'lockstep demos')\n"
			       "%s: lesson number 05 is also used by %s\n",
			       a, a, a, a, a, b);
	ck_assert_msg(strcmp(got, want) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(got);
	free(want);
	free(a);
	free(b);
}
END_TEST

START_TEST(directory)
{
	put("01-one.md", GOOD);
	put("02-one.md", GOOD);
	put("notes.md", GOOD);
	put("README.md", "# about\n");
	put("COVERAGE.md", "# about\n");
	put("03-broken.md", "---\ntitle: T\nsummary: S\nobjectives:\n  - a\n  - b\n---\n\n```quiz\n? q\n");
	ck_assert_int_eq(lint_dir(dir, &reg, &d), 3);
	char *got = all_diags();
	char *want = xasprintf("%s/notes.md: file name should be NN-id.md (two digits, a dash, a "
			       "lowercase id)\n"
			       "%s/03-broken.md:9: unterminated ```quiz block (opened here)\n"
			       "%s/02-one.md: lesson id 'one' is also used by %s/01-one.md\n",
			       dir, dir, dir, dir);
	ck_assert_msg(strcmp(got, want) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(got);
	free(want);
	diags_release(&d);
	ck_assert_int_eq(lint_dir("/nonexistent", &reg, &d), -1);
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(real_lessons_lint_without_crashing)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *path = xasprintf("%s/lessons", root && *root ? root : ".");
	/* whether they are clean is `make lint-lessons`' business */
	ck_assert_int_ge(lint_dir(path, &reg, &d), 0);
	free(path);
}
END_TEST

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("lint");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, clean_lesson);
	tcase_add_test(tc, objectives_count);
	tcase_add_test(tc, demo_against_registry);
	tcase_add_test(tc, file_name_and_quiz);
	tcase_add_test(tc, files_grouped_and_duplicates);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, real_lessons_lint_without_crashing);
	suite_add_tcase(s, tc);
	return check_run(s);
}
