/*
 * progress_export.c - builds the export document of one learner's progress
 * (see progress_export.h for its layout) from the progress, the lessons and
 * the exercises.
 */
#include "core/progress_export.h"

#include <cJSON.h>
#include <string.h>

#include "core/catalog.h"
#include "core/exercise.h"
#include "core/progress.h"
#include "core/util.h"

void progress_export_time(time_t t, char buf[static 21])
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(buf, "1970-01-01T00:00:00Z");
}

static void add_time(cJSON *obj, const char *key, time_t t)
{
	char buf[21];
	if (t <= 0) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	progress_export_time(t, buf);
	cJSON_AddStringToObject(obj, key, buf);
}

struct quiz_tally progress_quiz_tally(const struct progress *p, const struct catalog_entry *e)
{
	struct quiz_tally t = {0, 0, 0};
	for (size_t b = 0; e->lesson && b < e->lesson->nblocks; b++) {
		const struct block *blk = e->lesson->blocks[b];
		if (blk->kind != BLK_QUIZ)
			continue;
		for (size_t q = 0; q < blk->quiz.n; q++, t.questions++) {
			int a = progress_answer(p, e->id, t.questions);
			t.answered += a >= 0;
			t.right += a >= 0 && a == blk->quiz.q[q].answer;
		}
	}
	return t;
}

/* One lesson: done, and its quiz questions answered and right. */
static cJSON *lesson_entry(const struct progress *p, const struct catalog_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "number", e->number);
	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddBoolToObject(o, "done", progress_lesson_done(p, e->id));
	struct quiz_tally t = progress_quiz_tally(p, e);
	cJSON_AddNumberToObject(o, "quiz_questions", t.questions);
	cJSON_AddNumberToObject(o, "quiz_answered", t.answered);
	cJSON_AddNumberToObject(o, "quiz_right", t.right);
	return o;
}

/* Every challenge in the lessons (```challenge blocks), won or not. */
static void add_challenges(cJSON *out, const struct progress *p, const struct catalog *cat)
{
	cJSON *arr = cJSON_AddArrayToObject(out, "challenges");
	for (size_t i = 0; cat && i < cat->n; i++) {
		const struct catalog_entry *e = &cat->v[i];
		for (size_t b = 0; e->lesson && b < e->lesson->nblocks; b++) {
			const struct block *blk = e->lesson->blocks[b];
			if (blk->kind != BLK_CHALLENGE || !blk->challenge.id)
				continue;
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", blk->challenge.id);
			cJSON_AddStringToObject(o, "lesson", e->id);
			cJSON_AddBoolToObject(o, "won", progress_challenge_won(p, blk->challenge.id));
			cJSON_AddItemToArray(arr, o);
		}
	}
}

char *progress_export(const struct progress *p, const struct catalog *cat,
		      const struct exercise_set *xs, const struct progress_export_info *info)
{
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "format", PROGRESS_EXPORT_FORMAT);
	cJSON_AddNumberToObject(out, "format_version", PROGRESS_EXPORT_VERSION);
	cJSON_AddStringToObject(out, "lockstep", info->version ? info->version : "unknown");
	cJSON_AddStringToObject(out, "name", info->name);
	add_time(out, "exported", info->exported);
	add_time(out, "last_activity", info->last_activity);

	cJSON *lessons = cJSON_AddArrayToObject(out, "lessons");
	for (size_t i = 0; cat && i < cat->n; i++)
		cJSON_AddItemToArray(lessons, lesson_entry(p, &cat->v[i]));
	cJSON *ex = cJSON_AddArrayToObject(out, "exercises");
	for (size_t i = 0; xs && i < xs->n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "number", xs->v[i].number);
		cJSON_AddStringToObject(o, "id", xs->v[i].id);
		cJSON_AddBoolToObject(o, "passed", progress_exercise_passed(p, xs->v[i].id));
		cJSON_AddItemToArray(ex, o);
	}
	add_challenges(out, p, cat);

	char *text = cJSON_Print(out);
	cJSON_Delete(out);
	char *copy = xstrdup(text); /* freed with free(), not cJSON_free */
	cJSON_free(text);
	return copy;
}
