/*
 * exercise.c - finds the exercises and reads what they are made of: the
 * metadata comment of each learner file, the set in number order, lookup,
 * hints and the reference solution. See exercise.h.
 */
#define _GNU_SOURCE
#include "core/exercise.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ------------------------------------------------------------ metadata, set */

/* The prose of the header comment between `open` and `close`: every
 * line without its leading " * ", minus the metadata lines and a first
 * "Exercise NN: ..." line, trimmed. Newly allocated. */
static char *comment_prose(const char *open, const char *close)
{
	char *body = xstrndup(open + 2, (size_t)(close - open - 2));
	struct sbuf sb;
	sbuf_init(&sb);
	bool first = true;
	for (char *p = body; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *t = p;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '*')
			t++;
		if (*t == ' ')
			t++;
		bool meta = strncmp(t, "Title:", 6) == 0 || strncmp(t, "Lesson:", 7) == 0 ||
			    strncmp(t, "Threads:", 8) == 0 ||
			    (first && strncmp(t, "Exercise ", 9) == 0);
		if (*t)
			first = false;
		if (!meta) {
			sbuf_adds(&sb, t);
			sbuf_addc(&sb, '\n');
		}
		p = nl ? nl + 1 : NULL;
	}
	free(body);
	char *all = sbuf_detach(&sb);
	char *t = xstrdup(util_trim(all)); /* no blank lines around it */
	free(all);
	return t;
}

int exercise_parse_meta(struct exercise *e, const char *text, const char *file,
			struct diags *d)
{
	const char *open = strstr(text, "/*");
	const char *close = open ? strstr(open, "*/") : NULL;
	int bad = 0;
	if (!open || !close) {
		diags_add(d, file, 1, "no header comment: the first /* ... */ must hold "
				      "Title:, Lesson: and Threads: lines");
		return -1;
	}
	free(e->task);
	e->task = comment_prose(open, close);
	bool have_threads = false;
	int line = 1;
	for (const char *p = text; p < open; p++)
		line += *p == '\n';
	for (const char *s = open; s < close; line++) {
		const char *nl = memchr(s, '\n', (size_t)(close - s));
		const char *end = nl ? nl : close;
		char *l = xstrndup(s, (size_t)(end - s));
		char *t = l;
		while (*t == '/' || *t == '*' || *t == ' ' || *t == '\t')
			t++;
		char *colon = strchr(t, ':');
		if (colon) { /* "Key: value"; keys other than ours are prose */
			*colon = '\0';
			char *key = t, *val = util_trim(colon + 1);
			if (strcmp(key, "Title") == 0) {
				free(e->title);
				e->title = xstrdup(val);
			} else if (strcmp(key, "Lesson") == 0) {
				bool ok = isdigit((unsigned char)val[0]) &&
					  isdigit((unsigned char)val[1]) && val[2] == '-' && val[3];
				if (!ok) {
					diags_add(d, file, line, "Lesson: expected a lesson id such "
								 "as 05-race-conditions, got '%s'", val);
					bad++;
				} else {
					free(e->lesson);
					e->lesson = xstrdup(val);
				}
			} else if (strcmp(key, "Threads") == 0) {
				if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0) {
					e->threads = val[0] == 'y';
					have_threads = true;
				} else {
					diags_add(d, file, line, "Threads: expected yes or no, got '%s'",
						  val);
					bad++;
				}
			}
		}
		free(l);
		if (!nl)
			break;
		s = nl + 1;
	}
	if (!e->title || !*e->title) {
		diags_add(d, file, 1, "missing 'Title:' line in the header comment");
		bad++;
	}
	if (!e->lesson && !bad) {
		diags_add(d, file, 1, "missing 'Lesson:' line in the header comment");
		bad++;
	}
	if (!have_threads && !bad) {
		diags_add(d, file, 1, "missing 'Threads: yes|no' line in the header comment");
		bad++;
	}
	return bad ? -1 : 0;
}

static void exercise_release(struct exercise *e)
{
	free(e->id);
	free(e->title);
	free(e->task);
	free(e->lesson);
	free(e->source);
	free(e->header);
	free(e->dir);
	memset(e, 0, sizeof *e);
}

static int by_number(const void *a, const void *b)
{
	const struct exercise *x = a, *y = b;
	return x->number != y->number ? (x->number > y->number) - (x->number < y->number)
				      : strcmp(x->id, y->id);
}

/* NN-name.c with NN two digits: the id, newly allocated, or NULL. */
static char *id_from_name(const char *name)
{
	size_t n = strlen(name);
	if (n < 6 || !isdigit((unsigned char)name[0]) || !isdigit((unsigned char)name[1]) ||
	    name[2] != '-' || strcmp(name + n - 2, ".c") != 0)
		return NULL;
	return xstrndup(name, n - 2);
}

