/*
 * cohort_format.c - a cohort (core/cohort) laid out for people and for
 * programs: a table that fits the terminal, CSV and JSON.
 *
 * The table has one row per student, one cell per lesson and exercise, the
 * student's totals at the right, then a "done by" row counting the students
 * per column and a summary line. It takes the richest layout that fits:
 * four-character cells with the quiz score and the last activity on wide
 * terminals, one-character cells with the numbers written downwards at 80
 * columns.
 */
#include "core/cohort.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ------------------------------------------------------------ table */

struct layout {
	int name_w;     /* display columns for the name */
	int cell_w;     /* 1, or 3 (two characters and a space) */
	bool gaps;      /* one-character cells: a space after every fifth */
	bool last;      /* a "last activity" column */
};

#define TOTALS_W 19  /* " les    quiz  ex won" minus its first space */
#define LAST_W 16    /* "2026-12-01 17:42" */

static int cells_width(const struct layout *l, size_t n)
{
	if (n == 0)
		return 0;
	if (l->cell_w == 1)
		return (int)n + (l->gaps ? (int)(n - 1) / 5 : 0);
	return (int)n * 3 - 1;
}

static int table_width(const struct cohort *c, const struct layout *l)
{
	return l->name_w + 1 + cells_width(l, c->nlessons) + 1 + cells_width(l, c->nexercises) +
	       1 + TOTALS_W + (l->last ? 1 + LAST_W : 0);
}

/* The widest name, within [lo, hi]. */
static int name_width(const struct cohort *c, int lo, int hi)
{
	int w = lo;
	for (size_t i = 0; i < c->n; i++) {
		int t = util_text_width(c->v[i].name, strlen(c->v[i].name));
		w = t > w ? t : w;
	}
	return w < hi ? w : hi;
}

/* The richest layout that fits `width`; the narrowest one otherwise. */
static struct layout choose_layout(const struct cohort *c, int width)
{
	const struct layout tries[] = {
		{name_width(c, 7, 24), 3, false, true},
		{name_width(c, 7, 20), 1, true, true},
		{name_width(c, 7, 16), 1, true, false},
		{name_width(c, 7, 12), 1, false, false},
	};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
		if (table_width(c, &tries[i]) <= width)
			return tries[i];
	struct layout l = tries[3];
	l.name_w = 7;
	return l;
}

/* s padded or cut (with a mark) to exactly w display columns. */
static void add_fit(struct sbuf *sb, const char *s, int w, bool unicode)
{
	size_t n = strlen(s);
	int tw = util_text_width(s, n);
	if (tw <= w) {
		sbuf_adds(sb, s);
		for (int i = tw; i < w; i++)
			sbuf_addc(sb, ' ');
		return;
	}
	size_t cut = util_fit_width(s, n, w - 1);
	sbuf_add(sb, s, cut);
	sbuf_adds(sb, unicode ? "…" : "~");
	for (int i = util_text_width(s, cut) + 1; i < w; i++)
		sbuf_addc(sb, ' ');
}

static void add_spaces(struct sbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		sbuf_addc(sb, ' ');
}

/* Before cell i of a group of one-character cells: the gap, if any. */
static void cell_sep(struct sbuf *sb, const struct layout *l, size_t i)
{
	if (i > 0 && (l->cell_w == 3 || (l->gaps && i % 5 == 0)))
		sbuf_addc(sb, ' ');
}

/* One group's header row: the number ("07"), or in one-character cells
 * its tens digit (`row` 0, blank below 10) then its units (`row` 1). */
static void header_cells(struct sbuf *sb, const struct layout *l,
			 const struct cohort_column *cols, size_t n, int row)
{
	for (size_t i = 0; i < n; i++) {
		cell_sep(sb, l, i);
		int num = cols[i].number % 100;
		if (l->cell_w == 3)
			sbuf_addf(sb, "%02d", num);
		else if (row == 0)
			sbuf_addc(sb, num < 10 ? ' ' : (char)('0' + num / 10));
		else
			sbuf_addc(sb, (char)('0' + num % 10));
	}
}

