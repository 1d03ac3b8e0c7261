/*
 * spawn_child.c - the child's side of spawn: its plan (argv, the programs to
 * try after a PATH search, the whole environment) built in the parent before
 * fork, and the few async-signal-safe steps the child takes between fork and
 * exec.
 *
 * Why the plan: after fork in a threaded program the child may only make
 * async-signal-safe calls (another thread could have held malloc's lock at
 * fork). So nothing is allocated, formatted or looked up in the child; it
 * only reads the plan, moves fds, resets signals and calls execve(). The
 * same steps serve a child that shares our memory until it execs
 * (spawn_child_start).
 */
#define _GNU_SOURCE
#include "core/spawn_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/util.h"

extern char **environ;

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static char **strv_copy(const char *const *v)
{
	size_t n = 0;
	while (v[n])
		n++;
	char **out = xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void strv_free(char **v)
{
	if (!v)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* Length of the name in "NAME=value" (or of the whole string: no '='). */
static size_t name_len(const char *s)
{
	const char *eq = strchr(s, '=');
	return eq ? (size_t)(eq - s) : strlen(s);
}

static bool listed(const char *entry, const char *const *names, bool names_have_values)
{
	size_t n = name_len(entry);
	for (size_t i = 0; names && names[i]; i++) {
		size_t m = names_have_values ? name_len(names[i]) : strlen(names[i]);
		if (m == n && strncmp(entry, names[i], n) == 0)
			return true;
	}
	return false;
}

/* Our environment minus env_unset and the names env_set replaces, plus
 * env_set. Returns NULL with *err on a malformed entry. */
static char **env_build(const struct spawn_opts *o, char **err)
{
	for (size_t i = 0; o->env_set && o->env_set[i]; i++)
		if (!strchr(o->env_set[i], '=') || o->env_set[i][0] == '=') {
			*err = xasprintf("spawn: environment entry '%s' is not NAME=value",
					 o->env_set[i]);
			return NULL;
		}
	char **env = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; environ && environ[i]; i++) {
		if (listed(environ[i], o->env_unset, false) || listed(environ[i], o->env_set, true))
			continue;
		*VEC_PUSH(env, n, cap) = xstrdup(environ[i]);
	}
	for (size_t i = 0; o->env_set && o->env_set[i]; i++)
		if (!listed(o->env_set[i], o->env_unset, false))
			*VEC_PUSH(env, n, cap) = xstrdup(o->env_set[i]);
	*VEC_PUSH(env, n, cap) = NULL;
	return env;
}

/* The executables to try: the program itself, or each PATH directory
 * joined with it (an empty entry is the current directory, as for execvp).
 * PATH is the child's, since env_set may change it. */
static char **paths_build(const char *prog, bool search, char *const *envp)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	if (!search || strchr(prog, '/')) {
		*VEC_PUSH(v, n, cap) = xstrdup(prog);
	} else {
		const char *path = "/usr/local/bin:/usr/bin:/bin";
		for (size_t i = 0; envp[i]; i++)
			if (strncmp(envp[i], "PATH=", 5) == 0)
				path = envp[i] + 5;
		for (const char *p = path;; p++) {
			const char *end = strchr(p, ':');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			*VEC_PUSH(v, n, cap) = len ? xasprintf("%.*s/%s", (int)len, p, prog)
						   : xasprintf("./%s", prog);
			if (!end)
				break;
			p = end;
		}
	}
	*VEC_PUSH(v, n, cap) = NULL;
	return v;
}

