/*
 * check_runner.c - the demo runner against small children built for the
 * tests: a real demo, one that hangs, one that segfaults, one that leaves a
 * grandchild, one that floods its output, one that never says `end`, a
 * program that does not exist, and `cat` fed events through the demo's stdin
 * (as the stepper writes to a demo). Nothing may be left running afterwards.
 * Runs are followed as the product follows them: start, poll, service.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/runner.h"
#include "core/util.h"
#include "check_run.h"
#include "loadguard.h"

static char *child(const char *name)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	return xasprintf("%s/build/tests/children/%s", root ? root : ".", name);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Follow a run to the end as cmd_demo does: poll its fds, service it. */
static int follow(const char *prog, char *argv[], const struct runner_opts *o,
		  struct run_result *out, char **err)
{
	struct runner *r = runner_start(prog, argv, o, err);
	if (!r)
		return -1;
	while (!runner_service(r)) {
		struct pollfd fds[3];
		int n = runner_pollfds(r, fds, 3);
		poll(fds, (nfds_t)n, runner_wait_ms(r));
	}
	report_copy(out, runner_result(r));
	runner_free(r);
	return 0;
}

/* Run a child to the end with the given time limit. */
static void run(const char *name, char *arg, int timeout_ms, struct run_result *out)
{
	char *prog = child(name);
	char *argv[] = {(char *)name, arg, NULL};
	struct runner_opts o = {.timeout_ms = timeout_ms, .grace_ms = 200};
	char *err = NULL;
	ck_assert_msg(follow(prog, argv, &o, out, &err) == 0, "start: %s", err ? err : "");
	free(prog);
}

/* No child of ours is left, zombie or alive. */
static void assert_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

START_TEST(real_demo)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *prog = xasprintf("%s/build/lab/race_counter", root ? root : ".");
	char *argv[] = {"race_counter", "--json", "iters=1000", NULL};
	struct run_result r;
	char *err = NULL;
	ck_assert_int_eq(follow(prog, argv, NULL, &r, &err), 0);
	ck_assert_msg(r.status == RUN_OK, "status %s: %s", report_status_name(r.status),
		      r.error ? r.error : "");
	ck_assert_uint_eq(r.nvariants, 4);
	ck_assert(report_variant(&r, "mutex")->correct);
	ck_assert_int_eq(report_variant(&r, "mutex")->observed, 2000);
	ck_assert_int_gt(r.wall_ns, 0);
	report_release(&r);
	free(prog);
	assert_no_children();
}
END_TEST

START_TEST(hang_is_killed_in_time)
{
	struct run_result r;
	struct loadguard g;
	loadguard_begin(&g, 0);
	long long t0 = now_ms();
	run("hang", NULL, 500, &r);
	long long took = now_ms() - t0;
	ck_assert_int_eq(r.status, RUN_TIMEOUT);
	ck_assert_int_eq(r.signal, SIGKILL); /* it ignores SIGTERM */
	/* A latency: only asserted when the machine was quiet meanwhile. */
	if (loadguard_end(&g))
		ck_assert_msg(took < 500 + 1000, "took %lld ms", took);
	else
		loadguard_skip(&g, "runner: the hang killed within 1 s of its limit");
	ck_assert_ptr_nonnull(strstr(r.error, "timed out"));
	report_release(&r);
	assert_no_children();
}
END_TEST

START_TEST(segfault_is_named)
{
	struct run_result r;
	run("segv", NULL, 5000, &r);
	ck_assert_int_eq(r.status, RUN_CRASHED);
	ck_assert_int_eq(r.signal, SIGSEGV);
	ck_assert_msg(strstr(r.error, "SIGSEGV"), "error: %s", r.error);
	report_release(&r);
	assert_no_children();
}
END_TEST

