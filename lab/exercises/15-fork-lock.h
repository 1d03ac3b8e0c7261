/*
 * 15-fork-lock.h - the interface of exercise 15. The harness includes this
 * file too: change 15-fork-lock.c, not this file.
 */
#ifndef EX_15_FORK_LOCK_H
#define EX_15_FORK_LOCK_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <sys/types.h>

/* Log lines go to `fd` (the harness's file); called once, before any
 * thread starts. */
void log_init(int fd);
/* Write "text\n" to the log as one line; any thread, any process. */
void log_line(const char *text);
/* Fork a child process that logs "child <id>" with log_line() and exits
 * with _exit(0). Returns the child's pid (the harness waits for it), or -1
 * if fork() failed. Called while other threads are logging. */
pid_t start_child(int id);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
