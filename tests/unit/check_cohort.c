/*
 * check_cohort.c - the class view: a progress export reads back as it was
 * written; bad files (truncated, foreign, binary, malformed inside) are
 * skipped with a reason naming what is wrong; files from different lockstep
 * versions merge into the union of their columns; the table fits its
 * width; CSV has one row per good file and quotes what it must; JSON
 * carries everything.
 */
#define _GNU_SOURCE
#include <cJSON.h>
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/cohort.h"
#include "core/exercise.h"
#include "core/progress.h"
#include "core/progress_export.h"
#include "core/util.h"
#include "check_run.h"

/* An export with lessons 1..nl (lesson k done when k <= done) and
 * exercises 1..nx (passed when k <= passed). */
static char *export_text(const char *name, int nl, int done, int nx, int passed,
			 const char *extra_lesson)
{
	struct sbuf sb = {0};
	sbuf_addf(&sb, "{\"format\":\"lockstep-progress\",\"format_version\":1,"
		       "\"lockstep\":\"0.1.0\",\"name\":\"%s\",\"exported\":\"2026-12-02T10:00:00Z\","
		       "\"last_activity\":\"2026-12-01T17:42:09Z\",\"lessons\":[", name);
	for (int k = 1; k <= nl; k++)
		sbuf_addf(&sb, "%s{\"number\":%d,\"id\":\"lesson-%02d\",\"done\":%s,"
			       "\"quiz_questions\":4,\"quiz_answered\":%d,\"quiz_right\":%d}",
			  k > 1 ? "," : "", k, k, k <= done ? "true" : "false", k <= done ? 4 : 0,
			  k <= done ? 3 : 0);
	if (extra_lesson)
		sbuf_addf(&sb, "%s%s", nl ? "," : "", extra_lesson);
	sbuf_adds(&sb, "],\"exercises\":[");
	for (int k = 1; k <= nx; k++)
		sbuf_addf(&sb, "%s{\"number\":%d,\"id\":\"%02d-ex\",\"passed\":%s}", k > 1 ? "," : "",
			  k, k, k <= passed ? "true" : "false");
	sbuf_adds(&sb, "]}\n");
	return sbuf_detach(&sb);
}

static int add(struct cohort *c, const char *file, const char *text, const char **why)
{
	return cohort_add_text(c, file, text, strlen(text), why);
}

START_TEST(good_export_reads_back)
{
	struct cohort c;
	cohort_init(&c);
	char *t = export_text("ana", 5, 2, 3, 1, NULL);
	const char *why = NULL;
	ck_assert_int_eq(add(&c, "ana.json", t, &why), 0);
	cohort_finish(&c);
	ck_assert_uint_eq(c.n, 1);
	const struct cohort_student *s = &c.v[0];
	ck_assert_str_eq(s->name, "ana");
	ck_assert_str_eq(s->file, "ana.json");
	ck_assert_str_eq(s->last_activity, "2026-12-01T17:42:09Z");
	ck_assert_int_eq(s->lessons_done, 2);
	ck_assert_int_eq(s->quiz_right, 6);
	ck_assert_int_eq(s->quiz_questions, 20);
	ck_assert_int_eq(s->exercises_passed, 1);
	ck_assert(!s->has_challenges);
	ck_assert_uint_eq(c.nlessons, 5);
	ck_assert_uint_eq(c.nexercises, 3);
	ck_assert_int_eq(c.lessons[0].count, 1);
	ck_assert_int_eq(c.lessons[4].count, 0);
	ck_assert(cohort_cell(&c, s, false, 1)->done);
	ck_assert(!cohort_cell(&c, s, false, 2)->done);
	ck_assert(cohort_cell(&c, s, true, 0)->done);
	ck_assert_ptr_null(cohort_cell(&c, s, true, 3)); /* out of range */
	free(t);
	cohort_release(&c);
}
END_TEST

/* Each bad text is skipped, the reason names what is wrong, and nothing
 * of it lands in the cohort. */
