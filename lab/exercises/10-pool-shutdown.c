/*
 * Exercise 10: pool shutdown
 *
 * Title:   Shut a thread pool down without losing queued work
 * Lesson:  14-pools
 * Threads: yes
 *
 * A small thread pool: pool_submit() puts a task on a queue, worker threads
 * take tasks off it and run them. The harness submits a hundred tasks and
 * calls pool_shutdown() at once - and most tasks never run. The workers
 * treat "stop" as "stop now", and pool_shutdown() throws away what is left
 * in the queue.
 *
 * Task: make pool_shutdown() a graceful shutdown: every task submitted
 * before it runs exactly once, on the pool's threads, and then the threads
 * exit. (Python: ThreadPoolExecutor.shutdown(wait=True).)
 *
 * Done when: `lockstep verify 10` passes: with 2-4 threads every task runs
 * once, on worker threads, before pool_shutdown() returns - also when the
 * pool has gone quiet and every worker is asleep waiting for work - and
 * ThreadSanitizer reports no data race.
 */
#include "10-pool-shutdown.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct task {
	void (*fn)(void *);
	void *arg;
	struct task *next;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;      /* a task was queued, or stop was set */
	struct task *head, *tail; /* the queue, oldest first */
	bool stop;                /* set by pool_shutdown() */
	int nthreads;
	pthread_t *threads;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->head && !p->stop)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->stop)            /* told to stop: leave at once */
			break;
		struct task *t = p->head;
		p->head = t->next;
		if (!p->head)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);
		t->fn(t->arg);          /* run the task without holding the lock */
		free(t);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct pool *pool_new(int nthreads)
{
	struct pool *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->nthreads = nthreads;
	p->threads = calloc((size_t)nthreads, sizeof *p->threads);
	if (!p->threads)
		abort();
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			abort();
	return p;
}

void pool_submit(struct pool *p, void (*fn)(void *), void *arg)
{
	struct task *t = malloc(sizeof *t);
	if (!t)
		abort();
	t->fn = fn;
	t->arg = arg;
	t->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->tail)
		p->tail->next = t;
	else
		p->head = t;
	p->tail = t;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

void pool_shutdown(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);

	while (p->head) {               /* whatever is still queued: dropped */
		struct task *t = p->head;
		p->head = t->next;
		free(t);
	}
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}
