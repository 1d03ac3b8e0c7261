/*
 * Exercise 18: writer starvation
 *
 * Title:   Stop readers from starving a writer
 * Lesson:  23-rwlocks-thread-local
 * Threads: yes
 *
 * This reader-writer lock is correct - readers share, a writer is alone -
 * but it always prefers readers: a reader gets in whenever no writer is
 * inside, even while a writer is waiting. With readers coming and going
 * so that one is always inside, the waiting writer never gets its turn.
 *
 * Task: make the lock prefer writers: once a writer is waiting, new
 * readers wait too (the readers already inside finish, then the writer
 * goes), and when the writer leaves, the waiting readers get in together.
 * Readers must still be able to read at the same time as each other.
 *
 * Done when: `lockstep verify 18` passes: a reader that arrives while a
 * writer waits does not get in before it, writers finish while readers
 * keep reading, readers overlap, never a reader with a writer inside, and
 * ThreadSanitizer reports no data race.
 */
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
	while (rw->writer)              /* only a writer inside keeps us out */
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
	while (rw->writer || rw->readers > 0) /* waits for a moment with no reader */
		pthread_cond_wait(&rw->writer_ok, &rw->lock);
	rw->writer = true;
	pthread_mutex_unlock(&rw->lock);
}

void rw_write_unlock(struct rwlock *rw)
{
	pthread_mutex_lock(&rw->lock);
	rw->writer = false;
	pthread_cond_broadcast(&rw->readers_ok);
	pthread_cond_signal(&rw->writer_ok);
	pthread_mutex_unlock(&rw->lock);
}
