/*
 * check_spawn.c - spawn against real children: exit codes, signals, exec
 * and cwd failures, environment, working directory, a stdin round trip
 * larger than a pipe, the time limit (TERM, then KILL for a child that
 * ignores TERM), cancel, pause, grandchildren that keep the pipes open or
 * leave the session, a stderr flood, fork failing (a seccomp filter makes
 * clone fail in a forked test process), resource limits and reaping from a
 * second thread. After each test no child of ours is left, zombie or alive.
 *
 * Time bounds here are far from what they guard (a 30 s sleep must end in
 * under 10 s), so they hold on a loaded machine; none measures speed.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/spawn.h"
#include "core/util.h"
#include "check_run.h"

/* What a child wrote, by stream. */
struct capture {
	struct sbuf out, err;
};

static void capture_fn(void *ctx, enum spawn_stream stream, const char *buf, size_t len)
{
	struct capture *c = ctx;
	sbuf_add(stream == SPAWN_STDOUT ? &c->out : &c->err, buf, len);
}

static void capture_release(struct capture *c)
{
	sbuf_release(&c->out);
	sbuf_release(&c->err);
}

static const char *text(const struct sbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

static char *child(const char *name)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	return xasprintf("%s/build/tests/children/%s", root ? root : ".", name);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* No child of ours is left, zombie or alive. */
static void assert_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

static void assert_gone(pid_t pid)
{
	ck_assert_int_gt(pid, 0);
	ck_assert_msg(kill(pid, 0) == -1 && errno == ESRCH, "process %d is still there",
		      (int)pid);
}

/* Run a shell script as a child (the tests may use a shell; spawn never does). */
static struct spawn_status sh_run(const char *script, struct capture *c)
{
	const char *argv[] = {"sh", "-c", script, NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true, .on_output = capture_fn,
			       .ctx = c};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_msg(spawn_run(&o, &st, &err) == 0, "start: %s", err ? err : "");
	return st;
}

START_TEST(exit_codes)
{
	struct capture c = {0};
	struct spawn_status st = sh_run("echo out; echo err >&2; exit 3", &c);
	ck_assert(st.started && st.exited);
	ck_assert_int_eq(st.exit_code, 3);
	ck_assert_int_eq(st.signal, 0);
	ck_assert_str_eq(text(&c.out), "out\n");
	ck_assert_str_eq(text(&c.err), "err\n");
	ck_assert_int_gt(st.wall_ns, 0);
	char *d = spawn_describe(&st);
	ck_assert_str_eq(d, "exited with status 3");
	free(d);
	capture_release(&c);
	st = sh_run("exit 0", &c);
	ck_assert(st.exited && st.exit_code == 0);
	assert_no_children();
}
END_TEST

START_TEST(killed_by_a_signal)
{
	struct capture c = {0};
	struct spawn_status st = sh_run("kill -SEGV $$", &c);
	ck_assert(!st.exited);
	ck_assert_int_eq(st.signal, SIGSEGV);
	char *d = spawn_describe(&st);
	ck_assert_str_eq(d, "killed by SIGSEGV");
	free(d);
	assert_no_children();
}
END_TEST

START_TEST(exec_failure)
{
	const char *argv[] = {"/nonexistent/nope", NULL};
	struct spawn_opts o = {.argv = argv};
	char *err = NULL;
	errno = 0;
	ck_assert_ptr_null(spawn_start(&o, &err));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_msg(strstr(err, "/nonexistent/nope") && strstr(err, "No such file"), "%s", err);
	free(err);

	/* Through PATH, and through spawn_run: the status says it never ran. */
	const char *argv2[] = {"lockstep-no-such-program", NULL};
	struct spawn_opts o2 = {.argv = argv2, .search_path = true};
	struct spawn_status st;
	err = NULL;
	ck_assert_int_eq(spawn_run(&o2, &st, &err), -1);
	ck_assert(!st.started);
	ck_assert_int_eq(st.exec_errno, ENOENT);
	char *d = spawn_describe(&st);
	ck_assert_str_eq(d, "could not start: No such file or directory");
	free(d);
	free(err);

	/* Not executable: EACCES, named. */
	char *self = xasprintf("%s/Makefile", getenv("LOCKSTEP_ROOT") ? getenv("LOCKSTEP_ROOT") : ".");
	const char *argv3[] = {self, NULL};
	struct spawn_opts o3 = {.argv = argv3};
	err = NULL;
	ck_assert_ptr_null(spawn_start(&o3, &err));
	ck_assert_int_eq(errno, EACCES);
	free(err);
	free(self);

	/* A missing working directory is named too. */
	const char *argv4[] = {"true", NULL};
	struct spawn_opts o4 = {.argv = argv4, .search_path = true, .cwd = "/nonexistent/dir"};
	err = NULL;
	ck_assert_ptr_null(spawn_start(&o4, &err));
	ck_assert_msg(strstr(err, "/nonexistent/dir"), "%s", err);
	free(err);

	/* An empty argv is a programmer's mistake, reported, not a crash. */
	const char *argv5[] = {NULL};
	struct spawn_opts o5 = {.argv = argv5};
	err = NULL;
	ck_assert_ptr_null(spawn_start(&o5, &err));
	ck_assert_ptr_nonnull(err);
	free(err);
	assert_no_children();
}
END_TEST

START_TEST(environment)
{
	setenv("LOCKSTEP_T_KEEP", "kept", 1);
	setenv("LOCKSTEP_T_REPLACE", "old", 1);
	setenv("LOCKSTEP_T_DROP", "dropped", 1);
	const char *set[] = {"LOCKSTEP_T_REPLACE=new", "LOCKSTEP_T_ADD=a=b", NULL};
	const char *unset[] = {"LOCKSTEP_T_DROP", NULL};
	const char *argv[] = {"sh", "-c",
			      "echo \"$LOCKSTEP_T_KEEP|$LOCKSTEP_T_REPLACE|$LOCKSTEP_T_ADD|"
			      "${LOCKSTEP_T_DROP-unset}\"; env | grep -c '^LOCKSTEP_T_REPLACE='",
			      NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .env_set = set,
			       .env_unset = unset, .on_output = capture_fn, .ctx = &c};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_str_eq(text(&c.out), "kept|new|a=b|unset\n1\n");
	capture_release(&c);
	ck_assert_str_eq(getenv("LOCKSTEP_T_REPLACE"), "old"); /* ours is untouched */

	const char *bad[] = {"NOEQUALS", NULL};
	o.env_set = bad;
	ck_assert_ptr_null(spawn_start(&o, &err));
	ck_assert_msg(strstr(err, "NOEQUALS"), "%s", err);
	free(err);
	assert_no_children();
}
END_TEST

START_TEST(working_directory)
{
	char dir[] = "/tmp/lockstep-cwd-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char real[PATH_MAX];
	ck_assert_ptr_nonnull(realpath(dir, real));
	const char *argv[] = {"pwd", "-P", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .cwd = dir,
			       .on_output = capture_fn, .ctx = &c};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	char *want = xasprintf("%s\n", real);
	ck_assert_str_eq(text(&c.out), want);
	free(want);
	capture_release(&c);
	rmdir(dir);
	assert_no_children();
}
END_TEST

/* Program and argv[0] differ: the child sees the argv[0] we chose. */
START_TEST(program_and_argv0)
{
	const char *argv[] = {"chosen-name", "-c", "cat /proc/$$/cmdline | tr '\\0' ' '", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .program = "/bin/sh", .on_output = capture_fn,
			       .ctx = &c};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(strncmp(text(&c.out), "chosen-name -c ", 15) == 0, "%s", text(&c.out));
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* Set a signal's disposition with the system call: libc refuses its own. */
static void raw_disposition(int sig, void (*handler)(int))
{
	unsigned long ksa[8] = {0};
	ksa[0] = (unsigned long)(uintptr_t)handler; /* x86-64 and arm64: handler first */
	ck_assert_int_eq(syscall(SYS_rt_sigaction, sig, ksa, NULL, (size_t)(NSIG - 1) / 8), 0);
}

/* Whatever our signal state, the child starts with default handlers, an
 * empty mask and no fd of ours beyond 0-2. */
START_TEST(clean_child_state)
{
	signal(SIGINT, SIG_IGN);
	raw_disposition(33, SIG_IGN); /* one libc keeps for itself: make ignored it so once */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int stray = open("/dev/null", O_RDONLY); /* not close-on-exec */
	ck_assert_int_ge(stray, 3);
	struct capture c = {0};
	struct spawn_status st =
		sh_run("grep -E '^(SigBlk|SigIgn)' /proc/self/status; ls /proc/self/fd", &c);
	ck_assert(st.exited && st.exit_code == 0);
	ck_assert_msg(strstr(text(&c.out), "SigBlk:\t0000000000000000"), "%s", text(&c.out));
	ck_assert_msg(strstr(text(&c.out), "SigIgn:\t0000000000000000"), "%s", text(&c.out));
	/* ls sees 0, 1, 2 and its own directory fd (3): nothing else */
	const char *fds = strstr(text(&c.out), "0\n1\n2\n3\n");
	ck_assert_msg(fds && strcmp(fds, "0\n1\n2\n3\n") == 0, "%s", text(&c.out));
	close(stray);
	signal(SIGINT, SIG_DFL); /* as it was: the suite may run unforked */
	raw_disposition(33, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* merge_stderr: one stream, in the order written. */
START_TEST(merged_stderr)
{
	const char *argv[] = {"sh", "-c", "echo a; echo b >&2; echo c", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .merge_stderr = true,
			       .on_output = capture_fn, .ctx = &c};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_str_eq(text(&c.out), "a\nb\nc\n");
	ck_assert_uint_eq(c.err.len, 0);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* 4 MiB through cat and back: more than the pipes hold, so spawn_write must
 * keep reading the child's output while it waits to write. */
START_TEST(stdin_round_trip)
{
	const char *argv[] = {"cat", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .stdin_pipe = true,
			       .on_output = capture_fn, .ctx = &c};
	char *err = NULL;
	struct spawn *s = spawn_start(&o, &err);
	ck_assert_ptr_nonnull(s);
	size_t len = 4u << 20;
	char *data = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	ck_assert_int_eq(spawn_write(s, data, len), 0);
	spawn_close_stdin(s);
	while (!spawn_service(s)) {
		struct pollfd fds[3];
		int n = spawn_pollfds(s, fds, 3);
		poll(fds, (nfds_t)n, spawn_wait_ms(s));
	}
	ck_assert(spawn_status(s)->exited && spawn_status(s)->exit_code == 0);
	ck_assert_uint_eq(c.out.len, len);
	ck_assert(memcmp(c.out.buf, data, len) == 0);
	/* The child is gone: writing now fails with EPIPE and does not kill us. */
	ck_assert_int_eq(spawn_write(s, "x", 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	spawn_free(s);
	free(data);
	capture_release(&c);

	/* A child that closes its stdin early: EPIPE, not SIGPIPE. */
	const char *argv2[] = {"sh", "-c", "exec 0<&-; sleep 1", NULL};
	struct spawn_opts o2 = {.argv = argv2, .search_path = true, .stdin_pipe = true};
	s = spawn_start(&o2, &err);
	ck_assert_ptr_nonnull(s);
	char buf[4096] = {0};
	int rc = 0;
	long long t0 = now_ms();
	while (rc == 0 && now_ms() - t0 < 10000)
		rc = spawn_write(s, buf, sizeof buf);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, EPIPE);
	spawn_free(s);
	assert_no_children();
}
END_TEST

START_TEST(time_limit_sends_term)
{
	const char *argv[] = {"sleep", "30", NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true, .timeout_ms = 300};
	struct spawn_status st;
	char *err = NULL;
	long long t0 = now_ms();
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(now_ms() - t0 < 10000, "the 30 s sleep ran on");
	ck_assert(st.timed_out && !st.cancelled);
	ck_assert_int_eq(st.signal, SIGTERM);
	char *d = spawn_describe(&st);
	ck_assert_str_eq(d, "stopped after the 0.3 s limit");
	free(d);
	assert_no_children();
}
END_TEST

START_TEST(term_ignored_gets_kill)
{
	char *prog = child("hang"); /* ignores SIGTERM */
	const char *argv[] = {"hang", NULL};
	struct spawn_opts o = {.argv = argv, .program = prog, .timeout_ms = 200,
			       .grace_ms = 200};
	struct spawn_status st;
	char *err = NULL;
	long long t0 = now_ms();
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(now_ms() - t0 < 10000, "hang was not killed");
	ck_assert(st.timed_out);
	ck_assert_int_eq(st.signal, SIGKILL);
	free(prog);
	assert_no_children();
}
END_TEST

/* The grandchild holds stdout for a minute; the run ends with the child. */
START_TEST(grandchild_holding_the_pipe)
{
	struct capture c = {0};
	long long t0 = now_ms();
	struct spawn_status st = sh_run("sleep 60 & echo $!", &c);
	ck_assert_msg(now_ms() - t0 < 10000, "waited for the grandchild");
	ck_assert(st.exited && st.exit_code == 0);
	assert_gone((pid_t)atoi(text(&c.out)));
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* A grandchild that left the group (setsid) is not reached by the group
 * kill; it comes back to us as an orphan and is killed and reaped. */
START_TEST(setsid_grandchild_is_reaped)
{
	char *prog = child("escape");
	const char *argv[] = {"escape", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .program = prog, .on_output = capture_fn,
			       .ctx = &c};
	struct spawn_status st;
	char *err = NULL;
	long long t0 = now_ms();
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(now_ms() - t0 < 10000, "waited for the escaped grandchild");
	ck_assert(st.exited && st.exit_code == 0);
	assert_gone((pid_t)atoi(text(&c.out)));
	free(prog);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* limits.procs holds for root: 100 children that leave the session are
 * counted past a bound of 20, and every one of them is killed. */
START_TEST(process_bound)
{
	const char *argv[] = {"sh", "-c",
			      "for i in $(seq 100); do setsid sleep 30 & echo $!; done; wait",
			      NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .on_output = capture_fn,
			       .ctx = &c, .timeout_ms = 20000, .limits = {.procs = 20}};
	struct spawn_status st;
	char *err = NULL;
	long long t0 = now_ms();
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(now_ms() - t0 < 10000, "the tree was not stopped at the bound");
	ck_assert(st.too_many_procs && !st.timed_out);
	ck_assert_int_eq(st.procs_max, 20);
	char *d = spawn_describe(&st);
	ck_assert_str_eq(d, "stopped: it started more than 20 processes");
	free(d);
	int seen = 0;
	for (const char *p = text(&c.out); *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		assert_gone((pid_t)atoi(p));
		seen++;
	}
	/* past the bound: the sh and 20 or more children; the last one may be
	 * counted (and killed) before the sh echoed its pid (seen == 20 came up
	 * once in 4 runs on a busy machine) */
	ck_assert_int_ge(seen, 19);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* writable_dir: the child may write there and nowhere else. */
START_TEST(writable_dir_only)
{
	char dir[] = "/tmp/lockstep-spawn-rw-XXXXXX", out[] = "/tmp/lockstep-spawn-ro-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(mkdtemp(out));
	char *script = xasprintf("echo in > %s/in && echo out > %s/out", dir, out);
	const char *argv[] = {"sh", "-c", script, NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .on_output = capture_fn,
			       .ctx = &c, .writable_dir = dir};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_msg(st.confined, "no mount namespace could be made here");
	ck_assert(st.exited && st.exit_code != 0);
	ck_assert_ptr_nonnull(strstr(text(&c.err), "Read-only file system"));
	char *in = xasprintf("%s/in", dir), *o2 = xasprintf("%s/out", out);
	ck_assert_int_eq(access(in, F_OK), 0);
	ck_assert_int_eq(access(o2, F_OK), -1);
	unlink(in);
	rmdir(dir);
	rmdir(out);
	free(in);
	free(o2);
	free(script);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* While another spawned child runs, an orphan is left alone (it may be that
 * child's); it goes when the last one ends. */
START_TEST(orphans_wait_for_the_last_child)
{
	const char *a1[] = {"sleep", "30", NULL};
	struct spawn_opts o1 = {.argv = a1, .search_path = true};
	char *err = NULL;
	struct spawn *other = spawn_start(&o1, &err);
	ck_assert_ptr_nonnull(other);

	char *prog = child("escape");
	const char *argv[] = {"escape", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .program = prog, .on_output = capture_fn,
			       .ctx = &c};
	struct spawn_status st;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	pid_t orphan = (pid_t)atoi(text(&c.out));
	ck_assert_int_gt(orphan, 0);
	ck_assert_int_eq(kill(orphan, 0), 0); /* still alive: `other` runs */
	spawn_free(other);                    /* the last one: now it goes */
	assert_gone(orphan);
	free(prog);
	capture_release(&c);
	assert_no_children();
}
END_TEST

/* About 4 MB on stderr and 20 000 lines on stdout, read without deadlock. */
START_TEST(stderr_flood)
{
	char *prog = child("flood");
	const char *argv[] = {"flood", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .program = prog, .on_output = capture_fn,
			       .ctx = &c, .timeout_ms = 60000};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert(st.exited && st.exit_code == 0 && !st.timed_out);
	ck_assert_uint_eq(c.err.len, 4000u * 1001u);
	ck_assert_ptr_nonnull(strstr(text(&c.out), "\"done\":19999"));
	ck_assert_ptr_nonnull(strstr(text(&c.out), "{\"event\":\"end\"}\n"));
	free(prog);
	capture_release(&c);
	assert_no_children();
}
END_TEST

static int polls_left;
static bool cancel_after(void *ctx)
{
	(void)ctx;
	return --polls_left <= 0;
}

START_TEST(cancel)
{
	const char *argv[] = {"sleep", "30", NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true};
	char *err = NULL;
	struct spawn *s = spawn_start(&o, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert(!spawn_service(s));
	spawn_cancel(s);
	long long t0 = now_ms();
	while (!spawn_service(s) && now_ms() - t0 < 10000) {
		struct pollfd fds[3];
		int n = spawn_pollfds(s, fds, 3);
		poll(fds, (nfds_t)n, spawn_wait_ms(s));
	}
	ck_assert(spawn_done(s));
	ck_assert(spawn_status(s)->cancelled && !spawn_status(s)->timed_out);
	ck_assert_int_eq(spawn_status(s)->signal, SIGTERM);
	char *d = spawn_describe(spawn_status(s));
	ck_assert_str_eq(d, "cancelled");
	free(d);
	spawn_free(s);

	/* spawn_run's cancelled() hook, as the lab's Esc uses it. */
	polls_left = 3;
	o.cancelled = cancel_after;
	struct spawn_status st;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert(st.cancelled);
	assert_no_children();
}
END_TEST

static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *rp = strrchr(buf, ')');
	return rp && rp[1] ? rp[2] : '?';
}

/* Wait (up to 10 s) until the process is, or is not, stopped. */
static bool wait_stopped(pid_t pid, bool stopped)
{
	for (int i = 0; i < 1000; i++) {
		if ((proc_state(pid) == 'T') == stopped)
			return true;
		usleep(10000);
	}
	return false;
}

START_TEST(pause_and_resume)
{
	const char *argv[] = {"sleep", "30", NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true};
	char *err = NULL;
	struct spawn *s = spawn_start(&o, &err);
	ck_assert_ptr_nonnull(s);
	pid_t pid = spawn_pid(s);
	spawn_pause(s, true);
	ck_assert(wait_stopped(pid, true));
	ck_assert(!spawn_service(s)); /* stopped is not over */
	spawn_pause(s, false);
	ck_assert(wait_stopped(pid, false));
	/* Cancel while paused: it is woken so it can act on SIGTERM. */
	spawn_pause(s, true);
	ck_assert(wait_stopped(pid, true));
	spawn_cancel(s);
	long long t0 = now_ms();
	while (!spawn_service(s) && now_ms() - t0 < 10000)
		usleep(10000);
	ck_assert(spawn_done(s));
	ck_assert_int_eq(spawn_status(s)->signal, SIGTERM);
	spawn_free(s);
	assert_no_children();
}
END_TEST

/* Paused time does not count against the time limit: a 300 ms limit with
 * 600 ms of pause ends no sooner than 900 ms after the start. (A lower
 * bound: a busy machine can only make it later.) */
START_TEST(pause_stops_the_clock)
{
	const char *argv[] = {"sleep", "30", NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true, .timeout_ms = 300};
	char *err = NULL;
	struct spawn *s = spawn_start(&o, &err);
	ck_assert_ptr_nonnull(s);
	spawn_pause(s, true);
	long long t0 = now_ms();
	while (now_ms() - t0 < 600) {
		ck_assert(!spawn_service(s)); /* never times out while paused */
		usleep(20000);
	}
	spawn_pause(s, false);
	t0 = now_ms();
	while (!spawn_service(s) && now_ms() - t0 < 10000) {
		struct pollfd fds[3];
		int n = spawn_pollfds(s, fds, 3);
		poll(fds, (nfds_t)n, spawn_wait_ms(s));
	}
	ck_assert(spawn_done(s));
	ck_assert(spawn_status(s)->timed_out);
	ck_assert_msg(spawn_status(s)->wall_ns >= 900000000LL, "ended after %lld ms",
		      spawn_status(s)->wall_ns / 1000000);
	spawn_free(s);
	assert_no_children();
}
END_TEST

/* Limits are the child's, not ours. */
START_TEST(resource_limits)
{
	const char *argv[] = {"sh", "-c", "ulimit -f; ulimit -t", NULL};
	struct capture c = {0};
	struct spawn_opts o = {.argv = argv, .search_path = true, .on_output = capture_fn,
			       .ctx = &c,
			       .limits = {.fsize_bytes = 1024 * 512, .cpu_s = 7}};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert_str_eq(text(&c.out), "1024\n7\n");
	capture_release(&c);

	/* A file larger than the limit is refused: SIGXFSZ. */
	const char *argv2[] = {"sh", "-c", "exec head -c 100000 /dev/zero > \"$0\"", NULL, NULL};
	char path[] = "/tmp/lockstep-fsize-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	argv2[3] = path;
	struct spawn_opts o2 = {.argv = argv2, .search_path = true,
				.limits = {.fsize_bytes = 4096}};
	ck_assert_int_eq(spawn_run(&o2, &st, &err), 0);
	ck_assert_int_eq(st.signal, SIGXFSZ);
	unlink(path);
	assert_no_children();
}
END_TEST

static int open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 256; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* Fork fails (clone returns EAGAIN under a seccomp filter, in a process of
 * its own so the filter binds nobody else): NULL and a message, no crash. */
START_TEST(fork_failure)
{
	pid_t tester = fork();
	ck_assert_int_ge(tester, 0);
	if (tester == 0) {
		struct sock_filter prog[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 2, 0),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAGAIN),
		};
		struct sock_fprog fprog = {sizeof prog / sizeof prog[0], prog};
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0)
			_exit(2);
		const char *argv[] = {"true", NULL};
		struct spawn_opts o = {.argv = argv, .search_path = true, .stdin_pipe = true};
		int fds_before = open_fds();
		char *err = NULL;
		struct spawn *s = spawn_start(&o, &err);
		bool ok = !s && errno == EAGAIN && err && strstr(err, "fork") &&
			  strstr(err, "true");
		/* spawn_run: it never ran, and not for a reason of the child's */
		struct spawn_status st;
		char *err2 = NULL;
		ok = ok && spawn_run(&o, &st, &err2) == -1 && !st.started && st.exec_errno == 0;
		_exit(ok && open_fds() == fds_before ? 0 : 1); /* and no pipe leaked */
	}
	int wst;
	ck_assert_int_eq(waitpid(tester, &wst, 0), tester);
	ck_assert_msg(WIFEXITED(wst), "the tester died");
	ck_assert_msg(WEXITSTATUS(wst) != 2, "could not install the seccomp filter");
	ck_assert_int_eq(WEXITSTATUS(wst), 0);
	assert_no_children();
}
END_TEST

/* Two threads each run and reap their own children at once. */
static void *thread_runs(void *arg)
{
	int *code = arg;
	for (int i = 0; i < 20; i++) {
		char script[32];
		snprintf(script, sizeof script, "exit %d", *code);
		const char *argv[] = {"sh", "-c", script, NULL};
		struct spawn_opts o = {.argv = argv, .search_path = true};
		struct spawn_status st;
		char *err = NULL;
		if (spawn_run(&o, &st, &err) != 0 || !st.exited || st.exit_code != *code) {
			free(err);
			*code = -1;
			return NULL;
		}
	}
	return NULL;
}

START_TEST(reaping_from_threads)
{
	int c1 = 5, c2 = 6;
	pthread_t t1, t2;
	ck_assert_int_eq(pthread_create(&t1, NULL, thread_runs, &c1), 0);
	ck_assert_int_eq(pthread_create(&t2, NULL, thread_runs, &c2), 0);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	ck_assert_int_eq(c1, 5);
	ck_assert_int_eq(c2, 6);
	assert_no_children();
}
END_TEST

/* A terminal child shares our process group and our fds. */
START_TEST(terminal_child)
{
	char script[64];
	snprintf(script, sizeof script, "test \"$(ps -o pgid= $$)\" -eq %d", (int)getpgrp());
	const char *argv[] = {"sh", "-c", script, NULL};
	struct spawn_opts o = {.argv = argv, .search_path = true, .io = SPAWN_TERMINAL};
	struct spawn_status st;
	char *err = NULL;
	ck_assert_int_eq(spawn_run(&o, &st, &err), 0);
	ck_assert(st.exited);
	ck_assert_int_eq(st.exit_code, 0);
	assert_no_children();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("children");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, exit_codes);
	tcase_add_test(tc, killed_by_a_signal);
	tcase_add_test(tc, exec_failure);
	tcase_add_test(tc, environment);
	tcase_add_test(tc, working_directory);
	tcase_add_test(tc, program_and_argv0);
	tcase_add_test(tc, clean_child_state);
	tcase_add_test(tc, merged_stderr);
	tcase_add_test(tc, stdin_round_trip);
	tcase_add_test(tc, time_limit_sends_term);
	tcase_add_test(tc, term_ignored_gets_kill);
	tcase_add_test(tc, grandchild_holding_the_pipe);
	tcase_add_test(tc, setsid_grandchild_is_reaped);
	tcase_add_test(tc, orphans_wait_for_the_last_child);
	tcase_add_test(tc, process_bound);
	tcase_add_test(tc, writable_dir_only);
	tcase_add_test(tc, stderr_flood);
	tcase_add_test(tc, cancel);
	tcase_add_test(tc, pause_and_resume);
	tcase_add_test(tc, pause_stops_the_clock);
	tcase_add_test(tc, resource_limits);
	tcase_add_test(tc, fork_failure);
	tcase_add_test(tc, reaping_from_threads);
	tcase_add_test(tc, terminal_child);
	suite_add_tcase(s, tc);
	return check_run(s);
}
