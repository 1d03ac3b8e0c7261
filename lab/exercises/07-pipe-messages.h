/*
 * 07-pipe-messages.h - the interface of exercise 07. The harness includes
 * this file too: change 07-pipe-messages.c, not this file.
 */
#ifndef EX_07_PIPE_MESSAGES_H
#define EX_07_PIPE_MESSAGES_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stddef.h>

#define MSG_MAX 200 /* longest message text, in bytes */

/* Called in a child process, while other children write to the same pipe:
 * send `text` (len bytes, 1..MSG_MAX, no newline in it) down `fd` as one
 * line, the text followed by '\n'. */
void send_message(int fd, const char *text, size_t len);

/* Provided by the harness: gives other processes a chance to run here. */
void ex_pause(void);

#endif
