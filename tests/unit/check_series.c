/*
 * check_series.c - running a demo K times: the policy (a run that fails,
 * crashes or times out in the middle is recorded and the series goes on; a
 * cancel stops it), the bound on K, both ways of driving it (blocking and
 * from a poll loop), and nothing left running afterwards.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/series.h"
#include "core/util.h"
#include "check_run.h"

static char *child(const char *name)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	return xasprintf("%s/build/tests/children/%s", root ? root : ".", name);
}

static void assert_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

/* A fresh counter file for the flaky child. Caller frees and unlinks. */
static char *counter_file(void)
{
	char *path = xstrdup("/tmp/lockstep-series-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return path;
}

/* k runs of flaky, run `bad` going wrong as `how`, followed to the end. */
static struct series *flaky_series(int k, int bad, const char *how, int timeout_ms)
{
	char *prog = child("flaky"), *count = counter_file();
	char nbuf[16];
	snprintf(nbuf, sizeof nbuf, "%d", bad);
	char *argv[] = {"flaky", count, nbuf, (char *)how, NULL};
	struct series_opts o = {.timeout_ms = timeout_ms, .grace_ms = 100};
	char *err = NULL;
	struct series *s = series_start(prog, argv, k, &o, &err);
	ck_assert_msg(s != NULL, "start: %s", err ? err : "");
	series_follow(s, NULL, NULL, NULL);
	unlink(count);
	free(count);
	free(prog);
	return s;
}

START_TEST(parse_runs_bounds)
{
	int k = 0;
	char *err = NULL;
	ck_assert_int_eq(series_parse_runs("5", &k, &err), 0);
	ck_assert_int_eq(k, 5);
	ck_assert_int_eq(series_parse_runs("1000", &k, &err), 0);
	ck_assert_int_eq(k, SERIES_RUNS_MAX);
	ck_assert_int_eq(series_parse_runs("1", &k, &err), 0);
	ck_assert_int_eq(k, 1);

	ck_assert_int_eq(series_parse_runs("0", &k, &err), -1);
	ck_assert_str_eq(err, "must be 1..1000, got '0'");
	free(err);
	ck_assert_int_eq(series_parse_runs("-3", &k, &err), -1);
	ck_assert_str_eq(err, "must be 1..1000, got '-3'");
	free(err);
	ck_assert_int_eq(series_parse_runs("abc", &k, &err), -1);
	ck_assert_str_eq(err, "must be a number 1..1000, got 'abc'");
	free(err);
	ck_assert_int_eq(series_parse_runs("12x", &k, &err), -1);
	ck_assert_str_eq(err, "must be a number 1..1000, got '12x'");
	free(err);
	ck_assert_int_eq(series_parse_runs("", &k, &err), -1);
	ck_assert_str_eq(err, "must be a number 1..1000, got ''");
	free(err);
	ck_assert_int_eq(series_parse_runs("1001", &k, &err), -1);
	ck_assert_str_eq(err, "must be 1..1000, got '1001' (at most 1000 runs)");
	free(err);
	ck_assert_int_eq(series_parse_runs("99999999999999999999999", &k, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "at most 1000 runs"));
	free(err);
	ck_assert_int_eq(k, 1); /* untouched by the failures */
}
END_TEST

START_TEST(start_rejects_bad_k)
{
	char *prog = child("flaky");
	char *argv[] = {"flaky", NULL};
	char *err = NULL;
	ck_assert_ptr_null(series_start(prog, argv, 0, NULL, &err));
	ck_assert_str_eq(err, "runs must be 1..1000, got 0");
	free(err);
	ck_assert_ptr_null(series_start(prog, argv, SERIES_RUNS_MAX + 1, NULL, &err));
	ck_assert_str_eq(err, "runs must be 1..1000, got 1001");
	free(err);
	free(prog);
	assert_no_children();
}
END_TEST

START_TEST(failed_run_in_the_middle_is_recorded)
{
	struct series *s = flaky_series(5, 3, "exit", 0);
	ck_assert(series_done(s));
	ck_assert(!series_cancelled(s));
	ck_assert_ptr_null(series_error(s));
	size_t n;
	const struct run_result *r = series_results(s, &n);
	ck_assert_uint_eq(n, 5);
	enum run_status want[] = {RUN_OK, RUN_OK, RUN_FAILED, RUN_OK, RUN_OK};
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(r[i].status == want[i], "run %zu: %s (%s)", i + 1,
			      report_status_name(r[i].status), r[i].error ? r[i].error : "");
	ck_assert_int_eq(r[2].exit_code, 3);
	ck_assert_ptr_nonnull(strstr(r[2].stderr_text, "run 3 goes wrong"));
	/* the runs after the failure really ran: the child counted them */
	ck_assert_int_eq(report_variant(&r[3], "a")->observed, 4);
	ck_assert_int_eq(report_variant(&r[4], "a")->observed, 5);
	ck_assert_uint_eq(series_tally(s, RUN_OK), 4);
	ck_assert_uint_eq(series_tally(s, RUN_FAILED), 1);
	ck_assert_uint_eq(series_tally(s, RUN_TIMEOUT), 0);
	/* the summary counts the runs that gave a result */
	size_t nv;
	struct variant_summary *sum = series_summary(s, &nv);
	ck_assert_uint_eq(nv, 1);
	ck_assert_str_eq(sum[0].name, "a");
	ck_assert_int_eq(sum[0].runs, 4);
	ck_assert_int_eq(sum[0].wrong, 0);
	ck_assert_int_eq(sum[0].min, 1);
	ck_assert_int_eq(sum[0].max, 5);
	free(sum);
	series_free(s);
	assert_no_children();
}
END_TEST

START_TEST(timed_out_run_is_recorded)
{
	/* run 2 ignores SIGTERM and never ends: the limit kills it */
	struct series *s = flaky_series(3, 2, "hang", 300);
	ck_assert_int_eq(series_timeout_ms(s), 300);
	size_t n;
	const struct run_result *r = series_results(s, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0].status, RUN_OK);
	ck_assert_msg(r[1].status == RUN_TIMEOUT, "run 2: %s", report_status_name(r[1].status));
	ck_assert_int_eq(r[1].signal, SIGKILL);
	ck_assert_ptr_nonnull(strstr(r[1].error, "timed out"));
	ck_assert_int_eq(r[2].status, RUN_OK);
	ck_assert_int_eq(report_variant(&r[2], "a")->observed, 3);
	ck_assert_uint_eq(series_tally(s, RUN_TIMEOUT), 1);
	series_free(s);
	assert_no_children();
}
END_TEST

