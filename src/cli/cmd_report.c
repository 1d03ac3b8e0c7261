/*
 * cmd_report.c - `lockstep report FILE|DIR...`: an instructor's view of the
 * class, gathered from the students' `lockstep progress --export` files
 * (core/cohort), as a table, CSV or JSON.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cohort.h"
#include "core/util.h"

/* Two files with one name are most often one student who exported twice:
 * both rows stay, and the instructor is told which files they are. */
static void note_same_names(const struct cohort *co)
{
	for (size_t i = 0; i < co->n;) {
		size_t j = i + 1;
		while (j < co->n && strcmp(co->v[j].name, co->v[i].name) == 0)
			j++;
		if (j - i > 1) {
			fprintf(stderr, "lockstep: report: note: '%s' is the name in %zu files:",
				util_shown(co->v[i].name), j - i);
			for (size_t k = i; k < j; k++)
				fprintf(stderr, "%s %s", k > i ? "," : "", util_shown_path(co->v[k].file));
			fputc('\n', stderr);
		}
		i = j;
	}
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"csv", no_argument, NULL, 'c'},
					     {"json", no_argument, NULL, 'j'},
					     {0, 0, 0, 0}};
	enum { TABLE, CSV, JSON } out = TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("Usage: lockstep report [--csv | --json] FILE|DIR...\n"
			       "Gather the students' progress, each written by 'lockstep progress\n"
			       "--export', into one table: a row per student, a column per lesson and\n"
			       "exercise, their totals. A DIR stands for the *.json files in it. A file\n"
			       "that is not such an export is named on stderr and skipped.\n"
			       "--csv: one row per good file; --json: everything, for programs.\n");
			return 0;
		case 'c': out = CSV; break;
		case 'j': out = JSON; break;
		default: return cli_bad_option("report", argv);
		}
	}
	if (optind >= argc)
		return cli_usage("report", "name the export files or a directory holding them");

	struct cohort co;
	cohort_init(&co);
	for (int i = optind; i < argc; i++)
		cohort_add_path(&co, argv[i]);
	cohort_finish(&co);
	for (size_t i = 0; i < co.nskipped; i++)
		cli_note("report", "warning: skipped %s: %s", util_shown_path(co.skipped[i].file),
			 co.skipped[i].why);
	note_same_names(&co);

	int rc = 0;
	if (co.n == 0) {
		rc = cli_error("report", "no progress export among the %d path%s given", argc - optind,
			       argc - optind == 1 ? "" : "s");
	} else {
		char *text;
		if (out == CSV) {
			text = cohort_format_csv(&co);
		} else if (out == JSON) {
			text = cohort_format_json(&co);
		} else {
			setlocale(LC_ALL, "");
			bool unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
			text = cohort_format_table(&co, cli_term_width(), unicode);
		}
		fputs(text, stdout);
		free(text);
		if (co.nskipped > 0 && out == TABLE)
			fprintf(stderr, "lockstep: report: %zu file%s skipped (named above)\n",
				co.nskipped, co.nskipped == 1 ? "" : "s");
	}
	cohort_release(&co);
	return rc;
}
