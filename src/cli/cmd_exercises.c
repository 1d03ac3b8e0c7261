/*
 * cmd_exercises.c - the exercises the learner fixes, in plain text:
 * `lockstep exercises [init|reset]` and `lockstep hint`; and what the
 * exercise subcommands share (cli_exercise.h). `verify` and `watch` are in
 * cmd_verify.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_exercise.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/util.h"

/* ------------------------------------------------------------ shared setup */

int cli_ex_open(struct cli_ex *c, const char *cmd)
{
	memset(c, 0, sizeof *c);
	c->cmd = cmd;
	char *err = NULL, *warn = NULL;
	c->prog = progress_load(NULL, &warn);
	if (warn) {
		cli_note(cmd, "warning: %s", warn);
		free(warn);
	}
	struct diags d;
	diags_init(&d);
	int rc = exercise_status_open(&c->st, paths_root(), c->prog, &d, &err);
	for (size_t i = 0; i < d.n; i++) {
		char *m = diag_format(&d.v[i]);
		cli_note(cmd, "warning: %s", m);
		free(m);
	}
	diags_release(&d);
	if (rc != 0) {
		cli_error(cmd, "%s", err);
		free(err);
		exercise_status_close(&c->st);
		progress_free(c->prog);
		return 1;
	}
	return 0;
}

void cli_ex_close(struct cli_ex *c)
{
	exercise_status_close(&c->st);
	progress_free(c->prog);
}

const struct exercise *cli_ex_pick(struct cli_ex *c, const char *key, int *status)
{
	if (key) {
		const struct exercise *e = exercise_find(&c->st.set, key);
		if (!e)
			*status = cli_usage(c->cmd, "no exercise '%s' (see 'lockstep exercises')",
					    util_shown(key));
		return e;
	}
	const struct exercise *e = exercise_status_next(&c->st);
	if (!e) {
		printf("Every exercise has passed. Name one to do it again: lockstep %s N\n",
		       c->cmd);
		*status = 0;
	}
	return e;
}

char *cli_ex_file(struct cli_ex *c, const struct exercise *e)
{
	char *f = exercise_status_file(&c->st, e);
	if (access(f, R_OK) != 0) {
		cli_error(c->cmd, "%s: %s (run 'lockstep exercises init' to copy the exercises "
			  "there, or set LOCKSTEP_WORKSPACE)", f, strerror(errno));
		free(f);
		return NULL;
	}
	return f;
}

void cli_ex_print_indented(const char *text, int ind)
{
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		int n = nl ? (int)(nl - s) : (int)strlen(s);
		printf("%*s%.*s\n", n ? ind : 0, "", n, s);
		if (!nl)
			break;
		s = nl + 1;
	}
}

/* ------------------------------------------------------------ exercises */

static int exercises_list(struct cli_ex *c)
{
	printf("Exercises: %d of %zu done. Workspace: %s\n\n",
	       exercise_status_count_passed(&c->st), c->st.set.n, c->st.workspace);
	const struct exercise *next = exercise_status_next(&c->st);
	for (size_t i = 0; i < c->st.set.n; i++) {
		const struct exercise *e = &c->st.set.v[i];
		bool ok = exercise_status_passed(&c->st, e);
		printf("  %-7s %02d %-18s %s (lesson %.2s)\n", ok ? "done" : "pending", e->number,
		       e->name, e->title, e->lesson);
	}
	putchar('\n');
	char *f = next ? exercise_status_file(&c->st, next) : NULL;
	if (!next)
		printf("All done. 'lockstep exercises reset N' to try one again.\n");
	else if (access(f, F_OK) != 0)
		printf("Next: %02d %s. First copy the exercises into your workspace:\n"
		       "  lockstep exercises init\n", next->number, next->name);
	else
		printf("Next: %02d %s. Edit %s, then:\n  lockstep verify %02d    "
		       "(or 'lockstep watch %02d' to check on every save)\n",
		       next->number, next->name, f, next->number, next->number);
	free(f);
	return 0;
}

