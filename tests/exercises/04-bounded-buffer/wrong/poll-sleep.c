/* Wrong: waits by sleeping 2 ms and looking again: polling, which wakes hundreds of times for nothing. */
#include "04-bounded-buffer.h"

#include <time.h>

void bbuf_init(struct bbuf *b)
{
	b->head = b->count = 0;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->not_full, NULL);
	pthread_cond_init(&b->not_empty, NULL);
}

void bbuf_destroy(struct bbuf *b)
{
	pthread_cond_destroy(&b->not_empty);
	pthread_cond_destroy(&b->not_full);
	pthread_mutex_destroy(&b->lock);
}

void bbuf_put(struct bbuf *b, int item)
{
	pthread_mutex_lock(&b->lock);
	while (b->count == BBUF_CAP) {
		pthread_mutex_unlock(&b->lock);
		nanosleep(&(struct timespec){0, 2000000}, NULL); /* 2 ms */
		pthread_mutex_lock(&b->lock);
	}
	b->items[(b->head + b->count) % BBUF_CAP] = item;
	b->count++;
	pthread_cond_broadcast(&b->not_empty);
	pthread_mutex_unlock(&b->lock);
}

int bbuf_get(struct bbuf *b)
{
	pthread_mutex_lock(&b->lock);
	while (b->count == 0) {
		pthread_mutex_unlock(&b->lock);
		nanosleep(&(struct timespec){0, 2000000}, NULL); /* 2 ms */
		pthread_mutex_lock(&b->lock);
	}
	int item = b->items[b->head];
	b->head = (b->head + 1) % BBUF_CAP;
	b->count--;
	pthread_cond_broadcast(&b->not_full);
	pthread_mutex_unlock(&b->lock);
	return item;
}
