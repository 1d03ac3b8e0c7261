/* Wrong: ++ on an atomic is indivisible, but it returns the new value: tickets start at 1, not 0. */
#include "02-atomic-tickets.h"

#include <stdatomic.h>

static atomic_long next_ticket;

void tickets_reset(void)
{
	atomic_store(&next_ticket, 0);
}

long ticket_take(void)
{
	return ++next_ticket;
}
