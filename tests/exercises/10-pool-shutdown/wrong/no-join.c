/* Wrong: pool_shutdown() tells the workers to stop and returns without waiting for them (it detaches them). */
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
	pthread_cond_t wake;
	struct task *head, *tail;
	bool stop;
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
		if (!p->head)           /* stop was set and nothing is left */
			break;
		struct task *t = p->head;
		p->head = t->next;
		if (!p->head)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);
		t->fn(t->arg);
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
	p->stop = true;                   /* no more tasks will come ... */
	pthread_cond_broadcast(&p->wake); /* ... wake everyone to drain the rest */
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_detach(p->threads[i]); /* they finish on their own */

	/* the pool is left to the workers: freeing it here would pull it
	 * from under them */
}