START_TEST(bad_files_are_skipped_with_a_reason)
{
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		const char *why;
	} bad[] = {
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"ana\",\"less", 0,
		 "not valid JSON"},
		{"{\"version\":1,\"done\":{\"processes\":true}}", 0, "not a lockstep progress export"},
		{"[1,2,3]", 0, "not a lockstep progress export"},
		{"\x7f" "ELF\x02\x01\x01\0\0\0junk", 14, "not text (a NUL byte at offset 7)"},
		{"\xff\xfe\x01garbage", 0, "not valid JSON"},
		{"", 0, "not valid JSON"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":2,\"name\":\"a\"}", 0,
		 "export format 2; this lockstep reads format 1"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"lessons\":[],"
		 "\"exercises\":[]}", 0, "no student \"name\""},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"a\","
		 "\"exercises\":[]}", 0, "no \"lessons\" list"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"a\",\"lessons\":"
		 "[{\"number\":1,\"id\":\"x\",\"done\":true,\"quiz_questions\":2,\"quiz_answered\":1,"
		 "\"quiz_right\":2}],\"exercises\":[]}", 0, "lessons[0]: not an entry"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"a\",\"lessons\":"
		 "[],\"exercises\":[{\"number\":1,\"id\":\"x\",\"passed\":true},{\"number\":2,"
		 "\"id\":\"x\",\"passed\":false}]}", 0, "exercises[1]: 'x' listed twice"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"a\",\"lessons\":"
		 "[],\"exercises\":[]} {}", 0, "something follows the document"},
		{"{\"format\":\"lockstep-progress\",\"format_version\":1,\"name\":\"a\",\"lessons\":"
		 "[],\"exercises\":[],\"challenges\":7}", 0, "\"challenges\" is not a list"},
	};
	struct cohort c;
	cohort_init(&c);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		char *file = xasprintf("bad-%zu.json", i);
		ck_assert_int_eq(cohort_add_text(&c, file, bad[i].text, len, &why), -1);
		ck_assert_msg(why && strstr(why, bad[i].why), "case %zu: got '%s', want '%s'", i,
			      why ? why : "(null)", bad[i].why);
		ck_assert_str_eq(c.skipped[i].file, file);
		free(file);
	}
	ck_assert_uint_eq(c.nskipped, sizeof bad / sizeof bad[0]);
	ck_assert_uint_eq(c.n, 0);
	cohort_release(&c);
}
END_TEST

/* An older lockstep with fewer lessons and a newer one with another: the
 * columns are the union in number order; the missing cell is NULL. */
START_TEST(versions_merge_into_the_union)
{
	struct cohort c;
	cohort_init(&c);
	const char *why;
	char *a = export_text("zed", 3, 3, 0, 0, NULL);
	char *b = export_text("amy", 2, 1, 2, 2,
			      "{\"number\":24,\"id\":\"lesson-new\",\"done\":true,\"quiz_questions\":0,"
			      "\"quiz_answered\":0,\"quiz_right\":0}");
	ck_assert_int_eq(add(&c, "z.json", a, &why), 0);
	ck_assert_int_eq(add(&c, "a.json", b, &why), 0);
	cohort_finish(&c);
	ck_assert_str_eq(c.v[0].name, "amy"); /* sorted by name */
	ck_assert_str_eq(c.v[1].name, "zed");
	ck_assert_uint_eq(c.nlessons, 4);
	ck_assert_str_eq(c.lessons[2].id, "lesson-03");
	ck_assert_str_eq(c.lessons[3].id, "lesson-new");
	ck_assert_int_eq(c.lessons[0].count, 2);
	ck_assert_int_eq(c.lessons[1].count, 1);
	ck_assert_int_eq(c.lessons[3].count, 1);
	ck_assert_ptr_null(cohort_cell(&c, &c.v[0], false, 2)); /* amy has no lesson-03 */
	ck_assert_ptr_null(cohort_cell(&c, &c.v[1], false, 3)); /* zed has no lesson-new */
	ck_assert_ptr_null(cohort_cell(&c, &c.v[1], true, 0));  /* nor any exercise */

	/* 40 columns: one character a cell. amy: lesson 1 done, 2 not, no 03,
	 * the new one done; both exercises passed */
	char *table = cohort_format_table(&c, 40, false);
	ck_assert_ptr_nonnull(strstr(table, "\namy     #.?# ##    2     3/8   2   -\n"));
	ck_assert_ptr_nonnull(strstr(table, "\nzed     ###? ??    3    9/12   0   -\n"));
	ck_assert_ptr_nonnull(strstr(table, "\ndone by 2111 11\n"));
	free(table);
	/* 80 columns: the quiz score in the cell, the last activity */
	table = cohort_format_table(&c, 80, false);
	ck_assert_ptr_nonnull(strstr(table, "\nstudent 01 02 03 24 01 02  les"));
	ck_assert_ptr_nonnull(strstr(table, "\namy     #3 .  ?  #  #  #     2     3/8   2   - "
					    "2026-12-01 17:42\n"));
	free(table);
	free(a);
	free(b);
	cohort_release(&c);
}
END_TEST

/* Display width of each line of s, the widest. */
static int widest_line(const char *s)
{
	int w = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		int t = util_text_width(s, n);
		w = t > w ? t : w;
		s += n + (s[n] == '\n');
	}
	return w;
}

