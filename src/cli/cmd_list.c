/*
 * cmd_list.c - `lockstep list`: one line per lesson (number, id, title)
 * with a mark for the lessons done and the current one; --json for scripts.
 */
#define _GNU_SOURCE
#include <cJSON.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/util.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: lockstep list [--json]\n\n"
		   "List the lessons: number, id and title. A check mark (x in ASCII)\n"
		   "marks a lesson done, a dot (>) the one you are in.\n\n"
		   "  --json      print a JSON array instead\n"
		   "  -h, --help  show this help\n");
}

static int print_json(const struct catalog *c, const struct progress *p)
{
	cJSON *arr = cJSON_CreateArray();
	const char *cur = progress_current(p);
	for (size_t i = 0; i < c->n; i++) {
		const struct catalog_entry *e = &c->v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "number", e->number);
		cJSON_AddStringToObject(o, "id", e->id);
		cJSON_AddStringToObject(o, "title", e->lesson ? e->lesson->title : "");
		cJSON_AddStringToObject(o, "summary", e->lesson ? e->lesson->summary : "");
		cJSON_AddStringToObject(o, "path", e->path);
		cJSON_AddBoolToObject(o, "done", progress_lesson_done(p, e->id));
		cJSON_AddBoolToObject(o, "current", cur && strcmp(cur, e->id) == 0);
		cJSON_AddNumberToObject(o, "problems", (double)e->diags.n);
		cJSON_AddItemToArray(arr, o);
	}
	char *s = cJSON_Print(arr);
	printf("%s\n", s);
	cJSON_free(s);
	cJSON_Delete(arr);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cli_bad_option("list", argv);
		}
	}
	if (optind < argc)
		return cli_usage("list", "unexpected argument '%s'", util_shown(argv[optind]));

	setlocale(LC_CTYPE, "");
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	struct catalog cat;
	if (catalog_load(&cat, paths_lessons()) != 0) {
		char *msg = diag_format(&cat.diags.v[0]);
		cli_error("list", "%s", msg);
		free(msg);
		catalog_release(&cat);
		return 1;
	}
	char *warn = NULL;
	struct progress *p = progress_load(NULL, &warn);
	if (warn) {
		cli_note("list", "%s", warn);
		free(warn);
	}
	if (json) {
		int rc = print_json(&cat, p);
		progress_free(p);
		catalog_release(&cat);
		return rc;
	}

	int idw = 0;
	for (size_t i = 0; i < cat.n; i++) {
		int w = util_text_width(cat.v[i].id, strlen(cat.v[i].id));
		idw = w > idw ? w : idw;
	}
	/* on a terminal, long titles are cut to its width */
	int cols = isatty(STDOUT_FILENO) ? cli_term_width() : 0;
	const char *cur = progress_current(p);
	size_t broken = 0;
	for (size_t i = 0; i < cat.n; i++) {
		const struct catalog_entry *e = &cat.v[i];
		const char *mark = progress_lesson_done(p, e->id) ? (utf8 ? "✓" : "x")
				   : cur && strcmp(cur, e->id) == 0 ? (utf8 ? "●" : ">")
								    : " ";
		const char *title = e->lesson ? e->lesson->title : "(cannot be read)";
		struct sbuf line = {0};
		sbuf_addf(&line, "%s %02d  %s", mark, e->number, e->id);
		int pad = idw - util_text_width(e->id, strlen(e->id));
		for (int k = 0; k < pad + 2; k++)
			sbuf_addc(&line, ' ');
		sbuf_adds(&line, title);
		if (e->diags.n) {
			sbuf_adds(&line, utf8 ? "  ⚠ has problems" : "  ! has problems");
			broken++;
		}
		if (cols > 0 && util_text_width(line.buf, line.len) > cols) {
			size_t k = util_fit_width(line.buf, line.len, cols - 1);
			line.buf[k] = '\0';
			line.len = k;
			sbuf_adds(&line, utf8 ? "…" : ">");
		}
		printf("%s\n", line.buf);
		sbuf_release(&line);
	}
	if (broken) {
		fflush(stdout);
		fprintf(stderr, "lockstep: list: %zu lesson%s ha%s problems; 'lockstep lint' lists them\n",
			broken, broken == 1 ? "" : "s", broken == 1 ? "s" : "ve");
	}
	progress_free(p);
	catalog_release(&cat);
	return 0;
}