/* A student's cell for one lesson or exercise. */
static void add_cell(struct sbuf *sb, const struct layout *l, const struct cohort_entry *e,
		     bool unicode)
{
	const char *done = unicode ? "✓" : "#", *none = unicode ? "·" : ".";
	const char *mark = !e ? "?" : e->done ? done : e->answered > 0 ? "+" : none;
	sbuf_adds(sb, mark);
	if (l->cell_w == 3) {
		if (e && e->questions > 0 && (e->done || e->answered > 0) && e->right < 10)
			sbuf_addf(sb, "%d", e->right);
		else
			sbuf_addc(sb, ' ');
	}
}

static void add_row_cells(struct sbuf *sb, const struct cohort *c, const struct layout *l,
			  const struct cohort_student *s, bool exercise, bool unicode)
{
	size_t n = exercise ? c->nexercises : c->nlessons;
	for (size_t i = 0; i < n; i++) {
		cell_sep(sb, l, i);
		add_cell(sb, l, cohort_cell(c, s, exercise, i), unicode);
	}
}

/* The "done by" counts, written downwards: `row` is the power of ten
 * shown (0 units, 1 tens, ...); a leading zero is blank. */
static void count_cells(struct sbuf *sb, const struct layout *l,
			const struct cohort_column *cols, size_t n, int row)
{
	int div = 1;
	for (int r = 0; r < row; r++)
		div *= 10;
	for (size_t i = 0; i < n; i++) {
		cell_sep(sb, l, i);
		int k = cols[i].count;
		sbuf_addc(sb, k < div && row > 0 ? ' ' : (char)('0' + (k / div) % 10));
		if (l->cell_w == 3)
			sbuf_addc(sb, ' ');
	}
}

/* "2026-12-01T17:42:09Z" as "2026-12-01 17:42". */
static void add_last(struct sbuf *sb, const char *t)
{
	char buf[LAST_W + 1];
	if (!t || strlen(t) < 16) {
		sbuf_addf(sb, " %-*s", LAST_W, t ? t : "unknown");
		return;
	}
	memcpy(buf, t, LAST_W);
	buf[LAST_W] = '\0';
	buf[10] = buf[10] == 'T' ? ' ' : buf[10];
	sbuf_addf(sb, " %s", buf);
}

static int digits(size_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Drop the spaces at the ends of the lines of s, in place. */
static char *trim_lines(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		size_t n = strcspn(r, "\n");
		size_t keep = n;
		while (keep > 0 && r[keep - 1] == ' ')
			keep--;
		memmove(w, r, keep);
		w += keep;
		r += n;
		if (*r == '\n')
			*w++ = *r++;
	}
	*w = '\0';
	return s;
}

