/*
 * Exercise 12: lock order
 *
 * Title:   Fix a deadlock by ordering locks
 * Lesson:  16-deadlock
 * Threads: yes
 *
 * transfer() locks both accounts, so no money is lost. But one thread
 * moving money from A to B locks A, then waits for B; another moving money
 * from B to A has locked B and waits for A. Each holds what the other
 * needs, and both wait forever: a deadlock.
 *
 * Task: change transfer() so that it can never deadlock, whatever
 * transfers run at the same time, while still holding both accounts' locks
 * while it moves the money. (One big lock for the whole bank would work,
 * but it would also let only one transfer run at a time; do not go there.)
 *
 * Done when: `lockstep verify 12` passes: thousands of transfers in every
 * direction finish, every balance is exact, an auditor that locks every
 * account while transfers run always finds the bank's total unchanged,
 * transfers between different accounts can run at the same time, and
 * ThreadSanitizer reports no data race or lock-order inversion.
 */
#include "12-lock-order.h"

void transfer(struct account *from, struct account *to, long amount)
{
	pthread_mutex_lock(&from->lock); /* first the account we take from ... */
	ex_pause();
	pthread_mutex_lock(&to->lock);   /* ... then the one we pay into */

	from->balance -= amount;
	to->balance += amount;

	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
}