static char *absolute(const char *dir)
{
	if (dir[0] == '/')
		return xstrdup(dir);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return xstrdup(dir);
	return paths_join(cwd, dir);
}

static int exercises_init(struct cli_ex *c, const char *dir, bool force, bool yes)
{
	char *target = absolute(dir ? dir : c->st.workspace);
	if (force) {
		char *q = xasprintf("Overwrite the exercise files in %s with the originals?",
				    target);
		bool ok = cli_confirm(q, yes);
		free(q);
		if (!ok) {
			free(target);
			return cli_error(c->cmd, "nothing changed%s",
					 yes ? "" : " (use --yes when not at a terminal)");
		}
	}
	int copied = 0, kept = 0;
	char *err = NULL;
	if (exercise_status_init_workspace(&c->st, target, force, &copied, &kept, &err) != 0) {
		cli_error(c->cmd, "%s", err);
		free(err);
		free(target);
		return 1;
	}
	printf("Workspace: %s\n", target);
	printf("Copied %d file%s", copied, copied == 1 ? "" : "s");
	if (kept)
		printf("; kept %d you already had (--force replaces them)", kept);
	printf(".\n\nEach NN-name.c there is a small broken program: its first comment "
	       "says what\nto fix. Then run 'lockstep verify NN', or 'lockstep watch NN' "
	       "while you edit.\n");
	free(target);
	return 0;
}

static int exercises_reset(struct cli_ex *c, const char *key, bool yes)
{
	int st = 0;
	const struct exercise *e = cli_ex_pick(c, key, &st);
	if (!e)
		return st;
	char *f = exercise_workspace_file(e, c->st.workspace);
	char *q = xasprintf("Replace %s with the original broken file? (yours is kept as %s.bak)",
			    f, f);
	bool ok = cli_confirm(q, yes);
	free(q);
	if (!ok) {
		free(f);
		return cli_error(c->cmd, "nothing changed%s",
				 yes ? "" : " (use --yes when not at a terminal)");
	}
	char *backup = NULL, *err = NULL;
	if (exercise_reset(e, c->st.workspace, &backup, &err) != 0) {
		cli_error(c->cmd, "%s", err);
		free(err);
		free(f);
		return 1;
	}
	printf("%s is back to the original.", f);
	if (backup)
		printf(" Your version is in %s.", backup);
	putchar('\n');
	free(backup);
	free(f);
	return 0;
}

int cmd_exercises(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"yes", no_argument, NULL, 'y'},
					     {"force", no_argument, NULL, 'f'},
					     {0, 0, 0, 0}};
	bool yes = false, force = false;
	int o;
	while ((o = getopt_long(argc, argv, "hyf", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep exercises\n"
			       "       lockstep exercises init [DIR] [--force [--yes]]\n"
			       "       lockstep exercises reset N [--yes]\n\n"
			       "Exercises are small broken programs you fix yourself; 'lockstep "
			       "verify'\nchecks them under stress and ThreadSanitizer.\n\n"
			       "  (no command)  list the exercises, done or pending, and the next one\n"
			       "  init [DIR]    copy them into DIR (default: $LOCKSTEP_WORKSPACE or\n"
			       "                ~/lockstep-exercises) and remember it; existing files\n"
			       "                are kept unless --force\n"
			       "  reset N       put exercise N (number or name) back as it was; your\n"
			       "                file is kept as NN-name.c.bak. Asks first (--yes: don't)\n\n"
			       "See also: lockstep verify, lockstep hint, lockstep watch.\n");
			return 0;
		case 'y': yes = true; break;
		case 'f': force = true; break;
		default: return cli_bad_option("exercises", argv);
		}
	}
	const char *sub = optind < argc ? argv[optind++] : NULL;
	const char *arg = optind < argc ? argv[optind++] : NULL;
	if (optind < argc)
		return cli_usage("exercises", "unexpected argument '%s'", util_shown(argv[optind]));
	if (sub && strcmp(sub, "init") != 0 && strcmp(sub, "reset") != 0)
		return cli_usage("exercises", "unknown command '%s' (init or reset)", util_shown(sub));
	if (!sub && arg)
		return cli_usage("exercises", "unexpected argument '%s'", util_shown(arg));
	if (sub && strcmp(sub, "reset") == 0 && !arg)
		return cli_usage("exercises", "reset needs an exercise number or name");
	if (force && (!sub || strcmp(sub, "init") != 0))
		return cli_usage("exercises", "--force goes with init");

	struct cli_ex c;
	int rc = cli_ex_open(&c, "exercises");
	if (rc)
		return rc;
	if (!sub)
		rc = exercises_list(&c);
	else if (strcmp(sub, "init") == 0)
		rc = exercises_init(&c, arg, force, yes);
	else
		rc = exercises_reset(&c, arg, yes);
	cli_ex_close(&c);
	return rc;
}