char *cohort_format_table(const struct cohort *c, int width, bool unicode)
{
	struct sbuf sb = {0};
	struct layout l = choose_layout(c, width);
	int lw = cells_width(&l, c->nlessons), xw = cells_width(&l, c->nexercises);
	int header_rows = l.cell_w == 3 ? 1 : 2;

	/* group titles, then the column numbers */
	add_spaces(&sb, l.name_w + 1);
	add_fit(&sb, c->nlessons ? "lessons" : "", lw, unicode);
	sbuf_addc(&sb, ' ');
	add_fit(&sb, !c->nexercises ? "" : xw >= 9 ? "exercises" : "ex.", xw, unicode);
	sbuf_adds(&sb, "\n");
	for (int row = 0; row < header_rows; row++) {
		add_fit(&sb, row == header_rows - 1 ? "student" : "", l.name_w, unicode);
		sbuf_addc(&sb, ' ');
		header_cells(&sb, &l, c->lessons, c->nlessons, row);
		sbuf_addc(&sb, ' ');
		header_cells(&sb, &l, c->exercises, c->nexercises, row);
		if (row == header_rows - 1) {
			sbuf_adds(&sb, "  les    quiz  ex won");
			if (l.last)
				sbuf_addf(&sb, " %-*s", LAST_W, "last activity");
		}
		sbuf_adds(&sb, "\n");
	}

	long les = 0, right = 0, questions = 0, passed = 0, all_won = 0, all_challenges = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct cohort_student *s = &c->v[i];
		add_fit(&sb, s->name, l.name_w, unicode);
		sbuf_addc(&sb, ' ');
		add_row_cells(&sb, c, &l, s, false, unicode);
		sbuf_addc(&sb, ' ');
		add_row_cells(&sb, c, &l, s, true, unicode);
		char quiz[24], won[8];
		snprintf(quiz, sizeof quiz, "%d/%d", s->quiz_right, s->quiz_questions);
		if (s->has_challenges)
			snprintf(won, sizeof won, "%d", s->challenges_won);
		else
			strcpy(won, "-");
		sbuf_addf(&sb, " %4d %7s %3d %3s", s->lessons_done, quiz, s->exercises_passed, won);
		if (l.last)
			add_last(&sb, s->last_activity);
		sbuf_adds(&sb, "\n");
		les += s->lessons_done;
		right += s->quiz_right;
		questions += s->quiz_questions;
		passed += s->exercises_passed;
		all_won += s->challenges_won;
		all_challenges += s->challenges;
	}

	/* how many students did each, the digits downwards */
	for (int row = digits(c->n) - 1; row >= 0 && c->n > 0; row--) {
		add_fit(&sb, row == digits(c->n) - 1 ? "done by" : "", l.name_w, unicode);
		sbuf_addc(&sb, ' ');
		count_cells(&sb, &l, c->lessons, c->nlessons, row);
		sbuf_addc(&sb, ' ');
		count_cells(&sb, &l, c->exercises, c->nexercises, row);
		sbuf_adds(&sb, "\n");
	}

	sbuf_addf(&sb, "%zu student%s. Lessons done: %ld of %zu. Exercises passed: %ld of %zu.\n",
		  c->n, c->n == 1 ? "" : "s", les, c->n * c->nlessons, passed,
		  c->n * c->nexercises);
	sbuf_addf(&sb, "Quiz answers right the first time: %ld of %ld.", right, questions);
	if (all_challenges > 0)
		sbuf_addf(&sb, " Challenges won: %ld of %ld.", all_won, all_challenges);
	sbuf_adds(&sb, "\nColumns: lesson and exercise numbers ('lockstep list', 'lockstep "
		       "exercises').\n");
	sbuf_addf(&sb, "%s done or passed  + quiz begun  %s not yet  ? not in their lockstep\n",
		  unicode ? "✓" : "#", unicode ? "·" : ".");
	if (l.cell_w == 3)
		sbuf_adds(&sb, "The digit after a mark: quiz answers right.\n");
	return trim_lines(sbuf_detach(&sb));
}

/* ------------------------------------------------------------ CSV */

/* One CSV field: quoted when it holds a separator, a quote or a line break;
 * a leading = + - @ is prefixed with ' so a spreadsheet never runs it. */
static void csv_field(struct sbuf *sb, const char *s, bool first)
{
	if (!first)
		sbuf_addc(sb, ',');
	bool formula = strchr("=+-@", s[0]) && s[0];
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		sbuf_adds(sb, s);
		return;
	}
	sbuf_addc(sb, '"');
	if (formula)
		sbuf_addc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(sb, '"');
		sbuf_addc(sb, *p);
	}
	sbuf_addc(sb, '"');
}

static void csv_int(struct sbuf *sb, long v)
{
	sbuf_addf(sb, ",%ld", v);
}

