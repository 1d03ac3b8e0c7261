/*
 * check_catalog.c - unit tests for core/catalog: which files count as
 * lessons, their order, duplicate numbers and ids, look-up by number or id,
 * and the real lessons directory (all parse).
 */
#define _GNU_SOURCE
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/util.h"
#include "check_run.h"

#define LESSON(t) "---\ntitle: " t "\nsummary: S\nobjectives:\n  - a\n  - b\n---\n\nBody.\n"

static char dir[64];

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
	strcpy(dir, "/tmp/check_catalog.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static bool has(const struct diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		bool eq = strcmp(s, want) == 0;
		free(s);
		if (eq)
			return true;
	}
	return false;
}

START_TEST(scan_and_order)
{
	put("10-ten.md", LESSON("Ten"));
	put("02-two.md", LESSON("Two"));
	put("01-one.md", LESSON("One"));
	put("README.md", "# not a lesson\n");
	put("COVERAGE.md", "# not a lesson\n");
	put("3-bad.md", LESSON("Bad"));
	put("notes.txt", "x");
	put(".01-hidden.md", LESSON("Hidden"));
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, dir), 0);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_int_eq(c.v[0].number, 1);
	ck_assert_int_eq(c.v[1].number, 2);
	ck_assert_int_eq(c.v[2].number, 10);
	ck_assert_str_eq(c.v[2].id, "ten");
	ck_assert_str_eq(c.v[2].lesson->title, "Ten");
	char *want = xasprintf("%s/02-two.md", dir);
	ck_assert_str_eq(c.v[1].path, want);
	free(want);
	ck_assert_uint_eq(catalog_problems(&c), 0);
	catalog_release(&c);
}
END_TEST

START_TEST(find_by_number_or_id)
{
	put("01-one.md", LESSON("One"));
	put("02-two.md", LESSON("Two"));
	put("12-twelve.md", LESSON("Twelve"));
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, dir), 0);
	ck_assert_int_eq(catalog_find(&c, "2"), 1);
	ck_assert_int_eq(catalog_find(&c, "02"), 1);
	ck_assert_int_eq(catalog_find(&c, "002"), 1);
	ck_assert_int_eq(catalog_find(&c, "two"), 1);
	ck_assert_int_eq(catalog_find(&c, "12"), 2);
	ck_assert_int_eq(catalog_find(&c, "twelve"), 2);
	ck_assert_int_eq(catalog_find(&c, "12-twelve"), 2);
	ck_assert_int_eq(catalog_find(&c, "12-twelve.md"), 2);
	ck_assert_int_eq(catalog_find(&c, "99"), -1);
	ck_assert_int_eq(catalog_find(&c, "0"), -1);
	ck_assert_int_eq(catalog_find(&c, ""), -1);
	ck_assert_int_eq(catalog_find(&c, "Two"), -1);
	ck_assert_int_eq(catalog_find(&c, "11-twelve"), -1);
	ck_assert_int_eq(catalog_find(&c, "99999999999999999999"), -1);
	catalog_release(&c);
}
END_TEST

START_TEST(duplicates)
{
	put("02-alpha.md", LESSON("A"));
	put("02-beta.md", LESSON("B"));
	put("03-alpha.md", LESSON("C"));
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, dir), 0);
	ck_assert_uint_eq(c.n, 3);
	char *a = xasprintf("%s/02-beta.md: lesson number 02 is also used by %s/02-alpha.md", dir, dir);
	char *b = xasprintf("%s/03-alpha.md: lesson id 'alpha' is also used by %s/02-alpha.md", dir, dir);
	ck_assert_msg(has(&c.diags, a), "missing: %s", a);
	ck_assert_msg(has(&c.diags, b), "missing: %s", b);
	ck_assert_uint_eq(c.diags.n, 2);
	ck_assert_uint_eq(catalog_problems(&c), 2);
	ck_assert_int_eq(catalog_find(&c, "2"), 0); /* the first keeps the number */
	free(a);
	free(b);
	catalog_release(&c);
}
END_TEST

START_TEST(broken_lesson_keeps_its_entry)
{
	put("04-broken.md", "---\nsummary: S\n---\n```quiz\n? q\n");
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, dir), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_ptr_nonnull(c.v[0].lesson);
	ck_assert_uint_eq(c.v[0].diags.n, 2); /* no title, unterminated quiz */
	ck_assert_uint_eq(catalog_problems(&c), 2);
	catalog_release(&c);
}
END_TEST

START_TEST(missing_directory)
{
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, "/nonexistent/lessons"), -1);
	ck_assert(has(&c.diags, "/nonexistent/lessons: cannot read the lessons directory: No such "
				"file or directory"));
	catalog_release(&c);
}
END_TEST

START_TEST(real_lessons)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *path = xasprintf("%s/lessons", root && *root ? root : ".");
	struct catalog c;
	ck_assert_int_eq(catalog_load(&c, path), 0);
	ck_assert_msg(c.n >= 19, "only %zu lessons found in %s", c.n, path);
	for (size_t i = 0; i < c.n; i++) {
		ck_assert_ptr_nonnull(c.v[i].lesson);
		if (i > 0)
			ck_assert_int_le(c.v[i - 1].number, c.v[i].number);
	}
	/* How fast they load is a speed target: `make bench` (start to first
	 * screen, which parses every lesson), not a timed test. */
	catalog_release(&c);
	free(path);
}
END_TEST

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("catalog");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, scan_and_order);
	tcase_add_test(tc, find_by_number_or_id);
	tcase_add_test(tc, duplicates);
	tcase_add_test(tc, broken_lesson_keeps_its_entry);
	tcase_add_test(tc, missing_directory);
	tcase_add_test(tc, real_lessons);
	suite_add_tcase(s, tc);
	return check_run(s);
}
