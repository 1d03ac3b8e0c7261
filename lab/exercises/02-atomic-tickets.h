/*
 * 02-atomic-tickets.h - the interface of exercise 02. The harness includes
 * this file too: change 02-atomic-tickets.c, not this file.
 */
#ifndef EX_02_ATOMIC_TICKETS_H
#define EX_02_ATOMIC_TICKETS_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

/* Start numbering again from 0. Called while no thread is taking tickets. */
void tickets_reset(void);

/* Hand out the next ticket: 0, 1, 2, ... Many threads call it at once; each
 * number must go to exactly one caller. */
long ticket_take(void);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
