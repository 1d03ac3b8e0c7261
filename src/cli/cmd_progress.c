/*
 * cmd_progress.c - `lockstep progress`: where the learner is, what is done,
 * quiz and exercise standing; `--reset` wipes it after asking.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/exercise_status.h"
#include "core/paths.h"
#include "core/progress.h"

/* The exercises' standing, as core/exercise_status sees it. Nothing when
 * there are no exercises (an installed lockstep without them). */
static void print_exercises(struct progress *p)
{
	struct exercise_status xs;
	char *err = NULL;
	if (exercise_status_open(&xs, paths_root(), p, NULL, &err) == 0) {
		const struct exercise *next = exercise_status_next(&xs);
		printf("Exercises passed: %d of %zu", exercise_status_count_passed(&xs), xs.set.n);
		if (next)
			printf(" (next: %02d %s)", next->number, next->name);
		putchar('\n');
		for (size_t i = 0; i < xs.set.n; i++)
			if (exercise_status_passed(&xs, &xs.set.v[i]))
				printf("  passed %02d %s\n", xs.set.v[i].number, xs.set.v[i].name);
	}
	free(err);
	exercise_status_close(&xs);
}

/* The lessons' challenges won (the step view records them). */
static void print_challenges(struct progress *p, const struct catalog *cat)
{
	int total = 0, won = 0;
	for (size_t i = 0; i < cat->n; i++)
		for (size_t b = 0; cat->v[i].lesson && b < cat->v[i].lesson->nblocks; b++) {
			const struct block *blk = cat->v[i].lesson->blocks[b];
			if (blk->kind != BLK_CHALLENGE || !blk->challenge.id)
				continue;
			total++;
			won += progress_challenge_won(p, blk->challenge.id);
		}
	if (total == 0)
		return;
	printf("Challenges won: %d of %d\n", won, total);
	for (size_t i = 0; i < cat->n; i++)
		for (size_t b = 0; cat->v[i].lesson && b < cat->v[i].lesson->nblocks; b++) {
			const struct block *blk = cat->v[i].lesson->blocks[b];
			if (blk->kind == BLK_CHALLENGE && blk->challenge.id &&
			    progress_challenge_won(p, blk->challenge.id))
				printf("  won %02d %s\n", cat->v[i].number, blk->challenge.id);
		}
}

int cmd_progress(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"reset", no_argument, NULL, 'r'},
					     {"yes", no_argument, NULL, 'y'},
					     {0, 0, 0, 0}};
	bool reset = false, yes = false;
	int c;
	while ((c = getopt_long(argc, argv, "hy", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("Usage: lockstep progress [--reset [--yes]]\n"
			       "Summarise your progress: the current lesson, lessons done, quiz\n"
			       "answers, exercises passed. --reset forgets it all after asking\n"
			       "(--yes: without).\n"
			       "Kept in %s/progress.json.\n", paths_state());
			return 0;
		case 'r': reset = true; break;
		case 'y': yes = true; break;
		default: return cli_usage("progress", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("progress", "unexpected argument '%s'", argv[optind]);

	char *warn = NULL, *err = NULL;
	struct progress *p = progress_load(NULL, &warn);
	if (warn) {
		fprintf(stderr, "lockstep progress: warning: %s\n", warn);
		free(warn);
	}
	if (reset) {
		int rc = 0;
		if (!cli_confirm("Forget all your progress (lessons done, answers, exercises)?", yes)) {
			fprintf(stderr, "lockstep progress: nothing changed%s\n",
				yes ? "" : " (use --yes when not at a terminal)");
			rc = 1;
		} else {
			progress_reset(p);
			if (progress_save(p, &err) < 0) {
				rc = cli_error("progress", "%s", err);
				free(err);
			} else {
				printf("Progress reset.\n");
			}
		}
		progress_free(p);
		return rc;
	}

	struct catalog cat;
	catalog_load(&cat, paths_lessons());
	const char *cur = progress_current(p);
	int done = 0;
	for (size_t i = 0; i < cat.n; i++)
		done += progress_lesson_done(p, cat.v[i].id);
	printf("Lessons done: %d of %zu\n", done, cat.n);
	int ci = cur ? catalog_find(&cat, cur) : -1;
	if (ci >= 0) {
		const struct catalog_entry *e = &cat.v[ci];
		printf("Current lesson: %02d %s%s%s\n", e->number, e->id,
		       e->lesson ? " — " : "", e->lesson ? e->lesson->title : "");
	} else {
		printf("Current lesson: none yet (start with 'lockstep' or 'lockstep show 1')\n");
	}
	for (size_t i = 0; i < cat.n; i++) {
		const struct catalog_entry *e = &cat.v[i];
		int answered = 0, right = 0, questions = 0;
		for (size_t b = 0; e->lesson && b < e->lesson->nblocks; b++) {
			const struct block *blk = e->lesson->blocks[b];
			if (blk->kind != BLK_QUIZ)
				continue;
			for (size_t q = 0; q < blk->quiz.n; q++, questions++) {
				int a = progress_answer(p, e->id, questions);
				answered += a >= 0;
				right += a >= 0 && a == blk->quiz.q[q].answer;
			}
		}
		if (!progress_lesson_done(p, e->id) && answered == 0)
			continue;
		printf("  %s %02d %-24s quiz %d/%d right\n",
		       progress_lesson_done(p, e->id) ? "done" : "    ", e->number, e->id, right,
		       questions);
	}
	print_challenges(p, &cat);
	catalog_release(&cat);
	print_exercises(p);
	progress_free(p);
	return 0;
}
