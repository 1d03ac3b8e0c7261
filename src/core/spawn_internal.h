/*
 * spawn_internal.h - what the spawn module's files share and nobody else
 * uses: the child's plan (prepared in the parent before fork), the exec in
 * the child, and the registry of live children behind orphan reaping.
 *
 * Layer: src/core, private to spawn*.c.
 */
#ifndef CORE_SPAWN_INTERNAL_H
#define CORE_SPAWN_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/spawn.h"

/* Which step failed in the child; sent with its errno on the status pipe. */
enum spawn_stage { STAGE_EXEC = 1, STAGE_CWD, STAGE_FDS, STAGE_LIMITS, STAGE_CONFINED };

/* On the status pipe: why the child failed (stage, err), or stage
 * STAGE_CONFINED alone to say that writable_dir was applied. */
struct spawn_failure {
	int stage;
	int err;
};

/* Everything the child needs, built in the parent: after fork the child only
 * reads this (no allocation, no locks). Owned by the parent; released with
 * spawn_plan_release() once fork has returned. */
struct spawn_plan {
	char **argv;        /* copy of opts->argv */
	char **paths;       /* executables to try in order (PATH already searched) */
	char **envp;        /* the child's whole environment */
	const char *cwd;    /* borrowed from the opts */
	const char *writable_dir; /* borrowed from the opts */
	int uid_map_len, gid_map_len;
	char uid_map[48], gid_map[48]; /* "UID UID 1": a user namespace maps us to ourselves */
	bool confined;      /* set by the parent after fork: writable_dir was applied */
	bool terminal;      /* SPAWN_TERMINAL: keep fds 0-2 and our process group */
	int in_fd, out_fd, err_fd; /* become 0, 1, 2 (SPAWN_PIPED) */
	int status_fd;      /* close-on-exec; carries a struct spawn_failure */
	pid_t parent;       /* to notice that the parent died before prctl */
	struct spawn_limits limits;
};

/* Fill plan from opts (fds are left at -1 for the caller). Returns 0, or -1
 * with *err (caller frees). */
int spawn_plan_init(struct spawn_plan *plan, const struct spawn_opts *opts, char **err);
void spawn_plan_release(struct spawn_plan *plan);

/* In the child after fork: set up and exec, or report on status_fd and
 * _exit(127). Only async-signal-safe calls. */
_Noreturn void spawn_child_exec(const struct spawn_plan *plan);

/* A new process that runs spawn_child_exec(plan): its pid (once it has
 * exec'd or failed, when it shares our memory meanwhile), or -1 with
 * errno. Signals must be blocked by the caller. */
pid_t spawn_child_start(struct spawn_plan *plan);

/* Make lockstep a child subreaper (once per process). */
void spawn_subreaper_once(void);
/* The registry of live spawned children. Hold the lock across fork and the
 * add, so a concurrent orphan scan never mistakes a fresh child for an
 * orphan. */
void spawn_registry_lock(void);
void spawn_registry_unlock(void);
void spawn_registry_add(pid_t pid);    /* lock held */
void spawn_registry_remove(pid_t pid); /* takes the lock */

/* How many processes are in root's tree: root, its descendants, and the
 * orphans reparented to lockstep from a session other than ours that no
 * live spawn owns (a grandchild that called setsid() and lost its parent).
 * With kill_all, each of them gets SIGKILL. One pass over /proc. */
int spawn_tree_count(pid_t root, bool kill_all);

#endif
