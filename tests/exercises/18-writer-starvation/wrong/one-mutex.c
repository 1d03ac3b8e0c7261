/* Wrong: readers and writers all take one mutex: no starvation, but no two readers ever read together. */
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

void rw_read_lock(struct rwlock *rw) { pthread_mutex_lock(&rw->lock); }
void rw_read_unlock(struct rwlock *rw) { pthread_mutex_unlock(&rw->lock); }
void rw_write_lock(struct rwlock *rw) { pthread_mutex_lock(&rw->lock); }
void rw_write_unlock(struct rwlock *rw) { pthread_mutex_unlock(&rw->lock); }
