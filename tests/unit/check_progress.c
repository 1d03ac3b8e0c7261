/*
 * check_progress.c - progress survives a save/load round trip, is written
 * atomically, and a corrupt file is moved aside with a warning.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/progress.h"
#include "core/util.h"
#include "check_run.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/lockstep-progress-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *file(const char *name) { return xasprintf("%s/%s", dir, name); }

START_TEST(round_trip)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	ck_assert_ptr_null(progress_current(p));
	progress_set_current(p, "race-conditions", 42);
	progress_set_lesson_done(p, "processes", true);
	progress_set_lesson_done(p, "threads", true);
	progress_set_lesson_done(p, "threads", false);
	progress_set_answer(p, "processes", 2, 1, true);
	progress_set_exercise_passed(p, "01-lost-updates", true);
	progress_set_hints_shown(p, "02-atomic", 2);
	progress_set_setting(p, "workspace", "/tmp/ws");
	ck_assert_int_eq(progress_save(p, &err), 0);
	progress_free(p);

	p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	ck_assert_str_eq(progress_current(p), "race-conditions");
	ck_assert_int_eq(progress_position(p), 42);
	ck_assert(progress_lesson_done(p, "processes"));
	ck_assert(!progress_lesson_done(p, "threads"));
	ck_assert_int_eq(progress_count_done(p), 1);
	ck_assert_int_eq(progress_answer(p, "processes", 2), 1);
	ck_assert_int_eq(progress_answer(p, "processes", 0), -1);
	ck_assert_int_eq(progress_answer(p, "nothing", 0), -1);
	ck_assert(progress_exercise_passed(p, "01-lost-updates"));
	ck_assert(!progress_exercise_passed(p, "02-atomic"));
	ck_assert_int_eq(progress_hints_shown(p, "02-atomic"), 2);
	ck_assert_str_eq(progress_setting(p, "workspace"), "/tmp/ws");
	progress_reset(p);
	ck_assert_ptr_null(progress_current(p));
	ck_assert_int_eq(progress_count_done(p), 0);
	progress_free(p);
	/* no temp file left behind by the atomic write */
	char *cmd = xasprintf("ls '%s' | grep -c tmp", dir);
	FILE *f = popen(cmd, "r");
	int n = -1;
	ck_assert(fscanf(f, "%d", &n) == 1);
	pclose(f);
	ck_assert_int_eq(n, 0);
	free(cmd);
	free(path);
}
END_TEST

START_TEST(corrupt_file_moved_aside)
{
	char *path = file("progress.json"), *warn = NULL;
	FILE *f = fopen(path, "w");
	fputs("{\"version\":1, \"current\": tru", f); /* truncated write */
	fclose(f);
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_nonnull(warn);
	ck_assert_msg(strstr(warn, "corrupt-1"), "warning: %s", warn);
	ck_assert_ptr_null(progress_current(p)); /* a fresh start */
	char *aside = file("progress.json.corrupt-1");
	ck_assert_int_eq(access(aside, F_OK), 0);
	ck_assert_int_ne(access(path, F_OK), 0);
	free(warn);
	progress_free(p);

	/* wrong shape, right syntax: also corrupt */
	f = fopen(path, "w");
	fputs("[1,2,3]", f);
	fclose(f);
	p = progress_load(path, &warn);
	ck_assert_msg(warn && strstr(warn, "corrupt-2"), "warning: %s", warn ? warn : "(none)");
	free(warn);
	progress_free(p);
	free(aside);
	free(path);
}
END_TEST

START_TEST(wrong_types_inside_are_ignored)
{
	char *path = file("progress.json"), *warn = NULL;
	FILE *f = fopen(path, "w");
	fputs("{\"version\":1,\"current\":7,\"done\":[1],\"answers\":{\"x\":\"y\"}}", f);
	fclose(f);
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	ck_assert_ptr_null(progress_current(p));
	ck_assert(!progress_lesson_done(p, "x"));
	ck_assert_int_eq(progress_answer(p, "x", 0), -1);
	progress_set_lesson_done(p, "x", true); /* repairs the shape */
	progress_set_answer(p, "x", 1, 0, false);
	ck_assert(progress_lesson_done(p, "x"));
	ck_assert_int_eq(progress_answer(p, "x", 1), 0);
	progress_free(p);
	free(path);
}
END_TEST

START_TEST(unwritable_dir_is_an_error)
{
	/* a directory that does not exist: even root cannot write there */
	char *path = file("missing/progress.json"), *warn = NULL, *err = NULL;
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	ck_assert_int_eq(progress_save(p, &err), -1);
	ck_assert_msg(err && strstr(err, "No such file"), "err: %s", err ? err : "(none)");
	free(err);
	progress_free(p);
	free(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, corrupt_file_moved_aside);
	tcase_add_test(tc, wrong_types_inside_are_ignored);
	tcase_add_test(tc, unwritable_dir_is_an_error);
	suite_add_tcase(s, tc);
	return check_run(s);
}