int spawn_plan_init(struct spawn_plan *plan, const struct spawn_opts *opts, char **err)
{
	memset(plan, 0, sizeof *plan);
	plan->in_fd = plan->out_fd = plan->err_fd = plan->status_fd = -1;
	if (!opts->argv || !opts->argv[0] || !opts->argv[0][0]) {
		*err = xstrdup("spawn: no program given (argv is empty)");
		return -1;
	}
	plan->envp = env_build(opts, err);
	if (!plan->envp)
		return -1;
	plan->argv = strv_copy(opts->argv);
	const char *prog = opts->program ? opts->program : opts->argv[0];
	plan->paths = paths_build(prog, opts->search_path, plan->envp);
	plan->cwd = opts->cwd;
	if (opts->io == SPAWN_PIPED && opts->writable_dir) {
		plan->writable_dir = opts->writable_dir;
		plan->uid_map_len = snprintf(plan->uid_map, sizeof plan->uid_map, "%u %u 1\n",
					     (unsigned)geteuid(), (unsigned)geteuid());
		plan->gid_map_len = snprintf(plan->gid_map, sizeof plan->gid_map, "%u %u 1\n",
					     (unsigned)getegid(), (unsigned)getegid());
	}
	plan->terminal = opts->io == SPAWN_TERMINAL;
	plan->parent = getpid();
	plan->limits = opts->limits;
	return 0;
}

void spawn_plan_release(struct spawn_plan *plan)
{
	strv_free(plan->argv);
	strv_free(plan->paths);
	strv_free(plan->envp);
	plan->argv = plan->paths = plan->envp = NULL;
}

static int write_file(const char *path, const char *text, int len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, (size_t)len);
	close(fd);
	return n == len ? 0 : -1;
}

/* A mount namespace of its own (inside a user namespace that maps us to
 * ourselves when we lack the privilege), where every mount is read-only
 * but writable_dir and /dev/shm. Returns 0 when applied. A failure midway
 * leaves the child with fewer rights, never more: its mounts are its own. */
static int confine(const struct spawn_plan *plan)
{
	if (unshare(CLONE_NEWNS) != 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
			return -1;
		if (write_file("/proc/self/setgroups", "deny", 4) != 0 ||
		    write_file("/proc/self/uid_map", plan->uid_map, plan->uid_map_len) != 0 ||
		    write_file("/proc/self/gid_map", plan->gid_map, plan->gid_map_len) != 0)
			return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount(plan->writable_dir, plan->writable_dir, NULL, MS_BIND | MS_REC, NULL) != 0)
		return -1;
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	struct mount_attr rw = {.attr_clr = MOUNT_ATTR_RDONLY};
	if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof ro) != 0 ||
	    syscall(SYS_mount_setattr, AT_FDCWD, plan->writable_dir, AT_RECURSIVE, &rw,
		    sizeof rw) != 0)
		return -1;
	/* POSIX shared memory and named semaphores live there. */
	syscall(SYS_mount_setattr, AT_FDCWD, "/dev/shm", AT_RECURSIVE, &rw, sizeof rw);
	return 0;
}

static _Noreturn void fail(const struct spawn_plan *plan, int stage, int err)
{
	struct spawn_failure f = {stage, err};
	ssize_t unused = write(plan->status_fd, &f, sizeof f);
	(void)unused;
	_exit(127);
}

/* dup2 that also clears close-on-exec when the fd is already in place. */
static int move_fd(int from, int to)
{
	if (from == to)
		return fcntl(to, F_SETFD, 0);
	return dup2(from, to) < 0 ? -1 : 0;
}

