/* Wrong: waits until the lock is free, releases it, then forks: a logger can take it again between the check and the fork. */
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
	pthread_mutex_lock(&log_lock);   /* wait until nobody logs ... */
	pthread_mutex_unlock(&log_lock); /* ... then fork at once */
	pid_t pid = fork();
	if (pid == 0) {         /* the child: only this thread exists here */
		char text[32];
		snprintf(text, sizeof text, "child %d", id);
		log_line(text);
		_exit(0);
	}
	return pid;
}
