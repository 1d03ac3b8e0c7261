/*
 * exercise_workspace.c - the learner's side of the exercises: where the
 * workspace is, copying the pristine files into it, and putting one back.
 * See exercise.h.
 */
#define _GNU_SOURCE
#include "core/exercise.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* Copy through a temporary file and rename(), so an editor or `watch`
 * never sees half a file. */
static int copy_file(const char *from, const char *to, char **err)
{
	size_t len;
	char *data = util_read_file(from, &len, err);
	if (!data)
		return -1;
	int rc = util_write_file_atomic(to, data, len, 0644, err);
	free(data);
	return rc;
}

/* mkdir -p. Returns 0 or -1 with *err. */
static int make_dirs(const char *dir, char **err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				*err = xasprintf("%s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	if (!util_is_dir(dir)) {
		*err = xasprintf("%s: not a directory", dir);
		return -1;
	}
	return 0;
}

char *exercise_workspace_default(void)
{
	const char *env = getenv("LOCKSTEP_WORKSPACE");
	if (env && *env)
		return xstrdup(env);
	const char *home = getenv("HOME");
	return xasprintf("%s/lockstep-exercises", home && *home ? home : ".");
}

char *exercise_workspace_resolve(const char *saved)
{
	const char *env = getenv("LOCKSTEP_WORKSPACE");
	char *w = env && *env ? xstrdup(env)
		  : saved && *saved ? xstrdup(saved) : exercise_workspace_default();
	char cwd[PATH_MAX];
	if (w[0] != '/' && getcwd(cwd, sizeof cwd)) {
		char *abs = xasprintf("%s/%s", cwd, w);
		free(w);
		w = abs;
	}
	return w;
}

char *exercise_workspace_file(const struct exercise *e, const char *dir)
{
	return xasprintf("%s/%s.c", dir, e->id);
}

int exercise_workspace_init(const struct exercise_set *set, const char *dir, bool overwrite,
			    int *copied, int *kept, char **err)
{
	*copied = *kept = 0;
	if (make_dirs(dir, err) != 0)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		const struct exercise *e = &set->v[i];
		const char *from[2] = {e->source, e->header};
		for (int k = 0; k < 2; k++) {
			const char *base = strrchr(from[k], '/') + 1;
			char *to = xasprintf("%s/%s", dir, base);
			int rc = 0;
			if (!overwrite && access(to, F_OK) == 0)
				++*kept;
			else if ((rc = copy_file(from[k], to, err)) == 0)
				++*copied;
			free(to);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

int exercise_reset(const struct exercise *e, const char *dir, char **backup, char **err)
{
	*backup = NULL;
	if (make_dirs(dir, err) != 0)
		return -1;
	char *mine = exercise_workspace_file(e, dir);
	char *hdr = xasprintf("%s/%s.h", dir, e->id);
	int rc = 0;
	if (access(mine, F_OK) == 0) {
		char *bak = xasprintf("%s.bak", mine);
		if (rename(mine, bak) != 0) {
			*err = xasprintf("%s: %s", bak, strerror(errno));
			free(bak);
			rc = -1;
		} else {
			*backup = bak;
		}
	}
	if (rc == 0)
		rc = copy_file(e->source, mine, err);
	if (rc == 0)
		rc = copy_file(e->header, hdr, err);
	free(mine);
	free(hdr);
	return rc;
}
