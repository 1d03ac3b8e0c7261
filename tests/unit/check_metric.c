/*
 * check_metric.c - demo numbers formatted by kind (core/metric), claims
 * checked on results (core/claim), the declaration read from `hello`
 * (core/report), and /proc/stat parsed for the busy-machine figure
 * (core/machine).
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/claim.h"
#include "core/machine.h"
#include "core/metric.h"
#include "core/report.h"
#include "core/summary.h"
#include "core/util.h"
#include "check_run.h"

/* Format and compare, freeing the result. */
static void expect(enum metric_kind k, const char *unit, double num, const char *text, int width,
		   const char *want)
{
	char *got = metric_format(k, unit, num, text, width);
	ck_assert_msg(strcmp(got, want) == 0, "kind %d %g width %d: got '%s', want '%s'", k, num,
		      width, got, want);
	free(got);
}

START_TEST(counts_group_then_shorten_visibly)
{
	expect(MK_COUNT, NULL, 100000000, NULL, 0, "100,000,000");
	expect(MK_COUNT, NULL, 100000000, NULL, 11, "100,000,000");
	expect(MK_COUNT, NULL, 100000000, NULL, 10, "100.0M");
	expect(MK_COUNT, NULL, 2560000, NULL, 6, "2.6M");
	expect(MK_COUNT, NULL, 999, NULL, 3, "999");
	expect(MK_COUNT, NULL, 0, NULL, 0, "0");
	expect(MK_COUNT, NULL, -1234, NULL, 0, "-1,234");
	expect(MK_COUNT, NULL, 123456789012.0, NULL, 5, "123G");
	expect(MK_COUNT, "bytes", 4096, NULL, 0, "4,096 bytes");
	/* never a cut number: whatever the width, the leading digits survive
	 * with their prefix */
	char *s = metric_count(100000000, 4);
	ck_assert_str_eq(s, "100M");
	free(s);
}
END_TEST

START_TEST(durations_in_one_style)
{
	expect(MK_DURATION, "ns", 812, NULL, 0, "812 ns");
	expect(MK_DURATION, "ns", 4.9, NULL, 0, "4.9 ns");
	expect(MK_DURATION, "ns", 25257200, NULL, 0, "25.26 ms");
	expect(MK_DURATION, "ms", 3.5, NULL, 0, "3.50 ms");
	expect(MK_DURATION, "us", 12, NULL, 0, "12.0 us");
	expect(MK_DURATION, "s", 2, NULL, 0, "2.00 s");
}
END_TEST

START_TEST(booleans_rates_ratios_text)
{
	expect(MK_YESNO, NULL, 1, NULL, 0, "yes");
	expect(MK_YESNO, NULL, 0, NULL, 0, "no");
	expect(MK_YESNO, NULL, 0, "yes", 0, "yes");
	expect(MK_YESNO, NULL, 0, "no", 0, "no");
	expect(MK_RATE, "req/s", 65820, NULL, 0, "65.8k req/s");
	expect(MK_RATIO, "x", 1.934, NULL, 0, "1.93x");
	expect(MK_RATIO, NULL, 0.48, NULL, 0, "0.48");
	expect(MK_NUMBER, NULL, 65820.4, NULL, 0, "65,820"); /* never 6.582e+04 */
	expect(MK_TEXT, NULL, 0, "0 1 127", 0, "0 1 127");
	expect(MK_TEXT, NULL, 16726, NULL, 0, "16726"); /* a pid: no separators */
	expect(MK_TEXT, NULL, 0, "abcdefgh", 5, "abcd…");
}
END_TEST

/* A run whose hello declares rows, kinds and a claim; then two results. */
static void feed(struct run_result *r, const char *line)
{
	ck_assert_msg(report_feed_line(r, line, strlen(line)) == 0, "%s: %s", line,
		      r->error ? r->error : "");
}

static void declared_run(struct run_result *r, double nogil)
{
	report_init(r);
	feed(r, "{\"event\":\"hello\",\"demo\":\"gil\",\"protocol\":1,\"params\":{},"
		"\"variants\":[\"one\",\"nogil\"],\"rows\":[\"observed\"],"
		"\"metrics\":[{\"key\":\"same\",\"kind\":\"yesno\",\"unit\":\"\"},"
		"{\"key\":\"speedup\",\"kind\":\"ratio\",\"unit\":\"x\"}],"
		"\"claims\":[{\"variant\":\"nogil\",\"metric\":\"speedup\",\"op\":\">=\",\"factor\":1.7},"
		"{\"variant\":\"nogil\",\"metric\":\"time\",\"op\":\"<=\",\"factor\":0.6,"
		"\"against\":\"one\"}]}");
	feed(r, "{\"event\":\"result\",\"variant\":\"one\",\"expected\":5,\"observed\":5,"
		"\"correct\":true,\"elapsed_ns\":100000000,\"metrics\":{\"same\":1,\"speedup\":1}}");
	char *line = xasprintf("{\"event\":\"result\",\"variant\":\"nogil\",\"expected\":5,"
			       "\"observed\":5,\"correct\":true,\"elapsed_ns\":%lld,"
			       "\"metrics\":{\"same\":0,\"speedup\":%g}}",
			       (long long)(1e8 / nogil), nogil);
	feed(r, line);
	free(line);
	feed(r, "{\"event\":\"end\"}");
	report_finish(r, 0, false, false);
}

