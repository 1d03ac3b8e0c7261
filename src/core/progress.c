/*
 * progress.c - the learner's progress, kept as a cJSON document in memory and
 * written to <state>/progress.json so that two lockstep processes at once
 * (the lab and `lockstep verify` in another terminal) lose nothing: every
 * save locks, re-reads, merges and writes atomically.
 *
 * Layout of the file (version 1):
 *   {"version":1, "current":"race-conditions", "position":42,
 *    "done":{"processes":true}, "answers":{"processes":[1,-1,0]},
 *    "correct":{"processes":[true,false,true]},
 *    "exercises":{"01-lost-updates":{"passed":true,"hints":2}},
 *    "challenges":{"counter-ends-at-2":{"won":true,"schedule":"AABB"}},
 *    "settings":{"workspace":"/home/ana/lockstep-exercises"}}
 *
 * The merge is three-way: `base` is the document as it was on disk when this
 * process last loaded or saved, `doc` is base plus this process's changes,
 * and the file may have moved on since. What this process changed since base
 * is applied onto what is on disk now; what it did not change is taken from
 * the disk. When both changed the same fact, merge_conflict() decides.
 */
#define _GNU_SOURCE
#include "core/progress.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/util.h"

#define PROGRESS_MAX (4u * 1024 * 1024) /* a real file is a few KiB */
#define PROGRESS_MAX_Q 1000            /* questions recorded per lesson */

/* Which version of the file this process last saw, to notice changes. */
struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct progress {
	char *path;         /* owned */
	cJSON *doc;         /* owned; always an object: base plus our changes */
	cJSON *base;        /* owned; the file as last loaded or saved */
	bool reset;         /* progress_reset() since the last save: write doc as is */
	struct file_id seen;
};

