/* Wrong: waits by looking at the flag again and again (under the lock, yielding between looks): it never sleeps. */
#include "05-event.h"

#include <sched.h>

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
	pthread_mutex_unlock(&e->lock);
}

void event_wait(struct event *e)
{
	for (;;) {
		pthread_mutex_lock(&e->lock);
		bool set = e->is_set;
		pthread_mutex_unlock(&e->lock);
		if (set)
			return;
		sched_yield();
	}
}

bool event_is_set(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	bool set = e->is_set;
	pthread_mutex_unlock(&e->lock);
	return set;
}
