/*
 * spawn_reap.c - no zombie, no orphan: lockstep as child subreaper, the
 * registry of children that live struct spawns own, the reaping of
 * everything else that spawned children leave behind, and the count of a
 * child's whole tree behind the process bound (limits.procs).
 *
 * A process whose parent dies is reparented to lockstep (PR_SET_CHILD_
 * SUBREAPER), so a grandchild that outlives a demo becomes our child. Which
 * of our children are such orphans? This kernel has no
 * /proc/self/task/N/children, and waitid(P_ALL, ..., WNOWAIT) shows only one
 * waitable child at a time (and none that is still running), so we read
 * /proc/N/stat: our child (ppid), in a session other than ours (every piped
 * spawn child starts its own session, and its descendants keep it or start
 * yet another one; children lockstep starts another way stay in our session),
 * and not a live spawn's own child (the registry). The scan costs about 2 ms
 * with 110 processes on this machine; it is skipped when waitid() says we
 * have no child at all (the usual case once a child is reaped: 0.3 us).
 *
 * Why a count and not a cgroup: RLIMIT_NPROC does not bind root, and this
 * machine has cgroup v1 with no writable cgroup v2 pids controller for us to
 * create a group in; /proc works for every user, root included. The count
 * (every 100 ms, and once more when the child ends) sees a tree, not its
 * history: processes that came and went between two counts are not seen.
 */
#define _GNU_SOURCE
#include "core/spawn_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"

static pthread_once_t subreaper_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static pid_t *registry;  /* live spawned children; may repeat a pid after reuse */
static size_t registry_n, registry_cap;

static void subreaper_set(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

void spawn_subreaper_once(void)
{
	pthread_once(&subreaper_once, subreaper_set);
}

void spawn_registry_lock(void)
{
	pthread_mutex_lock(&registry_mu);
}

void spawn_registry_unlock(void)
{
	pthread_mutex_unlock(&registry_mu);
}

void spawn_registry_add(pid_t pid)
{
	*VEC_PUSH(registry, registry_n, registry_cap) = pid;
}

void spawn_registry_remove(pid_t pid)
{
	spawn_registry_lock();
	for (size_t i = 0; i < registry_n; i++)
		if (registry[i] == pid) {
			registry[i] = registry[--registry_n];
			break;
		}
	if (registry_n == 0) {
		free(registry);
		registry = NULL;
		registry_cap = 0;
	}
	spawn_registry_unlock();
}

static bool registered(pid_t pid)
{
	for (size_t i = 0; i < registry_n; i++)
		if (registry[i] == pid)
			return true;
	return false;
}

struct proc_stat {
	char state;
	pid_t ppid, pgrp, session;
};

/* Fields 3-6 of /proc/PID/stat. The command name (field 2) may hold spaces
 * and parentheses, so parse from its last ')'. */
static bool proc_stat_read(pid_t pid, struct proc_stat *ps)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *rp = strrchr(buf, ')');
	int ppid, pgrp, sid;
	if (!rp || sscanf(rp + 1, " %c %d %d %d", &ps->state, &ppid, &pgrp, &sid) != 4)
		return false;
	ps->ppid = ppid;
	ps->pgrp = pgrp;
	ps->session = sid;
	return true;
}

/* One process seen in /proc, for spawn_tree_count. */
struct proc_node {
	pid_t pid, ppid;
	bool in;  /* part of the tree */
};

int spawn_tree_count(pid_t root, bool kill_all)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	pid_t self = getpid(), our_sid = getsid(0);
	struct proc_node *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	spawn_registry_lock();
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid_t pid = (pid_t)atoi(e->d_name);
		struct proc_stat ps;
		if (!proc_stat_read(pid, &ps) || ps.state == 'Z')
			continue;
		bool orphan = ps.ppid == self && ps.session != our_sid && !registered(pid);
		*VEC_PUSH(v, n, cap) = (struct proc_node){pid, ps.ppid, pid == root || orphan};
	}
	spawn_registry_unlock();
	closedir(d);
	/* Whoever has a parent in the tree is in it: repeat until nothing
	 * changes (as many passes as the tree is deep, plus one). */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			if (v[i].in)
				continue;
			for (size_t j = 0; j < n; j++)
				if (v[j].in && v[j].pid == v[i].ppid) {
					v[i].in = grew = true;
					break;
				}
		}
	}
	int count = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].in) {
			count++;
			if (kill_all)
				kill(v[i].pid, SIGKILL);
		}
	free(v);
	return count;
}

/* One pass over /proc. Reaps orphan zombies; kills and reaps live orphans
 * when kill_live. Returns how many it reaped; *killed says whether any was
 * killed (their own children come to us next, so the caller looks again). */
static int reap_pass(bool kill_live, bool *killed)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	pid_t self = getpid(), our_sid = getsid(0);
	int reaped = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid_t pid = (pid_t)atoi(e->d_name);
		struct proc_stat ps;
		if (!proc_stat_read(pid, &ps) || ps.ppid != self || ps.session == our_sid ||
		    registered(pid))
			continue;
		if (ps.state != 'Z') {
			if (!kill_live)
				continue;
			kill(pid, SIGKILL); /* cannot be refused; the wait is short */
			*killed = true;
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			reaped++;
		} else if (waitpid(pid, NULL, WNOHANG) == pid) {
			reaped++;
		}
	}
	closedir(d);
	return reaped;
}

int spawn_reap_orphans(void)
{
	/* The common case costs one system call: no child at all, no orphan. */
	siginfo_t si;
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD)
		return 0;
	spawn_registry_lock();
	bool kill_live = registry_n == 0;
	int reaped = 0;
	for (int round = 0; round < 64; round++) {
		bool killed = false;
		reaped += reap_pass(kill_live, &killed);
		if (!killed)
			break;
	}
	spawn_registry_unlock();
	return reaped;
}
