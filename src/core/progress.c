/*
 * progress.c - the learner's progress, kept as a cJSON document in memory and
 * written atomically to <state>/progress.json.
 *
 * Layout of the file (version 1):
 *   {"version":1, "current":"race-conditions", "position":42,
 *    "done":{"processes":true}, "answers":{"processes":[1,-1,0]},
 *    "correct":{"processes":[true,false,true]},
 *    "exercises":{"01-lost-updates":{"passed":true,"hints":2}},
 *    "settings":{"workspace":"/home/ana/lockstep-exercises"}}
 */
#define _GNU_SOURCE
#include "core/progress.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/util.h"

struct progress {
	char *path;   /* owned */
	cJSON *doc;   /* owned; always an object */
};

/* The member `key` of obj as an object, created if absent or of a wrong type. */
static cJSON *child_object(cJSON *obj, const char *key)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsObject(c)) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
		c = cJSON_AddObjectToObject(obj, key);
	}
	return c;
}

static const cJSON *get(const struct progress *p, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(p->doc, key);
}

static void set_item(cJSON *obj, const char *key, cJSON *item)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		cJSON_AddItemToObject(obj, key, item);
}

static cJSON *fresh_doc(void)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "version", 1);
	return d;
}

/* Move a corrupt file aside to the first free path.corrupt-N. */
static char *move_aside(const char *path)
{
	for (int i = 1; i < 1000; i++) {
		char *dst = xasprintf("%s.corrupt-%d", path, i);
		if (access(dst, F_OK) != 0 && rename(path, dst) == 0)
			return dst;
		free(dst);
	}
	return NULL;
}

struct progress *progress_load(const char *path, char **warning)
{
	struct progress *p = xcalloc(1, sizeof *p);
	p->path = path ? xstrdup(path) : paths_join(paths_state(), "progress.json");
	*warning = NULL;

	size_t len;
	char *err = NULL;
	char *text = util_read_file(p->path, &len, &err);
	if (!text) {
		if (access(p->path, F_OK) == 0) /* exists but unreadable */
			*warning = xasprintf("cannot read progress (%s); starting afresh", err);
		free(err);
		p->doc = fresh_doc();
		return p;
	}
	cJSON *doc = cJSON_ParseWithLength(text, len);
	free(text);
	const cJSON *ver = doc ? cJSON_GetObjectItemCaseSensitive(doc, "version") : NULL;
	if (!cJSON_IsObject(doc) || !cJSON_IsNumber(ver) || ver->valueint != 1) {
		cJSON_Delete(doc);
		char *moved = move_aside(p->path);
		if (moved)
			*warning = xasprintf("%s was not a valid progress file; moved it to %s "
					     "and started afresh", p->path, moved);
		else
			*warning = xasprintf("%s was not a valid progress file and could not be "
					     "moved aside; starting afresh", p->path);
		free(moved);
		doc = fresh_doc();
	}
	p->doc = doc;
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	cJSON_Delete(p->doc);
	free(p->path);
	free(p);
}

int progress_save(const struct progress *p, char **err)
{
	char *text = cJSON_Print(p->doc);
	int rc = util_write_file_atomic(p->path, text, strlen(text), 0600, err);
	cJSON_free(text);
	return rc;
}

const char *progress_current(const struct progress *p)
{
	const cJSON *c = get(p, "current");
	return cJSON_IsString(c) ? c->valuestring : NULL;
}

int progress_position(const struct progress *p)
{
	const cJSON *c = get(p, "position");
	return cJSON_IsNumber(c) && c->valueint > 0 ? c->valueint : 0;
}

void progress_set_current(struct progress *p, const char *lesson_id, int position)
{
	set_item(p->doc, "current", cJSON_CreateString(lesson_id));
	set_item(p->doc, "position", cJSON_CreateNumber(position < 0 ? 0 : position));
}

bool progress_lesson_done(const struct progress *p, const char *lesson_id)
{
	const cJSON *done = get(p, "done");
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(done, lesson_id));
}

void progress_set_lesson_done(struct progress *p, const char *lesson_id, bool done)
{
	cJSON *d = child_object(p->doc, "done");
	if (done)
		set_item(d, lesson_id, cJSON_CreateTrue());
	else
		cJSON_DeleteItemFromObjectCaseSensitive(d, lesson_id);
}

int progress_count_done(const struct progress *p)
{
	int n = 0;
	const cJSON *it, *done = get(p, "done");
	cJSON_ArrayForEach(it, done)
		n += cJSON_IsTrue(it);
	return n;
}

/* The array obj[key][lesson], grown with `fill` items to hold index q. */
static cJSON *slot_array(cJSON *root, const char *key, const char *lesson, int q,
			 cJSON *(*fill)(void))
{
	cJSON *m = child_object(root, key);
	cJSON *a = cJSON_GetObjectItemCaseSensitive(m, lesson);
	if (!cJSON_IsArray(a)) {
		cJSON_DeleteItemFromObjectCaseSensitive(m, lesson);
		a = cJSON_AddArrayToObject(m, lesson);
	}
	while (cJSON_GetArraySize(a) <= q)
		cJSON_AddItemToArray(a, fill());
	return a;
}

static cJSON *minus_one(void) { return cJSON_CreateNumber(-1); }
static cJSON *false_item(void) { return cJSON_CreateFalse(); }

int progress_answer(const struct progress *p, const char *lesson_id, int q)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(get(p, "answers"), lesson_id);
	const cJSON *v = q >= 0 ? cJSON_GetArrayItem(a, q) : NULL;
	return cJSON_IsNumber(v) ? v->valueint : -1;
}

void progress_set_answer(struct progress *p, const char *lesson_id, int q, int choice,
			 bool correct)
{
	if (q < 0 || q > 1000)
		return;
	cJSON *a = slot_array(p->doc, "answers", lesson_id, q, minus_one);
	cJSON_ReplaceItemInArray(a, q, cJSON_CreateNumber(choice));
	cJSON *c = slot_array(p->doc, "correct", lesson_id, q, false_item);
	cJSON_ReplaceItemInArray(c, q, cJSON_CreateBool(correct));
}

static cJSON *exercise(const struct progress *p, const char *id, bool create)
{
	if (!create)
		return cJSON_GetObjectItemCaseSensitive(get(p, "exercises"), id);
	return child_object(child_object(p->doc, "exercises"), id);
}

bool progress_exercise_passed(const struct progress *p, const char *exercise_id)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(exercise(p, exercise_id, false),
							      "passed"));
}

void progress_set_exercise_passed(struct progress *p, const char *exercise_id, bool passed)
{
	set_item(exercise(p, exercise_id, true), "passed", cJSON_CreateBool(passed));
}

int progress_hints_shown(const struct progress *p, const char *exercise_id)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(exercise(p, exercise_id, false), "hints");
	return cJSON_IsNumber(h) && h->valueint > 0 ? h->valueint : 0;
}

void progress_set_hints_shown(struct progress *p, const char *exercise_id, int n)
{
	set_item(exercise(p, exercise_id, true), "hints", cJSON_CreateNumber(n));
}

const char *progress_setting(const struct progress *p, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(get(p, "settings"), key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void progress_set_setting(struct progress *p, const char *key, const char *value)
{
	cJSON *s = child_object(p->doc, "settings");
	if (value)
		set_item(s, key, cJSON_CreateString(value));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(s, key);
}

void progress_reset(struct progress *p)
{
	cJSON_Delete(p->doc);
	p->doc = fresh_doc();
}
