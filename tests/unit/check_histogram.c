/*
 * check_histogram.c - observed values bucketed and drawn as text lines
 * (core/histogram): exact buckets for few values, round equal-width buckets
 * otherwise, and lines that fit the column and add up to the runs.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/histogram.h"
#include "core/report.h"
#include "core/util.h"
#include "check_run.h"

/* Display columns of a UTF-8 line (every character here is one column). */
static int columns(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The number a line ends with (the bucket's count). */
static int last_number(const char *s)
{
	const char *e = s + strlen(s);
	while (e > s && e[-1] >= '0' && e[-1] <= '9')
		e--;
	return atoi(e);
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

START_TEST(few_values_get_a_bucket_each)
{
	const long long v[] = {3, 2, 4, 2, 3, 2};
	struct histogram h;
	histogram_build(v, 6, &h);
	ck_assert(h.exact);
	ck_assert_int_eq(h.total, 6);
	ck_assert_uint_eq(h.n, 3);
	const long long want_v[] = {2, 3, 4};
	const int want_c[] = {3, 2, 1};
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(h.buckets[i].lo, want_v[i]);
		ck_assert_int_eq(h.buckets[i].hi, want_v[i]);
		ck_assert_int_eq(h.buckets[i].count, want_c[i]);
	}
	histogram_release(&h);
	histogram_build(NULL, 0, &h);
	ck_assert_uint_eq(h.n, 0);
	ck_assert_int_eq(h.total, 0);
	histogram_release(&h);
}
END_TEST

START_TEST(many_values_get_round_equal_buckets)
{
	/* 0..99: width 10 would need 10 buckets, 20 needs 5 of 20 values each */
	long long v[100];
	for (int i = 0; i < 100; i++)
		v[i] = 99 - i;
	struct histogram h;
	histogram_build(v, 100, &h);
	ck_assert(!h.exact);
	ck_assert_uint_eq(h.n, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(h.buckets[i].lo, 20 * (long long)i);
		ck_assert_int_eq(h.buckets[i].hi, 20 * (long long)i + 19);
		ck_assert_int_eq(h.buckets[i].count, 20);
	}
	histogram_release(&h);
	/* -15..15 in buckets of 5 starting at multiples of 5: seven, the last
	 * holds only 15 */
	long long w[31];
	for (int i = 0; i < 31; i++)
		w[i] = i - 15;
	histogram_build(w, 31, &h);
	ck_assert_uint_eq(h.n, 7);
	ck_assert_int_eq(h.buckets[0].lo, -15);
	ck_assert_int_eq(h.buckets[0].hi, -11);
	ck_assert_int_eq(h.buckets[6].lo, 15);
	ck_assert_int_eq(h.buckets[6].count, 1);
	for (size_t i = 0; i < 6; i++)
		ck_assert_int_eq(h.buckets[i].count, 5);
	histogram_release(&h);
}
END_TEST

/* Pseudo-random values (a fixed LCG): every value in exactly one bucket,
 * buckets contiguous, widths 1/2/5 x 10^k, at most HIST_BUCKETS_MAX. */
START_TEST(buckets_cover_every_value_once)
{
	unsigned long long x = 12345;
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + (size_t)(round * 7 % 300);
		long long *v = xcalloc(n, sizeof *v);
		long long span = 1 + (long long)(round % 9) * 123457 * (round % 4 + 1);
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			v[i] = (long long)((x >> 20) % (unsigned long long)span) - span / 3 +
			       1254205;
		}
		struct histogram h;
		histogram_build(v, n, &h);
		ck_assert_int_eq(h.total, (int)n);
		ck_assert(h.n >= 1 && h.n <= HIST_BUCKETS_MAX);
		int sum = 0;
		for (size_t b = 0; b < h.n; b++) {
			sum += h.buckets[b].count;
			if (b > 0 && !h.exact)
				ck_assert_int_eq(h.buckets[b].lo, h.buckets[b - 1].hi + 1);
			if (b > 0)
				ck_assert_int_gt(h.buckets[b].lo, h.buckets[b - 1].hi);
			if (!h.exact) {
				long long width = h.buckets[b].hi - h.buckets[b].lo + 1, m = width;
				while (m % 10 == 0)
					m /= 10;
				ck_assert_msg(m == 1 || m == 2 || m == 5, "width %lld", width);
				ck_assert_int_eq(h.buckets[b].lo % width, 0);
			}
			int in = 0;
			for (size_t i = 0; i < n; i++)
				in += v[i] >= h.buckets[b].lo && v[i] <= h.buckets[b].hi;
			ck_assert_int_eq(in, h.buckets[b].count);
		}
		ck_assert_int_eq(sum, (int)n);
		histogram_release(&h);
		free(v);
	}
}
END_TEST

START_TEST(one_line_a_bucket_when_it_fits)
{
	const long long v[] = {3, 2, 4, 2, 3, 2};
	struct histogram h;
	histogram_build(v, 6, &h);
	size_t n;
	char **lines = histogram_format(&h, 12, false, &n);
	/* label, bar of 8 scaled to the largest count (3): 8, 16/3, 8/3 rounded */
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(lines[0], "2 ######## 3");
	ck_assert_str_eq(lines[1], "3 #####    2");
	ck_assert_str_eq(lines[2], "4 ###      1");
	free_lines(lines, n);
	/* unicode: eighths; 2 of 3 in 8 columns is 5 and 3/8 */
	lines = histogram_format(&h, 12, true, &n);
	ck_assert_str_eq(lines[1], "3 █████▍   2");
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(columns(lines[i]), 12);
	free_lines(lines, n);
	histogram_release(&h);
}
END_TEST

