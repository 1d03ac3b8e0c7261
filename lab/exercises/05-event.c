/*
 * Exercise 05: event
 *
 * Title:   Build an event from a mutex and a condition variable
 * Lesson:  09-events
 * Threads: yes
 *
 * An event lets threads wait until something has happened: event_wait()
 * sleeps until another thread calls event_set(). This version mostly works
 * and now and then hangs forever: a waiter looks at the flag, sees it
 * clear, and before it is asleep on the condition variable the setter sets
 * the flag and broadcasts to nobody. The waiter then sleeps through the
 * only wake-up it will ever get: a "lost wake-up".
 *
 * Task: fix event_set(), event_wait() and event_is_set() so that a waiter
 * can never miss the wake-up, and never returns before the event is set.
 * The mutex must cover the flag everywhere it is read or written.
 *
 * Done when: `lockstep verify 05` passes: in hundreds of rounds every waiter
 * returns soon after event_set() and never before it, a waiter sleeps
 * while it waits (the harness measures its CPU time), and ThreadSanitizer
 * reports no data race.
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
	e->is_set = true;
	pthread_cond_broadcast(&e->cond);
}

void event_wait(struct event *e)
{
	if (!e->is_set) {       /* looked at without the lock ...            */
		ex_pause();     /* ... and the event may be set right now ... */
		pthread_mutex_lock(&e->lock);
		pthread_cond_wait(&e->cond, &e->lock); /* ... so this may never end */
		pthread_mutex_unlock(&e->lock);
	}
}

bool event_is_set(struct event *e)
{
	return e->is_set;
}
