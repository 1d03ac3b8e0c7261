/*
 * check_runs_csv.c - a demo series as CSV (core/runs_csv): one row per run
 * and variant, RFC 4180 quoting, and a row for a run that never reported.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "core/runs_csv.h"
#include "core/util.h"
#include "check_run.h"

static void feed(struct run_result *r, const char *line)
{
	ck_assert_msg(report_feed_line(r, line, strlen(line)) == 0, "%s: %s", line,
		      r->error ? r->error : "");
}

/* A finished run of a two-variant demo whose text metric needs quoting. */
static void text_run(struct run_result *r, long long observed)
{
	report_init(r);
	feed(r, "{\"event\":\"hello\",\"demo\":\"t\",\"protocol\":1,\"params\":{\"n\":4},"
		"\"variants\":[\"a\",\"b\"]}");
	char *line = xasprintf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":4,"
			       "\"observed\":%lld,\"correct\":%s,\"elapsed_ns\":1500,"
			       "\"metrics\":{\"note\":\"x, \\\"y\\\"\",\"ok\":true}}",
			       observed, observed == 4 ? "true" : "false");
	feed(r, line);
	free(line);
	feed(r, "{\"event\":\"result\",\"variant\":\"b\",\"expected\":4,\"observed\":4,"
		"\"correct\":true,\"elapsed_ns\":900,\"metrics\":{\"ratio\":1.25}}");
	feed(r, "{\"event\":\"end\"}");
	report_finish(r, 0, false, false);
}

START_TEST(rows_per_run_and_variant_quoted)
{
	struct run_result runs[3];
	text_run(&runs[0], 3);
	text_run(&runs[1], 4);
	/* the third run timed out before it said anything */
	report_init(&runs[2]);
	report_finish(&runs[2], 9, true, false);
	const char *names[] = {"a", "b"};
	char *csv = runs_csv_format(runs, 3, names, 2);
	const char *want =
		"run,variant,status,correct,expected,observed,lost,elapsed_ns,error,note,ok,ratio\r\n"
		"1,a,ok,no,4,3,1,1500,,\"x, \"\"y\"\"\",yes,\r\n"
		"1,b,ok,yes,4,4,0,900,,,,1.25\r\n"
		"2,a,ok,yes,4,4,0,1500,,\"x, \"\"y\"\"\",yes,\r\n"
		"2,b,ok,yes,4,4,0,900,,,,1.25\r\n";
	ck_assert_msg(strncmp(csv, want, strlen(want)) == 0, "got:\n%s", csv);
	/* then one row per variant for the run that timed out, saying so */
	const char *rest = csv + strlen(want);
	ck_assert_msg(strncmp(rest, "3,a,timeout,,,,,,", 17) == 0, "got: %s", rest);
	ck_assert_ptr_nonnull(strstr(rest, "\r\n3,b,timeout,,,,,,"));
	ck_assert_int_eq(rest[strlen(rest) - 1], '\n');
	free(csv);
	for (int i = 0; i < 3; i++)
		report_release(&runs[i]);
}
END_TEST

START_TEST(metric_named_like_a_column_is_renamed)
{
	struct run_result r;
	report_init(&r);
	feed(&r, "{\"event\":\"hello\",\"demo\":\"t\",\"protocol\":1,\"params\":{},"
		 "\"variants\":[\"a\"]}");
	feed(&r, "{\"event\":\"result\",\"variant\":\"a\",\"expected\":4,\"observed\":2,"
		 "\"correct\":false,\"elapsed_ns\":1,\"metrics\":{\"lost\":2}}");
	feed(&r, "{\"event\":\"end\"}");
	report_finish(&r, 0, false, false);
	const char *names[] = {"a"};
	char *csv = runs_csv_format(&r, 1, names, 1);
	ck_assert_str_eq(csv, "run,variant,status,correct,expected,observed,lost,elapsed_ns,"
			      "error,metric_lost\r\n1,a,ok,no,4,2,2,1,,2\r\n");
	free(csv);
	report_release(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runs_csv");
	TCase *tc = tcase_create("csv");
	tcase_add_test(tc, rows_per_run_and_variant_quoted);
	tcase_add_test(tc, metric_named_like_a_column_is_renamed);
	suite_add_tcase(s, tc);
	return check_run(s);
}