char *cohort_format_csv(const struct cohort *c)
{
	struct sbuf sb = {0};
	sbuf_adds(&sb, "name,file,lockstep,last_activity,lessons_done,lessons,quiz_right,"
		       "quiz_questions,exercises_passed,exercises,challenges_won,challenges");
	for (size_t i = 0; i < c->nlessons; i++)
		csv_field(&sb, c->lessons[i].id, false);
	for (size_t i = 0; i < c->nexercises; i++)
		csv_field(&sb, c->exercises[i].id, false);
	sbuf_adds(&sb, "\r\n");
	for (size_t i = 0; i < c->n; i++) {
		const struct cohort_student *s = &c->v[i];
		csv_field(&sb, s->name, true);
		csv_field(&sb, s->file, false);
		csv_field(&sb, s->version, false);
		csv_field(&sb, s->last_activity ? s->last_activity : "", false);
		csv_int(&sb, s->lessons_done);
		csv_int(&sb, (long)s->nlessons);
		csv_int(&sb, s->quiz_right);
		csv_int(&sb, s->quiz_questions);
		csv_int(&sb, s->exercises_passed);
		csv_int(&sb, (long)s->nexercises);
		if (s->has_challenges) {
			csv_int(&sb, s->challenges_won);
			csv_int(&sb, s->challenges);
		} else {
			sbuf_adds(&sb, ",,");
		}
		/* per column: 1 done, 0 not yet, empty when the file does not list it */
		for (int x = 0; x < 2; x++)
			for (size_t k = 0; k < (x ? c->nexercises : c->nlessons); k++) {
				const struct cohort_entry *e = cohort_cell(c, s, x, k);
				sbuf_adds(&sb, !e ? "," : e->done ? ",1" : ",0");
			}
		sbuf_adds(&sb, "\r\n");
	}
	return sbuf_detach(&sb);
}

/* ------------------------------------------------------------ JSON */

static cJSON *columns_json(const struct cohort_column *cols, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", cols[i].id);
		cJSON_AddNumberToObject(o, "number", cols[i].number);
		cJSON_AddNumberToObject(o, "done_by", cols[i].count);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *student_json(const struct cohort_student *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "file", s->file);
	cJSON_AddStringToObject(o, "lockstep", s->version);
	if (s->last_activity)
		cJSON_AddStringToObject(o, "last_activity", s->last_activity);
	else
		cJSON_AddNullToObject(o, "last_activity");
	cJSON_AddNumberToObject(o, "lessons_done", s->lessons_done);
	cJSON_AddNumberToObject(o, "quiz_right", s->quiz_right);
	cJSON_AddNumberToObject(o, "quiz_questions", s->quiz_questions);
	cJSON_AddNumberToObject(o, "exercises_passed", s->exercises_passed);
	if (s->has_challenges)
		cJSON_AddNumberToObject(o, "challenges_won", s->challenges_won);
	else
		cJSON_AddNullToObject(o, "challenges_won");
	cJSON *ls = cJSON_AddObjectToObject(o, "lessons");
	for (size_t i = 0; i < s->nlessons; i++) {
		cJSON *e = cJSON_AddObjectToObject(ls, s->lessons[i].id);
		cJSON_AddBoolToObject(e, "done", s->lessons[i].done);
		cJSON_AddNumberToObject(e, "quiz_right", s->lessons[i].right);
		cJSON_AddNumberToObject(e, "quiz_questions", s->lessons[i].questions);
	}
	cJSON *xs = cJSON_AddObjectToObject(o, "exercises");
	for (size_t i = 0; i < s->nexercises; i++)
		cJSON_AddBoolToObject(xs, s->exercises[i].id, s->exercises[i].done);
	return o;
}

char *cohort_format_json(const struct cohort *c)
{
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "format", "lockstep-report");
	cJSON_AddNumberToObject(out, "format_version", 1);
	cJSON_AddItemToObject(out, "lessons", columns_json(c->lessons, c->nlessons));
	cJSON_AddItemToObject(out, "exercises", columns_json(c->exercises, c->nexercises));
	cJSON *rows = cJSON_AddArrayToObject(out, "students");
	for (size_t i = 0; i < c->n; i++)
		cJSON_AddItemToArray(rows, student_json(&c->v[i]));
	cJSON *sk = cJSON_AddArrayToObject(out, "skipped");
	for (size_t i = 0; i < c->nskipped; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", c->skipped[i].file);
		cJSON_AddStringToObject(o, "why", c->skipped[i].why);
		cJSON_AddItemToArray(sk, o);
	}
	char *text = cJSON_Print(out);
	cJSON_Delete(out);
	char *copy = xstrdup(text);
	cJSON_free(text);
	struct sbuf sb = {0};
	sbuf_adds(&sb, copy);
	sbuf_addc(&sb, '\n');
	free(copy);
	return sbuf_detach(&sb);
}
