/*
 * pending.c - DEVELOPMENT SCAFFOLD, deleted before release: weak stand-ins
 * for subcommands still being written, so the binary links meanwhile. A real
 * definition anywhere overrides these.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "tui/tui.h"

#define PENDING(fn)                                                          \
	__attribute__((weak)) int fn(int argc, char **argv)                  \
	{                                                                    \
		(void)argc;                                                  \
		fprintf(stderr, "lockstep %s: not built yet\n", argv[0]);    \
		return 1;                                                    \
	}
PENDING(cmd_list)
PENDING(cmd_show)
PENDING(cmd_lint)
PENDING(cmd_demos)
PENDING(cmd_demo)
PENDING(cmd_progress)
PENDING(cmd_shell)
PENDING(cmd_exercises)
PENDING(cmd_verify)
PENDING(cmd_hint)
PENDING(cmd_watch)

__attribute__((weak)) int tui_run(const char *lesson, enum tui_color color)
{
	(void)lesson;
	(void)color;
	fprintf(stderr, "lockstep: the lab is not built yet\n");
	return 1;
}
