/*
 * spawn.c - the parent's side of spawn: start a child (a vfork-style clone,
 * or fork when it needs a namespace of its own, with signals blocked; exec
 * errors back on a close-on-exec pipe), follow it through the
 * caller's poll loop, enforce its time limit, pause or cancel it, and end it
 * with nothing left behind.
 *
 * A child's life: spawn_start() starts it while holding the registry lock, so the
 * child is registered before anyone can look for orphans. The parent reads
 * its pipes without blocking and learns of its exit through a pidfd. Once the
 * child is reaped, its whole group is killed and reaped, it leaves the
 * registry, orphans are reaped (spawn_reap.c), and whatever is still in the
 * pipes is read; a grandchild holding a pipe therefore cannot keep the run
 * going. A struct spawn belongs to one thread at a time.
 */
#define _GNU_SOURCE
#include "core/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/spawn_internal.h"
#include "core/util.h"

#define DEFAULT_GRACE_NS 500000000LL
#define PROCS_SCAN_NS 100000000LL /* how often a process bound is checked */

struct spawn {
	pid_t pid;
	pid_t target;            /* what kill() gets: -pid (its group), or pid (terminal) */
	bool terminal;
	int out_fd, err_fd;      /* read ends, non-blocking; -1 once closed */
	int in_fd;               /* write end of the stdin pipe, or -1 */
	int pid_fd;              /* pidfd; -1 if the kernel has none */
	spawn_output_fn on_output;
	void *ctx;
	long long start_ns, deadline_ns, grace_ns, kill_at_ns, paused_ns;
	long long scan_at_ns;    /* next count of its processes (limits.procs) */
	int procs_max;
	bool term_sent, paused, reaped, done;
	int wait_status;
	struct spawn_status st;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* A pipe whose ends are close-on-exec and above 2 (so the child's dup2 onto
 * 0-2 never clobbers another of its pipes, even if lockstep closed 0-2). */
static int pipe_make(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (p[i] <= 2) {
			int fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
			if (fd < 0) {
				close(p[0]);
				close(p[1]);
				return -1;
			}
			close(p[i]);
			p[i] = fd;
		}
	return 0;
}

/* /dev/null for the child's stdin, close-on-exec and above 2 as well. */
static int devnull_open(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fd <= 2) {
		int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		close(fd);
		fd = high;
	}
	return fd;
}

static void pipe_close(int p[2])
{
	close_fd(&p[0]);
	close_fd(&p[1]);
}

static char *failure_text(const struct spawn_opts *o, const struct spawn_failure *f)
{
	const char *prog = o->program ? o->program : o->argv[0];
	switch (f->stage) {
	case STAGE_CWD:
		return xasprintf("cannot run %s in %s: %s", prog, o->cwd, strerror(f->err));
	case STAGE_FDS:
		return xasprintf("cannot run %s: setting up its pipes: %s", prog, strerror(f->err));
	case STAGE_LIMITS:
		return xasprintf("cannot run %s: setting its resource limits: %s", prog,
				 strerror(f->err));
	default:
		return xasprintf("cannot run %s: %s", prog, strerror(f->err));
	}
}

/* Start a process that execs the plan. Returns the pid, or -1 with errno
 * (fork) or *failure filled (the child could not exec). */
static pid_t fork_exec(struct spawn_plan *plan, struct spawn_failure *failure)
{
	int status[2];
	if (pipe_make(status) < 0)
		return -1;
	plan->status_fd = status[1];
	spawn_subreaper_once();

	/* All signals blocked across fork: the child must not run one of our
	 * handlers before it has reset them. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	spawn_registry_lock();
	pid_t pid = spawn_child_start(plan);
	int fork_errno = errno;
	if (pid > 0)
		spawn_registry_add(pid);
	spawn_registry_unlock();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close_fd(&status[1]);
	if (pid < 0) {
		close_fd(&status[0]);
		errno = fork_errno;
		return -1;
	}

	/* The status pipe closes at exec, or carries why it failed; before
	 * that, perhaps a record saying writable_dir was applied. */
	struct spawn_failure rec;
	failure->stage = 0;
	plan->confined = false;
	for (;;) {
		ssize_t n = read(status[0], &rec, sizeof rec);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof rec)
			break;
		if (rec.stage == STAGE_CONFINED)
			plan->confined = true;
		else
			*failure = rec;
	}
	close_fd(&status[0]);
	if (failure->stage) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		spawn_registry_remove(pid);
		return -1;
	}
	return pid;
}

