/*
 * harness.c - exercise 15: two logger threads call log_line() without
 * pause while the main thread forks children with start_child(). Every
 * child must exit within 2 s (one that waits for a lock copied in the held
 * state never does), and the log file must hold each child's line once,
 * with every line whole.
 */
#define _POSIX_C_SOURCE 200809L
#include "15-fork-lock.h"
#include "hx.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXCHILD 40

static atomic_int stop;

static void *logger(void *arg)
{
	char text[64];
	for (long i = 0; !atomic_load(&stop); i++) {
		snprintf(text, sizeof text, "logger %d line %ld", (int)(long)arg, i);
		log_line(text);
	}
	return NULL;
}

/* Wait up to `ms` for the child; true if it exited with status 0. */
static bool child_done(pid_t pid, int ms, bool *hung)
{
	int st;
	for (int waited = 0; waited < ms; waited++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			*hung = false;
			return WIFEXITED(st) && WEXITSTATUS(st) == 0;
		}
		hx_sleep_us(1000);
	}
	*hung = true;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return false;
}

int main(void)
{
	hx_init();
	int children = hx_runs(MAXCHILD, 16);
	char path[] = "lockstep-ex15-XXXXXX"; /* in the run's own directory, the one it may write */
	int fd = mkstemp(path);
	if (fd < 0)
		hx_fail("could not create a temporary log file");
	unlink(path);

	log_init(fd);
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, logger, (void *)(long)i);
	hx_deadline(children * 3 + 10, "the loggers or the children never finished");
	int hung = 0, bad_exit = 0, first_hung = -1;
	for (int c = 0; c < children; c++) {
		hx_phase("child %d of %d forked while two threads log", c + 1, children);
		hx_sleep_us(hx_between(100, 2000)); /* let the loggers run */
		pid_t pid = start_child(c);
		if (pid < 0)
			hx_fail("start_child(%d) returned -1: fork() failed", c);
		bool h;
		if (!child_done(pid, 2000, &h)) {
			if (h && hung++ == 0)
				first_hung = c;
			bad_exit += !h;
			if (hung)
				break; /* one is proof enough, and it saves the learner time */
		}
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	hx_deadline(0, NULL);
	if (hung)
		hx_fail("a child never finished (number %d of the %d to fork): it waits in "
			"log_line() for a lock that is locked in its copy of memory, and nobody in "
			"the child will unlock it (only the thread that calls fork() is copied, "
			"not a logger that held log_lock). Hold the lock across fork() and release "
			"it on both sides - pthread_atfork() does that for every fork",
			first_hung + 1, children);
	if (bad_exit)
		hx_fail("%d of %d children did not exit with status 0 after logging their line",
			bad_exit, children);

	/* Read the log back: every line whole, every child's once. */
	off_t size = lseek(fd, 0, SEEK_END);
	char *buf = malloc((size_t)size + 1);
	if (!buf || pread(fd, buf, (size_t)size, 0) != size)
		hx_fail("could not read the log file back");
	buf[size] = 0;
	int seen[MAXCHILD] = {0}, broken = 0;
	char first_broken[80] = "";
	for (char *s = buf, *nl; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl) {
			broken++;
			snprintf(first_broken, sizeof first_broken, "%.60s", s);
			break;
		}
		*nl = 0;
		int a, b;
		long l;
		char tail;
		if (sscanf(s, "child %d%c", &a, &tail) == 1 && a >= 0 && a < children)
			seen[a]++;
		else if (sscanf(s, "logger %d line %ld%c", &b, &l, &tail) != 2 &&
			 broken++ == 0)
			snprintf(first_broken, sizeof first_broken, "%.60s", s);
	}
	free(buf);
	close(fd);
	if (broken)
		hx_fail("%d lines in the log were not whole lines (the first: \"%s\")", broken,
			first_broken);
	for (int c = 0; c < children; c++)
		if (seen[c] != 1)
			hx_fail("child %d's line \"child %d\" is in the log %d times: expected once "
				"(a child must log its line, and only its own)", c, c, seen[c]);
	hx_pass("%d children forked while two threads logged: each exited at once and its "
		"line is in the log, once and whole", children);
}
