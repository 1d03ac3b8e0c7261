/*
 * editor.c - hand the terminal to the learner's editor on one file, curses
 * suspended, and take it back. The source view (a demo's file) and the
 * exercises view (the learner's file) both use it.
 *
 * Which editor: $VISUAL, then $EDITOR (each split on spaces, so "code -w"
 * works; no shell is involved), then sensible-editor, editor, nano, vi: the
 * first that starts. It runs through spawn as a terminal child (our fds,
 * our process group), so it reads the keyboard.
 */
#include <stdlib.h>
#include <string.h>

#include "core/spawn.h"
#include "core/util.h"
#include "tui/ui.h"

/* Run one editor command line (words separated by spaces) on path. Returns
 * 1 when it could not start (try the next), 0 when it exited 0, else -1. */
static int editor_try(const char *cmdline, const char *path)
{
	char *copy = xstrdup(cmdline);
	const char **argv = NULL;
	size_t n = 0, cap = 0;
	for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save))
		*VEC_PUSH(argv, n, cap) = w;
	int rc = 1;
	if (n > 0) {
		*VEC_PUSH(argv, n, cap) = path;
		*VEC_PUSH(argv, n, cap) = NULL;
		struct spawn_opts o = {.argv = argv, .search_path = true, .io = SPAWN_TERMINAL};
		struct spawn_status st;
		char *err = NULL;
		if (spawn_run(&o, &st, &err) == 0)
			rc = st.exited && st.exit_code == 0 ? 0 : -1;
		free(err);
	}
	free(argv);
	free(copy);
	return rc;
}

int editor_run(const char *path)
{
	const char *choices[] = {getenv("VISUAL"), getenv("EDITOR"), "sensible-editor",
				 "editor", "nano", "vi"};
	term_suspend();
	int rc = -1;
	for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++) {
		if (!choices[i] || !*choices[i])
			continue;
		rc = editor_try(choices[i], path);
		if (rc != 1)
			break;
		rc = -1; /* none started (yet) */
	}
	term_resume();
	return rc;
}
