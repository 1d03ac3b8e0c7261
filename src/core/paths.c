/*
 * paths.c - finds lockstep's data (lessons, lab sources, built demos) and its
 * state directory. See paths.h for the search order.
 */
#define _GNU_SOURCE
#include "core/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#ifndef LOCKSTEP_DATADIR
#define LOCKSTEP_DATADIR "/usr/local/share/lockstep"
#endif
#ifndef LOCKSTEP_LIBEXECDIR
#define LOCKSTEP_LIBEXECDIR "/usr/local/libexec/lockstep"
#endif

static char *root, *lessons, *lab, *demos, *state;

char *paths_join(const char *a, const char *b)
{
	size_t n = strlen(a);
	return xasprintf("%s%s%s", a, n && a[n - 1] == '/' ? "" : "/", b);
}

static bool exists(const char *dir, const char *rel)
{
	char *p = paths_join(dir, rel);
	bool ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* The directory holding our own executable, or NULL. Caller frees. */
static char *exe_dir(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
	} else if (argv0 && strchr(argv0, '/') && realpath(argv0, buf)) {
		/* realpath filled buf */
	} else {
		return NULL;
	}
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf[0] ? buf : "/");
}

void paths_init(const char *argv0)
{
	const char *env = getenv("LOCKSTEP_DATA");
	char *dir = exe_dir(argv0);
	if (env && *env) {
		root = xstrdup(env);
	} else if (dir) {
		/* <tree>/build/lockstep (or build/asan/lockstep): walk up to the tree */
		char *up = xstrdup(dir);
		for (int i = 0; i < 3 && !root; i++) {
			if (exists(up, "lessons") && exists(up, "lab/lab.h"))
				root = xstrdup(up);
			char *slash = strrchr(up, '/');
			if (!slash || slash == up)
				break;
			*slash = '\0';
		}
		free(up);
	}
	/* An installed binary: <prefix>/bin/lockstep next to <prefix>/share/lockstep,
	 * wherever the prefix was moved (a DESTDIR staging tree, say). */
	char *rel_data = dir ? paths_join(dir, "../share/lockstep") : NULL;
	char *rel_demos = dir ? paths_join(dir, "../libexec/lockstep") : NULL;
	if (!root && rel_data && util_is_dir(rel_data))
		root = xstrdup(rel_data);
	if (!root)
		root = xstrdup(LOCKSTEP_DATADIR);
	free(dir);

	lessons = paths_join(root, "lessons");
	lab = paths_join(root, "lab");
	char *tree_demos = paths_join(root, "build/lab");
	char *data_demos = paths_join(root, "demos");
	if (util_is_dir(tree_demos)) {
		demos = tree_demos;
		free(data_demos);
	} else if (util_is_dir(data_demos)) {
		demos = data_demos;
		free(tree_demos);
	} else {
		demos = xstrdup(rel_demos && util_is_dir(rel_demos) ? rel_demos : LOCKSTEP_LIBEXECDIR);
		free(tree_demos);
		free(data_demos);
	}
	free(rel_data);
	free(rel_demos);
}

const char *paths_root(void) { return root; }
const char *paths_lessons(void) { return lessons; }
const char *paths_lab(void) { return lab; }
const char *paths_demos(void) { return demos; }

/* mkdir -p with mode 0700 for the parts we create. */
static void make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	mkdir(p, 0700);
	free(p);
}

const char *paths_state(void)
{
	if (state)
		return state;
	const char *xdg = getenv("XDG_STATE_HOME");
	if (xdg && xdg[0] == '/') {
		state = paths_join(xdg, "lockstep");
	} else {
		const char *home = getenv("HOME");
		char *base = paths_join(home && *home ? home : "/tmp", ".local/state");
		state = paths_join(base, "lockstep");
		free(base);
	}
	make_dirs(state);
	return state;
}