START_TEST(grandchild_is_gone)
{
	char path[] = "/tmp/lockstep-gc-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	struct run_result r;
	long long t0 = now_ms();
	run("grandchild", path, 10000, &r);
	ck_assert_msg(now_ms() - t0 < 3000, "waited for the grandchild");
	ck_assert_msg(r.status == RUN_OK, "status %s: %s", report_status_name(r.status),
		      r.error ? r.error : "");
	FILE *f = fopen(path, "r");
	int gpid = 0;
	ck_assert(f && fscanf(f, "%d", &gpid) == 1);
	fclose(f);
	unlink(path);
	ck_assert_int_gt(gpid, 0);
	/* killed and reaped: no such process any more */
	ck_assert_int_eq(kill(gpid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	report_release(&r);
	assert_no_children();
}
END_TEST

START_TEST(flood_is_survived)
{
	struct run_result r;
	run("flood", NULL, 20000, &r);
	ck_assert_msg(r.status == RUN_OK, "status %s: %s", report_status_name(r.status),
		      r.error ? r.error : "");
	ck_assert_int_eq(report_variant(&r, "a")->done, 19999);
	ck_assert_int_le(strlen(r.stderr_text), 16 * 1024); /* capped */
	report_release(&r);

	run("flood", "overlong", 20000, &r);
	ck_assert_int_eq(r.status, RUN_FAILED);
	ck_assert_msg(strstr(r.error, "limit"), "error: %s", r.error);
	ck_assert(report_variant(&r, "a")->has_result); /* read on after it */
	report_release(&r);
	assert_no_children();
}
END_TEST

START_TEST(missing_end_is_an_error)
{
	struct run_result r;
	run("noend", NULL, 5000, &r);
	ck_assert_int_eq(r.status, RUN_FAILED);
	ck_assert_ptr_nonnull(strstr(r.error, "'end'"));
	report_release(&r);
	assert_no_children();
}
END_TEST

/* A demo printing a number no long long holds, or more than a JSON number
 * carries exactly, in any numeric field: a protocol error that names the
 * field and its output line; the run fails instead of showing garbage. */
START_TEST(big_numbers_are_protocol_errors)
{
	static const struct {
		const char *field;
		int line;
	} fields[] = {{"protocol", 1}, {"param", 1},      {"done", 2},	{"total", 2},  {"value", 2},
		      {"expected", 3}, {"observed", 3}, {"elapsed_ns", 3}, {"lost", 3},
		      {"ns_per_op", 3}};
	const char *values[] = {"1e300", "9.2e18", "-1e300", "-9.2e18"};
	char *prog = child("bignum");
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
			char *argv[] = {"bignum", (char *)fields[f].field, (char *)values[k], NULL};
			struct runner_opts o = {.timeout_ms = 10000, .grace_ms = 200};
			struct run_result r;
			char *err = NULL;
			ck_assert_msg(follow(prog, argv, &o, &r, &err) == 0, "start: %s", err ? err : "");
			ck_assert_msg(r.status == RUN_FAILED, "%s=%s: status %s", fields[f].field,
				      values[k], report_status_name(r.status));
			char *where = xasprintf("output line %d:", fields[f].line);
			const char *name = strcmp(fields[f].field, "param") == 0 ? "iters" : fields[f].field;
			ck_assert_msg(r.error && strstr(r.error, where) && strstr(r.error, name),
				      "%s=%s: error '%s'", fields[f].field, values[k], r.error);
			free(where);
			report_release(&r);
		}
	}
	/* the same child with ordinary numbers is a good run: the test can fail */
	char *argv[] = {"bignum", "none", "1", NULL};
	struct runner_opts o = {.timeout_ms = 10000, .grace_ms = 200};
	struct run_result r;
	char *err = NULL;
	ck_assert(follow(prog, argv, &o, &r, &err) == 0);
	ck_assert_msg(r.status == RUN_OK, "error: %s", r.error ? r.error : "");
	ck_assert_int_eq(report_variant(&r, "a")->elapsed_ns, 1000);
	report_release(&r);
	free(prog);
	assert_no_children();
}
END_TEST

START_TEST(missing_program)
{
	char *argv[] = {"nope", NULL};
	char *err = NULL;
	struct runner *r = runner_start("/nonexistent/nope", argv, NULL, &err);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err, "No such file"), "err: %s", err);
	free(err);
	assert_no_children();
}
END_TEST

