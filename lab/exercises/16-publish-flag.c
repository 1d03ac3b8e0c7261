/*
 * Exercise 16: publish with a flag
 *
 * Title:   Publish data through a flag with release and acquire
 * Lesson:  21-memory-ordering
 * Threads: yes
 *
 * One thread writes a message into plain memory and then sets a flag; the
 * other waits for the flag and then reads the message. The flag is an
 * atomic, so reading and writing it is never a data race - but it is
 * accessed with memory_order_relaxed, which promises only that: nothing
 * about the message. The compiler and the processor may make the flag
 * visible before the words, and the reader may read words it has no
 * right to see yet. ThreadSanitizer reports it as a data race on the
 * words, even on x86 where the hardware keeps stores in order.
 *
 * Task: make the flag publish the message: the writer's store of `ready`
 * must release the words written before it, and the reader's load must
 * acquire them. Keep the words plain (not atomic): the flag alone must
 * order them.
 *
 * Done when: `lockstep verify 16` passes: in thousands of messages the
 * reader gets every word of every message, and ThreadSanitizer reports no
 * data race.
 */
#include "16-publish-flag.h"

void mailbox_publish(struct mailbox *m, const long msg[MSG_WORDS])
{
	for (int i = 0; i < MSG_WORDS; i++)
		m->words[i] = msg[i];                   /* the message ... */
	ex_pause();
	atomic_store_explicit(&m->ready, 1, memory_order_relaxed); /* ... then the flag */
}

bool mailbox_try_read(struct mailbox *m, long out[MSG_WORDS])
{
	if (!atomic_load_explicit(&m->ready, memory_order_relaxed))
		return false;
	for (int i = 0; i < MSG_WORDS; i++)
		out[i] = m->words[i];   /* may see the flag's new value, old words */
	return true;
}
