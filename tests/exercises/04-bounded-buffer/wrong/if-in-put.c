/* Wrong: the while loop only in bbuf_get(): a woken producer still writes into a buffer that filled up again. */
#include "04-bounded-buffer.h"

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
	if (b->count == BBUF_CAP)  /* woken? look again: still full? */
		pthread_cond_wait(&b->not_full, &b->lock);
	b->items[(b->head + b->count) % BBUF_CAP] = item;
	b->count++;
	pthread_cond_broadcast(&b->not_empty);
	pthread_mutex_unlock(&b->lock);
}

int bbuf_get(struct bbuf *b)
{
	pthread_mutex_lock(&b->lock);
	while (b->count == 0)         /* another consumer may have been first */
		pthread_cond_wait(&b->not_empty, &b->lock);
	int item = b->items[b->head];
	b->head = (b->head + 1) % BBUF_CAP;
	b->count--;
	pthread_cond_broadcast(&b->not_full);
	pthread_mutex_unlock(&b->lock);
	return item;
}
