/* Wrong: keeps one error slot that each failure overwrites: run_jobs() learns about the last failure only. */
#include "17-worker-errors.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct work {
	job_fn job;
	int njobs;
	atomic_int next;
	pthread_mutex_t lock;      /* guards errors and nerrors */
	struct job_error *errors;
	int nerrors;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	for (;;) {
		int j = atomic_fetch_add(&w->next, 1);
		if (j >= w->njobs)
			break;
		int code = w->job(j);
		if (code != 0) {       /* remember the failure */
			pthread_mutex_lock(&w->lock);
			w->errors[0].job = j;
			ex_pause();
			w->errors[0].code = code;
			w->nerrors = 1;
			pthread_mutex_unlock(&w->lock);
		}
	}
	return NULL;
}

int run_jobs(job_fn job, int njobs, int nworkers, struct job_error *errors)
{
	struct work w = {.job = job, .njobs = njobs, .errors = errors};
	atomic_init(&w.next, 0);
	pthread_mutex_init(&w.lock, NULL);
	pthread_t *t = calloc((size_t)nworkers, sizeof *t);
	if (!t)
		abort();
	for (int i = 0; i < nworkers; i++)
		pthread_create(&t[i], NULL, worker, &w);
	for (int i = 0; i < nworkers; i++)
		pthread_join(t[i], NULL);  /* after this, every error is in the list */
	free(t);
	pthread_mutex_destroy(&w.lock);
	return w.nerrors;
}
