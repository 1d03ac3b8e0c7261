/*
 * Exercise 15: fork with a lock held
 *
 * Title:   Fork safely while other threads hold a lock
 * Lesson:  20-start-methods
 * Threads: no
 *
 * A program logs from several threads through log_line(), which builds
 * each line in a shared buffer under log_lock. Now and then the main
 * thread forks a child process that logs one line of its own - and some
 * children never finish. fork() copies the whole memory, log_lock
 * included, but only the thread that called fork(). If a logger thread
 * held log_lock at that moment, the child's copy of the lock is locked by
 * a thread that does not exist in the child, and the child's log_line()
 * waits for it forever.
 *
 * Task: make start_child() safe while other threads log, keeping the
 * child's log_line() call: the child must get log_lock unlocked and the
 * buffer whole. The usual tool is pthread_atfork(), registered once in
 * log_init(): before fork() take the lock, after it release it in the
 * parent and in the child. (Forking before any thread starts, or calling
 * exec() at once in the child, also avoids the problem, but here the
 * threads are already running and the child has work of its own.)
 *
 * Done when: `lockstep verify 15` passes: dozens of children forked while
 * two threads log without pause, every child exits within 2 s, and every
 * child's line is in the log, once and whole.
 */
#include "15-fork-lock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char line[256];  /* the line being built: guarded by log_lock */

void log_init(int fd)
{
	log_fd = fd;
}

void log_line(const char *text)
{
	pthread_mutex_lock(&log_lock);
	size_t n = strlen(text);
	if (n > sizeof line - 2)
		n = sizeof line - 2;
	memcpy(line, text, n);
	ex_pause();             /* a fork() right here copies a held lock */
	line[n] = '\n';
	if (write(log_fd, line, n + 1) < 0) {
		/* nothing sensible to do about a failed log write */
	}
	pthread_mutex_unlock(&log_lock);
}

pid_t start_child(int id)
{
	pid_t pid = fork();
	if (pid == 0) {         /* the child: only this thread exists here */
		char text[32];
		snprintf(text, sizeof text, "child %d", id);
		log_line(text);
		_exit(0);
	}
	return pid;
}
