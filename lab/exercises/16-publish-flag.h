/*
 * 16-publish-flag.h - the interface of exercise 16. The harness includes
 * this file too: change 16-publish-flag.c, not this file.
 */
#ifndef EX_16_PUBLISH_FLAG_H
#define EX_16_PUBLISH_FLAG_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdatomic.h>
#include <stdbool.h>

#define MSG_WORDS 4

/* One message, written once by one thread and read by another. The
 * harness zeroes a fresh mailbox for every message. */
struct mailbox {
	long words[MSG_WORDS]; /* the message: plain memory */
	atomic_int ready;      /* 1 once the message is there to read */
};

/* The writer: put the message into the box and say it is ready. */
void mailbox_publish(struct mailbox *m, const long msg[MSG_WORDS]);
/* The reader: if the message is ready, copy it to out and return true;
 * otherwise return false at once (the harness calls it again). */
bool mailbox_try_read(struct mailbox *m, long out[MSG_WORDS]);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
