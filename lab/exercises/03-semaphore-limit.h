/*
 * 03-semaphore-limit.h - the interface of exercise 03. The harness includes
 * this file too: change 03-semaphore-limit.c, not this file.
 */
#ifndef EX_03_SEMAPHORE_LIMIT_H
#define EX_03_SEMAPHORE_LIMIT_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

/* Allow at most k threads inside ex_work() at once. Called before any
 * thread starts; limit_destroy() after they have all finished. */
void limit_init(int k);
void limit_destroy(void);

/* Called by many threads at once: do job `id` by calling ex_work(id) once,
 * while never more than k threads are inside ex_work(). */
void download(int id);

/* Provided by the harness. ex_work() is the slow part (think: a download
 * from a server that accepts k connections); ex_pause() gives other threads
 * a chance to run right here. */
void ex_work(int id);
void ex_pause(void);

#endif