START_TEST(table_fits_its_width)
{
	struct cohort c;
	cohort_init(&c);
	const char *why;
	for (int i = 0; i < 120; i++) {
		char name[64];
		snprintf(name, sizeof name, "student number %03d with a long name", i);
		char *t = export_text(name, 23, i % 24, 18, i % 19, NULL);
		ck_assert_int_eq(add(&c, name, t, &why), 0);
		free(t);
	}
	cohort_finish(&c);
	ck_assert_int_eq(c.lessons[0].count, 115); /* all but i % 24 == 0 */
	int widths[] = {80, 100, 132, 200};
	for (size_t k = 0; k < 4; k++) {
		char *t = cohort_format_table(&c, widths[k], true);
		ck_assert_msg(widest_line(t) <= widths[k], "width %d: a line of %d", widths[k],
			      widest_line(t));
		/* the counts go downwards: 115 for lesson 1 as 1, 1, 5 in its column */
		ck_assert_ptr_nonnull(strstr(t, "done by"));
		ck_assert_ptr_nonnull(strstr(t, "120 students."));
		ck_assert_int_eq(strstr(t, "last activity") != NULL, widths[k] >= 132);
		ck_assert_int_eq(strstr(t, "The digit after a mark") != NULL, widths[k] >= 200);
		free(t);
	}
	char *t = cohort_format_table(&c, 80, true);
	ck_assert_ptr_nonnull(strstr(t, "\nstudent num… ✓✓✓✓·"));
	/* lessons 1-4 were done by 115, 110, 105 and 100 students, lesson 5 by 95 */
	ck_assert_ptr_nonnull(strstr(t, "\ndone by      1111 "));
	ck_assert_ptr_nonnull(strstr(t, "\n             11009"));
	ck_assert_ptr_nonnull(strstr(t, "\n             50505"));
	free(t);
	cohort_release(&c);
}
END_TEST

START_TEST(csv_one_row_per_file_quoted)
{
	struct cohort c;
	cohort_init(&c);
	const char *why;
	char *a = export_text("Doe, \\\"Jo\\\"", 2, 1, 1, 1, NULL);
	char *b = export_text("=cmd()", 2, 2, 1, 0, NULL);
	char *d = export_text("tab\\there", 2, 0, 1, 0, NULL);
	ck_assert_int_eq(add(&c, "a.json", a, &why), 0);
	ck_assert_int_eq(add(&c, "b.json", b, &why), 0);
	ck_assert_int_eq(add(&c, "d.json", d, &why), 0);
	cohort_finish(&c);
	char *csv = cohort_format_csv(&c);
	int rows = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	ck_assert_int_eq(rows, 4);
	ck_assert_ptr_nonnull(strstr(csv, "\r\n\"'=cmd()\",b.json,0.1.0,2026-12-01T17:42:09Z,2,2,6,8,"
					  "0,1,,,1,1,0\r\n"));
	ck_assert_ptr_nonnull(strstr(csv, "\r\n\"Doe, \"\"Jo\"\"\",a.json,"));
	ck_assert_ptr_nonnull(strstr(csv, "\r\ntab?here,d.json")); /* control character */
	ck_assert_ptr_nonnull(strstr(csv, ",lesson-01,lesson-02,01-ex\r\n"));
	free(csv);
	free(a);
	free(b);
	free(d);
	cohort_release(&c);
}
END_TEST

START_TEST(json_carries_rows_and_skips)
{
	struct cohort c;
	cohort_init(&c);
	const char *why;
	char *a = export_text("ana", 2, 1, 1, 1, NULL);
	ck_assert_int_eq(add(&c, "a.json", a, &why), 0);
	ck_assert_int_eq(add(&c, "junk.json", "{", &why), -1);
	cohort_finish(&c);
	char *j = cohort_format_json(&c);
	cJSON *d = cJSON_Parse(j);
	ck_assert_ptr_nonnull(d);
	const cJSON *st = cJSON_GetObjectItem(d, "students");
	ck_assert_int_eq(cJSON_GetArraySize(st), 1);
	const cJSON *row = cJSON_GetArrayItem(st, 0);
	ck_assert_int_eq(cJSON_GetObjectItem(row, "lessons_done")->valueint, 1);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(row, "challenges_won")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(row, "exercises"), "01-ex")));
	const cJSON *sk = cJSON_GetObjectItem(d, "skipped");
	ck_assert_int_eq(cJSON_GetArraySize(sk), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(sk, 0), "file")->valuestring,
			 "junk.json");
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "lessons"), 0),
					     "done_by")->valueint, 1);
	cJSON_Delete(d);
	free(j);
	free(a);
	cohort_release(&c);
}
END_TEST

/* progress_export's output is what the cohort reads: done lessons, quiz
 * answers right, passed exercises and won challenges survive the trip. */
