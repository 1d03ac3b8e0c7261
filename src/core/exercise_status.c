/*
 * exercise_status.c - the learner's standing on the exercises (passed, next,
 * hints seen, the solution's gate) and recording what a verify found, over
 * the exercise set and the progress. See exercise_status.h.
 */
#define _GNU_SOURCE
#include "core/exercise_status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/util.h"

int exercise_status_open(struct exercise_status *st, const char *root, struct progress *prog,
			 struct diags *d, char **err)
{
	memset(st, 0, sizeof *st);
	st->prog = prog;
	if (exercise_set_load(&st->set, root, d, err) != 0)
		return -1;
	if (st->set.n == 0) {
		*err = xasprintf("no exercises found in %s", st->set.lab_dir);
		return -1;
	}
	st->nhints = xcalloc(st->set.n, sizeof *st->nhints);
	for (size_t i = 0; i < st->set.n; i++)
		st->nhints[i] = -1;
	st->workspace = exercise_workspace_resolve(progress_setting(prog, "workspace"));
	return 0;
}

void exercise_status_close(struct exercise_status *st)
{
	exercise_set_release(&st->set);
	free(st->workspace);
	free(st->nhints);
	memset(st, 0, sizeof *st);
}

int exercise_status_init_workspace(struct exercise_status *st, const char *dir, bool overwrite,
				   int *copied, int *kept, char **err)
{
	char *target = xstrdup(dir ? dir : st->workspace);
	if (exercise_workspace_init(&st->set, target, overwrite, copied, kept, err) != 0) {
		free(target);
		return -1;
	}
	progress_set_setting(st->prog, "workspace", target);
	free(st->workspace);
	st->workspace = target;
	return progress_save(st->prog, err);
}

bool exercise_status_passed(const struct exercise_status *st, const struct exercise *e)
{
	return progress_exercise_passed(st->prog, e->id);
}

int exercise_status_count_passed(const struct exercise_status *st)
{
	int n = 0;
	for (size_t i = 0; i < st->set.n; i++)
		n += exercise_status_passed(st, &st->set.v[i]);
	return n;
}

static bool passed_cb(const char *id, void *prog)
{
	return progress_exercise_passed(prog, id);
}

const struct exercise *exercise_status_next(const struct exercise_status *st)
{
	return exercise_next(&st->set, passed_cb, st->prog);
}

char *exercise_status_file(const struct exercise_status *st, const struct exercise *e)
{
	return exercise_workspace_file(e, st->workspace);
}

int exercise_status_hint_count(struct exercise_status *st, const struct exercise *e)
{
	size_t i = 0;
	while (i < st->set.n && &st->set.v[i] != e)
		i++;
	if (i == st->set.n) /* not one of ours: read it each time */
		i = SIZE_MAX;
	if (i != SIZE_MAX && st->nhints[i] >= 0)
		return st->nhints[i];
	struct exercise_hints h;
	char *err = NULL;
	int n = 0;
	if (exercise_hints_load(e, &h, &err) == 0) {
		n = h.n;
		exercise_hints_release(&h);
	}
	free(err);
	if (i != SIZE_MAX)
		st->nhints[i] = n;
	return n;
}

int exercise_status_hints_seen(struct exercise_status *st, const struct exercise *e)
{
	int seen = progress_hints_shown(st->prog, e->id), n = exercise_status_hint_count(st, e);
	return seen < n ? seen : n;
}

int exercise_status_reveal_hint(struct exercise_status *st, const struct exercise *e,
				struct exercise_hints *h, int *k, char **err)
{
	*k = 0;
	if (exercise_hints_load(e, h, err) != 0)
		return -1;
	*k = exercise_hint_next(progress_hints_shown(st->prog, e->id), h->n);
	if (*k == 0)
		return 0;
	progress_set_hints_shown(st->prog, e->id, *k);
	return progress_save(st->prog, err);
}

bool exercise_status_solution_open(struct exercise_status *st, const struct exercise *e)
{
	return exercise_solution_allowed(exercise_status_passed(st, e),
					 progress_hints_shown(st->prog, e->id),
					 exercise_status_hint_count(st, e));
}

char *exercise_status_why(const struct exercise *e)
{
	struct exercise_hints h;
	char *err = NULL, *why = NULL;
	if (exercise_hints_load(e, &h, &err) == 0) {
		why = h.why;
		h.why = NULL;
		exercise_hints_release(&h);
	}
	free(err);
	return why;
}

int exercise_status_record(struct exercise_status *st, const struct exercise *e,
			   const struct exercise_result *r, struct exercise_after *after,
			   char **err)
{
	memset(after, 0, sizeof *after);
	if (r->verdict != EXERCISE_PASS) {
		after->hints = exercise_status_hint_count(st, e);
		after->hints_seen = exercise_status_hints_seen(st, e);
		return 0;
	}
	after->passed = true;
	progress_set_exercise_passed(st->prog, e->id, true);
	int rc = progress_save(st->prog, err);
	after->why = exercise_status_why(e);
	after->next = exercise_status_next(st); /* after the save: others' passes count too */
	return rc;
}

void exercise_after_release(struct exercise_after *after)
{
	free(after->why);
	memset(after, 0, sizeof *after);
}
