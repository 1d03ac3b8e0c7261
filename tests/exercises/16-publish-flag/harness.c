/*
 * harness.c - exercise 16: message after message, a writer thread
 * publishes four random words into a fresh, zeroed mailbox while a reader
 * thread polls it; the reader must get all four words of that message.
 * Under ThreadSanitizer (which verify runs too), a flag that does not
 * order the words shows as a data race on them, on any processor.
 */
#define _POSIX_C_SOURCE 200809L
#include "16-publish-flag.h"
#include "hx.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

static struct mailbox box;
static struct hx_gate gate;
static long sent[MSG_WORDS], got[MSG_WORDS];
static long polls;

static void *writer(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	mailbox_publish(&box, sent);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	polls = 0;
	while (!mailbox_try_read(&box, got)) {
		if (++polls % 64 == 0)
			sched_yield();
	}
	return NULL;
}

int main(void)
{
	hx_init();
	int messages = hx_runs(3000, 400);
	struct hx_tally whole = {0};

	hx_deadline(20, "the reader never saw the message: mailbox_try_read() kept returning "
		    "false after mailbox_publish() had returned");
	for (int r = 0; r < messages; r++) {
		pthread_t w, rd;
		hx_phase("message %d of %d", r + 1, messages);
		memset(&box, 0, sizeof box);
		atomic_init(&box.ready, 0);
		for (int i = 0; i < MSG_WORDS; i++)
			sent[i] = hx_between(1, 1L << 40); /* never 0, what a fresh box holds */
		memset(got, 0, sizeof got);
		hx_gate_init(&gate, 2);
		pthread_create(&rd, NULL, reader, NULL);
		pthread_create(&w, NULL, writer, NULL);
		pthread_join(w, NULL);
		pthread_join(rd, NULL);
		int wrong = 0, first = -1;
		for (int i = 0; i < MSG_WORDS; i++)
			if (got[i] != sent[i] && wrong++ == 0)
				first = i;
		hx_tally_add(&whole, wrong == 0,
			     "the reader saw the flag set but %d of the %d words were not the "
			     "message (word %d: %ld, sent %ld): the flag was visible before the "
			     "words it should publish", wrong, MSG_WORDS, first,
			     first >= 0 ? got[first] : 0, first >= 0 ? sent[first] : 0);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&whole);
	if (hx_tsan())
		hx_pass("%d messages, each read whole, and ThreadSanitizer saw the flag order "
			"the words", messages);
	hx_pass("%d messages published through the flag: the reader got every word of each "
		"(the ThreadSanitizer run checks the ordering itself)", messages);
}
