/*
 * runner.c - starts a demo as a child process and follows it to the end.
 *
 * Child life cycle: fork with all signals blocked; in the child, a new
 * process group, default signal dispositions, stdin from /dev/null, stdout
 * and stderr on pipes, every other fd closed, exec (on failure the errno goes
 * back on a close-on-exec pipe and the child _exits 127). The parent reads
 * both pipes without blocking and watches the child through a pidfd, so a
 * grandchild that keeps the pipes open cannot hide the child's exit. When the
 * child is gone, the whole group is killed and reaped; lockstep is a child
 * subreaper, so orphaned grandchildren come back to it and are reaped too.
 */
#define _GNU_SOURCE
#include "core/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#define STDERR_CAP (16 * 1024)

struct runner {
	pid_t pid;               /* also the process group id */
	int out_fd, err_fd;      /* -1 once closed */
	int pid_fd;              /* pidfd, -1 if the kernel has none */
	struct sbuf line;        /* partial stdout line */
	bool overlong;           /* discarding the rest of an overlong line */
	struct sbuf errtext;     /* stderr, capped */
	long long start_ns, deadline_ns, kill_ns;
	bool term_sent, timed_out, cancelled, reaped, done;
	int wait_status;
	unsigned generation;
	struct run_result res;
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

/* In the child, between fork and exec: only async-signal-safe calls. */
static _Noreturn void child_exec(const char *program, char *const argv[], int out_w,
				 int err_w, int status_w)
{
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		sigaction(s, &dfl, NULL); /* fails harmlessly for KILL/STOP */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* if lockstep dies, the demo goes too */

	int devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
		goto fail;
	/* Close everything else but the status pipe (close-on-exec). */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != status_w)
			close(fd);
	execv(program, argv);
fail:;
	int e = errno;
	ssize_t unused = write(status_w, &e, sizeof e);
	(void)unused;
	_exit(127);
}

