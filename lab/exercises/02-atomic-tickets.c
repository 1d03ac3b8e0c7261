/*
 * Exercise 02: atomic tickets
 *
 * Title:   Make a counter atomic
 * Lesson:  05-race-conditions
 * Threads: yes
 *
 * A ticket dispenser, like the one at a deli counter: each caller of
 * ticket_take() should get its own number. With several threads, two of
 * them sometimes get the same ticket and a number is skipped, because
 * "read next, then store next + 1" is two steps.
 *
 * Task: make ticket_take() hand out every number exactly once, without a
 * mutex: use C11 atomics (<stdatomic.h>). One atomic operation can read the
 * old value and store the new one in a single indivisible step.
 *
 * Done when: `lockstep verify 02` passes: with 2 to 8 threads, the tickets
 * handed out are exactly 0 .. N-1, each once, and ThreadSanitizer reports
 * no data race.
 */
#include "02-atomic-tickets.h"

static long next_ticket; /* the number the next caller gets */

void tickets_reset(void)
{
	next_ticket = 0;
}

long ticket_take(void)
{
	long mine = next_ticket; /* read ...                              */
	ex_pause();              /* ... another thread may read it too ... */
	next_ticket = mine + 1;  /* ... and both store the same next value */
	return mine;
}