START_TEST(export_round_trip)
{
	char dir[] = "/tmp/lockstep-cohort-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xasprintf("%s/progress.json", dir), *warn = NULL, *err = NULL;
	struct progress *p = progress_load(path, &warn);
	progress_set_lesson_done(p, "threads", true);
	progress_set_answer(p, "threads", 0, 1, true);
	progress_set_answer(p, "threads", 2, 2, false);
	progress_set_exercise_passed(p, "02-atomic", true);
	progress_set_challenge_won(p, "lose-four", "AABB");
	ck_assert_int_eq(progress_save(p, &err), 0);
	progress_free(p);
	p = progress_load(path, &warn);
	ck_assert_ptr_null(warn);

	/* lesson 2 has three quiz questions (answers 1, 0, 0) and two challenges */
	struct quiz_question qs[] = {{.answer = 1}, {.answer = 0}, {.answer = 0}};
	struct block quiz = {.kind = BLK_QUIZ, .quiz = {qs, 3}};
	struct block ch1 = {.kind = BLK_CHALLENGE, .challenge = {.id = "lose-four"}};
	struct block ch2 = {.kind = BLK_CHALLENGE, .challenge = {.id = "deadlock-it"}};
	struct block *blocks[] = {&ch1, &quiz, &ch2};
	struct lesson threads = {.blocks = blocks, .nblocks = 3};
	struct catalog_entry lessons[] = {{.number = 1, .id = "processes"},
					  {.number = 2, .id = "threads", .lesson = &threads}};
	struct catalog cat = {.v = lessons, .n = 2};
	struct exercise xv[] = {{.number = 1, .id = "01-lost"}, {.number = 2, .id = "02-atomic"}};
	struct exercise_set xs = {.v = xv, .n = 2};
	struct progress_export_info info = {"Ana\x01", "9.9", 1764669600, 1764600000};
	char *e = progress_export(p, &cat, &xs, &info);
	progress_free(p);
	ck_assert_ptr_nonnull(strstr(e, "\"last_activity\":\t\"2025-12-01T14:40:00Z\""));

	struct cohort c;
	cohort_init(&c);
	const char *why = NULL;
	ck_assert_msg(add(&c, "ana.json", e, &why) == 0, "%s", why);
	cohort_finish(&c);
	const struct cohort_student *s = &c.v[0];
	ck_assert_str_eq(s->name, "Ana?");
	ck_assert_str_eq(s->version, "9.9");
	ck_assert_str_eq(s->last_activity, "2025-12-01T14:40:00Z");
	ck_assert_int_eq(s->lessons_done, 1);
	ck_assert(!cohort_cell(&c, s, false, 0)->done);
	const struct cohort_entry *t = cohort_cell(&c, s, false, 1);
	ck_assert(t->done);
	ck_assert_int_eq(t->questions, 3);
	ck_assert_int_eq(t->answered, 2);
	ck_assert_int_eq(t->right, 1);
	ck_assert_int_eq(s->exercises_passed, 1);
	ck_assert(cohort_cell(&c, s, true, 1)->done);
	ck_assert(s->has_challenges);
	ck_assert_int_eq(s->challenges, 2);
	ck_assert_int_eq(s->challenges_won, 1);
	char *table = cohort_format_table(&c, 80, true);
	ck_assert_ptr_nonnull(strstr(table, "\nQuiz answers right the first time: 1 of 3. "
					    "Challenges won: 1 of 2.\n"));
	free(table);
	cohort_release(&c);
	free(e);

	/* lessons without challenges: an empty list, 0 of 0 won */
	p = progress_load(path, &warn);
	e = progress_export(p, NULL, NULL, &info);
	progress_free(p);
	cohort_init(&c);
	ck_assert_int_eq(add(&c, "none.json", e, &why), 0);
	ck_assert(c.v[0].has_challenges);
	ck_assert_int_eq(c.v[0].challenges, 0);
	ck_assert_uint_eq(c.v[0].nlessons, 0);
	cohort_release(&c);
	free(e);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(path);
}
END_TEST

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8"); /* display widths of ✓ and … */
	Suite *s = suite_create("cohort");
	TCase *tc = tcase_create("cohort");
	tcase_add_test(tc, good_export_reads_back);
	tcase_add_test(tc, bad_files_are_skipped_with_a_reason);
	tcase_add_test(tc, versions_merge_into_the_union);
	tcase_add_test(tc, table_fits_its_width);
	tcase_add_test(tc, csv_one_row_per_file_quoted);
	tcase_add_test(tc, json_carries_rows_and_skips);
	tcase_add_test(tc, export_round_trip);
	suite_add_tcase(s, tc);
	return check_run(s);
}
