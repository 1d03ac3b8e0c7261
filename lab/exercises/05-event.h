/*
 * 05-event.h - the interface of exercise 05. The harness includes this file
 * too: change 05-event.c, not this file.
 */
#ifndef EX_05_EVENT_H
#define EX_05_EVENT_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>
#include <stdbool.h>

/* A one-shot event, like Python's threading.Event: a flag that starts
 * clear; event_set() sets it and wakes every waiter. */
struct event {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool is_set;
};

void event_init(struct event *e);
void event_destroy(struct event *e);
void event_set(struct event *e);    /* set the flag, wake all waiters       */
void event_wait(struct event *e);   /* return once the flag is set (at once
                                       if it already is)                     */
bool event_is_set(struct event *e);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
