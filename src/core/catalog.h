/*
 * catalog.h - the set of lessons: scan a lessons directory for NN-id.md
 * files, parse each, order them by number, find one by number or id.
 *
 * Layer: src/core. A lesson that fails to parse still has an entry (with its
 * diagnostics) so the TUI can show the problems in its place.
 */
#ifndef CORE_CATALOG_H
#define CORE_CATALOG_H

#include <stddef.h>

#include "diag.h"
#include "lesson.h"

struct catalog_entry {
	int number;
	char *id;
	char *path;
	struct lesson *lesson; /* NULL if it could not be read at all */
	struct diags diags;    /* this file's problems (may be empty) */
};

struct catalog {
	struct catalog_entry *v; /* sorted by number */
	size_t n, cap;
	struct diags diags;      /* problems of the set: duplicate numbers or ids */
};

/* Load every NN-id.md in dir. Returns 0, or -1 with the reason in c->diags
 * when the directory cannot be read. Release with catalog_release. */
int catalog_load(struct catalog *c, const char *dir);
void catalog_release(struct catalog *c);

/* Index of the lesson named by key: a number ("2", "02") or an id; -1 if none.
 * The file's name works too ("02-start-join", "02-start-join.md"). With
 * duplicates, the first in number order wins. */
int catalog_find(const struct catalog *c, const char *key);

/* Like catalog_find, and also a unique prefix or fragment of an id ("race"
 * for "race-conditions"). Returns the index, or -1 with *err (caller frees):
 * "'lock' matches 3 lessons: locks, deadlock, rlock" or, on a typo, "no
 * lesson 'racecondition'; did you mean 'race-conditions' (05)?". */
int catalog_match(const struct catalog *c, const char *key, char **err);

/* Total problems across the set and its files. */
size_t catalog_problems(const struct catalog *c);

#endif
