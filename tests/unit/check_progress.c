/*
 * check_progress.c - progress survives a save/load round trip, is written
 * atomically, a corrupt file is moved aside with a warning, and two holders
 * of the same file (two processes) merge their records instead of
 * overwriting each other's.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
	ck_assert(progress_set_answer(p, "processes", 2, 0, false));
	/* a second answer, once the right one was shown, does not count */
	ck_assert(!progress_set_answer(p, "processes", 2, 1, true));
	ck_assert_int_eq(progress_answer(p, "processes", 2), 0);
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
	ck_assert_int_eq(progress_answer(p, "processes", 2), 0); /* the first answer */
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

START_TEST(two_holders_merge)
{
	/* The lab (a) and `lockstep verify` (b) hold the same file. */
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn), *b = progress_load(path, &warn);
	progress_set_exercise_passed(a, "04-bounded-buffer", true);
	progress_set_current(a, "threads", 3);
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_set_exercise_passed(b, "06-thread-safe-queue", true);
	progress_set_hints_shown(b, "02-atomic-tickets", 2);
	ck_assert_int_eq(progress_save(b, &err), 0);
	/* b's save kept a's pass, and b now holds both */
	ck_assert(progress_exercise_passed(b, "04-bounded-buffer"));
	ck_assert_str_eq(progress_current(b), "threads");
	/* a quits last, with one more change: nothing of b's is lost */
	progress_set_lesson_done(a, "processes", true);
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_free(a);
	progress_free(b);
	struct progress *c = progress_load(path, &warn);
	ck_assert(progress_exercise_passed(c, "04-bounded-buffer"));
	ck_assert(progress_exercise_passed(c, "06-thread-safe-queue"));
	ck_assert_int_eq(progress_hints_shown(c, "02-atomic-tickets"), 2);
	ck_assert(progress_lesson_done(c, "processes"));
	ck_assert_str_eq(progress_current(c), "threads");
	ck_assert_int_eq(progress_position(c), 3);
	progress_free(c);
	free(path);
}
END_TEST

START_TEST(conflicts_keep_what_counts)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn), *b = progress_load(path, &warn);
	/* both change the same facts; a saves first */
	progress_set_exercise_passed(a, "01-lost-updates", true);
	progress_set_hints_shown(a, "01-lost-updates", 3);
	progress_set_answer(a, "processes", 0, 2, true);
	progress_set_current(a, "processes", 10);
	progress_set_setting(a, "runs", "5");
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_set_exercise_passed(b, "01-lost-updates", false);
	progress_set_hints_shown(b, "01-lost-updates", 1);
	progress_set_answer(b, "processes", 0, 1, false);
	progress_set_current(b, "threads", 7);
	progress_set_setting(b, "runs", "9");
	ck_assert_int_eq(progress_save(b, &err), 0);
	progress_free(a);
	progress_free(b);
	struct progress *c = progress_load(path, &warn);
	ck_assert(progress_exercise_passed(c, "01-lost-updates")); /* a pass stays */
	ck_assert_int_eq(progress_hints_shown(c, "01-lost-updates"), 3); /* hints seen stay */
	ck_assert_int_eq(progress_answer(c, "processes", 0), 2); /* the first answer counts */
	ck_assert_str_eq(progress_current(c), "threads"); /* the latest writer's place */
	ck_assert_int_eq(progress_position(c), 7);
	ck_assert_str_eq(progress_setting(c, "runs"), "9");
	progress_free(c);
	free(path);
}
END_TEST

/* Found by fuzz_progress: answers are padded with -1 up to the question
 * answered, and "correct" with false. One process answers question 0 of a
 * lesson, the other question 2: both answers stay, each with its own
 * verdict (a padding -1 is no answer, and a verdict follows its answer). */
START_TEST(answers_to_different_questions_both_stay)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn), *b = progress_load(path, &warn);
	progress_set_answer(a, "processes", 2, 1, false);
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_set_answer(b, "processes", 0, 3, true);
	ck_assert_int_eq(progress_save(b, &err), 0);
	progress_free(a);
	progress_free(b);
	struct progress *c = progress_load(path, &warn);
	ck_assert_int_eq(progress_answer(c, "processes", 0), 3);
	ck_assert_int_eq(progress_answer(c, "processes", 1), -1);
	ck_assert_int_eq(progress_answer(c, "processes", 2), 1);
	progress_free(c);
	/* the verdicts, as the file holds them */
	size_t len;
	char *text = util_read_file(path, &len, &err);
	ck_assert_ptr_nonnull(text);
	char *squeezed = xcalloc(len + 1, 1);
	for (size_t i = 0, k = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			squeezed[k++] = text[i];
	ck_assert_msg(strstr(squeezed, "\"correct\":{\"processes\":[true,false,false]}"), "%s", text);
	free(squeezed);
	free(text);
	free(path);
}
END_TEST

/* Found by fuzz_progress: a hand-edited file that repeats a member. Readers
 * see the first; recording a fact must not hide behind a later one. */