/* spawn_start, also saying (*child_err) whether the child itself failed
 * (exec, cwd, limits: its errno) or the parent did (0). */
static struct spawn *start(const struct spawn_opts *opts, char **err, int *child_err)
{
	*child_err = 0;
	struct spawn_plan plan;
	if (spawn_plan_init(&plan, opts, err) < 0) {
		errno = EINVAL;
		return NULL;
	}
	int out[2] = {-1, -1}, errp[2] = {-1, -1}, in[2] = {-1, -1};
	bool piped = opts->io == SPAWN_PIPED;
	if (piped) {
		bool ok = pipe_make(out) == 0 && (opts->merge_stderr || pipe_make(errp) == 0);
		if (ok && opts->stdin_pipe)
			ok = pipe_make(in) == 0;
		else if (ok)
			ok = (in[0] = devnull_open()) >= 0;
		if (!ok) {
			int e = errno;
			*err = xasprintf("cannot run %s: pipe: %s", opts->argv[0], strerror(e));
			pipe_close(out);
			pipe_close(errp);
			pipe_close(in);
			spawn_plan_release(&plan);
			errno = e;
			return NULL;
		}
		plan.in_fd = in[0];
		plan.out_fd = out[1];
		plan.err_fd = opts->merge_stderr ? out[1] : errp[1];
	}
	struct spawn_failure failure = {0, 0};
	pid_t pid = fork_exec(&plan, &failure);
	int e = errno;
	bool confined = plan.confined;
	spawn_plan_release(&plan);
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&errp[1]);
	if (pid < 0) {
		if (failure.stage) {
			*err = failure_text(opts, &failure);
			e = *child_err = failure.err;
		} else {
			*err = xasprintf("cannot run %s: fork: %s", opts->argv[0], strerror(e));
		}
		close_fd(&out[0]);
		close_fd(&errp[0]);
		close_fd(&in[1]);
		errno = e;
		return NULL;
	}

	struct spawn *s = xcalloc(1, sizeof *s);
	s->pid = pid;
	s->terminal = !piped;
	s->target = piped ? -pid : pid;
	s->out_fd = out[0];
	s->err_fd = errp[0];
	s->in_fd = in[1];
	if (s->out_fd >= 0)
		fcntl(s->out_fd, F_SETFL, O_NONBLOCK);
	if (s->err_fd >= 0)
		fcntl(s->err_fd, F_SETFL, O_NONBLOCK);
	if (s->in_fd >= 0)
		fcntl(s->in_fd, F_SETFL, O_NONBLOCK);
#ifdef SYS_pidfd_open
	s->pid_fd = (int)syscall(SYS_pidfd_open, pid, 0);
#else
	s->pid_fd = -1;
#endif
	if (s->pid_fd >= 0)
		fcntl(s->pid_fd, F_SETFD, FD_CLOEXEC);
	s->on_output = opts->on_output;
	s->ctx = opts->ctx;
	s->start_ns = now_ns();
	s->deadline_ns = opts->timeout_ms > 0 ? s->start_ns + opts->timeout_ms * 1000000LL : 0;
	s->grace_ns = opts->grace_ms > 0 ? opts->grace_ms * 1000000LL : DEFAULT_GRACE_NS;
	s->st.started = true;
	s->st.confined = confined;
	s->st.limit_ms = opts->timeout_ms > 0 ? opts->timeout_ms : 0;
	if (piped && opts->limits.procs > 0) {
		s->procs_max = s->st.procs_max = opts->limits.procs;
		s->scan_at_ns = s->start_ns + PROCS_SCAN_NS / 4;
	}
	return s;
}

struct spawn *spawn_start(const struct spawn_opts *opts, char **err)
{
	int child_err;
	return start(opts, err, &child_err);
}

int spawn_pollfds(const struct spawn *s, struct pollfd *fds, int max)
{
	int n = 0;
	if (s->done)
		return 0;
	int want[3] = {s->out_fd, s->err_fd, s->reaped ? -1 : s->pid_fd};
	for (int i = 0; i < 3 && n < max; i++)
		if (want[i] >= 0)
			fds[n++] = (struct pollfd){.fd = want[i], .events = POLLIN};
	return n;
}

