/*
 * cmd_lint.c - `lockstep lint [--verbose] [FILE...]`: checks lesson files
 * and prints every problem as "file:line: message"; with no files, every
 * lesson and the set as a whole; --verbose adds the quiz balance.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/lint.h"
#include "core/paths.h"
#include "core/registry.h"
#include "core/util.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: lockstep lint [--verbose] [--no-prove] [FILE...]\n\n"
		   "Check lesson files and print every problem as 'file:line: message'.\n"
		   "Without files, checks every lesson in the lessons directory and the set\n"
		   "as a whole (duplicate numbers or ids, badly named files, the course's\n"
		   "quiz balance). Demo names and parameters are checked against the demo\n"
		   "registry when it is built; each challenge block is proved by exploring\n"
		   "the built demo: its broken variant can reach the goal, no interleaving of\n"
		   "its fixed one does. Exits 1 if there is any problem.\n\n"
		   "  --no-prove     skip the challenges' proofs (faster; also\n"
		   "                 LOCKSTEP_LINT_NO_PROVE=1); make check always proves\n"
		   "  -v, --verbose  also print, for each lesson and the course, in how many\n"
		   "                 questions the right answer is the longest choice\n"
		   "                 (at most %d%% a lesson, %d%% the course)\n",
		LINT_LONGEST_LESSON_PCT, LINT_LONGEST_COURSE_PCT);
}

static double pct(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* --verbose: the quiz balance, lesson by lesson, then the course. */
static void print_shares(const struct lint_stats *st)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct lint_share *s = &st->v[i];
		printf("%s: right answer longest in %zu of %zu question%s (%.0f%%)\n",
		       util_shown_path(s->path),
		       s->longest, s->questions, s->questions == 1 ? "" : "s",
		       pct(s->longest, s->questions));
	}
	printf("course: right answer longest in %zu of %zu questions (%.1f%%); limits %d%% a "
	       "lesson, %d%% the course\n",
	       st->longest, st->questions, pct(st->longest, st->questions),
	       LINT_LONGEST_LESSON_PCT, LINT_LONGEST_COURSE_PCT);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{"verbose", no_argument, NULL, 'v'},
		{"no-prove", no_argument, NULL, 'P'},
		{0, 0, 0, 0},
	};
	int c;
	bool verbose = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == 'v') {
			verbose = true;
			continue;
		}
		if (c == 'P') {
			lint_set_prove(false);
			continue;
		}
		return cli_bad_option("lint", argv);
	}

	struct registry reg;
	char *err = NULL;
	bool have_reg = registry_load(&reg, NULL, &err) == 0;
	if (!have_reg) {
		fflush(stdout);
		fprintf(stderr, "lockstep: lint: no demo registry (%s); demo names and parameters "
				"are not checked (run 'make' to build it)\n",
			err ? err : "not found");
		free(err);
	}

	struct diags d;
	diags_init(&d);
	struct lint_stats st = {0};
	long nlessons;
	if (optind < argc) {
		nlessons = argc - optind;
		lint_files((const char *const *)argv + optind, (size_t)nlessons,
			   have_reg ? &reg : NULL, &d, &st);
	} else {
		char *dir = cli_display_path(paths_lessons());
		nlessons = lint_dir(dir, have_reg ? &reg : NULL, &d, &st);
		free(dir);
	}
	if (verbose)
		print_shares(&st);
	lint_stats_release(&st);
	for (size_t i = 0; i < d.n; i++) {
		char *msg = diag_format(&d.v[i]);
		printf("%s\n", msg);
		free(msg);
	}
	int rc = 0;
	if (nlessons < 0) {
		rc = 1;
	} else if (d.n) {
		/* stdout keeps only "file:line: message" lines, for editors and scripts */
		fflush(stdout);
		fprintf(stderr, "lockstep: lint: %zu problem%s in %ld lesson%s\n", d.n,
			d.n == 1 ? "" : "s", nlessons, nlessons == 1 ? "" : "s");
		rc = 1;
	} else {
		printf("%ld lesson%s, no problems\n", nlessons, nlessons == 1 ? "" : "s");
	}
	diags_release(&d);
	if (have_reg)
		registry_release(&reg);
	return rc;
}