/* The member `key` of obj as an object, created if absent or of a wrong type. */
static cJSON *child_object(cJSON *obj, const char *key)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsObject(c)) {
		/* every member of that name: a hand-edited file may repeat one, and
		 * readers see the first */
		while (cJSON_GetObjectItemCaseSensitive(obj, key))
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

static cJSON *json_dup(const cJSON *j) { return j ? cJSON_Duplicate(j, true) : NULL; }

/* ------------------------------------------------------------ the file */

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

/* Take the advisory lock on the sibling PATH.lock (the progress file itself
 * is replaced by rename, so it cannot carry the lock). Returns the fd to
 * close to unlock (closing it drops the flock), or -1 with *err when err
 * is not NULL. */
static int lock_take(const char *path, char **err)
{
	char *lp = xasprintf("%s.lock", path);
	int fd = open(lp, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc = fd < 0 ? -1 : 0;
	while (rc == 0 && (rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
		rc = 0;
	if (rc != 0) {
		if (err)
			*err = xasprintf("%s: %s", lp, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(lp);
	return fd;
}

static bool stat_id(const char *path, struct file_id *id)
{
	struct stat st;
	memset(id, 0, sizeof *id);
	if (stat(path, &st) != 0)
		return false;
	*id = (struct file_id){st.st_dev, st.st_ino, st.st_size, st.st_mtim};
	return true;
}

static bool same_id(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

enum disk { DISK_OK, DISK_MISSING, DISK_UNREADABLE, DISK_CORRUPT };

/* Read and check the file. DISK_OK sets *doc (caller deletes); otherwise
 * *why (caller frees) says what is wrong, except for DISK_MISSING. */
static enum disk disk_read(const char *path, cJSON **doc, char **why)
{
	*doc = NULL;
	*why = NULL;
	size_t len;
	char *err = NULL;
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return DISK_MISSING;
		*why = xasprintf("%s: %s", path, strerror(errno));
		return DISK_UNREADABLE;
	}
	char *text = util_read_file_max(path, PROGRESS_MAX, &len, &err);
	if (!text) {
		*why = err;
		/* too large, or not a regular file: as bad as unparsable */
		bool bad = !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > PROGRESS_MAX;
		return bad ? DISK_CORRUPT : DISK_UNREADABLE;
	}
	cJSON *d = cJSON_ParseWithLength(text, len);
	free(text);
	const cJSON *ver = d ? cJSON_GetObjectItemCaseSensitive(d, "version") : NULL;
	if (!cJSON_IsObject(d) || !cJSON_IsNumber(ver) || ver->valueint != 1) {
		cJSON_Delete(d);
		*why = xasprintf("%s: not a valid progress file", path);
		return DISK_CORRUPT;
	}
	*doc = d;
	return DISK_OK;
}

/* ------------------------------------------------------------ merging */

static bool same(const cJSON *a, const cJSON *b)
{
	if (!a || !b)
		return a == b;
	return cJSON_Compare(a, b, true);
}

/*
 * Both this process and another changed one fact (`top` names the member
 * of the document it lies under). Facts that only grow are never undone: a
 * pass, a lesson done, a hint seen (the larger count). The first quiz answer
 * recorded is the one that counts, so the disk's stays. Anything else
 * (current lesson, position, settings) follows the latest writer: us.
 */
static cJSON *merge_conflict(const cJSON *mine, const cJSON *disk, const char *top)
{
	if (top && strcmp(top, "answers") == 0) {
		/* the disk's answer when it has one; -1 only pads the array */
		bool real = cJSON_IsNumber(disk) && disk->valuedouble >= 0;
		return json_dup(real || !mine ? disk : mine);
	}
	if (top && strcmp(top, "correct") == 0)
		return json_dup(disk ? disk : mine); /* quiz_follow_answers settles it */
	if (top && (strcmp(top, "done") == 0 || strcmp(top, "exercises") == 0 ||
		    strcmp(top, "challenges") == 0)) {
		if (cJSON_IsTrue(mine) || cJSON_IsTrue(disk))
			return cJSON_CreateTrue();
		if (cJSON_IsNumber(mine) && cJSON_IsNumber(disk))
			return json_dup(mine->valuedouble >= disk->valuedouble ? mine : disk);
	}
	return json_dup(mine);
}

static cJSON *merge(const cJSON *base, const cJSON *mine, const cJSON *disk, const char *top);

/* Objects: member by member, over every name either side has. */
static cJSON *merge_object(const cJSON *base, const cJSON *mine, const cJSON *disk,
			   const char *top)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *b = cJSON_IsObject(base) ? base : NULL;
	const cJSON *sides[2] = {disk, mine};
	for (int s = 0; s < 2; s++) {
		const cJSON *it;
		cJSON_ArrayForEach(it, sides[s]) {
			const char *k = it->string;
			if (cJSON_GetObjectItemCaseSensitive(out, k) ||
			    (s == 1 && cJSON_GetObjectItemCaseSensitive(disk, k)))
				continue; /* done, or done when walking the disk */
			cJSON *m = merge(b ? cJSON_GetObjectItemCaseSensitive(b, k) : NULL,
					 cJSON_GetObjectItemCaseSensitive(mine, k),
					 cJSON_GetObjectItemCaseSensitive(disk, k), top ? top : k);
			if (m)
				cJSON_AddItemToObject(out, k, m);
		}
	}
	return out;
}

/* Arrays (quiz answers): element by element. */
static cJSON *merge_array(const cJSON *base, const cJSON *mine, const cJSON *disk,
			  const char *top)
{
	cJSON *out = cJSON_CreateArray();
	/* walk the three side by side: indexing each would be quadratic */
	const cJSON *b = cJSON_IsArray(base) ? base->child : NULL;
	const cJSON *m = mine ? mine->child : NULL, *d = disk ? disk->child : NULL;
	while (m || d) {
		cJSON *v = merge(b, m, d, top);
		cJSON_AddItemToArray(out, v ? v : cJSON_CreateNull());
		b = b ? b->next : NULL;
		m = m ? m->next : NULL;
		d = d ? d->next : NULL;
	}
	return out;
}

/* The merged value (newly allocated), or NULL when the fact is absent. */
static cJSON *merge(const cJSON *base, const cJSON *mine, const cJSON *disk, const char *top)
{
	if (same(base, mine))
		return json_dup(disk); /* we did not touch it */
	if (same(base, disk) || same(mine, disk))
		return json_dup(mine); /* only we changed it */
	/* What we changed is well formed (the setters make it so): a disk value
	 * of another shape where ours is an object or an array is garbage. */
	if (disk && ((cJSON_IsObject(mine) && !cJSON_IsObject(disk)) ||
		     (cJSON_IsArray(mine) && !cJSON_IsArray(disk))))
		return json_dup(mine);
	/* An absent side is an empty one: a reset elsewhere removed it all. */
	if ((!mine || cJSON_IsObject(mine)) && (!disk || cJSON_IsObject(disk)))
		return merge_object(base, mine, disk, top);
	if ((!mine || cJSON_IsArray(mine)) && (!disk || cJSON_IsArray(disk)))
		return merge_array(base, mine, disk, top);
	return merge_conflict(mine, disk, top);
}

/* Item q of obj[key][lesson], or NULL. */
static const cJSON *quiz_item(const cJSON *obj, const char *key, const char *lesson, int q)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
	a = cJSON_GetObjectItemCaseSensitive(a, lesson);
	const cJSON *it = cJSON_IsArray(a) ? a->child : NULL;
	while (it && q-- > 0)
		it = it->next;
	return it;
}

static cJSON *slot_array(cJSON *root, const char *key, const char *lesson, int q,
			 cJSON *(*fill)(void));
static cJSON *false_item(void);

/* An answer and whether it was right come from the same process: after a
 * merge, correct[L][q] follows the side whose answers[L][q] won (the first
 * PROGRESS_MAX_Q questions of a lesson; the setters record no more). */
static void quiz_follow_answers(cJSON *merged, const cJSON *mine, const cJSON *disk)
{
	const cJSON *lesson;
	cJSON_ArrayForEach(lesson, cJSON_GetObjectItemCaseSensitive(merged, "answers")) {
		const cJSON *a = cJSON_IsArray(lesson) ? lesson->child : NULL;
		for (int q = 0; a && q <= PROGRESS_MAX_Q; q++, a = a->next) {
			const cJSON *from = same(a, quiz_item(mine, "answers", lesson->string, q)) ? mine
					    : same(a, quiz_item(disk, "answers", lesson->string, q)) ? disk
												       : NULL;
			const cJSON *c = from ? quiz_item(from, "correct", lesson->string, q) : NULL;
			if (c && !same(c, quiz_item(merged, "correct", lesson->string, q)))
				cJSON_ReplaceItemInArray(
					slot_array(merged, "correct", lesson->string, q, false_item), q,
					json_dup(c));
		}
	}
}

/* The place (lesson, position in it) is one fact: both from us when we moved
 * since base, else both from the disk; never half of each (a move racing a
 * reset kept our position in no lesson; two movers mixed their places). */
static void place_follows_writer(cJSON *merged, const cJSON *base, const cJSON *mine,
				 const cJSON *disk)
{
	static const char *const keys[] = {"current", "position"};
	bool moved = false;
	for (int i = 0; i < 2; i++)
		moved |= !same(cJSON_GetObjectItemCaseSensitive(base, keys[i]),
			       cJSON_GetObjectItemCaseSensitive(mine, keys[i]));
	for (int i = 0; i < 2; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(moved ? mine : disk, keys[i]);
		cJSON_DeleteItemFromObjectCaseSensitive(merged, keys[i]);
		if (v)
			cJSON_AddItemToObject(merged, keys[i], json_dup(v));
	}
}

/* The merged document (see the top of the file). */
static cJSON *merge_doc(const cJSON *base, const cJSON *mine, const cJSON *disk)
{
	cJSON *merged = merge(base, mine, disk, NULL);
	quiz_follow_answers(merged, mine, disk);
	place_follows_writer(merged, base, mine, disk);
	return merged;
}

/* ------------------------------------------------------------ load, save */

struct progress *progress_load(const char *path, char **warning)
{
	struct progress *p = xcalloc(1, sizeof *p);
	p->path = path ? xstrdup(path) : paths_join(paths_state(), "progress.json");
	*warning = NULL;

	/* Under the lock, so a corrupt file is never confused with one another
	 * process is writing, and moving it aside cannot move a good one. The
	 * directory may not exist yet: then there is nothing to lock. */
	int lk = lock_take(p->path, NULL);
	cJSON *doc;
	char *why;
	switch (disk_read(p->path, &doc, &why)) {
	case DISK_OK:
	case DISK_MISSING:
		break;
	case DISK_UNREADABLE:
		*warning = xasprintf("cannot read progress (%s); starting afresh", why);
		break;
	case DISK_CORRUPT: {
		char *moved = move_aside(p->path);
		if (moved)
			*warning = xasprintf("%s was not a valid progress file; moved it to %s "
					     "and started afresh", p->path, moved);
		else
			*warning = xasprintf("%s was not a valid progress file and could not be "
					     "moved aside; starting afresh", p->path);
		free(moved);
		break;
	}
	}
	free(why);
	p->doc = doc ? doc : fresh_doc();
	p->base = json_dup(p->doc);
	stat_id(p->path, &p->seen);
	if (lk >= 0)
		close(lk);
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	cJSON_Delete(p->doc);
	cJSON_Delete(p->base);
	free(p->path);
	free(p);
}

int progress_save(struct progress *p, char **err)
{
	int lk = lock_take(p->path, err);
	if (lk < 0)
		return -1;
	cJSON *disk = NULL;
	char *why = NULL;
	enum disk state = disk_read(p->path, &disk, &why);
	if (state == DISK_CORRUPT) {
		char *moved = move_aside(p->path); /* kept, never lost */
		free(moved);
	}
	free(why);
	cJSON *merged;
	if (p->reset || state != DISK_OK)
		merged = json_dup(p->doc); /* an explicit reset, or nothing on disk to keep */
	else
		merged = merge_doc(p->base, p->doc, disk);
	cJSON_Delete(disk);

	char *text = cJSON_Print(merged);
	int rc = util_write_file_atomic(p->path, text, strlen(text), 0600, err);
	cJSON_free(text);
	if (rc == 0) {
		cJSON_Delete(p->doc);
		cJSON_Delete(p->base);
		p->doc = merged;
		p->base = json_dup(merged);
		p->reset = false;
		stat_id(p->path, &p->seen);
	} else {
		cJSON_Delete(merged);
	}
	close(lk);
	return rc;
}

bool progress_refresh(struct progress *p)
{
	struct file_id now;
	if (!stat_id(p->path, &now) || same_id(&now, &p->seen))
		return false;
	cJSON *disk = NULL;
	char *why = NULL;
	enum disk state = disk_read(p->path, &disk, &why);
	free(why);
	if (state != DISK_OK)
		return false; /* the next load or save deals with it */
	cJSON *merged = p->reset ? json_dup(p->doc) : merge_doc(p->base, p->doc, disk);
	bool changed = !same(merged, p->doc);
	cJSON_Delete(p->doc);
	cJSON_Delete(p->base);
	p->doc = merged;
	p->base = disk;
	p->seen = now;
	return changed;
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
		while (cJSON_GetObjectItemCaseSensitive(m, lesson)) /* repeated names too */
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

bool progress_set_answer(struct progress *p, const char *lesson_id, int q, int choice,
			 bool correct)
{
	/* the first answer is the one that counts: a second is not recorded */
	if (q < 0 || q > PROGRESS_MAX_Q || progress_answer(p, lesson_id, q) >= 0)
		return false;
	cJSON *a = slot_array(p->doc, "answers", lesson_id, q, minus_one);
	cJSON_ReplaceItemInArray(a, q, cJSON_CreateNumber(choice));
	cJSON *c = slot_array(p->doc, "correct", lesson_id, q, false_item);
	cJSON_ReplaceItemInArray(c, q, cJSON_CreateBool(correct));
	return true;
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

bool progress_challenge_won(const struct progress *p, const char *challenge_id)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(get(p, "challenges"), challenge_id);
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "won"));
}

void progress_set_challenge_won(struct progress *p, const char *challenge_id,
				const char *schedule)
{
	cJSON *c = child_object(child_object(p->doc, "challenges"), challenge_id);
	set_item(c, "won", cJSON_CreateTrue());
	if (schedule)
		set_item(c, "schedule", cJSON_CreateString(schedule));
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
	p->reset = true;
}
