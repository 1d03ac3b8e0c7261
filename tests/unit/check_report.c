/*
 * check_report.c - the demo protocol parser: good runs, and every kind of
 * bad output (garbage, truncated JSON, unknown events, overlong lines,
 * missing end), each becoming a clear error rather than a crash.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/report.h"
#include "check_run.h"

#define HELLO "{\"event\":\"hello\",\"demo\":\"d\",\"protocol\":1,\"params\":{\"threads\":2},\"variants\":[\"unsafe\",\"mutex\"]}"
#define RES_U "{\"event\":\"result\",\"variant\":\"unsafe\",\"expected\":200,\"observed\":150,\"correct\":false,\"elapsed_ns\":1000,\"metrics\":{\"lost\":50,\"note\":\"x\"}}"
#define RES_M "{\"event\":\"result\",\"variant\":\"mutex\",\"expected\":200,\"observed\":200,\"correct\":true,\"elapsed_ns\":2000}"
#define END "{\"event\":\"end\"}"

static int feed(struct run_result *r, const char *line)
{
	return report_feed_line(r, line, strlen(line));
}

static int exited(int code) { return (code & 0xff) << 8; } /* a wait status */

START_TEST(good_run)
{
	struct run_result r;
	report_init(&r);
	ck_assert_int_eq(feed(&r, HELLO), 0);
	ck_assert_int_eq(feed(&r, "{\"event\":\"progress\",\"variant\":\"unsafe\",\"done\":5,\"total\":10}"), 0);
	ck_assert(!report_variant(&r, "unsafe")->has_value);
	ck_assert_int_eq(feed(&r, "{\"event\":\"progress\",\"variant\":\"mutex\",\"done\":3,\"total\":10,\"value\":5}"), 0);
	ck_assert(report_variant(&r, "mutex")->has_value);
	ck_assert_int_eq(report_variant(&r, "mutex")->value, 5);
	ck_assert_int_eq(feed(&r, "{\"event\":\"log\",\"variant\":\"mutex\",\"text\":\"hi\"}"), 0);
	ck_assert_int_eq(feed(&r, RES_U), 0);
	ck_assert_int_eq(feed(&r, RES_M), 0);
	ck_assert_int_eq(feed(&r, END), 0);
	report_finish(&r, exited(0), false, false);
	ck_assert_int_eq(r.status, RUN_OK);
	ck_assert_ptr_null(r.error);
	ck_assert_str_eq(r.demo, "d");
	ck_assert_uint_eq(r.nparams, 1);
	ck_assert_str_eq(r.param_keys[0], "threads");
	ck_assert_int_eq(r.param_values[0], 2);
	ck_assert_uint_eq(r.nvariants, 2);
	const struct variant_result *u = report_variant(&r, "unsafe");
	ck_assert_ptr_nonnull(u);
	ck_assert(!u->correct);
	ck_assert_int_eq(u->observed, 150);
	ck_assert_int_eq(u->done, 5);
	ck_assert_int_eq(u->total, 10);
	const struct metric *m = report_metric(u, "lost");
	ck_assert_ptr_nonnull(m);
	ck_assert(!m->is_text);
	ck_assert_double_eq(m->num, 50);
	ck_assert_str_eq(report_metric(u, "note")->text, "x");
	ck_assert(report_variant(&r, "mutex")->correct);
	ck_assert_uint_eq(r.nlogs, 1);
	ck_assert_str_eq(r.logs[0], "[mutex] hi");
	report_release(&r);
}
END_TEST

/* Feed lines, finish with exit 0, expect failure with `needle` in the error. */
static void expect_error(const char *const lines[], const char *needle)
{
	struct run_result r;
	report_init(&r);
	for (int i = 0; lines[i]; i++)
		feed(&r, lines[i]);
	report_finish(&r, exited(0), false, false);
	ck_assert_int_eq(r.status, RUN_FAILED);
	ck_assert_ptr_nonnull(r.error);
	ck_assert_msg(strstr(r.error, needle), "error '%s' lacks '%s'", r.error, needle);
	report_release(&r);
}

