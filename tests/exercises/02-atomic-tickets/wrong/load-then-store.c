/* Wrong: an atomic load and then an atomic store: each step is atomic, the pair is not. */
#include "02-atomic-tickets.h"

#include <stdatomic.h>

static atomic_long next_ticket;

void tickets_reset(void)
{
	atomic_store(&next_ticket, 0);
}

long ticket_take(void)
{
	long mine = atomic_load(&next_ticket);
	ex_pause();
	atomic_store(&next_ticket, mine + 1);
	return mine;
}