START_TEST(repeated_members_do_not_hide_new_facts)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	const char *doc = "{\"version\":1,\"answers\":\"x\",\"answers\":{\"other\":[1]},"
			  "\"exercises\":7,\"exercises\":{\"01-a\":{\"passed\":false}}}";
	ck_assert_int_eq(util_write_file_atomic(path, doc, strlen(doc), 0600, &err), 0);
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	progress_set_answer(p, "processes", 0, 2, true);
	progress_set_exercise_passed(p, "01-b", true);
	ck_assert_int_eq(progress_answer(p, "processes", 0), 2);
	ck_assert(progress_exercise_passed(p, "01-b"));
	ck_assert_int_eq(progress_save(p, &err), 0);
	progress_free(p);
	p = progress_load(path, &warn);
	ck_assert_int_eq(progress_answer(p, "processes", 0), 2);
	ck_assert(progress_exercise_passed(p, "01-b"));
	progress_free(p);
	free(path);
}
END_TEST

START_TEST(challenges_won_stay_won)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn), *b = progress_load(path, &warn);
	ck_assert(!progress_challenge_won(a, "counter-ends-at-2"));
	progress_set_challenge_won(a, "counter-ends-at-2", "ABAAABABBBBA");
	ck_assert_int_eq(progress_save(a, &err), 0);
	/* b wins the same one another way and another one, knowing nothing of a's */
	progress_set_challenge_won(b, "counter-ends-at-2", "BABBBABAAAAB");
	progress_set_challenge_won(b, "two-philosophers", "AB");
	ck_assert_int_eq(progress_save(b, &err), 0);
	/* a saves last, having changed something else: b's wins stay */
	progress_set_lesson_done(a, "race-conditions", true);
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_free(a);
	progress_free(b);
	struct progress *e = progress_load(path, &warn);
	ck_assert(progress_challenge_won(e, "counter-ends-at-2"));
	ck_assert(progress_challenge_won(e, "two-philosophers"));
	ck_assert(progress_lesson_done(e, "race-conditions"));
	ck_assert(!progress_challenge_won(e, "nobody-won-this"));
	progress_free(e);
	free(path);
}
END_TEST

START_TEST(reset_is_honoured)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn);
	progress_set_lesson_done(a, "processes", true);
	progress_set_exercise_passed(a, "01-lost-updates", true);
	ck_assert_int_eq(progress_save(a, &err), 0);
	/* `lockstep progress --reset` in another terminal */
	struct progress *b = progress_load(path, &warn);
	progress_reset(b);
	ck_assert_int_eq(progress_save(b, &err), 0);
	progress_free(b);
	/* a saves again with one new fact: the old ones do not come back */
	progress_set_lesson_done(a, "threads", true);
	ck_assert_int_eq(progress_save(a, &err), 0);
	ck_assert(!progress_lesson_done(a, "processes"));
	progress_free(a);
	struct progress *c = progress_load(path, &warn);
	ck_assert(!progress_lesson_done(c, "processes"));
	ck_assert(!progress_exercise_passed(c, "01-lost-updates"));
	ck_assert(progress_lesson_done(c, "threads"));
	progress_free(c);
	free(path);
}
END_TEST

/* A reset in one process races a move in another (the lab, which only
 * moved within its lesson): the reset's facts stay gone, and the lab's place
 * is kept whole. The place is one fact, the lesson with the position in it:
 * merged member by member, the unchanged lesson came from the reset file
 * (none) while the position came from the lab. */
START_TEST(reset_during_a_move_keeps_the_place)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *lab = progress_load(path, &warn);
	progress_set_current(lab, "threads", 10);
	progress_set_lesson_done(lab, "processes", true);
	ck_assert_int_eq(progress_save(lab, &err), 0);
	progress_set_current(lab, "threads", 42); /* a move, not saved yet */
	struct progress *cli = progress_load(path, &warn);
	progress_reset(cli);
	ck_assert_int_eq(progress_save(cli, &err), 0);
	progress_free(cli);
	/* the lab notices the reset on disk, then saves */
	ck_assert(progress_refresh(lab));
	ck_assert(!progress_lesson_done(lab, "processes"));
	ck_assert_ptr_nonnull(progress_current(lab));
	ck_assert_str_eq(progress_current(lab), "threads");
	ck_assert_int_eq(progress_position(lab), 42);
	ck_assert_int_eq(progress_save(lab, &err), 0);
	progress_free(lab);
	struct progress *c = progress_load(path, &warn);
	ck_assert(!progress_lesson_done(c, "processes"));
	ck_assert_ptr_nonnull(progress_current(c));
	ck_assert_str_eq(progress_current(c), "threads");
	ck_assert_int_eq(progress_position(c), 42);
	progress_free(c);
	free(path);
}
END_TEST

/* Two movers: one moves within lesson a, the other to lesson b at the top.
 * The later writer's place wins whole: never b at a's position. */
