/*
 * cohort.c - reads the students' progress exports, checks each one, and
 * merges the good ones into a cohort: one row per file, one column per
 * lesson and exercise any file reports. Laying it out is cohort_format.c.
 */
#define _GNU_SOURCE
#include "core/cohort.h"

#include <cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/progress_export.h"
#include "core/util.h"

#define NAME_MAX_BYTES 200
#define COUNT_MAX 100000 /* no lesson has more quiz questions than this */

void cohort_init(struct cohort *c) { memset(c, 0, sizeof *c); }

static void entries_free(struct cohort_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].id);
	free(v);
}

static void student_release(struct cohort_student *s)
{
	free(s->file);
	free(s->name);
	free(s->version);
	free(s->last_activity);
	entries_free(s->lessons, s->nlessons);
	entries_free(s->exercises, s->nexercises);
	memset(s, 0, sizeof *s);
}

void cohort_release(struct cohort *c)
{
	for (size_t i = 0; i < c->n; i++)
		student_release(&c->v[i]);
	free(c->v);
	for (size_t i = 0; i < c->nlessons; i++)
		free(c->lessons[i].id);
	for (size_t i = 0; i < c->nexercises; i++)
		free(c->exercises[i].id);
	free(c->lessons);
	free(c->exercises);
	for (size_t i = 0; i < c->nskipped; i++) {
		free(c->skipped[i].file);
		free(c->skipped[i].why);
	}
	free(c->skipped);
	memset(c, 0, sizeof *c);
}

static char *printable(const char *s, size_t max);

static const char *skip(struct cohort *c, const char *file, char *why)
{
	struct cohort_skip *k = VEC_PUSH(c->skipped, c->nskipped, c->scap);
	k->file = printable(file, PATH_MAX);
	k->why = why;
	return why;
}

/* ------------------------------------------------------------ checking */

/* A whole number in [0, max] at obj[key]; false when absent or otherwise. */
static bool get_count(const cJSON *obj, const char *key, int max, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	long long n;
	if (!cJSON_IsNumber(v) || !util_exact_int(v->valuedouble, &n) || n < 0 || n > max)
		return false;
	*out = (int)n;
	return true;
}

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A copy of s (at most max bytes) fit to print on a terminal: control
 * characters become '?'. Names, ids and file names all go through it. */
static char *printable(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *out = xstrndup(s, n);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return out;
}

/*
 * The entries of the array obj[key] ("lessons" or "exercises"; `what` names
 * one in messages). Returns NULL with *why set when one is malformed; an
 * empty list is fine.
 */
static struct cohort_entry *read_entries(const cJSON *obj, const char *key, bool lesson,
					 size_t *n, char **why)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	*n = 0;
	if (!cJSON_IsArray(arr)) {
		*why = xasprintf("no \"%s\" list", key);
		return NULL;
	}
	size_t cap = 0, i = 0;
	struct cohort_entry *v = NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		const char *id = get_string(it, "id");
		const cJSON *done = cJSON_GetObjectItemCaseSensitive(it, lesson ? "done" : "passed");
		struct cohort_entry e = {0};
		bool ok = cJSON_IsObject(it) && id && *id && strlen(id) <= NAME_MAX_BYTES &&
			  get_count(it, "number", COUNT_MAX, &e.number) && cJSON_IsBool(done);
		if (ok && lesson)
			ok = get_count(it, "quiz_questions", COUNT_MAX, &e.questions) &&
			     get_count(it, "quiz_answered", e.questions, &e.answered) &&
			     get_count(it, "quiz_right", e.answered, &e.right);
		if (!ok) {
			*why = xasprintf("%s[%zu]: not an entry of the expected shape "
					 "(id, number, %s%s)", key, i, lesson ? "done" : "passed",
					 lesson ? ", quiz_questions >= quiz_answered >= quiz_right" : "");
			entries_free(v, *n);
			*n = 0;
			return NULL;
		}
		/* ids are compared as shown: two that print alike are one column */
		e.id = printable(id, NAME_MAX_BYTES);
		for (size_t k = 0; k < *n; k++)
			if (strcmp(v[k].id, e.id) == 0) {
				*why = xasprintf("%s[%zu]: '%s' listed twice", key, i, e.id);
				free(e.id);
				entries_free(v, *n);
				*n = 0;
				return NULL;
			}
		e.done = cJSON_IsTrue(done);
		*VEC_PUSH(v, *n, cap) = e;
		i++;
	}
	if (!v)
		v = xcalloc(1, sizeof *v); /* non-NULL: an empty list is not an error */
	return v;
}

/* Fill s from a parsed document; NULL, or why it is not a good export. */
static char *read_student(const cJSON *d, struct cohort_student *s)
{
	const char *format = cJSON_IsObject(d) ? get_string(d, "format") : NULL;
	if (!format || strcmp(format, PROGRESS_EXPORT_FORMAT) != 0)
		return xasprintf("not a lockstep progress export (no \"format\": \"%s\")",
				 PROGRESS_EXPORT_FORMAT);
	int version;
	if (!get_count(d, "format_version", COUNT_MAX, &version))
		return xasprintf("no \"format_version\"");
	if (version != PROGRESS_EXPORT_VERSION)
		return xasprintf("export format %d; this lockstep reads format %d", version,
				 PROGRESS_EXPORT_VERSION);
	const char *name = get_string(d, "name");
	if (!name || !*name)
		return xasprintf("no student \"name\"");
	const char *last = get_string(d, "last_activity");
	const cJSON *lastj = cJSON_GetObjectItemCaseSensitive(d, "last_activity");
	if (!last && lastj && !cJSON_IsNull(lastj))
		return xasprintf("\"last_activity\" is neither a time nor null");
	char *why = NULL;
	s->lessons = read_entries(d, "lessons", true, &s->nlessons, &why);
	if (!s->lessons)
		return why;
	s->exercises = read_entries(d, "exercises", false, &s->nexercises, &why);
	if (!s->exercises)
		return why;
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(d, "challenges");
	if (ch && !cJSON_IsArray(ch))
		return xasprintf("\"challenges\" is not a list");
	const cJSON *it;
	cJSON_ArrayForEach(it, ch) {
		s->challenges++;
		s->challenges_won += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "won"));
	}
	s->has_challenges = ch != NULL;
	s->name = printable(name, NAME_MAX_BYTES);
	const char *ver = get_string(d, "lockstep");
	s->version = printable(ver ? ver : "unknown", 40);
	s->last_activity = last ? printable(last, 40) : NULL;
	for (size_t i = 0; i < s->nlessons; i++) {
		s->lessons_done += s->lessons[i].done;
		s->quiz_right += s->lessons[i].right;
		s->quiz_questions += s->lessons[i].questions;
	}
	for (size_t i = 0; i < s->nexercises; i++)
		s->exercises_passed += s->exercises[i].done;
	return NULL;
}