START_TEST(cancel_and_poll_several)
{
	/* Two runners in one poll loop: cancel the hanging one, let the other end. */
	char *hang = child("hang"), *gc = child("noend");
	char *a1[] = {"hang", NULL}, *a2[] = {"noend", NULL};
	struct runner_opts o = {.timeout_ms = 0, .grace_ms = 100};
	char *err = NULL;
	struct runner *r1 = runner_start(hang, a1, &o, &err);
	struct runner *r2 = runner_start(gc, a2, &o, &err);
	ck_assert(r1 && r2);
	long long t0 = now_ms();
	bool cancelled = false;
	while (!(runner_done(r1) && runner_done(r2)) && now_ms() - t0 < 5000) {
		struct pollfd fds[6];
		int n = runner_pollfds(r1, fds, 6);
		n += runner_pollfds(r2, fds + n, 6 - n);
		int w1 = runner_wait_ms(r1), w2 = runner_wait_ms(r2);
		int wait = w1 < 0 ? w2 : w2 < 0 ? w1 : (w1 < w2 ? w1 : w2);
		if (!cancelled)
			wait = 50;
		poll(fds, (nfds_t)n, wait);
		runner_service(r1);
		runner_service(r2);
		if (!cancelled && runner_done(r2)) {
			runner_cancel(r1);
			cancelled = true;
		}
	}
	ck_assert(runner_done(r1) && runner_done(r2));
	ck_assert_int_eq(runner_result(r1)->status, RUN_CANCELLED);
	ck_assert_int_eq(runner_result(r2)->status, RUN_FAILED);
	runner_free(r1);
	runner_free(r2);
	free(hang);
	free(gc);
	assert_no_children();
}
END_TEST

/* The stepper's way in: events written to the demo's stdin come back parsed
 * (cat echoes them); pausing stops the whole group until resumed. */
START_TEST(stdin_and_pause)
{
	char *argv[] = {"cat", NULL};
	struct runner_opts o = {.timeout_ms = 20000, .stdin_pipe = true};
	char *err = NULL;
	struct runner *r = runner_start("/bin/cat", argv, &o, &err);
	ck_assert_msg(r != NULL, "start: %s", err ? err : "");
	const char *hello = "{\"event\":\"hello\",\"demo\":\"cat\",\"protocol\":1,"
			    "\"params\":{},\"variants\":[\"a\"]}\n";
	const char *result = "{\"event\":\"result\",\"variant\":\"a\",\"expected\":1,"
			     "\"observed\":1,\"correct\":true,\"elapsed_ns\":5}\n"
			     "{\"event\":\"end\"}\n";
	ck_assert_int_eq(runner_write(r, hello, strlen(hello)), 0);
	unsigned g0 = runner_generation(r);
	long long t0 = now_ms();
	while (runner_generation(r) == g0 && now_ms() - t0 < 10000) {
		struct pollfd fds[3];
		int n = runner_pollfds(r, fds, 3);
		poll(fds, (nfds_t)n, 100);
		runner_service(r);
	}
	ck_assert_uint_eq(runner_result(r)->nvariants, 1); /* the hello came back */

	/* Paused, cat echoes nothing; resumed, the rest arrives. (A slow
	 * machine can only make the paused check pass more easily, not fail.) */
	runner_pause(r, true);
	ck_assert_int_eq(runner_write(r, result, strlen(result)), 0);
	unsigned g1 = runner_generation(r);
	t0 = now_ms();
	while (now_ms() - t0 < 300) {
		struct pollfd fds[3];
		int n = runner_pollfds(r, fds, 3);
		poll(fds, (nfds_t)n, 50);
		runner_service(r);
	}
	ck_assert_uint_eq(runner_generation(r), g1);
	ck_assert(!runner_done(r));
	runner_pause(r, false);

	runner_close_stdin(r); /* cat sees end of file and exits */
	t0 = now_ms();
	while (!runner_service(r) && now_ms() - t0 < 10000) {
		struct pollfd fds[3];
		int n = runner_pollfds(r, fds, 3);
		poll(fds, (nfds_t)n, runner_wait_ms(r));
	}
	ck_assert(runner_done(r));
	ck_assert_msg(runner_result(r)->status == RUN_OK, "status %s: %s",
		      report_status_name(runner_result(r)->status),
		      runner_result(r)->error ? runner_result(r)->error : "");
	ck_assert(report_variant(runner_result(r), "a")->correct);
	runner_free(r);
	free(err);
	assert_no_children();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("children");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, real_demo);
	tcase_add_test(tc, hang_is_killed_in_time);
	tcase_add_test(tc, segfault_is_named);
	tcase_add_test(tc, grandchild_is_gone);
	tcase_add_test(tc, flood_is_survived);
	tcase_add_test(tc, missing_end_is_an_error);
	tcase_add_test(tc, missing_program);
	tcase_add_test(tc, big_numbers_are_protocol_errors);
	tcase_add_test(tc, cancel_and_poll_several);
	tcase_add_test(tc, stdin_and_pause);
	suite_add_tcase(s, tc);
	return check_run(s);
}