int exercise_set_load(struct exercise_set *set, const char *root, struct diags *d, char **err)
{
	struct diags scratch;
	diags_init(&scratch);
	if (!d)
		d = &scratch;
	memset(set, 0, sizeof *set);
	set->lab_dir = xasprintf("%s/lab/exercises", root);
	char *tree = xasprintf("%s/tests/exercises", root);
	char *installed = xasprintf("%s/exercises", root);
	if (util_is_dir(tree)) {
		set->harness_dir = tree;
		free(installed);
	} else {
		set->harness_dir = installed;
		free(tree);
	}

	DIR *dir = opendir(set->lab_dir);
	if (!dir) {
		*err = xasprintf("%s: %s (no exercises here)", set->lab_dir, strerror(errno));
		diags_release(&scratch);
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		char *id = id_from_name(de->d_name);
		if (!id)
			continue;
		struct exercise e = {0};
		e.id = id;
		e.name = id + 3; /* past "NN-" */
		e.number = atoi(id);
		e.source = xasprintf("%s/%s.c", set->lab_dir, id);
		e.header = xasprintf("%s/%s.h", set->lab_dir, id);
		e.dir = xasprintf("%s/%s", set->harness_dir, id);
		char *shown = xasprintf("lab/exercises/%s.c", id);
		char *ferr = NULL;
		size_t len;
		char *text = util_read_file(e.source, &len, &ferr);
		bool ok = text != NULL;
		if (!text) {
			diags_add(d, shown, 0, "%s", ferr);
			free(ferr);
		} else if (exercise_parse_meta(&e, text, shown, d) != 0) {
			ok = false;
		} else if (!util_is_file(e.header)) {
			diags_add(d, shown, 0, "no interface header %s.h beside it", id);
			ok = false;
		} else {
			char *h = xasprintf("%s/harness.c", e.dir);
			if (!util_is_file(h)) {
				diags_add(d, shown, 0, "no harness: %s is missing", h);
				ok = false;
			}
			free(h);
		}
		free(text);
		free(shown);
		if (ok)
			*VEC_PUSH(set->v, set->n, set->cap) = e;
		else
			exercise_release(&e);
	}
	closedir(dir);
	if (set->n)
		qsort(set->v, set->n, sizeof *set->v, by_number);
	diags_release(&scratch);
	return 0;
}

void exercise_set_release(struct exercise_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		exercise_release(&set->v[i]);
	free(set->v);
	free(set->lab_dir);
	free(set->harness_dir);
	memset(set, 0, sizeof *set);
}

const struct exercise *exercise_find(const struct exercise_set *set, const char *key)
{
	if (!key || !*key)
		return NULL;
	bool numeric = true;
	for (const char *k = key; *k; k++)
		numeric &= isdigit((unsigned char)*k) != 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct exercise *e = &set->v[i];
		if (numeric ? atoi(key) == e->number
			    : strcmp(key, e->id) == 0 || strcmp(key, e->id + 3) == 0)
			return e;
	}
	return NULL;
}

const struct exercise *exercise_next(const struct exercise_set *set,
				     bool (*passed)(const char *id, void *ctx), void *ctx)
{
	for (size_t i = 0; i < set->n; i++)
		if (!passed(set->v[i].id, ctx))
			return &set->v[i];
	return NULL;
}

/* ------------------------------------------------------------ hints */

void exercise_hints_release(struct exercise_hints *h)
{
	for (int i = 0; i < EXERCISE_HINTS; i++)
		free(h->hint[i]);
	free(h->why);
	memset(h, 0, sizeof *h);
}

/* Trim blank lines at both ends of a section body. */
static char *section_text(const char *start, const char *end)
{
	while (start < end && (*start == '\n' || *start == ' ' || *start == '\t'))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(start, (size_t)(end - start));
}

int exercise_hints_parse(struct exercise_hints *h, const char *text, const char *file,
			 char **err)
{
	memset(h, 0, sizeof *h);
	char **target = NULL; /* where the current section's body goes */
	const char *body = NULL;
	int line = 1;
	bool in_code = false;
	for (const char *s = text;; line++) {
		const char *nl = strchr(s, '\n');
		const char *end = nl ? nl : s + strlen(s);
		if (strncmp(s, "```", 3) == 0)
			in_code = !in_code;
		bool heading = !in_code && strncmp(s, "## ", 3) == 0;
		if (heading || !nl) {
			const char *stop = heading ? s : end;
			if (target)
				*target = section_text(body, stop);
			target = NULL;
		}
		if (heading) {
			char *title = xstrndup(s + 3, (size_t)(end - s - 3));
			char *t = util_trim(title);
			int k = 0;
			if (sscanf(t, "Hint %d", &k) == 1) {
				if (k != h->n + 1 || k > EXERCISE_HINTS) {
					*err = xasprintf("%s:%d: expected '## Hint %d', got '## %s'",
							 file, line, h->n + 1, t);
					free(title);
					exercise_hints_release(h);
					return -1;
				}
				target = &h->hint[h->n++];
			} else if (strcmp(t, "Why it works") == 0) {
				target = &h->why;
			}
			free(title);
			body = nl ? nl + 1 : end;
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	if (h->n == 0) {
		*err = xasprintf("%s: no '## Hint 1' section", file);
		exercise_hints_release(h);
		return -1;
	}
	return 0;
}

int exercise_hints_load(const struct exercise *e, struct exercise_hints *h, char **err)
{
	char *path = xasprintf("%s/hints.md", e->dir);
	size_t len;
	char *text = util_read_file(path, &len, err);
	int rc = -1;
	if (text)
		rc = exercise_hints_parse(h, text, path, err);
	else
		memset(h, 0, sizeof *h);
	free(text);
	free(path);
	return rc;
}

int exercise_hint_next(int shown, int nhints)
{
	if (shown < 0)
		shown = 0;
	return shown < nhints ? shown + 1 : 0;
}

bool exercise_solution_allowed(bool passed, int shown, int nhints)
{
	return passed || (nhints > 0 && shown >= nhints);
}

char *exercise_solution_load(const struct exercise *e, char **err)
{
	char *path = xasprintf("%s/solution.c", e->dir);
	size_t len;
	char *text = util_read_file(path, &len, err);
	free(path);
	return text;
}
