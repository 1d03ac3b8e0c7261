/*
 * Exercise 06: thread-safe queue
 *
 * Title:   Make a queue thread-safe
 * Lesson:  11-queues
 * Threads: yes
 *
 * A linked-list queue that is correct with one thread. With two producers
 * and two consumers, nodes go missing, values come out twice, and now and
 * then the program crashes: put and get both read and then change head and
 * tail in several steps, and other threads run in between. An empty queue
 * is handled by spinning until something arrives, which burns a CPU.
 *
 * Task: make queue_put() and queue_get() safe to call from any number of
 * threads, using the mutex and condition variable that are already in
 * struct queue (and initialised in queue_init()). A consumer that finds
 * the queue empty should sleep on the condition variable, not spin.
 *
 * Done when: `lockstep verify 06` passes: every value put is got exactly
 * once, each producer's values come out in the order they were put, nothing
 * crashes or hangs, a consumer on an empty queue sleeps (the harness
 * measures its CPU time), and ThreadSanitizer reports no data race.
 */
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
	struct node *n = malloc(sizeof *n);
	if (!n)
		abort();
	n->value = value;
	n->next = NULL;
	if (q->tail)            /* link after the last node ...           */
		q->tail->next = n;
	else
		q->head = n;
	ex_pause();             /* ... another put may link to the same one */
	q->tail = n;
}

int queue_get(struct queue *q)
{
	while (q->head == NULL) /* empty: spin until something arrives */
		ex_pause();
	struct node *n = q->head;
	ex_pause();             /* another get may take the same node */
	q->head = n->next;
	if (q->head == NULL)
		q->tail = NULL;
	int value = n->value;
	free(n);
	return value;
}
