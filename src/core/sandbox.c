/*
 * sandbox.c - the learner-code limits in one place, the marker that tells a
 * learner-built demo binary from ours, and the messages for a limit hit.
 * See sandbox.h.
 */
#define _GNU_SOURCE
#include "core/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

struct spawn_limits sandbox_limits(int timeout_ms)
{
	long long wall_s = timeout_ms > 0 ? (timeout_ms + 999) / 1000 : 60;
	return (struct spawn_limits){
		.as_bytes = (long long)SANDBOX_MEMORY_GIB << 30,
		.cpu_s = 2 * wall_s,
		.fsize_bytes = (long long)SANDBOX_FILE_MIB << 20,
		.nofile = SANDBOX_OPEN_FILES,
		.procs = SANDBOX_PROCS_MAX,
	};
}

static char *marker_path(const char *bin)
{
	return xasprintf("%s.learner", bin);
}

int sandbox_mark(const char *bin, char **err)
{
	char *path = marker_path(bin);
	/* O_NOFOLLOW: a planted symlink is refused, not written through */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	static const char note[] =
		"The demo binary next to this file was built from your edits (E in the lab):\n"
		"lockstep runs it with the limits it gives learner code. A `make` that\n"
		"rebuilds it makes this file out of date.\n";
	bool ok = fd >= 0 && write(fd, note, sizeof note - 1) == (ssize_t)(sizeof note - 1);
	int saved = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok)
		*err = xasprintf("cannot write %s: %s", util_shown(path), strerror(saved));
	free(path);
	return ok ? 0 : -1;
}

bool sandbox_marked(const char *bin)
{
	char *path = marker_path(bin);
	struct stat m, b;
	bool marked = lstat(path, &m) == 0 && S_ISREG(m.st_mode) && stat(bin, &b) == 0 &&
		      (m.st_mtim.tv_sec > b.st_mtim.tv_sec ||
		       (m.st_mtim.tv_sec == b.st_mtim.tv_sec && m.st_mtim.tv_nsec >= b.st_mtim.tv_nsec));
	free(path);
	return marked;
}

char *sandbox_explain(const struct spawn_status *st, const struct spawn_limits *lim,
		      const char *who)
{
	if (st->too_many_procs)
		return xasprintf("%s started more than %d processes: lockstep stopped all of them "
				 "(a loop that keeps forking?)", who, st->procs_max);
	if (st->signal == SIGXCPU && lim->cpu_s > 0)
		return xasprintf("%s used more than %lld s of CPU time: lockstep stopped it (a loop "
				 "that never ends, or threads that spin?)", who, lim->cpu_s);
	if (st->signal == SIGXFSZ && lim->fsize_bytes > 0)
		return xasprintf("%s wrote a file larger than %lld MiB: lockstep stopped it", who,
				 lim->fsize_bytes >> 20);
	return NULL;
}
