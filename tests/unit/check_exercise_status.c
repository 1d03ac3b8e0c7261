/*
 * check_exercise_status.c - the one exercise API both faces present: short
 * names and the task text computed once at load, the real hint count (not a
 * constant), hints revealed and recorded, the solution's gate, a pass
 * recorded (and merged with what another process recorded), why it works,
 * and the next exercise.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/exercise_status.h"
#include "core/progress.h"
#include "core/util.h"
#include "check_run.h"

static char dir[64];

static const char *root(void)
{
	const char *r = getenv("LOCKSTEP_ROOT");
	return r && *r ? r : ".";
}

static void setup(void)
{
	strcpy(dir, "/tmp/lockstep-exstatus-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	unsetenv("LOCKSTEP_WORKSPACE");
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static struct progress *fresh_progress(void)
{
	char *path = xasprintf("%s/progress.json", dir), *warn = NULL;
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	free(path);
	return p;
}

/* Count "## Hint " headings in a hints.md, independently of the parser. */
static int hints_in_file(const struct exercise *e)
{
	char *path = xasprintf("%s/hints.md", e->dir), *err = NULL;
	size_t len;
	char *t = util_read_file(path, &len, &err);
	ck_assert_msg(t, "%s", err);
	int n = 0;
	for (const char *s = t; s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
		n += strncmp(s, "## Hint ", 8) == 0;
	free(t);
	free(path);
	return n;
}

START_TEST(open_names_tasks_and_workspace)
{
	struct progress *p = fresh_progress();
	char *ws = xasprintf("%s/ws", dir), *err = NULL;
	progress_set_setting(p, "workspace", ws);
	struct exercise_status st;
	ck_assert_int_eq(exercise_status_open(&st, root(), p, NULL, &err), 0);
	ck_assert_uint_ge(st.set.n, 12);
	ck_assert_str_eq(st.workspace, ws);
	const struct exercise *e = &st.set.v[0];
	ck_assert_str_eq(e->name, "lost-updates");
	ck_assert_ptr_eq(e->name, e->id + 3); /* computed once, shared */
	/* the task is the comment's prose, without the metadata lines */
	ck_assert_ptr_nonnull(strstr(e->task, "Several threads call counter_add()"));
	ck_assert_ptr_null(strstr(e->task, "Title:"));
	ck_assert_ptr_null(strstr(e->task, "Threads:"));
	ck_assert_ptr_null(strstr(e->task, "Exercise 01"));
	char *f = exercise_status_file(&st, e);
	char *want = xasprintf("%s/01-lost-updates.c", ws);
	ck_assert_str_eq(f, want);
	ck_assert_int_eq(exercise_status_count_passed(&st), 0);
	ck_assert_ptr_eq(exercise_status_next(&st), e);
	exercise_status_close(&st);
	progress_free(p);
	free(want);
	free(f);
	free(ws);
}
END_TEST

START_TEST(hint_count_is_the_real_one)
{
	struct progress *p = fresh_progress();
	struct exercise_status st;
	char *err = NULL;
	ck_assert_int_eq(exercise_status_open(&st, root(), p, NULL, &err), 0);
	for (size_t i = 0; i < st.set.n; i++) {
		const struct exercise *e = &st.set.v[i];
		ck_assert_int_eq(exercise_status_hint_count(&st, e), hints_in_file(e));
	}
	exercise_status_close(&st);
	progress_free(p);
}
END_TEST

/* A data root with one exercise that has two hints, not three. */
static char *two_hint_root(void)
{
	char *r = xasprintf("%s/root", dir);
	char *cmd = xasprintf("mkdir -p '%s/lab/exercises' '%s/tests/exercises/01-pair'", r, r);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *p = xasprintf("%s/lab/exercises/01-pair.c", r);
	spit(p, "/*\n * Exercise 01: pair\n *\n * Title: Two of them\n * Lesson: 05-x\n"
		" * Threads: no\n *\n * Make the pair agree.\n */\n");
	free(p);
	p = xasprintf("%s/lab/exercises/01-pair.h", r);
	spit(p, "void pair(void);\n");
	free(p);
	p = xasprintf("%s/tests/exercises/01-pair/harness.c", r);
	spit(p, "int main(void) { return 0; }\n");
	free(p);
	p = xasprintf("%s/tests/exercises/01-pair/hints.md", r);
	spit(p, "## Hint 1\n\nLook.\n\n## Hint 2\n\nLook harder.\n\n## Why it works\n\nIt does.\n");
	free(p);
	return r;
}

START_TEST(hints_revealed_recorded_and_gated)
{
	char *r = two_hint_root(), *err = NULL;
	struct progress *p = fresh_progress();
	struct exercise_status st;
	ck_assert_int_eq(exercise_status_open(&st, r, p, NULL, &err), 0);
	const struct exercise *e = &st.set.v[0];
	ck_assert_str_eq(e->task, "Make the pair agree.");
	ck_assert_int_eq(exercise_status_hint_count(&st, e), 2);
	ck_assert(!exercise_status_solution_open(&st, e));
	struct exercise_hints h;
	int k = -1;
	for (int want = 1; want <= 2; want++) {
		ck_assert_int_eq(exercise_status_reveal_hint(&st, e, &h, &k, &err), 0);
		ck_assert_int_eq(k, want);
		ck_assert_int_eq(exercise_status_hints_seen(&st, e), want);
		exercise_hints_release(&h);
	}
	ck_assert_str_eq(st.set.v[0].id, "01-pair");
	/* every hint seen: the solution opens, and no third hint appears */
	ck_assert(exercise_status_solution_open(&st, e));
	ck_assert_int_eq(exercise_status_reveal_hint(&st, e, &h, &k, &err), 0);
	ck_assert_int_eq(k, 0);
	ck_assert_str_eq(h.hint[1], "Look harder.");
	exercise_hints_release(&h);
	/* and it was saved: another process sees it */
	char *path = xasprintf("%s/progress.json", dir), *warn = NULL;
	struct progress *other = progress_load(path, &warn);
	ck_assert_int_eq(progress_hints_shown(other, "01-pair"), 2);
	progress_free(other);
	free(path);
	exercise_status_close(&st);
	progress_free(p);
	free(r);
}
END_TEST

START_TEST(record_a_failure_then_a_pass)
{
	char *err = NULL;
	struct progress *p = fresh_progress();
	struct exercise_status st;
	ck_assert_int_eq(exercise_status_open(&st, root(), p, NULL, &err), 0);
	const struct exercise *e1 = exercise_find(&st.set, "1");
	const struct exercise *e3 = exercise_find(&st.set, "3");

	struct exercise_result r = {.verdict = EXERCISE_FAIL};
	struct exercise_after after;
	ck_assert_int_eq(exercise_status_record(&st, e1, &r, &after, &err), 0);
	ck_assert(!after.passed);
	ck_assert_ptr_null(after.why);
	ck_assert_int_eq(after.hints, exercise_status_hint_count(&st, e1));
	ck_assert_int_eq(after.hints_seen, 0);
	ck_assert(!exercise_status_passed(&st, e1));
	exercise_after_release(&after);

	/* meanwhile `lockstep verify 2` in another terminal records a pass */
	char *path = xasprintf("%s/progress.json", dir), *warn = NULL;
	struct progress *other = progress_load(path, &warn);
	progress_set_exercise_passed(other, "02-atomic-tickets", true);
	ck_assert_int_eq(progress_save(other, &err), 0);
	progress_free(other);

	r.verdict = EXERCISE_PASS;
	ck_assert_int_eq(exercise_status_record(&st, e1, &r, &after, &err), 0);
	ck_assert(after.passed);
	ck_assert_ptr_nonnull(after.why);
	ck_assert_ptr_eq(after.next, e3); /* 02 passed elsewhere: 03 is next */
	ck_assert_int_eq(exercise_status_count_passed(&st), 2);
	exercise_after_release(&after);

	other = progress_load(path, &warn);
	ck_assert(progress_exercise_passed(other, "01-lost-updates"));
	ck_assert(progress_exercise_passed(other, "02-atomic-tickets"));
	progress_free(other);
	free(path);
	exercise_status_close(&st);
	progress_free(p);
}
END_TEST

START_TEST(no_exercises_is_an_error)
{
	char *err = NULL;
	struct progress *p = fresh_progress();
	struct exercise_status st;
	char *empty = xasprintf("%s/empty", dir);
	char *cmd = xasprintf("mkdir -p '%s/lab/exercises'", empty);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(exercise_status_open(&st, empty, p, NULL, &err), -1);
	ck_assert_msg(strstr(err, "no exercises found in"), "err: %s", err);
	free(err);
	exercise_status_close(&st);
	free(cmd);
	free(empty);
	progress_free(p);
}
END_TEST

START_TEST(init_workspace_records_it)
{
	char *err = NULL;
	struct progress *p = fresh_progress();
	struct exercise_status st;
	ck_assert_int_eq(exercise_status_open(&st, root(), p, NULL, &err), 0);
	char *ws = xasprintf("%s/deep/ws", dir);
	int copied = 0, kept = 0;
	ck_assert_int_eq(exercise_status_init_workspace(&st, ws, false, &copied, &kept, &err), 0);
	ck_assert_int_eq(copied, 2 * (int)st.set.n); /* each .c and .h */
	ck_assert_int_eq(kept, 0);
	ck_assert_str_eq(st.workspace, ws);
	char *f = exercise_status_file(&st, &st.set.v[0]);
	ck_assert_int_eq(access(f, R_OK), 0);
	/* recorded and saved: a new process resolves the same workspace */
	char *path = xasprintf("%s/progress.json", dir), *warn = NULL;
	struct progress *other = progress_load(path, &warn);
	ck_assert_str_eq(progress_setting(other, "workspace"), ws);
	progress_free(other);
	/* again: the learner's files are kept */
	ck_assert_int_eq(exercise_status_init_workspace(&st, NULL, false, &copied, &kept, &err), 0);
	ck_assert_int_eq(copied, 0);
	ck_assert_int_eq(kept, 2 * (int)st.set.n);
	free(path);
	free(f);
	free(ws);
	exercise_status_close(&st);
	progress_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exercise_status");
	TCase *tc = tcase_create("status");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_names_tasks_and_workspace);
	tcase_add_test(tc, hint_count_is_the_real_one);
	tcase_add_test(tc, hints_revealed_recorded_and_gated);
	tcase_add_test(tc, record_a_failure_then_a_pass);
	tcase_add_test(tc, no_exercises_is_an_error);
	tcase_add_test(tc, init_workspace_records_it);
	suite_add_tcase(s, tc);
	return check_run(s);
}
