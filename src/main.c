/*
 * main.c - lockstep's entry point: global options, then dispatch to the
 * subcommand (src/cli) or the full-screen lab (src/tui). Nothing else.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/tui.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"list", cmd_list, "list the lessons, with progress marks"},
	{"show", cmd_show, "print a lesson as text"},
	{"demos", cmd_demos, "list the live demos, their variants and parameters"},
	{"demo", cmd_demo, "run a demo and print its variants side by side"},
	{"step", cmd_step, "be the scheduler: run a demo's threads in a given order"},
	{"explore", cmd_explore, "run every interleaving of a small demo, count outcomes"},
	{"exercises", cmd_exercises, "list, set up or reset the exercises"},
	{"verify", cmd_verify, "check your solution to an exercise"},
	{"hint", cmd_hint, "show the next hint for an exercise"},
	{"watch", cmd_watch, "re-verify an exercise each time you save it"},
	{"progress", cmd_progress, "summarise, export (or reset) your progress"},
	{"report", cmd_report, "an instructor's table of the class's exported progress"},
	{"shell", cmd_shell, "the lab's command language, without the full screen"},
	{"lint", cmd_lint, "check lesson files and report every problem"},
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: lockstep [--color=WHEN] [--present] [LESSON]\n"
		   "       lockstep COMMAND [ARGS...]\n\n"
		   "A terminal lab for learning concurrency in C. Without a command, opens\n"
		   "the full-screen lab at LESSON or where you left off.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nOptions:\n"
		   "  --color=WHEN  auto, always or never (NO_COLOR is honoured)\n"
		   "  --present     open in present mode (for a projector) on the lesson's demo\n"
		   "  -h, --help    show this help\n"
		   "  --version     show the version\n\n"
		   "'lockstep COMMAND --help' describes a command. Data: $LOCKSTEP_DATA,\n"
		   "else the source tree or the install prefix. State: $XDG_STATE_HOME/lockstep.\n");
}

int main(int argc, char **argv)
{
	paths_init(argv[0]);
	opterr = 0; /* every option error is reported as "lockstep: ...", by us */

	/* A subcommand is the first argument; its options are its own. */
	if (argc > 1) {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].run(argc - 1, argv + 1);
	}

	enum tui_color color = TUI_COLOR_AUTO;
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"color", required_argument, NULL, 'c'},
		{"present", no_argument, NULL, 'P'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("lockstep %s\n", LOCKSTEP_VERSION);
			return 0;
		case 'P':
			tui_present();
			break;
		case 'c':
			if (strcmp(optarg, "auto") == 0)
				color = TUI_COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				color = TUI_COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				color = TUI_COLOR_NEVER;
			else
				return cli_usage(NULL, "--color must be auto, always or never, got '%s'",
						 util_shown(optarg));
			break;
		default: /* what was wrong, then the usage */
			cli_bad_option(NULL, argv);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	/* One word left: a lesson to open (tui_run rejects an unknown one). */
	if (optind < argc - 1)
		return cli_usage(NULL, "unknown command '%s'", util_shown(argv[optind]));
	struct tui_plain plain;
	int rc = tui_run(optind < argc ? argv[optind] : NULL, color, &plain);
	if (rc != TUI_NO_TERMINAL)
		return rc;
	/* Not a terminal, or TERM=dumb: print the lesson as `lockstep show` does. */
	fprintf(stderr, "lockstep: %s; printing the lesson as 'lockstep show %s' would.\n",
		plain.why, util_shown(plain.lesson));
	fflush(stderr);
	char *show[] = {"show", plain.lesson, NULL};
	return cmd_show(2, show);
}
