/*
 * 10-pool-shutdown.h - the interface of exercise 10. The harness includes
 * this file too: change 10-pool-shutdown.c, not this file.
 */
#ifndef EX_10_POOL_SHUTDOWN_H
#define EX_10_POOL_SHUTDOWN_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

struct pool; /* defined in 10-pool-shutdown.c */

/* Start a pool of `nthreads` worker threads. */
struct pool *pool_new(int nthreads);

/* Queue fn(arg) to run on one of the pool's threads. Returns at once; the
 * task runs later. Only called before pool_shutdown(). */
void pool_submit(struct pool *p, void (*fn)(void *), void *arg);

/* Run every task submitted so far, then stop the threads, wait for them
 * and free the pool. When it returns, every task has finished. */
void pool_shutdown(struct pool *p);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
