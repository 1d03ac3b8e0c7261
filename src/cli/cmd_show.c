/*
 * cmd_show.c - `lockstep show LESSON`: prints a lesson as plain text, laid
 * out by core/layout exactly as the lab lays it out, with ANSI colours and
 * attributes when they are wanted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/layout.h"
#include "core/paths.h"
#include "core/util.h"

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

static void usage(FILE *f)
{
	fprintf(f, "Usage: lockstep show LESSON [--width N] [--color=WHEN] [--ascii]\n\n"
		   "Print a lesson as text. LESSON is its number (5, 05) or id\n"
		   "(race-conditions); 'lockstep list' shows them all.\n\n"
		   "  -w, --width N   wrap at N columns, 40..400 (default: the terminal's)\n"
		   "  --color=WHEN    auto, always or never (NO_COLOR is honoured)\n"
		   "  --ascii         draw with ASCII only (the default outside UTF-8 locales)\n"
		   "  -h, --help      show this help\n");
}

/* True if the SGR list "a;b;c" has the parameter p. */
static bool sgr_has(const char *list, const char *p)
{
	size_t n = strlen(p);
	for (const char *s = list; *s;) {
		size_t k = strcspn(s, ";");
		if (k == n && strncmp(s, p, n) == 0)
			return true;
		s += k + (s[k] == ';');
	}
	return false;
}

/* SGR parameters for a run, or "" for none. */
static void sgr(char *buf, size_t size, const struct lrun *r, int level)
{
	const char *role = "";
	switch (r->role) {
	case ROLE_HEADING: role = level <= 2 ? "1;36" : "1"; break;
	case ROLE_EMPH: role = "3"; break;
	case ROLE_STRONG: role = "1"; break;
	case ROLE_CODE: role = "33"; break;
	case ROLE_LINK: role = "4;34"; break;
	case ROLE_MUTED: role = "2"; break;
	case ROLE_BORDER: role = "2"; break;
	case ROLE_KEYWORD: role = "35"; break;
	case ROLE_TYPE: role = "36"; break;
	case ROLE_STRING: role = "32"; break;
	case ROLE_COMMENT: role = "2;3"; break;
	case ROLE_NUMBER: role = "34"; break;
	case ROLE_PREPROC: role = "95"; break;
	case ROLE_DEMO: role = "1;35"; break;
	case ROLE_QUIZ: role = "1"; break;
	case ROLE_RIGHT: role = "1;32"; break;
	case ROLE_WRONG: role = "1;31"; break;
	case ROLE_TEXT:
	case ROLE_CODEBLOCK:
	case ROLE_CHOICE: break;
	}
	/* attributes the role does not already give */
	bool bold = (r->attr & LATTR_BOLD) && !sgr_has(role, "1");
	bool italic = (r->attr & LATTR_ITALIC) && !sgr_has(role, "3");
	bool under = (r->attr & LATTR_UNDERLINE) && !sgr_has(role, "4");
	snprintf(buf, size, "%s%s%s%s%s%s", role, bold ? ";1" : "", italic ? ";3" : "",
		 under ? ";4" : "", r->attr & LATTR_REVERSE ? ";7" : "",
		 r->attr & LATTR_STRIKE ? ";9" : "");
	if (buf[0] == ';')
		memmove(buf, buf + 1, strlen(buf));
}

static void print_layout(const struct layout *lay, bool color)
{
	for (size_t i = 0; i < lay->n; i++) {
		const struct lline *ln = &lay->lines[i];
		int col = 0;
		for (size_t k = 0; k < ln->nruns; k++) {
			const struct lrun *r = &ln->runs[k];
			for (; col < r->col; col++)
				putchar(' ');
			char code[48];
			if (color)
				sgr(code, sizeof code, r, ln->level);
			if (color && code[0])
				printf("\033[%sm%s\033[0m", code, r->text);
			else
				fputs(r->text, stdout);
			col = r->col + r->width;
		}
		putchar('\n');
	}
}

static bool parse_width(const char *s, int *w)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 40 || v > 400)
		return false;
	*w = (int)v;
	return true;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{"width", required_argument, NULL, 'w'},
		{"color", required_argument, NULL, 'c'},
		{"colour", required_argument, NULL, 'c'},
		{"ascii", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int width = 0;
	enum color_when when = COLOR_AUTO;
	bool ascii = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (!parse_width(optarg, &width))
				return cli_usage("show", "--width must be a number from 40 to 400, got '%s'",
						 util_shown(optarg));
			break;
		case 'c':
			if (strcmp(optarg, "auto") == 0)
				when = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				when = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				when = COLOR_NEVER;
			else
				return cli_usage("show", "--color must be auto, always or never, got '%s'",
						 util_shown(optarg));
			break;
		case 'a':
			ascii = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cli_bad_option("show", argv);
		}
	}
	if (optind >= argc)
		return cli_usage("show", "which lesson? Name it by number or id ('lockstep list')");
	if (optind + 1 < argc)
		return cli_usage("show", "one lesson at a time, got '%s' too", util_shown(argv[optind + 1]));
	const char *key = argv[optind];

	/* widths of UTF-8 text need the user's locale; box drawing needs UTF-8 */
	setlocale(LC_CTYPE, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		ascii = true;
	if (!width) {
		width = cli_term_width();
		width = width < 40 ? 40 : width > 400 ? 400 : width;
	}
	bool color = when == COLOR_ALWAYS;
	if (when == COLOR_AUTO) {
		const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
		color = isatty(STDOUT_FILENO) && !(no && *no) && term && *term &&
			strcmp(term, "dumb") != 0;
	}

	char *dir = cli_display_path(paths_lessons());
	struct catalog cat;
	if (catalog_load(&cat, dir) != 0) {
		char *msg = diag_format(&cat.diags.v[0]);
		cli_error("show", "%s", msg);
		free(msg);
		catalog_release(&cat);
		free(dir);
		return 1;
	}
	free(dir);
	int idx = catalog_find(&cat, key);
	if (idx < 0) {
		int rc = cli_usage("show", "no lesson '%s' (there are %zu; try 'lockstep list')",
				   util_shown(key), cat.n); /* an unknown name is a usage error */
		catalog_release(&cat);
		return rc;
	}
	const struct catalog_entry *e = &cat.v[idx];
	if (e->diags.n || !e->lesson) {
		fflush(stdout);
		for (size_t i = 0; i < e->diags.n; i++) {
			char *msg = diag_format(&e->diags.v[i]);
			fprintf(stderr, "%s\n", msg);
			free(msg);
		}
		cli_error("show", "%s has %zu problem%s; 'lockstep lint' checks every lesson",
			  e->path, e->diags.n, e->diags.n == 1 ? "" : "s");
		catalog_release(&cat);
		return 1;
	}
	struct layout_opts lo = {
		.width = width,
		.ascii = ascii,
		.interactive = false,
		.focus_anchor = -1,
		.focus_choice = -1,
	};
	struct layout *lay = layout_lesson(e->lesson, &lo);
	print_layout(lay, color);
	layout_free(lay);
	catalog_release(&cat);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_error("show", "cannot write the lesson: %s", strerror(errno));
	return 0;
}
