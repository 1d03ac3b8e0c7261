/*
 * Exercise 08: shared bank
 *
 * Title:   Protect the shared bank across processes
 * Lesson:  13-shared-memory
 * Threads: no
 *
 * Four processes make deposits into a bank that lives in shared memory.
 * Processes do not share variables the way threads do, but this memory they
 * do share, and so they share its race: two deposits into one account read
 * the same balance and one of them is lost.
 *
 * The struct has a mutex. A mutex in shared memory can lock out other
 * processes, but only if it is told that it will be shared: by default a
 * pthread mutex may assume that every waiter is in the same process, and a
 * process waiting on it may never be woken.
 *
 * Task: make bank_deposit() exact when several processes call it at once.
 *
 * Done when: `lockstep verify 08` passes: every balance equals the sum of
 * the deposits made into it, and no process hangs.
 */
#include "08-shared-bank.h"

void bank_init(struct bank *b)
{
	pthread_mutex_init(&b->lock, NULL);
	for (int i = 0; i < BANK_ACCOUNTS; i++)
		b->balance[i] = 0;
}

void bank_destroy(struct bank *b)
{
	pthread_mutex_destroy(&b->lock);
}

void bank_deposit(struct bank *b, int account, long amount)
{
	long old = b->balance[account];
	ex_pause();                       /* another process may deposit here */
	b->balance[account] = old + amount;
}

long bank_balance(struct bank *b, int account)
{
	return b->balance[account];
}
