/*
 * catalog.c - the set of lessons: every NN-id.md in a directory, parsed,
 * ordered by number, with duplicate numbers and ids reported, and looked up
 * by number or id.
 */
#include "core/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/util.h"

static int entry_cmp(const void *a, const void *b)
{
	const struct catalog_entry *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->id, y->id);
}

int catalog_load(struct catalog *c, const char *dir)
{
	memset(c, 0, sizeof *c);
	DIR *d = opendir(dir);
	if (!d) {
		diags_add(&c->diags, dir, 0, "cannot read the lessons directory: %s",
			  strerror(errno));
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		int number;
		char *id;
		if (de->d_name[0] == '.' || !lesson_name_parse(de->d_name, &number, &id))
			continue; /* README.md, COVERAGE.md, editor files... */
		struct catalog_entry *e = VEC_PUSH(c->v, c->n, c->cap);
		memset(e, 0, sizeof *e);
		e->number = number;
		e->id = id;
		e->path = paths_join(dir, de->d_name);
	}
	closedir(d);
	qsort(c->v, c->n, sizeof *c->v, entry_cmp);
	for (size_t i = 0; i < c->n; i++) {
		struct catalog_entry *e = &c->v[i];
		e->lesson = lesson_load(e->path, &e->diags);
		/* the first one keeps the number or id: later ones are reported */
		for (size_t k = 0; k < i; k++) {
			if (c->v[k].number == e->number)
				diags_add(&c->diags, e->path, 0,
					  "lesson number %02d is also used by %s", e->number,
					  c->v[k].path);
			if (strcmp(c->v[k].id, e->id) == 0)
				diags_add(&c->diags, e->path, 0, "lesson id '%s' is also used by %s",
					  e->id, c->v[k].path);
		}
	}
	return 0;
}

void catalog_release(struct catalog *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].path);
		lesson_free(c->v[i].lesson);
		diags_release(&c->v[i].diags);
	}
	free(c->v);
	diags_release(&c->diags);
	memset(c, 0, sizeof *c);
}

int catalog_find(const struct catalog *c, const char *key)
{
	if (!key || !key[0])
		return -1;
	size_t n = strspn(key, "0123456789");
	if (key[n] == '\0') {
		if (n > 9)
			return -1;
		int number = atoi(key);
		for (size_t i = 0; i < c->n; i++)
			if (c->v[i].number == number)
				return (int)i;
		return -1;
	}
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].id, key) == 0)
			return (int)i;
	/* the file's name also works: "05-race-conditions" or with ".md" */
	char *file = util_ends_with(key, ".md") ? xstrdup(key) : xasprintf("%s.md", key);
	int number, found = -1;
	char *id;
	if (lesson_name_parse(file, &number, &id)) {
		for (size_t i = 0; i < c->n && found < 0; i++)
			if (c->v[i].number == number && strcmp(c->v[i].id, id) == 0)
				found = (int)i;
		free(id);
	}
	free(file);
	return found;
}

size_t catalog_problems(const struct catalog *c)
{
	size_t n = c->diags.n;
	for (size_t i = 0; i < c->n; i++)
		n += c->v[i].diags.n;
	return n;
}

/* Edit distance between a and b (insert, delete, replace: 1 each), for
 * suggesting the lesson a typo meant. Short strings only. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

int catalog_match(const struct catalog *c, const char *key, char **err)
{
	*err = NULL;
	int found = catalog_find(c, key);
	if (found >= 0 || !key || !key[0])
		return found;
	/* a prefix first; then any fragment of the id */
	for (int pass = 0; pass < 2; pass++) {
		struct sbuf names = {0};
		int hits = 0;
		for (size_t i = 0; i < c->n; i++) {
			const char *id = c->v[i].id;
			bool hit = pass == 0 ? strncmp(id, key, strlen(key)) == 0 : strstr(id, key) != NULL;
			if (!hit)
				continue;
			found = (int)i;
			sbuf_addf(&names, "%s%s", hits++ ? ", " : "", id);
		}
		if (hits == 1) {
			sbuf_release(&names);
			return found;
		}
		if (hits > 1) {
			*err = xasprintf("'%s' matches %d lessons: %s", util_shown(key), hits, names.buf);
			sbuf_release(&names);
			return -1;
		}
		sbuf_release(&names);
	}
	/* a typo: the nearest id, if it is near enough */
	size_t best = (size_t)-1;
	int near = -1;
	for (size_t i = 0; i < c->n; i++) {
		size_t d = edit_distance(key, c->v[i].id);
		if (d < best) {
			best = d;
			near = (int)i;
		}
	}
	if (near >= 0 && best <= strlen(c->v[near].id) / 3 + 1)
		*err = xasprintf("no lesson '%s'; did you mean '%s' (%02d)?", util_shown(key), c->v[near].id,
				 c->v[near].number);
	else
		*err = xasprintf("no lesson '%s' (see lockstep list)", util_shown(key));
	return -1;
}
