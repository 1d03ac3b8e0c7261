/*
 * check_lint.c - unit tests for core/lint: one test per rule, each on a
 * small fixture lesson in tests/fixtures/lint/ (the clean lesson 01-clean.md
 * with one thing wrong) and asserting the exact findings, file:line: message;
 * the clean lesson gives none. Then the set: duplicates, stray names, gaps,
 * the course's quiz balance, and the order problems come out in.
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

/* The text of a fixture (caller frees). */
static char *fixture(const char *name)
{
	size_t len;
	char *err = NULL;
	char *t = util_read_file(name, &len, &err);
	ck_assert_msg(t != NULL, "fixture %s: %s", name, err ? err : "");
	return t;
}

/* text with its first `from` replaced by `to` (caller frees). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "'%s' is not in the text", from);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static char *fixtures; /* absolute: setup may run more than once in one process */

static void setup(void)
{
	ck_assert_msg(fixtures && chdir(fixtures) == 0, "no fixtures at tests/fixtures/lint");
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

/* Lint one fixture file as `lockstep lint FILE` does. */
static char *lint_file(const char *name, const struct registry *r)
{
	diags_release(&d);
	const char *paths[] = {name};
	lint_files(paths, 1, r, &d, NULL);
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
	ASSERT_LINT(lint_file("01-clean.md", &reg), "");
	ASSERT_LINT(lint_file("01-clean.md", NULL), "");
}
END_TEST

START_TEST(objectives_count)
{
	ASSERT_LINT(lint_file("02-objectives.md", &reg),
		    "02-objectives.md:4: objectives: expected 2 to 4 items, got 1\n");
	char *clean = fixture("01-clean.md");
	char *five = replaced(clean, "  - read", "  - 1\n  - 2\n  - 3\n  - read");
	ASSERT_LINT(lint_text("lessons/07-x.md", five, &reg),
		    "lessons/07-x.md:4: objectives: expected 2 to 4 items, got 5\n");
	char *none = replaced(clean, "objectives:\n  - read a lesson that passes lint\n"
				     "  - know which parts lint asks for\n", "");
	ASSERT_LINT(lint_text("lessons/07-x.md", none, &reg),
		    "lessons/07-x.md:4: expected 'objectives:' in front matter (2 to 4 items)\n");
	free(none);
	free(five);
	free(clean);
}
END_TEST

START_TEST(no_quiz)
{
	ASSERT_LINT(lint_file("03-no-quiz.md", &reg),
		    "03-no-quiz.md:8: lesson has no quiz block (a lesson is done when its quiz is "
		    "passed)\n");
}
END_TEST

START_TEST(one_choice)
{
	ASSERT_LINT(lint_file("04-one-choice.md", &reg),
		    "04-one-choice.md:44: question has only one choice\n");
}
END_TEST

START_TEST(short_explanation)
{
	ASSERT_LINT(lint_file("05-short-explanation.md", &reg),
		    "05-short-explanation.md:32: explanation of 6 characters is too short to say why "
		    "(at least 11)\n");
}
END_TEST

START_TEST(few_questions)
{
	ASSERT_LINT(lint_file("06-two-questions.md", &reg),
		    "06-two-questions.md:31: the quiz has 2 questions; a lesson needs at least 3\n");
}
END_TEST

START_TEST(longest_answer_in_a_lesson)
{
	ASSERT_LINT(lint_file("07-longest.md", &reg),
		    "07-longest.md:31: the right answer is the longest choice in 2 of 3 questions "
		    "(67%; at most 40%): give the other choices as much substance\n");
}
END_TEST

START_TEST(quiz_share_counts)
{
	size_t longest, questions;
	struct diags pd;
	diags_init(&pd);
	char *t = fixture("07-longest.md");
	struct lesson *l = lesson_parse("07-longest.md", t, strlen(t), &pd);
	lint_quiz_share(l, &longest, &questions);
	ck_assert_uint_eq(longest, 2);
	ck_assert_uint_eq(questions, 3);
	lesson_free(l);
	free(t);
	/* strictly the longest: a tie gives nothing away; characters, not bytes */
	const char *tie = "---\ntitle: T\nsummary: S\n---\n\n```quiz\n? q\n+ abcd\n- wxyz\n> e\n\n"
			  "? r\n+ \xc3\xa9\xc3\xa9\xc3\xa9\n- abcd\n> e\n\n? s\n+ a\n> e\n```\n";
	l = lesson_parse("08-t.md", tie, strlen(tie), &pd);
	lint_quiz_share(l, &longest, &questions);
	ck_assert_uint_eq(longest, 0);
	ck_assert_uint_eq(questions, 2); /* the one-choice question is not counted */
	lesson_free(l);
	diags_release(&pd);
}
END_TEST

START_TEST(no_pair)
{
	ASSERT_LINT(lint_file("08-no-pair.md", &reg),
		    "08-no-pair.md:8: lesson has no python/c pair (a 'python pair' block, then a "
		    "'c pair' block)\n");
}
END_TEST

START_TEST(no_demo)
{
	ASSERT_LINT(lint_file("09-no-demo.md", &reg),
		    "09-no-demo.md:8: lesson has no demo block (```demo NAME key=value ...)\n");
}
END_TEST

START_TEST(no_pitfalls)
{
	ASSERT_LINT(lint_file("10-no-pitfalls.md", &reg),
		    "10-no-pitfalls.md:8: lesson has no Pitfalls section (a heading)\n");
}
END_TEST

START_TEST(no_recap)
{
	ASSERT_LINT(lint_file("11-no-recap.md", &reg),
		    "11-no-recap.md:8: lesson has no Recap section (a heading)\n");
}
END_TEST

START_TEST(demo_against_registry)
{
	ASSERT_LINT(lint_file("12-demos.md", &reg),
		    "12-demos.md:19: unknown demo 'nope' (see 'lockstep demos')\n"
		    "12-demos.md:22: demo race_counter: threads must be 1..256, got 0\n"
		    "12-demos.md:25: demo race_counter: unknown parameter 'bogus' for race_counter\n"
		    "12-demos.md:25: demo race_counter: iters must be an integer, got 'x'\n"
		    "12-demos.md:28: demo race_counter: parameter 'threads' given twice\n");
	/* without a registry only what needs none is checked */
	ASSERT_LINT(lint_file("12-demos.md", NULL),
		    "12-demos.md:28: demo race_counter: parameter 'threads' given twice\n");
}
END_TEST

START_TEST(file_name)
{
	ASSERT_LINT(lint_file("7-badname.md", &reg),
		    "7-badname.md: file name should be NN-id.md (two digits, a dash, a lowercase "
		    "id)\n");
}
END_TEST

START_TEST(course_share)
{
	/* each lesson at 40% passes; the course at 40% does not */
	struct lint_stats st = {0};
	ck_assert_int_eq(lint_dir("course", &reg, &d, &st), 2);
	ASSERT_LINT(all_diags(), "course: the right answer is the longest choice in 4 of the "
				 "course's 10 questions (40%; at most 35%)\n");
	ck_assert_uint_eq(st.n, 2);
	ck_assert_str_eq(st.v[0].path, "course/01-one.md");
	ck_assert_uint_eq(st.v[0].longest, 2);
	ck_assert_uint_eq(st.v[0].questions, 5);
	ck_assert_uint_eq(st.longest, 4);
	ck_assert_uint_eq(st.questions, 10);
	lint_stats_release(&st);
	/* named files are not the course: no course rule, the same shares */
	diags_release(&d);
	const char *paths[] = {"course/01-one.md", "course/02-two.md"};
	lint_files(paths, 2, &reg, &d, &st);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(st.n, 2);
	ck_assert_uint_eq(st.longest, 4);
	ck_assert_uint_eq(st.questions, 10);
	lint_stats_release(&st);
}
END_TEST

START_TEST(files_grouped_and_duplicates)
{
	char *clean = fixture("01-clean.md");
	/* a parse problem (line 44) comes before a lint one (line 4): sorted by line */
	char *bad = replaced(clean, "  - know which parts lint asks for\n", "");
	char *worse = replaced(bad, "> The steps must overlap in time, which needs threads running "
				    "at once.\n", "");
	put("05-a.md", worse);
	put("05-b.md", clean);
	char *a = xasprintf("%s/05-a.md", dir), *b = xasprintf("%s/05-b.md", dir);
	const char *paths[] = {b, a};
	lint_files(paths, 2, &reg, &d, NULL);
	char *got = all_diags();
	char *want = xasprintf("%s:4: objectives: expected 2 to 4 items, got 1\n"
			       "%s:43: question has no explanation (a '> ' line)\n"
			       "%s: lesson number 05 is also used by %s\n",
			       a, a, a, b);
	ck_assert_msg(strcmp(got, want) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(got);
	free(want);
	free(a);
	free(b);
	free(worse);
	free(bad);
	free(clean);
}
END_TEST

START_TEST(directory)
{
	char *clean = fixture("01-clean.md");
	put("01-one.md", clean);
	put("02-one.md", clean);
	put("notes.md", clean);
	put("README.md", "# about\n");
	put("COVERAGE.md", "# about\n");
	char *broken = replaced(clean, "running at once.\n```\n", "running at once.\n");
	put("03-broken.md", broken);
	ck_assert_int_eq(lint_dir(dir, &reg, &d, NULL), 3);
	char *got = all_diags();
	char *want = xasprintf("%s/notes.md: file name should be NN-id.md (two digits, a dash, a "
			       "lowercase id)\n"
			       "%s/03-broken.md:31: unterminated ```quiz block (opened here)\n"
			       "%s/02-one.md: lesson id 'one' is also used by %s/01-one.md\n",
			       dir, dir, dir, dir);
	ck_assert_msg(strcmp(got, want) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(got);
	free(want);
	diags_release(&d);
	ck_assert_int_eq(lint_dir("/nonexistent", &reg, &d, NULL), -1);
	ck_assert_uint_eq(d.n, 1);
	free(broken);
	free(clean);
}
END_TEST

START_TEST(numbers_without_gaps)
{
	char *clean = fixture("01-clean.md");
	put("02-two.md", clean);
	put("05-five.md", clean);
	ck_assert_int_eq(lint_dir(dir, &reg, &d, NULL), 2);
	char *got = all_diags();
	char *want = xasprintf("%s: no lesson 01, 03, 04 (lesson numbers run from 01 without a "
			       "gap)\n",
			       dir);
	ck_assert_msg(strcmp(got, want) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(got);
	free(want);
	free(clean);
}
END_TEST

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const char *root = getenv("LOCKSTEP_ROOT");
	char *rel = xasprintf("%s/tests/fixtures/lint", root && *root ? root : ".");
	fixtures = realpath(rel, NULL);
	free(rel);
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("lint");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, clean_lesson);
	tcase_add_test(tc, objectives_count);
	tcase_add_test(tc, no_quiz);
	tcase_add_test(tc, one_choice);
	tcase_add_test(tc, short_explanation);
	tcase_add_test(tc, few_questions);
	tcase_add_test(tc, longest_answer_in_a_lesson);
	tcase_add_test(tc, quiz_share_counts);
	tcase_add_test(tc, no_pair);
	tcase_add_test(tc, no_demo);
	tcase_add_test(tc, no_pitfalls);
	tcase_add_test(tc, no_recap);
	tcase_add_test(tc, demo_against_registry);
	tcase_add_test(tc, file_name);
	tcase_add_test(tc, course_share);
	tcase_add_test(tc, files_grouped_and_duplicates);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, numbers_without_gaps);
	suite_add_tcase(s, tc);
	int rc = check_run(s);
	free(fixtures);
	return rc;
}
