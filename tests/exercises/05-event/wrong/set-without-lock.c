/* Wrong: the waiter locks, the setter does not: it can still set and broadcast between the waiter's check and its sleep. */
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
	e->is_set = true;
	pthread_cond_broadcast(&e->cond);
}

void event_wait(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	while (!e->is_set) {
		ex_pause();
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
