/*
 * 18-writer-starvation.h - the interface of exercise 18. The harness
 * includes this file too: change 18-writer-starvation.c, not this file.
 */
#ifndef EX_18_WRITER_STARVATION_H
#define EX_18_WRITER_STARVATION_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <pthread.h>
#include <stdbool.h>

/* A reader-writer lock from a mutex and two condition variables: any
 * number of readers at once, or one writer alone. */
struct rwlock {
	pthread_mutex_t lock;      /* guards the fields below */
	pthread_cond_t readers_ok; /* readers wait here */
	pthread_cond_t writer_ok;  /* writers wait here */
	int readers;               /* readers inside */
	bool writer;               /* a writer inside */
	int writers_waiting;       /* writers waiting to get in (yours to use) */
};

void rw_init(struct rwlock *rw);
void rw_destroy(struct rwlock *rw);
void rw_read_lock(struct rwlock *rw);
void rw_read_unlock(struct rwlock *rw);
void rw_write_lock(struct rwlock *rw);
void rw_write_unlock(struct rwlock *rw);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