START_TEST(declaration_rows_kinds_and_claims)
{
	struct run_result r;
	declared_run(&r, 1.93);
	ck_assert_int_eq(r.status, RUN_OK);
	ck_assert(r.has_rows);
	ck_assert(!report_row_wanted(&r, REPORT_ROW_EXPECTED));
	ck_assert(report_row_wanted(&r, REPORT_ROW_OBSERVED));
	ck_assert_uint_eq(r.nclaims, 2);
	struct claim_check k = claim_check(&r, &r.claims[0]);
	ck_assert(k.known && k.held);
	ck_assert(k.figure > 1.92 && k.figure < 1.94);
	k = claim_check(&r, &r.claims[1]);
	ck_assert(k.known && k.held); /* 1/1.93 = 0.52 of one's time */
	char *t = claim_text(&r.claims[1], true);
	ck_assert_str_eq(t, "nogil time ≤ 0.6× one");
	free(t);
	/* the table: yes/no, no expected row, the claim's verdict */
	char *table = summary_format_run(&r, 80, false);
	ck_assert_msg(strstr(table, "same") && strstr(table, "yes") && strstr(table, " no"), "%s",
		      table);
	ck_assert_msg(!strstr(table, "expected"), "%s", table);
	ck_assert_msg(strstr(table, "ok held: nogil speedup >= 1.7 (1.93)"), "%s", table);
	free(table);
	/* a copy keeps the declaration */
	struct run_result c;
	report_copy(&c, &r);
	ck_assert_uint_eq(c.ndecls, 2);
	ck_assert_int_eq(report_decl(&c, "same")->kind, MK_YESNO);
	report_release(&c);
	report_release(&r);

	declared_run(&r, 1.1);
	k = claim_check(&r, &r.claims[0]);
	ck_assert(k.known && !k.held);
	table = summary_format_run(&r, 80, false);
	ck_assert_msg(strstr(table, "NO did not hold: nogil speedup >= 1.7 (1.10)"), "%s", table);
	free(table);
	report_release(&r);
}
END_TEST

START_TEST(bad_declarations_are_named)
{
	struct run_result r;
	report_init(&r);
	const char *line = "{\"event\":\"hello\",\"demo\":\"x\",\"protocol\":1,\"params\":{},"
			   "\"variants\":[],\"claims\":[{\"variant\":\"a\",\"metric\":\"b\","
			   "\"op\":\"==\",\"factor\":1}]}";
	ck_assert_int_eq(report_feed_line(&r, line, strlen(line)), -1);
	ck_assert_msg(strstr(r.error, "op (>= or <=)"), "%s", r.error);
	report_release(&r);
	report_init(&r);
	line = "{\"event\":\"hello\",\"demo\":\"x\",\"protocol\":1,\"params\":{},"
	       "\"variants\":[],\"metrics\":[{\"key\":\"a\",\"kind\":\"weight\"}]}";
	ck_assert_int_eq(report_feed_line(&r, line, strlen(line)), -1);
	ck_assert_msg(strstr(r.error, "known kind"), "%s", r.error);
	report_release(&r);
}
END_TEST

START_TEST(busy_machine_text)
{
	struct run_result r;
	report_init(&r);
	ck_assert_ptr_null(claim_busy_text(&r, true)); /* not measured: nothing said */
	r.load_known = true;
	r.ncpu = 2;
	r.others_cores = 0.05;
	ck_assert_ptr_null(claim_busy_text(&r, true));
	r.others_cores = 0.93;
	char *t = claim_busy_text(&r, true);
	ck_assert_str_eq(t, "busy machine: others used 0.9 of 2 cores during this run — "
			    "timing contrasts are unreliable");
	free(t);
	report_release(&r);
}
END_TEST

START_TEST(proc_stat_parsed)
{
	unsigned long long busy, total;
	ck_assert(machine_parse_stat("cpu  10 2 3 100 5 1 1 0 0 0\ncpu0 1 2 3 4\n", &busy, &total));
	ck_assert_uint_eq(busy, 17);
	ck_assert_uint_eq(total, 122);
	ck_assert(!machine_parse_stat("cpu0 1 2 3 4\n", &busy, &total));
	ck_assert(!machine_parse_stat("cpu  1 2\n", &busy, &total));
	/* a real window: a figure between 0 and the CPU count */
	struct machine_mark m;
	machine_begin(&m);
	double others;
	int ncpu;
	if (machine_end(&m, &others, &ncpu))
		ck_assert(others >= 0 && others <= ncpu + 0.5);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metric");
	TCase *tc = tcase_create("format");
	tcase_add_test(tc, counts_group_then_shorten_visibly);
	tcase_add_test(tc, durations_in_one_style);
	tcase_add_test(tc, booleans_rates_ratios_text);
	tcase_add_test(tc, declaration_rows_kinds_and_claims);
	tcase_add_test(tc, bad_declarations_are_named);
	tcase_add_test(tc, busy_machine_text);
	tcase_add_test(tc, proc_stat_parsed);
	suite_add_tcase(s, tc);
	return check_run(s);
}
