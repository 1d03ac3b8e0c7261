/*
 * 09-ordered-pool.h - the interface of exercise 09. The harness includes
 * this file too: change 09-ordered-pool.c, not this file.
 */
#ifndef EX_09_ORDERED_POOL_H
#define EX_09_ORDERED_POOL_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

/* Set results[i] = f(inputs[i]) for every i in 0..n-1, calling f in
 * `workers` child processes that run at the same time (fork). Return when
 * every result is in place and every child has been waited for. */
void pool_map(long (*f)(long), const long *inputs, long *results, int n, int workers);

#endif