START_TEST(narrow_columns_stack_and_shorten)
{
	long long v[40];
	for (int i = 0; i < 40; i++)
		v[i] = 1200000 + (long long)i * 20000; /* 1.2M .. 1.98M */
	struct histogram h;
	histogram_build(v, 40, &h);
	size_t n;
	/* wide: whole numbers */
	char **lines = histogram_format(&h, 40, true, &n);
	ck_assert_uint_eq(n, h.n);
	ck_assert_msg(strncmp(lines[0], "1,200,000-1,299,999 ", 20) == 0, "%s", lines[0]);
	free_lines(lines, n);
	/* 16 columns: shortened to fit on one line with a bar of 4 */
	lines = histogram_format(&h, 16, false, &n);
	ck_assert_uint_eq(n, h.n);
	ck_assert_str_eq(lines[0], "1.2M-1.3M #### 5");
	free_lines(lines, n);
	/* 13: two lines a bucket, the count ends the first */
	lines = histogram_format(&h, 13, false, &n);
	ck_assert_uint_eq(n, 2 * h.n);
	ck_assert_msg(strncmp(lines[0], "1.2M-1.3M", 9) == 0, "%s", lines[0]);
	int sum = 0;
	for (size_t i = 0; i < n; i += 2) {
		ck_assert_int_le(columns(lines[i]), 13);
		ck_assert_int_le(columns(lines[i + 1]), 13);
		ck_assert_ptr_null(strchr(lines[i], '#'));
		ck_assert_ptr_nonnull(strchr(lines[i + 1], '#'));
		sum += last_number(lines[i]);
	}
	ck_assert_int_eq(sum, 40);
	free_lines(lines, n);
	histogram_release(&h);
}
END_TEST

START_TEST(a_small_count_still_shows_a_mark)
{
	long long v[1001];
	for (int i = 0; i < 1000; i++)
		v[i] = 7;
	v[1000] = 9;
	struct histogram h;
	histogram_build(v, 1001, &h);
	size_t n;
	char **lines = histogram_format(&h, 12, true, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_msg(strstr(lines[1], "▏") != NULL, "%s", lines[1]);
	ck_assert_int_eq(last_number(lines[0]) + last_number(lines[1]), 1001);
	free_lines(lines, n);
	histogram_release(&h);
}
END_TEST

START_TEST(on_one_line)
{
	const long long v[] = {2000000, 2000000, 1999998};
	struct histogram h;
	histogram_build(v, 3, &h);
	char *s = histogram_format_inline(&h, " -> ");
	ck_assert_str_eq(s, "1,999,998 -> 1, 2,000,000 -> 2");
	free(s);
	histogram_release(&h);
	long long w[40];
	for (int i = 0; i < 40; i++)
		w[i] = 1200000 + (long long)i * 20000;
	histogram_build(w, 40, &h);
	s = histogram_format_inline(&h, " → ");
	ck_assert_msg(strncmp(s, "1.2M-1.3M → 5, 1.3M-1.4M → 5, ", 30) == 0, "%s", s);
	free(s);
	histogram_release(&h);
	histogram_build(NULL, 0, &h);
	s = histogram_format_inline(&h, "->");
	ck_assert_str_eq(s, "");
	free(s);
	histogram_release(&h);
}
END_TEST

static void feed(struct run_result *r, const char *line)
{
	ck_assert_msg(report_feed_line(r, line, strlen(line)) == 0, "%s", line);
}

START_TEST(a_variants_values_over_runs)
{
	struct run_result runs[3];
	const char *obs[] = {"3", "4", "null"};
	for (int i = 0; i < 3; i++) {
		report_init(&runs[i]);
		feed(&runs[i], "{\"event\":\"hello\",\"demo\":\"t\",\"protocol\":1,\"params\":{},"
			       "\"variants\":[\"a\"]}");
		if (i < 2) {
			char *l = xasprintf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":4,"
					    "\"observed\":%s,\"correct\":false,\"elapsed_ns\":1}",
					    obs[i]);
			feed(&runs[i], l);
			free(l);
		}
		feed(&runs[i], "{\"event\":\"end\"}");
		report_finish(&runs[i], 0, false, false);
	}
	struct histogram h;
	histogram_of_variant(runs, 3, "a", &h);
	ck_assert_int_eq(h.total, 2); /* the third run has no result */
	ck_assert_uint_eq(h.n, 2);
	histogram_release(&h);
	histogram_of_variant(runs, 3, "nope", &h);
	ck_assert_int_eq(h.total, 0);
	histogram_release(&h);
	for (int i = 0; i < 3; i++)
		report_release(&runs[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("histogram");
	TCase *tc = tcase_create("histogram");
	tcase_add_test(tc, few_values_get_a_bucket_each);
	tcase_add_test(tc, many_values_get_round_equal_buckets);
	tcase_add_test(tc, buckets_cover_every_value_once);
	tcase_add_test(tc, one_line_a_bucket_when_it_fits);
	tcase_add_test(tc, narrow_columns_stack_and_shorten);
	tcase_add_test(tc, a_small_count_still_shows_a_mark);
	tcase_add_test(tc, a_variants_values_over_runs);
	tcase_add_test(tc, on_one_line);
	suite_add_tcase(s, tc);
	return check_run(s);
}