START_TEST(garbage_line)
{
	const char *lines[] = {HELLO, "Segmentation fault (core dumped)", RES_U, RES_M, END, NULL};
	expect_error(lines, "output line 2: not a JSON object");
}
END_TEST

START_TEST(truncated_json)
{
	const char *lines[] = {HELLO, "{\"event\":\"result\",\"variant\":\"unsa", NULL};
	expect_error(lines, "not a JSON object");
}
END_TEST

START_TEST(unknown_event)
{
	const char *lines[] = {HELLO, "{\"event\":\"explode\"}", RES_U, RES_M, END, NULL};
	expect_error(lines, "unknown event 'explode'");
}
END_TEST

START_TEST(missing_end)
{
	const char *lines[] = {HELLO, RES_U, RES_M, NULL};
	expect_error(lines, "without an 'end' event");
}
END_TEST

START_TEST(missing_result)
{
	const char *lines[] = {HELLO, RES_U, END, NULL};
	expect_error(lines, "no result for variant 'mutex'");
}
END_TEST

START_TEST(event_before_hello)
{
	const char *lines[] = {RES_U, HELLO, END, NULL};
	expect_error(lines, "'result' before 'hello'");
}
END_TEST

START_TEST(unannounced_variant)
{
	const char *lines[] = {HELLO, "{\"event\":\"result\",\"variant\":\"ghost\",\"correct\":true,\"elapsed_ns\":1}", NULL};
	expect_error(lines, "which 'hello' did not announce");
}
END_TEST

START_TEST(wrong_types)
{
	const char *lines[] = {HELLO, "{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":\"yes\",\"elapsed_ns\":1}", NULL};
	expect_error(lines, "needs correct and elapsed_ns");
}
END_TEST

/* Numbers are whole, within +-2^53, non-negative where a count or a time;
 * anything else is refused with the line and the member, and nothing is
 * kept from the refused event. */
START_TEST(bad_numbers)
{
	static const struct {
		const char *line, *member;
	} cases[] = {
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":true,\"elapsed_ns\":2.5}", "elapsed_ns"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":true,\"elapsed_ns\":-1}", "elapsed_ns"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":true,\"elapsed_ns\":1e999}", "elapsed_ns"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"expected\":\"7\",\"correct\":true,\"elapsed_ns\":1}", "expected"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"observed\":9007199254740994,\"correct\":true,\"elapsed_ns\":1}", "observed"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":true,\"elapsed_ns\":1,\"metrics\":{\"lost\":0.5}}", "lost"},
		{"{\"event\":\"result\",\"variant\":\"unsafe\",\"correct\":true,\"elapsed_ns\":1,\"metrics\":{\"x\":-1e300}}", "'x'"},
		{"{\"event\":\"progress\",\"variant\":\"unsafe\",\"done\":-5,\"total\":10}", "done"},
		{"{\"event\":\"progress\",\"variant\":\"unsafe\",\"done\":5,\"total\":1e19}", "total"},
		{"{\"event\":\"progress\",\"variant\":\"unsafe\",\"done\":5,\"total\":10,\"value\":\"7\"}", "value"},
		{"{\"event\":\"progress\",\"variant\":\"unsafe\",\"done\":5,\"total\":10,\"value\":0.5}", "value"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run_result r;
		report_init(&r);
		ck_assert_int_eq(feed(&r, HELLO), 0);
		ck_assert_msg(feed(&r, cases[i].line) == -1, "case %zu accepted", i);
		ck_assert_msg(r.error && strstr(r.error, "output line 2:") && strstr(r.error, cases[i].member),
			      "case %zu: error '%s'", i, r.error);
		const struct variant_result *v = report_variant(&r, "unsafe");
		ck_assert(!v->has_result && v->done == 0 && v->total == 0);
		report_release(&r);
	}
	/* a fractional protocol version or parameter is refused in hello */
	struct run_result r;
	report_init(&r);
	ck_assert_int_eq(feed(&r, "{\"event\":\"hello\",\"demo\":\"d\",\"protocol\":1.5,\"params\":{},\"variants\":[]}"), -1);
	ck_assert_msg(strstr(r.error, "output line 1:") && strstr(r.error, "protocol"), "%s", r.error);
	ck_assert(!r.got_hello);
	report_release(&r);
	/* null expected/observed are absent; the edges of the range are kept */
	report_init(&r);
	feed(&r, HELLO);
	ck_assert_int_eq(feed(&r, "{\"event\":\"result\",\"variant\":\"unsafe\",\"expected\":null,\"observed\":-9007199254740992,\"correct\":true,\"elapsed_ns\":9007199254740992}"), 0);
	const struct variant_result *v = report_variant(&r, "unsafe");
	ck_assert(!v->has_expected && v->has_observed);
	ck_assert_int_eq(v->observed, -9007199254740992LL);
	ck_assert_int_eq(v->elapsed_ns, 9007199254740992LL);
	report_release(&r);
}
END_TEST