/* ------------------------------------------------------------ hint */

int cmd_hint(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"solution", no_argument, NULL, 's'},
					     {0, 0, 0, 0}};
	bool want_solution = false;
	int o;
	while ((o = getopt_long(argc, argv, "hs", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep hint [N] [--solution]\n\n"
			       "Show the next hint for exercise N (number or name; default: the\n"
			       "next pending one). There are up to %d, each more direct than the last;\n"
			       "once all are shown, 'lockstep hint N' repeats them.\n\n"
			       "  --solution  the reference solution: after you pass, or after\n"
			       "              you have seen every hint\n", EXERCISE_HINTS);
			return 0;
		case 's': want_solution = true; break;
		default: return cli_bad_option("hint", argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage("hint", "unexpected argument '%s'", util_shown(argv[optind + 1]));

	struct cli_ex c;
	int rc = cli_ex_open(&c, "hint");
	if (rc)
		return rc;
	const struct exercise *e = cli_ex_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	if (!e) {
		cli_ex_close(&c);
		return rc;
	}
	struct exercise_hints h;
	char *err = NULL;
	if (want_solution) {
		int n = exercise_status_hint_count(&c.st, e);
		if (!exercise_status_solution_open(&c.st, e)) {
			rc = cli_error("hint", "the solution to %02d opens once you pass it, or after "
				       "all %d hints (you have seen %d): 'lockstep hint %02d' first",
				       e->number, n, exercise_status_hints_seen(&c.st, e), e->number);
		} else {
			char *text = exercise_solution_load(e, &err);
			if (!text) {
				rc = cli_error("hint", "%s", err);
				free(err);
			} else {
				printf("Reference solution to %02d %s:\n\n%s", e->number,
				       e->name, text);
				char *why = exercise_status_why(e);
				if (why) {
					printf("\nWhy it works\n\n");
					cli_ex_print_indented(why, 2);
				}
				free(why);
				free(text);
			}
		}
		cli_ex_close(&c);
		return rc;
	}
	int k = 0;
	if (exercise_status_reveal_hint(&c.st, e, &h, &k, &err) != 0) {
		rc = cli_error("hint", "%s", err);
		free(err);
		if (!h.n) { /* the hints could not even be read */
			cli_ex_close(&c);
			return rc;
		}
	}
	if (k > 0) {
		printf("Hint %d of %d for %02d %s\n\n", k, h.n, e->number, e->name);
		cli_ex_print_indented(h.hint[k - 1], 2);
		if (k < h.n)
			printf("\nStill stuck? 'lockstep hint %02d' again for the next one.\n",
			       e->number);
		else
			printf("\nThat was the last hint. The reference solution: "
			       "lockstep hint %02d --solution\n", e->number);
	} else {
		for (int i = 0; i < h.n; i++) {
			printf("%sHint %d of %d for %02d %s\n\n", i ? "\n" : "", i + 1, h.n,
			       e->number, e->name);
			cli_ex_print_indented(h.hint[i], 2);
		}
		printf("\nNo more hints. The reference solution: lockstep hint %02d "
		       "--solution\n", e->number);
	}
	exercise_hints_release(&h);
	cli_ex_close(&c);
	return rc;
}
