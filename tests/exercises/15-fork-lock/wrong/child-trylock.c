/* Wrong: the child tries the lock and, when the copy is held, skips its line: no hang, but the line is lost. */
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
	if (pid == 0) {
		char text[32];
		snprintf(text, sizeof text, "child %d", id);
		if (pthread_mutex_trylock(&log_lock) == 0) { /* free: log */
			pthread_mutex_unlock(&log_lock);
			log_line(text);
		}
		_exit(0);
	}
	return pid;
}