START_TEST(overlong_line)
{
	struct run_result r;
	report_init(&r);
	size_t n = REPORT_MAX_LINE + 10;
	char *big = malloc(n);
	memset(big, 'x', n);
	ck_assert_int_eq(report_feed_line(&r, big, n), -1);
	ck_assert_ptr_nonnull(strstr(r.error, "limit"));
	free(big);
	report_release(&r);
}
END_TEST

START_TEST(crash_and_timeout)
{
	struct run_result r;
	report_init(&r);
	feed(&r, HELLO);
	report_finish(&r, SIGSEGV, false, false); /* WIFSIGNALED status */
	ck_assert_int_eq(r.status, RUN_CRASHED);
	ck_assert_ptr_nonnull(strstr(r.error, "SIGSEGV"));
	report_release(&r);

	report_init(&r);
	feed(&r, HELLO);
	report_finish(&r, SIGKILL, true, false);
	ck_assert_int_eq(r.status, RUN_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(r.error, "timed out"));
	report_release(&r);
}
END_TEST

START_TEST(lost_updates)
{
	struct run_result r;
	long long lost = -1;
	report_init(&r);
	feed(&r, HELLO);
	feed(&r, RES_U); /* has a "lost" metric of 50 */
	feed(&r, RES_M);
	ck_assert(report_lost(report_variant(&r, "unsafe"), &lost));
	ck_assert_int_eq(lost, 50);
	ck_assert(report_lost(report_variant(&r, "mutex"), &lost));
	ck_assert_int_eq(lost, 0);
	report_release(&r);

	/* observed above expected is not "lost": no figure at all */
	report_init(&r);
	feed(&r, HELLO);
	feed(&r, "{\"event\":\"result\",\"variant\":\"unsafe\",\"expected\":0,\"observed\":245,\"correct\":false,\"elapsed_ns\":1}");
	ck_assert(!report_lost(report_variant(&r, "unsafe"), &lost));
	report_release(&r);
}
END_TEST

START_TEST(copy_is_deep)
{
	struct run_result r, c;
	report_init(&r);
	feed(&r, HELLO);
	feed(&r, RES_U);
	report_copy(&c, &r);
	report_release(&r);
	ck_assert_str_eq(c.variants[0].name, "unsafe");
	ck_assert_str_eq(c.variants[0].metrics[1].text, "x");
	report_release(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("protocol");
	tcase_add_test(tc, good_run);
	tcase_add_test(tc, garbage_line);
	tcase_add_test(tc, truncated_json);
	tcase_add_test(tc, unknown_event);
	tcase_add_test(tc, missing_end);
	tcase_add_test(tc, missing_result);
	tcase_add_test(tc, event_before_hello);
	tcase_add_test(tc, unannounced_variant);
	tcase_add_test(tc, wrong_types);
	tcase_add_test(tc, overlong_line);
	tcase_add_test(tc, crash_and_timeout);
	tcase_add_test(tc, copy_is_deep);
	tcase_add_test(tc, lost_updates);
	tcase_add_test(tc, bad_numbers);
	suite_add_tcase(s, tc);
	return check_run(s);
}
