/* Wrong: a release store but a relaxed load: the writer publishes, the reader never acquires. */
#include "16-publish-flag.h"

void mailbox_publish(struct mailbox *m, const long msg[MSG_WORDS])
{
	for (int i = 0; i < MSG_WORDS; i++)
		m->words[i] = msg[i];
	ex_pause();
	/* release: the words above become visible no later than the flag */
	atomic_store_explicit(&m->ready, 1, memory_order_release);
}

bool mailbox_try_read(struct mailbox *m, long out[MSG_WORDS])
{
	/* acquire: once it sees 1, the reads below see the writer's words */
	if (!atomic_load_explicit(&m->ready, memory_order_relaxed))
		return false;
	for (int i = 0; i < MSG_WORDS; i++)
		out[i] = m->words[i];
	return true;
}
