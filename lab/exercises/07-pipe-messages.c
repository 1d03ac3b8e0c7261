/*
 * Exercise 07: pipe messages
 *
 * Title:   Keep pipe messages whole
 * Lesson:  12-pipes
 * Threads: no
 *
 * Four child processes send lines of text to their parent through one
 * shared pipe. The parent reads lines like "c2 m17 abcabc..c1 m40 xyzxy..",
 * two messages glued together, followed by an empty line: the pieces of
 * different children's messages are mixed up in the pipe.
 *
 * A pipe keeps each write() whole - it is never mixed with another
 * process's data - as long as it is at most PIPE_BUF bytes (4096 on Linux).
 * Two writes are two chances for someone else to get in between.
 *
 * Task: make send_message() deliver each line in one piece.
 *
 * Done when: `lockstep verify 07` passes: the parent gets every message
 * exactly once, whole, in each child's order.
 */
#include "07-pipe-messages.h"

#include <unistd.h>

void send_message(int fd, const char *text, size_t len)
{
	if (write(fd, text, len) < 0)  /* the text ...                */
		return;
	ex_pause();                    /* ... someone else's text ... */
	if (write(fd, "\n", 1) < 0)    /* ... and then our newline    */
		return;
}