START_TEST(crashed_run_is_recorded)
{
	struct series *s = flaky_series(3, 1, "segv", 0);
	size_t n;
	const struct run_result *r = series_results(s, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0].status, RUN_CRASHED);
	ck_assert_int_eq(r[0].signal, SIGSEGV);
	ck_assert_int_eq(r[1].status, RUN_OK);
	ck_assert_int_eq(r[2].status, RUN_OK);
	series_free(s);
	assert_no_children();
}
END_TEST

START_TEST(default_limit_is_sixty_seconds)
{
	char *prog = child("flaky"), *count = counter_file();
	char *argv[] = {"flaky", count, "0", "exit", NULL};
	char *err = NULL;
	struct series *s = series_start(prog, argv, 1, NULL, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(series_timeout_ms(s), SERIES_TIMEOUT_MS);
	ck_assert_int_eq(SERIES_TIMEOUT_MS, 60000);
	series_follow(s, NULL, NULL, NULL);
	ck_assert_uint_eq(series_tally(s, RUN_OK), 1);
	series_free(s);
	unlink(count);
	free(count);
	free(prog);
	assert_no_children();
}
END_TEST

START_TEST(missing_program_stops_at_once)
{
	char *argv[] = {"nope", NULL};
	char *err = NULL;
	ck_assert_ptr_null(series_start("/nonexistent/nope", argv, 3, NULL, &err));
	ck_assert_msg(err && strstr(err, "No such file"), "err: %s", err ? err : "(null)");
	free(err);
	assert_no_children();
}
END_TEST

START_TEST(later_run_that_cannot_start_stops)
{
	/* a second name for the flaky child, which run 2 removes */
	char *prog = child("flaky"), *count = counter_file();
	char *copy = xasprintf("%s.%d", prog, (int)getpid());
	ck_assert_int_eq(link(prog, copy), 0);
	char *argv[] = {"flaky", count, "2", "remove", copy, NULL};
	char *err = NULL;
	struct series *s = series_start(copy, argv, 4, NULL, &err);
	ck_assert_ptr_nonnull(s);
	series_follow(s, NULL, NULL, NULL);
	ck_assert(series_done(s));
	ck_assert(!series_cancelled(s));
	size_t n;
	series_results(s, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(series_tally(s, RUN_OK), 2);
	ck_assert_msg(series_error(s) && strstr(series_error(s), "run 3 of 4 could not start: ") &&
		      strstr(series_error(s), "No such file"),
		      "error: %s", series_error(s) ? series_error(s) : "(none)");
	series_free(s);
	unlink(count);
	free(count);
	free(copy);
	free(prog);
	assert_no_children();
}
END_TEST

/* The lab's way: the caller's poll loop; cancel the first run of three. */
START_TEST(poll_loop_and_cancel)
{
	char *prog = child("hang");
	char *argv[] = {"hang", NULL};
	struct series_opts o = {.timeout_ms = 0, .grace_ms = 100};
	char *err = NULL;
	struct series *s = series_start(prog, argv, 3, &o, &err);
	ck_assert_ptr_nonnull(s);
	unsigned g0 = series_generation(s);
	/* wait for the hello of the first run */
	while (!series_live(s) || !series_live(s)->got_hello) {
		struct pollfd fds[4];
		int n = series_pollfds(s, fds, 4);
		ck_assert_int_gt(n, 0);
		poll(fds, (nfds_t)n, 1000);
		ck_assert(!series_service(s));
	}
	ck_assert_uint_gt(series_generation(s), g0);
	series_cancel(s);
	while (!series_service(s)) {
		struct pollfd fds[4];
		int n = series_pollfds(s, fds, 4);
		poll(fds, (nfds_t)n, series_wait_ms(s));
	}
	ck_assert(series_done(s));
	ck_assert(series_cancelled(s));
	ck_assert_ptr_null(series_live(s));
	size_t n;
	const struct run_result *r = series_results(s, &n);
	ck_assert_uint_eq(n, 1); /* no further run started */
	ck_assert_int_eq(r[0].status, RUN_CANCELLED);
	ck_assert_int_eq(series_pollfds(s, NULL, 0), 0);
	ck_assert_int_eq(series_wait_ms(s), -1);
	series_free(s);
	free(prog);
	assert_no_children();
}
END_TEST

struct told {
	int started, ended;
	size_t last_end;
	volatile sig_atomic_t *stop;
};

static void tell(void *arg, const struct series *s, size_t i, bool ended)
{
	struct told *t = arg;
	if (ended) {
		t->ended++;
		t->last_end = i;
		size_t n;
		series_results(s, &n);
		ck_assert_uint_gt(n, i);
	} else {
		ck_assert_int_eq((int)i, t->started);
		t->started++;
		if (t->stop && i == 1)
			*t->stop = 1; /* as a Ctrl-C during the second run would */
	}
}

START_TEST(follow_tells_each_run)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *prog = xasprintf("%s/build/lab/race_counter", root ? root : ".");
	char *argv[] = {"race_counter", "--json", "iters=1000", NULL};
	char *err = NULL;
	struct series *s = series_start(prog, argv, 3, NULL, &err);
	ck_assert_msg(s != NULL, "start: %s", err ? err : "");
	struct told t = {0};
	series_follow(s, NULL, tell, &t);
	ck_assert_int_eq(t.started, 3);
	ck_assert_int_eq(t.ended, 3);
	ck_assert_uint_eq(t.last_end, 2);
	ck_assert_uint_eq(series_tally(s, RUN_OK), 3);
	size_t nv;
	struct variant_summary *sum = series_summary(s, &nv);
	ck_assert_uint_eq(nv, 4);
	for (size_t i = 0; i < nv; i++)
		if (strcmp(sum[i].name, "mutex") == 0)
			ck_assert_int_eq(sum[i].wrong, 0);
	free(sum);
	ck_assert_int_gt(series_elapsed_ns(s), 0);
	series_free(s);
	free(prog);
	assert_no_children();
}
END_TEST

START_TEST(stop_flag_cancels)
{
	char *prog = child("hang");
	char *argv[] = {"hang", NULL};
	struct series_opts o = {.timeout_ms = 200, .grace_ms = 50};
	char *err = NULL;
	struct series *s = series_start(prog, argv, 5, &o, &err);
	ck_assert_ptr_nonnull(s);
	static volatile sig_atomic_t stop;
	stop = 0;
	struct told t = {.stop = &stop};
	series_follow(s, &stop, tell, &t);
	ck_assert(series_cancelled(s));
	size_t n;
	const struct run_result *r = series_results(s, &n);
	ck_assert_uint_eq(n, 2); /* the first timed out, the second was cancelled */
	ck_assert_int_eq(r[0].status, RUN_TIMEOUT);
	ck_assert_int_eq(r[1].status, RUN_CANCELLED);
	ck_assert_int_eq(t.started, 2);
	ck_assert_int_eq(t.ended, 2);
	series_free(s);
	free(prog);
	assert_no_children();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("series");
	TCase *tc = tcase_create("series");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parse_runs_bounds);
	tcase_add_test(tc, start_rejects_bad_k);
	tcase_add_test(tc, failed_run_in_the_middle_is_recorded);
	tcase_add_test(tc, timed_out_run_is_recorded);
	tcase_add_test(tc, crashed_run_is_recorded);
	tcase_add_test(tc, default_limit_is_sixty_seconds);
	tcase_add_test(tc, missing_program_stops_at_once);
	tcase_add_test(tc, later_run_that_cannot_start_stops);
	tcase_add_test(tc, poll_loop_and_cancel);
	tcase_add_test(tc, follow_tells_each_run);
	tcase_add_test(tc, stop_flag_cancels);
	suite_add_tcase(s, tc);
	return check_run(s);
}