int cohort_add_text(struct cohort *c, const char *file, const char *text, size_t len,
		    const char **why)
{
	if (memchr(text, '\0', len)) {
		*why = skip(c, file, xasprintf("not text (a NUL byte at offset %zu)",
					       (size_t)((const char *)memchr(text, '\0', len) - text)));
		return -1;
	}
	const char *end = NULL;
	cJSON *d = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!d) {
		size_t at = end && end >= text ? (size_t)(end - text) : 0;
		*why = skip(c, file, xasprintf("not valid JSON (truncated or corrupt near byte %zu "
					       "of %zu)", at, len));
		return -1;
	}
	while (end < text + len && *end && strchr(" \t\r\n", *end))
		end++;
	if (end < text + len) {
		cJSON_Delete(d);
		*why = skip(c, file, xasprintf("not valid JSON (something follows the document "
					       "at byte %zu)", (size_t)(end - text)));
		return -1;
	}
	struct cohort_student s = {0};
	char *bad = read_student(d, &s);
	cJSON_Delete(d);
	if (bad) {
		student_release(&s);
		*why = skip(c, file, bad);
		return -1;
	}
	s.file = printable(file, PATH_MAX);
	*VEC_PUSH(c->v, c->n, c->cap) = s;
	return 0;
}

static int add_file(struct cohort *c, const char *path)
{
	size_t len;
	char *err = NULL;
	const char *why;
	char *text = util_read_file_max(path, COHORT_FILE_MAX, &len, &err);
	if (!text) {
		/* err is "PATH: reason"; the skip names the file itself */
		const char *colon = strstr(err, ": ");
		skip(c, path, xstrdup(colon ? colon + 2 : err));
		free(err);
		return -1;
	}
	int rc = cohort_add_text(c, path, text, len, &why);
	free(text);
	return rc;
}

static int json_name(const struct dirent *d) { return util_ends_with(d->d_name, ".json"); }

size_t cohort_add_path(struct cohort *c, const char *path)
{
	if (!util_is_dir(path))
		return add_file(c, path) == 0;
	struct dirent **names;
	int n = scandir(path, &names, json_name, alphasort);
	if (n < 0) {
		skip(c, path, xstrdup("cannot read the directory"));
		return 0;
	}
	size_t good = 0, tried = 0;
	for (int i = 0; i < n; i++) {
		char *f = paths_join(path, names[i]->d_name);
		if (!util_is_dir(f)) {
			good += add_file(c, f) == 0;
			tried++;
		}
		free(f);
		free(names[i]);
	}
	free(names);
	if (tried == 0)
		skip(c, path, xstrdup("a directory without any *.json file"));
	return good;
}

/* ------------------------------------------------------------ merging */

static int by_name(const void *a, const void *b)
{
	const struct cohort_student *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	return r ? r : strcmp(x->file, y->file);
}

static int by_number(const void *a, const void *b)
{
	const struct cohort_column *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Add the entries' ids to the columns (the first number seen for an id
 * stays) and count the students who did each. */
static void gather(struct cohort_column **cols, size_t *n, size_t *cap,
		   const struct cohort_entry *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++) {
		size_t k = 0;
		while (k < *n && strcmp((*cols)[k].id, v[i].id) != 0)
			k++;
		if (k == *n) {
			struct cohort_column *col = VEC_PUSH(*cols, *n, *cap);
			col->id = xstrdup(v[i].id);
			col->number = v[i].number;
			col->count = 0;
		}
		(*cols)[k].count += v[i].done;
	}
}

void cohort_finish(struct cohort *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, by_name);
	for (size_t i = 0; i < c->n; i++) {
		gather(&c->lessons, &c->nlessons, &c->lcap, c->v[i].lessons, c->v[i].nlessons);
		gather(&c->exercises, &c->nexercises, &c->xcap, c->v[i].exercises,
		       c->v[i].nexercises);
	}
	if (c->nlessons > 1)
		qsort(c->lessons, c->nlessons, sizeof *c->lessons, by_number);
	if (c->nexercises > 1)
		qsort(c->exercises, c->nexercises, sizeof *c->exercises, by_number);
}

const struct cohort_entry *cohort_cell(const struct cohort *c, const struct cohort_student *s,
				       bool exercise, size_t col)
{
	const struct cohort_column *cc = exercise ? c->exercises : c->lessons;
	const struct cohort_entry *v = exercise ? s->exercises : s->lessons;
	size_t n = exercise ? s->nexercises : s->nlessons;
	if (col >= (exercise ? c->nexercises : c->nlessons))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, cc[col].id) == 0)
			return &v[i];
	return NULL;
}
