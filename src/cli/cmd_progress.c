/*
 * cmd_progress.c - `lockstep progress`: where the learner is, what is done,
 * quiz and exercise standing; `--export` writes it for an instructor's
 * `lockstep report`; `--reset` wipes it after asking.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/exercise_status.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/progress_export.h"
#include "core/util.h"

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

/* The student's name when --name is not given: $USER, else the account's. */
static const char *default_name(void)
{
	const char *u = getenv("USER");
	if (u && *u)
		return u;
	const struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "student";
}

/* "lockstep-progress-NAME.json", NAME kept to letters, digits, . _ - */
static char *default_file(const char *name)
{
	char *f = xasprintf("lockstep-progress-%s.json", name);
	for (char *c = f + strlen("lockstep-progress-"); *c && strcmp(c, ".json") != 0; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
			*c = '_';
	return f;
}

/* Write the export of p to `out` ("-": stdout; NULL: the default file). */
static int export_progress(struct progress *p, const char *name, const char *out)
{
	if (!name)
		name = default_name();
	if (!*name)
		return cli_usage("progress", "--name must not be empty");
	struct catalog cat;
	catalog_load(&cat, paths_lessons());
	struct exercise_set xs;
	char *err = NULL;
	bool have_xs = exercise_set_load(&xs, paths_root(), NULL, &err) == 0;
	free(err);
	err = NULL;
	char *state = paths_join(paths_state(), "progress.json");
	struct stat st;
	struct progress_export_info info = {
		.name = name,
		.version = LOCKSTEP_VERSION,
		.exported = time(NULL),
		.last_activity = stat(state, &st) == 0 ? st.st_mtime : 0,
	};
	free(state);
	char *text = progress_export(p, &cat, have_xs ? &xs : NULL, &info);
	exercise_set_release(&xs);
	catalog_release(&cat);

	int rc = 0;
	if (out && strcmp(out, "-") == 0) {
		printf("%s\n", text);
	} else {
		char *file = out ? xstrdup(out) : default_file(name);
		size_t len = strlen(text);
		text[len] = '\n'; /* the terminating NUL is not written */
		if (util_write_file_atomic(file, text, len + 1, 0644, &err) < 0) {
			rc = cli_error("progress", "cannot write the export: %s", err);
			free(err);
		} else {
			printf("Wrote %s's progress to %s\n(give it to your instructor for "
			       "'lockstep report').\n", name, file);
		}
		free(file);
	}
	free(text);
	return rc;
}

int cmd_progress(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"reset", no_argument, NULL, 'r'},
					     {"yes", no_argument, NULL, 'y'},
					     {"export", no_argument, NULL, 'e'},
					     {"name", required_argument, NULL, 'n'},
					     {"output", required_argument, NULL, 'o'},
					     {0, 0, 0, 0}};
	bool reset = false, yes = false, export = false;
	const char *name = NULL, *out = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "hyo:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("Usage: lockstep progress [--reset [--yes]]\n"
			       "       lockstep progress --export [--name NAME] [-o FILE]\n"
			       "Summarise your progress: the current lesson, lessons done, quiz\n"
			       "answers, exercises passed. --reset forgets it all after asking\n"
			       "(--yes: without).\n"
			       "--export writes it as a small JSON file for your instructor's\n"
			       "'lockstep report': NAME (default: $USER) and what you did, to FILE\n"
			       "(default lockstep-progress-NAME.json here; '-': standard output).\n"
			       "Kept in %s/progress.json.\n", paths_state());
			return 0;
		case 'r': reset = true; break;
		case 'y': yes = true; break;
		case 'e': export = true; break;
		case 'n': name = optarg; break;
		case 'o': out = optarg; break;
		default: return cli_bad_option("progress", argv);
		}
	}
	if (optind < argc)
		return cli_usage("progress", "unexpected argument '%s'", util_shown(argv[optind]));
	if ((name || out) && !export)
		return cli_usage("progress", "--name and -o go with --export");
	if (export && reset)
		return cli_usage("progress", "--export and --reset do not go together");

	char *warn = NULL, *err = NULL;
	struct progress *p = progress_load(NULL, &warn);
	if (warn) {
		cli_note("progress", "warning: %s", warn);
		free(warn);
	}
	if (export) {
		int rc = export_progress(p, name, out);
		progress_free(p);
		return rc;
	}
	if (reset) {
		int rc = 0;
		if (!cli_confirm("Forget all your progress (lessons done, answers, exercises)?", yes)) {
			fprintf(stderr, "lockstep: progress: nothing changed%s\n",
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
		struct quiz_tally t = progress_quiz_tally(p, e);
		if (!progress_lesson_done(p, e->id) && t.answered == 0)
			continue;
		printf("  %s %02d %-24s quiz %d/%d right\n",
		       progress_lesson_done(p, e->id) ? "done" : "    ", e->number, e->id, t.right,
		       t.questions);
	}
	print_challenges(p, &cat);
	catalog_release(&cat);
	print_exercises(p);
	progress_free(p);
	return 0;
}
