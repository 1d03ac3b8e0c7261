/* Wrong: sets the flag (seq_cst, the strongest order) before writing the words: no ordering helps if the flag is set too early. */
#include "16-publish-flag.h"

void mailbox_publish(struct mailbox *m, const long msg[MSG_WORDS])
{
	atomic_store(&m->ready, 1);
	ex_pause();
	for (int i = 0; i < MSG_WORDS; i++)
		m->words[i] = msg[i];
}

bool mailbox_try_read(struct mailbox *m, long out[MSG_WORDS])
{
	/* acquire: once it sees 1, the reads below see the writer's words */
	if (!atomic_load_explicit(&m->ready, memory_order_acquire))
		return false;
	for (int i = 0; i < MSG_WORDS; i++)
		out[i] = m->words[i];
	return true;
}