int spawn_wait_ms(const struct spawn *s)
{
	if (s->done)
		return -1;
	long long next = 0;
	if (s->term_sent)
		next = s->kill_at_ns;
	else if (s->deadline_ns && !s->paused)
		next = s->deadline_ns;
	int tick = s->pid_fd < 0 ? 50 : -1; /* no pidfd: look for the exit now and then */
	if (s->procs_max && !s->term_sent && (!next || s->scan_at_ns < next))
		next = s->scan_at_ns;
	if (!next)
		return tick;
	long long ms = (next - now_ns()) / 1000000LL + 1;
	if (ms < 0)
		ms = 0;
	if (tick >= 0 && ms > tick)
		ms = tick;
	return ms > 60000 ? 60000 : (int)ms;
}

/* Read what is there without blocking; close the fd at end of file. */
static void drain(struct spawn *s, int *fd, enum spawn_stream stream)
{
	char buf[65536];
	while (*fd >= 0) {
		ssize_t n = read(*fd, buf, sizeof buf);
		if (n > 0) {
			if (s->on_output)
				s->on_output(s->ctx, stream, buf, (size_t)n);
		} else if (n == 0) {
			close_fd(fd);
		} else if (errno != EINTR) {
			if (errno != EAGAIN)
				close_fd(fd);
			return;
		}
	}
}

/* The child is reaped: kill and reap what is left of its group. As a
 * subreaper we inherit each member before its parent turns zombie, so
 * waiting until ECHILD (SIGKILL cannot be refused) leaves none. */
static void group_reap(struct spawn *s)
{
	if (s->terminal)
		return; /* it shares our group: nothing of ours to kill */
	kill(-s->pid, SIGKILL);
	while (waitpid(-s->pid, NULL, 0) > 0 || errno == EINTR)
		;
}

static void finish(struct spawn *s)
{
	/* What it left running counts too: a tree that grew past the bound
	 * between two counts and whose root has already ended. */
	if (s->procs_max && !s->st.too_many_procs &&
	    spawn_tree_count(s->pid, false) > s->procs_max)
		s->st.too_many_procs = true;
	group_reap(s);
	spawn_registry_remove(s->pid);
	spawn_reap_orphans();
	drain(s, &s->out_fd, SPAWN_STDOUT);
	drain(s, &s->err_fd, SPAWN_STDERR);
	close_fd(&s->out_fd);
	close_fd(&s->err_fd);
	close_fd(&s->in_fd);
	close_fd(&s->pid_fd);
	if (WIFEXITED(s->wait_status)) {
		s->st.exited = true;
		s->st.exit_code = WEXITSTATUS(s->wait_status);
	} else if (WIFSIGNALED(s->wait_status)) {
		s->st.signal = WTERMSIG(s->wait_status);
	}
	s->done = true;
}

static void send_term(struct spawn *s)
{
	if (s->term_sent)
		return;
	kill(s->target, SIGTERM);
	if (s->paused)
		kill(s->target, SIGCONT); /* a stopped process cannot act on TERM */
	s->paused = false;
	s->term_sent = true;
	s->kill_at_ns = now_ns() + s->grace_ns;
}