START_TEST(a_place_is_never_half_of_each)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *x = progress_load(path, &warn);
	progress_set_current(x, "threads", 0);
	ck_assert_int_eq(progress_save(x, &err), 0);
	struct progress *y = progress_load(path, &warn);
	progress_set_current(x, "threads", 30);
	ck_assert_int_eq(progress_save(x, &err), 0);
	progress_set_current(y, "processes", 0); /* y saves last: its place */
	ck_assert_int_eq(progress_save(y, &err), 0);
	ck_assert_str_eq(progress_current(y), "processes");
	ck_assert_int_eq(progress_position(y), 0);
	progress_free(x);
	progress_free(y);
	struct progress *c = progress_load(path, &warn);
	ck_assert_str_eq(progress_current(c), "processes");
	ck_assert_int_eq(progress_position(c), 0);
	progress_free(c);
	free(path);
}
END_TEST

START_TEST(refresh_sees_the_other_process)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *lab = progress_load(path, &warn);
	ck_assert(!progress_refresh(lab)); /* nothing on disk yet */
	progress_set_current(lab, "threads", 4); /* unsaved */
	struct progress *cli = progress_load(path, &warn);
	progress_set_exercise_passed(cli, "03-semaphore-limit", true);
	ck_assert_int_eq(progress_save(cli, &err), 0);
	progress_free(cli);
	ck_assert(progress_refresh(lab));
	ck_assert(progress_exercise_passed(lab, "03-semaphore-limit"));
	ck_assert_str_eq(progress_current(lab), "threads"); /* its own change kept */
	ck_assert(!progress_refresh(lab)); /* nothing new */
	progress_free(lab);
	free(path);
}
END_TEST

START_TEST(corrupt_on_disk_at_save_is_kept)
{
	char *path = file("progress.json"), *warn = NULL, *err = NULL;
	struct progress *a = progress_load(path, &warn);
	progress_set_lesson_done(a, "processes", true);
	FILE *f = fopen(path, "w");
	fputs("{ not json", f);
	fclose(f);
	ck_assert_int_eq(progress_save(a, &err), 0);
	progress_free(a);
	char *aside = file("progress.json.corrupt-1");
	size_t len;
	char *t = util_read_file(aside, &len, &err);
	ck_assert_str_eq(t, "{ not json");
	free(t);
	a = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	ck_assert(progress_lesson_done(a, "processes"));
	progress_free(a);
	free(aside);
	free(path);
}
END_TEST

/* One of two processes: after the start signal, record `n` facts of its
 * own, saving after each, as the lab and `lockstep verify` do. */
static void record_facts(const char *path, int who, int n, int gate)
{
	char c;
	if (read(gate, &c, 1) != 0) /* EOF: the parent let both go at once */
		_exit(3);
	char *warn = NULL, *err = NULL;
	struct progress *p = progress_load(path, &warn);
	for (int i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "p%d-%03d", who, i);
		if (who == 0)
			progress_set_exercise_passed(p, id, true);
		else
			progress_set_lesson_done(p, id, true);
		progress_set_current(p, id, i); /* both fight over this one */
		if (progress_save(p, &err) != 0)
			_exit(2);
	}
	progress_free(p);
	_exit(0);
}

START_TEST(two_processes_500_facts_each)
{
	char *path = file("progress.json"), *warn = NULL;
	enum { N = 500 };
	int gate[2];
	ck_assert_int_eq(pipe(gate), 0);
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		ck_assert_int_ge(kids[k], 0);
		if (kids[k] == 0) {
			close(gate[1]);
			record_facts(path, k, N, gate[0]);
		}
	}
	close(gate[0]);
	close(gate[1]); /* both children read EOF now: they start together */
	for (int k = 0; k < 2; k++) {
		int st;
		ck_assert_int_eq(waitpid(kids[k], &st, 0), kids[k]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", k);
	}
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);
	int found = 0;
	for (int i = 0; i < N; i++) {
		char id[32];
		snprintf(id, sizeof id, "p0-%03d", i);
		found += progress_exercise_passed(p, id);
		snprintf(id, sizeof id, "p1-%03d", i);
		found += progress_lesson_done(p, id);
	}
	ck_assert_int_eq(found, 2 * N);
	ck_assert_int_eq(progress_count_done(p), N);
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
	TCase *sh = tcase_create("shared");
	tcase_add_checked_fixture(sh, setup, teardown);
	tcase_set_timeout(sh, 120); /* 1000 locked, fsynced saves on a busy disk */
	tcase_add_test(sh, two_holders_merge);
	tcase_add_test(sh, conflicts_keep_what_counts);
	tcase_add_test(sh, challenges_won_stay_won);
	tcase_add_test(sh, reset_is_honoured);
	tcase_add_test(sh, reset_during_a_move_keeps_the_place);
	tcase_add_test(sh, a_place_is_never_half_of_each);
	tcase_add_test(sh, refresh_sees_the_other_process);
	tcase_add_test(sh, corrupt_on_disk_at_save_is_kept);
	tcase_add_test(sh, two_processes_500_facts_each);
	tcase_add_test(sh, answers_to_different_questions_both_stay);
	tcase_add_test(sh, repeated_members_do_not_hide_new_facts);
	suite_add_tcase(s, sh);
	return check_run(s);
}
