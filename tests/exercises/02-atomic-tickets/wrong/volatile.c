/* Wrong: volatile instead of an atomic: every access goes to memory, but read and write are still two steps. */
#include "02-atomic-tickets.h"

static volatile long next_ticket;

void tickets_reset(void)
{
	next_ticket = 0;
}

long ticket_take(void)
{
	long mine = next_ticket;
	ex_pause();
	next_ticket = mine + 1;
	return mine;
}
