/*
 * Solution to exercise 05: the flag lives under the mutex, and the waiter
 * checks it and goes to sleep without ever letting go of the mutex in
 * between (pthread_cond_wait releases it only once the thread is asleep).
 */
#include "05-event.h"

void event_init(struct event *e)
{
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->cond, NULL);
	e->is_set = false;
}

void event_destroy(struct event *e)
{
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->lock);
}

void event_set(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	e->is_set = true;
	pthread_cond_broadcast(&e->cond); /* every waiter, not just one */
	pthread_mutex_unlock(&e->lock);
}

void event_wait(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	while (!e->is_set) {  /* a loop: wake-ups can be spurious */
		ex_pause();   /* harmless now: the setter needs the lock */
		pthread_cond_wait(&e->cond, &e->lock);
	}
	pthread_mutex_unlock(&e->lock);
}

bool event_is_set(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	bool set = e->is_set;
	pthread_mutex_unlock(&e->lock);
	return set;
}