static void reap_try(struct spawn *s)
{
	pid_t w;
	while ((w = waitpid(s->pid, &s->wait_status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (w == s->pid || (w < 0 && errno == ECHILD)) {
		s->reaped = true;
		s->st.wall_ns = now_ns() - s->start_ns;
	}
}

bool spawn_service(struct spawn *s)
{
	if (s->done)
		return true;
	drain(s, &s->out_fd, SPAWN_STDOUT);
	drain(s, &s->err_fd, SPAWN_STDERR);
	if (!s->reaped)
		reap_try(s);
	if (!s->reaped) {
		long long now = now_ns();
		if (s->deadline_ns && !s->paused && now >= s->deadline_ns && !s->term_sent) {
			s->st.timed_out = true;
			send_term(s);
		}
		if (s->procs_max && !s->term_sent && now >= s->scan_at_ns) {
			s->scan_at_ns = now + PROCS_SCAN_NS;
			if (spawn_tree_count(s->pid, false) > s->procs_max) {
				/* Too many: every one of them now, with no grace (they
				 * may be forking still; the end reaps the stragglers). */
				s->st.too_many_procs = true;
				kill(s->target, SIGKILL);
				spawn_tree_count(s->pid, true);
				s->term_sent = true;
				s->kill_at_ns = now;
			}
		}
		if (s->term_sent && now >= s->kill_at_ns)
			kill(s->target, SIGKILL);
		return false;
	}
	finish(s);
	return true;
}

/* Write with SIGPIPE blocked, and take back a SIGPIPE this write raised, so
 * a child that closed its stdin gives EPIPE here instead of killing us. */
static ssize_t write_nosigpipe(int fd, const void *buf, size_t len)
{
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	bool was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	ssize_t n = write(fd, buf, len);
	int e = errno;
	if (n < 0 && e == EPIPE && !was_pending) {
		struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return n;
}

int spawn_write(struct spawn *s, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		if (s->in_fd < 0 || s->done) {
			errno = EPIPE;
			return -1;
		}
		ssize_t n = write_nosigpipe(s->in_fd, p, len);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN) {
			int e = errno;
			close_fd(&s->in_fd);
			errno = e;
			return -1;
		}
		/* The pipe is full. Keep reading the child's output meanwhile: it
		 * may be blocked writing to us while we wait for it to read. */
		struct pollfd fds[4];
		int nf = spawn_pollfds(s, fds, 3);
		fds[nf++] = (struct pollfd){.fd = s->in_fd, .events = POLLOUT};
		if (poll(fds, (nfds_t)nf, spawn_wait_ms(s)) < 0 && errno != EINTR)
			return -1;
		spawn_service(s);
	}
	return 0;
}

void spawn_close_stdin(struct spawn *s)
{
	close_fd(&s->in_fd);
}

void spawn_cancel(struct spawn *s)
{
	if (s->done || s->reaped)
		return;
	s->st.cancelled = true;
	send_term(s);
}

void spawn_pause(struct spawn *s, bool paused)
{
	if (s->done || s->reaped || s->terminal || s->term_sent || s->paused == paused)
		return;
	long long now = now_ns();
	if (paused) {
		kill(s->target, SIGSTOP);
		s->paused_ns = now;
	} else {
		kill(s->target, SIGCONT);
		if (s->deadline_ns)
			s->deadline_ns += now - s->paused_ns; /* paused time is not counted */
	}
	s->paused = paused;
}

bool spawn_done(const struct spawn *s) { return s->done; }
pid_t spawn_pid(const struct spawn *s) { return s->pid; }
const struct spawn_status *spawn_status(const struct spawn *s) { return &s->st; }

void spawn_free(struct spawn *s)
{
	if (!s)
		return;
	if (!s->done) {
		kill(s->target, SIGKILL);
		if (!s->reaped)
			while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
				;
		s->reaped = true;
		group_reap(s);
		spawn_registry_remove(s->pid);
		spawn_reap_orphans();
		close_fd(&s->out_fd);
		close_fd(&s->err_fd);
		close_fd(&s->in_fd);
		close_fd(&s->pid_fd);
	}
	free(s);
}

int spawn_run(const struct spawn_opts *opts, struct spawn_status *st, char **err)
{
	int child_err;
	struct spawn *s = start(opts, err, &child_err);
	if (!s) {
		memset(st, 0, sizeof *st);
		st->exec_errno = child_err;
		return -1;
	}
	if (opts->stdin_pipe && opts->stdin_text) {
		spawn_write(s, opts->stdin_text, strlen(opts->stdin_text));
		spawn_close_stdin(s);
	}
	while (!spawn_service(s)) {
		if (opts->cancelled && opts->cancelled(opts->ctx))
			spawn_cancel(s);
		struct pollfd fds[3];
		int n = spawn_pollfds(s, fds, 3);
		int wait = spawn_wait_ms(s);
		if (opts->cancelled && (wait < 0 || wait > 50))
			wait = 50;
		if (poll(fds, (nfds_t)n, wait) < 0 && errno != EINTR)
			break;
	}
	if (!spawn_done(s)) { /* poll itself failed: end it here */
		spawn_free(s);
		*err = xasprintf("cannot follow %s: poll: %s", opts->argv[0], strerror(errno));
		memset(st, 0, sizeof *st);
		return -1;
	}
	*st = s->st;
	spawn_free(s);
	return 0;
}

char *spawn_describe(const struct spawn_status *st)
{
	if (!st->started)
		return st->exec_errno ? xasprintf("could not start: %s", strerror(st->exec_errno))
				      : xstrdup("could not start");
	if (st->timed_out)
		return xasprintf("stopped after the %g s limit", st->limit_ms / 1000.0);
	if (st->cancelled)
		return xstrdup("cancelled");
	if (st->too_many_procs)
		return xasprintf("stopped: it started more than %d processes", st->procs_max);
	if (st->signal) {
		const char *abbrev = sigabbrev_np(st->signal);
		return abbrev ? xasprintf("killed by SIG%s", abbrev)
			      : xasprintf("killed by signal %d", st->signal);
	}
	return xasprintf("exited with status %d", st->exit_code);
}
