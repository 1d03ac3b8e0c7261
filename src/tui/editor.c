/*
 * editor.c - hand the terminal to the learner's editor ($VISUAL, $EDITOR,
 * else vi) on one file, curses suspended, and take it back. The source view
 * (a demo's file) and the exercises view (the learner's file) both use it.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/ui.h"

int editor_run(const char *path)
{
	term_suspend();
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", "exec ${VISUAL:-${EDITOR:-vi}} \"$1\"", "sh", path,
		      (char *)NULL);
		_exit(127);
	}
	int st = -1;
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	term_resume();
	return pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