static int set_limit(int resource, long long value)
{
	if (value <= 0)
		return 0;
	struct rlimit rl = {(rlim_t)value, (rlim_t)value};
	struct rlimit cur;
	/* a bound only lowers: where ours is already lower, ours stays */
	if (getrlimit(resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY &&
	    cur.rlim_max < rl.rlim_max)
		rl.rlim_cur = rl.rlim_max = cur.rlim_max;
	return setrlimit(resource, &rl);
}

/* libc refuses the signals it keeps for itself (32 and 33 with glibc), yet
 * an ignored one is inherited across exec: set them to the default with the
 * system call. All zeros is SIG_DFL, no flags, an empty mask, whatever the
 * architecture's layout of struct sigaction. Fails harmlessly for KILL and
 * STOP. */
static void default_raw(int sig)
{
	unsigned long ksa[8] = {0};
	syscall(SYS_rt_sigaction, sig, ksa, NULL, (size_t)(NSIG - 1) / 8);
}

_Noreturn void spawn_child_exec(const struct spawn_plan *plan)
{
	/* Every handler back to the default while signals are still blocked:
	 * none of lockstep's handlers can run in the child. */
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		if (sigaction(s, &dfl, NULL) != 0 && errno == EINVAL)
			default_raw(s);

	if (!plan->terminal) {
		setsid(); /* its own session and group: one kill reaches its tree */
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* if lockstep dies, it goes too */
		if (getppid() != plan->parent)
			_exit(127); /* lockstep died before prctl took effect */
		if (move_fd(plan->in_fd, 0) < 0 || move_fd(plan->out_fd, 1) < 0 ||
		    move_fd(plan->err_fd, 2) < 0)
			fail(plan, STAGE_FDS, errno);
	}
	/* Nothing else of lockstep's leaks in: every fd above 2 closes on exec
	 * (the status pipe already does, and must stay open until then). */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
		for (int fd = 3; fd < 4096; fd++)
			if (fd != plan->status_fd)
				close(fd);

	if (set_limit(RLIMIT_AS, plan->limits.as_bytes) < 0 ||
	    set_limit(RLIMIT_CPU, plan->limits.cpu_s) < 0 ||
	    set_limit(RLIMIT_FSIZE, plan->limits.fsize_bytes) < 0 ||
	    set_limit(RLIMIT_NPROC, plan->limits.nproc) < 0 ||
	    set_limit(RLIMIT_NOFILE, plan->limits.nofile) < 0)
		fail(plan, STAGE_LIMITS, errno);
	if (plan->writable_dir && confine(plan) == 0) {
		struct spawn_failure note = {STAGE_CONFINED, 0};
		ssize_t unused = write(plan->status_fd, &note, sizeof note);
		(void)unused;
	}
	if (plan->cwd && chdir(plan->cwd) < 0)
		fail(plan, STAGE_CWD, errno);

	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL); /* an empty mask, whatever ours was */

	/* As execvp does: go on past directories that lack it; remember a
	 * permission problem; stop at any other error. */
	int err = ENOENT;
	for (size_t i = 0; plan->paths[i]; i++) {
		execve(plan->paths[i], plan->argv, plan->envp);
		if (errno == EACCES)
			err = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR) {
			err = errno;
			break;
		}
	}
	fail(plan, STAGE_EXEC, err);
}

#define VFORK_STACK (64 * 1024)

/* The sanitizers' runtimes do not follow a child that shares our memory
 * (ASan reports its stack as overflowing): sanitized builds fork. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SPAWN_FORK_ONLY 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SPAWN_FORK_ONLY 1
#endif
#endif
#ifndef SPAWN_FORK_ONLY
#define SPAWN_FORK_ONLY 0
#endif

static int vfork_entry(void *plan)
{
	spawn_child_exec(plan);
}

/* A new process for the plan: a copy of ours (fork), or, when it needs no
 * namespace of its own, one that borrows our memory until it execs (clone
 * with CLONE_VM | CLONE_VFORK, as posix_spawn does), which spares copying
 * our page tables and the copy-on-write faults after (a third of the time
 * `lockstep explore` spends per run, 2026-12-02). The child's steps are the
 * same either way and touch only the plan; this thread waits until the
 * child has exec'd or died, so it can reuse the stack. An unshare() of the
 * user namespace refuses a process that shares its memory: the confined
 * child is forked, and so is every child of a sanitized build. Signals are
 * blocked by the caller. */
pid_t spawn_child_start(struct spawn_plan *plan)
{
	void *stack = plan->writable_dir || SPAWN_FORK_ONLY ? MAP_FAILED
			: mmap(NULL, VFORK_STACK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED) {
		pid_t pid = fork();
		if (pid == 0)
			spawn_child_exec(plan);
		return pid;
	}
	pid_t pid = clone(vfork_entry, (char *)stack + VFORK_STACK,
			  CLONE_VM | CLONE_VFORK | SIGCHLD, plan);
	int e = errno;
	munmap(stack, VFORK_STACK);
	errno = e;
	return pid;
}
