/* Wrong: a leaving writer wakes the next writer but not the readers it held back: they sleep on. */
#include "18-writer-starvation.h"

void rw_init(struct rwlock *rw)
{
	pthread_mutex_init(&rw->lock, NULL);
	pthread_cond_init(&rw->readers_ok, NULL);
	pthread_cond_init(&rw->writer_ok, NULL);
	rw->readers = 0;
	rw->writer = false;
	rw->writers_waiting = 0;
}

void rw_destroy(struct rwlock *rw)
{
	pthread_cond_destroy(&rw->writer_ok);
	pthread_cond_destroy(&rw->readers_ok);
	pthread_mutex_destroy(&rw->lock);
}

void rw_read_lock(struct rwlock *rw)
{
	pthread_mutex_lock(&rw->lock);
	while (rw->writer || rw->writers_waiting > 0) /* a writer waits: after it */
		pthread_cond_wait(&rw->readers_ok, &rw->lock);
	rw->readers++;
	pthread_mutex_unlock(&rw->lock);
}

void rw_read_unlock(struct rwlock *rw)
{
	pthread_mutex_lock(&rw->lock);
	rw->readers--;
	if (rw->readers == 0)
		pthread_cond_signal(&rw->writer_ok);
	pthread_mutex_unlock(&rw->lock);
}

void rw_write_lock(struct rwlock *rw)
{
	pthread_mutex_lock(&rw->lock);
	rw->writers_waiting++;          /* from now on, no new reader gets in */
	while (rw->writer || rw->readers > 0)
		pthread_cond_wait(&rw->writer_ok, &rw->lock);
	rw->writers_waiting--;
	rw->writer = true;
	pthread_mutex_unlock(&rw->lock);
}

void rw_write_unlock(struct rwlock *rw)
{
	pthread_mutex_lock(&rw->lock);
	rw->writer = false;
	if (rw->writers_waiting > 0)
		pthread_cond_signal(&rw->writer_ok);   /* the next writer first ... */

	pthread_mutex_unlock(&rw->lock);
}
