/* Wrong: the queue is locked, but an empty queue is still waited out by spinning (unlock, pause, lock). */
#include "06-thread-safe-queue.h"

#include <stdlib.h>

void queue_init(struct queue *q)
{
	q->head = q->tail = NULL;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
}

void queue_destroy(struct queue *q)
{
	while (q->head) {
		struct node *n = q->head;
		q->head = n->next;
		free(n);
	}
	pthread_cond_destroy(&q->not_empty);
	pthread_mutex_destroy(&q->lock);
}

void queue_put(struct queue *q, int value)
{
	struct node *n = malloc(sizeof *n); /* allocate outside the lock */
	if (!n)
		abort();
	n->value = value;
	n->next = NULL;

	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	ex_pause();
	q->tail = n;
	pthread_cond_signal(&q->not_empty); /* one value: wake one consumer */
	pthread_mutex_unlock(&q->lock);
}

int queue_get(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->head == NULL) {
		pthread_mutex_unlock(&q->lock);
		ex_pause();
		pthread_mutex_lock(&q->lock);
	}
	struct node *n = q->head;
	ex_pause();
	q->head = n->next;
	if (q->head == NULL)
		q->tail = NULL;
	pthread_mutex_unlock(&q->lock);

	int value = n->value;               /* the node is ours alone now */
	free(n);
	return value;
}