struct runner *runner_start(const char *program, char *const argv[],
			    const struct runner_opts *opts, char **err)
{
	static bool subreaper;
	if (!subreaper) {
		prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphaned grandchildren come to us */
		subreaper = true;
	}
	int out[2], errp[2], status[2];
	if (pipe2(out, O_CLOEXEC) < 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		return NULL;
	}
	if (pipe2(errp, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		return NULL;
	}

	/* Block signals so the child cannot run one of our handlers before it
	 * has reset them. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid == 0)
		child_exec(program, argv, out[1], errp[1], status[1]);
	int fork_errno = errno;
	if (pid > 0)
		setpgid(pid, pid); /* also here: whichever runs first wins the race */
	sigprocmask(SIG_SETMASK, &old, NULL);

	close(out[1]);
	close(errp[1]);
	close(status[1]);
	if (pid < 0) {
		close(out[0]);
		close(errp[0]);
		close(status[0]);
		*err = xasprintf("fork: %s", strerror(fork_errno));
		return NULL;
	}

	/* Did exec work? The status pipe closes on exec, or carries errno. */
	int child_errno = 0;
	ssize_t n;
	while ((n = read(status[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR)
		;
	close(status[0]);
	if (n == (ssize_t)sizeof child_errno) {
		waitpid(pid, NULL, 0);
		close(out[0]);
		close(errp[0]);
		*err = xasprintf("cannot run %s: %s", program, strerror(child_errno));
		return NULL;
	}

	struct runner *r = xcalloc(1, sizeof *r);
	r->pid = pid;
	r->out_fd = out[0];
	r->err_fd = errp[0];
	fcntl(r->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(r->err_fd, F_SETFL, O_NONBLOCK);
#ifdef SYS_pidfd_open
	r->pid_fd = (int)syscall(SYS_pidfd_open, pid, 0);
#else
	r->pid_fd = -1;
#endif
	report_init(&r->res);
	r->start_ns = now_ns();
	r->deadline_ns = opts && opts->timeout_ms > 0
				 ? r->start_ns + (long long)opts->timeout_ms * 1000000LL
				 : 0;
	r->kill_ns = opts && opts->grace_ms > 0 ? (long long)opts->grace_ms * 1000000LL
						: 500000000LL; /* grace, until SIGTERM is sent */
	return r;
}

int runner_pollfds(const struct runner *r, struct pollfd *fds, int max)
{
	int n = 0;
	int want[3] = {r->out_fd, r->err_fd, r->reaped ? -1 : r->pid_fd};
	for (int i = 0; i < 3 && n < max; i++)
		if (want[i] >= 0 && !r->done)
			fds[n++] = (struct pollfd){.fd = want[i], .events = POLLIN};
	return n;
}

int runner_wait_ms(const struct runner *r)
{
	if (r->done)
		return -1;
	long long next = 0;
	if (r->term_sent)
		next = r->kill_ns;
	else if (r->deadline_ns)
		next = r->deadline_ns;
	int tick = r->pid_fd < 0 ? 100 : -1; /* no pidfd: look for the exit now and then */
	if (!next)
		return tick;
	long long ms = (next - now_ns()) / 1000000LL + 1;
	if (ms < 0)
		ms = 0;
	if (tick >= 0 && ms > tick)
		ms = tick;
	return ms > 60000 ? 60000 : (int)ms;
}

static void feed(struct runner *r, const char *s, size_t n)
{
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n') {
			if (r->overlong)
				continue;
			sbuf_addc(&r->line, s[i]);
			if (r->line.len > REPORT_MAX_LINE) {
				/* let the report record the problem, then skip to '\n' */
				report_feed_line(&r->res, r->line.buf, r->line.len);
				sbuf_release(&r->line);
				r->overlong = true;
				changed = true;
			}
			continue;
		}
		if (!r->overlong)
			report_feed_line(&r->res, r->line.buf ? r->line.buf : "", r->line.len);
		r->overlong = false;
		sbuf_release(&r->line);
		changed = true;
	}
	if (changed)
		r->generation++;
}

/* Read what is there without blocking; close the fd at end of file. */
static void drain(struct runner *r, int *fd, bool is_out)
{
	char buf[65536];
	while (*fd >= 0) {
		ssize_t n = read(*fd, buf, sizeof buf);
		if (n > 0) {
			if (is_out)
				feed(r, buf, (size_t)n);
			else if (r->errtext.len < STDERR_CAP)
				sbuf_add(&r->errtext, buf,
					 (size_t)n < STDERR_CAP - r->errtext.len
						 ? (size_t)n
						 : STDERR_CAP - r->errtext.len);
		} else if (n == 0) {
			close_fd(fd);
		} else if (errno == EINTR) {
			continue;
		} else {
			if (errno != EAGAIN)
				close_fd(fd);
			return;
		}
	}
}

/* Kill the whole group (grandchildren too) and reap everything in it. As a
 * subreaper we inherit orphans before their parent turns zombie, so waiting
 * (blocking: SIGKILL cannot be refused) until ECHILD leaves no zombie. */
static void kill_and_reap_group(struct runner *r)
{
	kill(-r->pid, SIGKILL);
	int st;
	while (waitpid(-r->pid, &st, 0) > 0 || errno == EINTR)
		;
}

static void finish(struct runner *r)
{
	kill_and_reap_group(r);
	drain(r, &r->out_fd, true);
	drain(r, &r->err_fd, false);
	if (r->line.len > 0 && !r->overlong) /* a last line without newline */
		report_feed_line(&r->res, r->line.buf, r->line.len);
	sbuf_release(&r->line);
	close_fd(&r->out_fd);
	close_fd(&r->err_fd);
	close_fd(&r->pid_fd);
	r->res.wall_ns = now_ns() - r->start_ns;
	r->res.stderr_text = sbuf_detach(&r->errtext);
	report_finish(&r->res, r->wait_status, r->timed_out, r->cancelled);
	r->done = true;
	r->generation++;
}

static void send_term(struct runner *r)
{
	if (r->term_sent)
		return;
	kill(-r->pid, SIGTERM);
	r->term_sent = true;
	r->kill_ns += now_ns(); /* grace period starts now */
}

bool runner_service(struct runner *r)
{
	if (r->done)
		return true;
	drain(r, &r->out_fd, true);
	drain(r, &r->err_fd, false);

	if (!r->reaped) {
		pid_t w;
		while ((w = waitpid(r->pid, &r->wait_status, WNOHANG)) < 0 && errno == EINTR)
			;
		if (w == r->pid || (w < 0 && errno == ECHILD))
			r->reaped = true;
	}
	long long now = now_ns();
	if (!r->reaped) {
		if (r->deadline_ns && now >= r->deadline_ns && !r->term_sent) {
			r->timed_out = true;
			send_term(r);
		}
		if (r->term_sent && now >= r->kill_ns)
			kill(-r->pid, SIGKILL);
		return false;
	}
	/* The child is gone. Its pipes close when every writer is gone; a
	 * grandchild may still hold them, so finish now: finish() kills the
	 * group and takes what is left. */
	finish(r);
	return true;
}

void runner_cancel(struct runner *r)
{
	if (r->done || r->reaped)
		return;
	r->cancelled = true;
	send_term(r);
}

bool runner_done(const struct runner *r) { return r->done; }
const struct run_result *runner_result(const struct runner *r) { return &r->res; }
unsigned runner_generation(const struct runner *r) { return r->generation; }

void runner_free(struct runner *r)
{
	if (!r)
		return;
	if (!r->done) {
		kill(-r->pid, SIGKILL);
		if (!r->reaped)
			waitpid(r->pid, NULL, 0);
		kill_and_reap_group(r);
		close_fd(&r->out_fd);
		close_fd(&r->err_fd);
		close_fd(&r->pid_fd);
		sbuf_release(&r->line);
		sbuf_release(&r->errtext);
	}
	report_release(&r->res);
	free(r);
}

int runner_run(const char *program, char *const argv[], const struct runner_opts *opts,
	       struct run_result *out, char **err)
{
	struct runner *r = runner_start(program, argv, opts, err);
	if (!r)
		return -1;
	while (!runner_service(r)) {
		struct pollfd fds[3];
		int n = runner_pollfds(r, fds, 3);
		if (poll(fds, (nfds_t)n, runner_wait_ms(r)) < 0 && errno != EINTR)
			break;
	}
	*out = r->res; /* hand over the result; the runner forgets it */
	report_init(&r->res);
	runner_free(r);
	return 0;
}
