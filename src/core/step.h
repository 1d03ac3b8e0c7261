/*
 * step.h - a stepper session: one demo child in step mode (lab/PROTOCOL.md,
 * "Step mode"), moved one choice at a time, with the state it reports.
 *
 * A step target is the demo, its parameters and one variant, checked against
 * the registry once; every session (a fresh child) starts from it. A session
 * starts the child with a stdin pipe through the spawn module and waits for
 * its first step event; stepper_move() hands the turn to one thread and waits
 * for the next event. A choice the session cannot carry out (a thread that is
 * blocked or finished, a letter past the thread count) is refused with a
 * message naming the step and why, and the state stays as it was.
 *
 * Layer: src/core (cJSON, spawn). Never prints.
 */
#ifndef CORE_STEP_H
#define CORE_STEP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/report.h"

#define STEP_MAX_THREADS 16

/* Where each thread stands. */
enum step_tstate { STEP_T_NONE, STEP_T_READY, STEP_T_BLOCKED, STEP_T_DONE };

struct step_thread {
	enum step_tstate state;
	char *label, *file;             /* its next statement (live threads only) */
	int line;
	char *local;                    /* the local shown with it, or NULL */
	long long local_value;
	char *waits_kind, *waits_name;  /* what a blocked thread waits for, or NULL */
	int moves;                      /* choices this thread has made so far */
};

struct step_value {
	char *name;
	long long value;
};

struct step_lock {
	char *name;
	int owner;                      /* thread id, -1: free */
	int depth;                      /* a recursive lock's count (owner >= 0) */
	char *file;                     /* where the owner took it (owner >= 0) */
	int line;
};

/* A semaphore, barrier or condition variable the demo reported (`sems`,
 * `barriers`, `conds`): shown, and part of a state's identity for explore,
 * never used to decide who may move. */
struct step_obj {
	char kind[8];                   /* "sem", "barrier", "cond" */
	char *name;
	long long value;                /* sem: its value; barrier: arrived; cond: waiters */
	long long count;                /* barrier: how many it waits for; else 0 */
	char waiters[STEP_MAX_THREADS + 1]; /* cond: thread letters, longest waiting first */
};

enum step_phase {
	STEP_RUNNING,   /* some thread can move */
	STEP_FINISHED,  /* every thread is done */
	STEP_DEADLOCK,  /* nobody can move, not all done */
};

struct step_state {
	enum step_phase phase;
	long long step;                 /* choices carried out so far */
	struct step_thread *threads;
	size_t nthreads;
	struct step_value *shared;
	size_t nshared;
	struct step_lock *locks;
	size_t nlocks;
	struct step_obj *objs;          /* sems, then barriers, then conds */
	size_t nobjs;
};

/* A deep copy; release with step_state_release. */
void step_state_copy(struct step_state *dst, const struct step_state *src);
void step_state_release(struct step_state *s);
/* Read a `step`, `deadlock` or `step_done` event into s (each thread's
 * move count is kept). Returns 0, or -1 with *err (caller frees) naming the
 * member that is wrong. step_state.c. */
struct cJSON;
int step_state_parse(struct step_state *s, const struct cJSON *ev, enum step_phase phase,
		     char **err);
/* The shared variable `name`, or NULL. */
const struct step_value *step_state_shared(const struct step_state *s, const char *name);
/* The lock called `name`, or NULL. */
const struct step_lock *step_state_lock(const struct step_state *s, const char *name);

/* What to step: checked once, then any number of sessions. */
struct step_target {
	char *demo, *variant;
	char *program;                  /* the built demo */
	char **argv;                    /* NULL-terminated, for spawn */
	int timeout_ms;                 /* each child's limit */
};

/* Check `demo`, its `params` ("key=value" words) and `variant` (NULL: the
 * demo's first) against the registry. Returns 0, or -1 with *err (caller
 * frees): "unknown demo 'x'", "threads must be 1..256, got 0", "race_counter
 * has no variant 'y' (it has: unsafe, mutex, ...)". Release with
 * step_target_release. */
int step_target_init(struct step_target *t, const char *demo, char *const *params,
		     size_t nparams, const char *variant, char **err);
void step_target_release(struct step_target *t);

struct stepper;

/* Start a child and wait for its first state. Returns NULL with *err
 * (caller frees) when it cannot start or does not reach step mode. */
struct stepper *stepper_start(const struct step_target *t, char **err);

/* The state now. Owned by the session; changed by stepper_move. */
const struct step_state *stepper_state(const struct stepper *s);

/* The choices made so far as thread letters ("ABAB"). Owned by the session. */
const char *stepper_schedule(const struct stepper *s);

/* Thread letter for an id (0 -> 'A'). */
char step_letter(int thread);

/* Let `thread` make its next step. Returns 0; 1 with *err (caller frees)
 * when the choice is refused ("step 3: thread B is blocked: it waits for
 * mutex lock, held by A since race_counter.c:71"), the state unchanged; -1
 * with *err when the child failed (the session is over). */
int stepper_move(struct stepper *s, int thread, char **err);

/*
 * The same session without waiting (the lab, whose UI thread must keep
 * answering keys while a thread runs long between two step points):
 * stepper_spawn starts the child and returns at once, its first state
 * pending; stepper_send hands the turn to a thread and returns at once.
 * While stepper_waiting(), the caller polls stepper_pollfds() with its own
 * fds (timeout: stepper_wait_ms()) and calls stepper_service(), which
 * returns STEP_PENDING until the child reports: then 0 (the new state is
 * in stepper_state), 1 with *err (the demo refused the choice, the state is
 * unchanged) or -1 with *err (the child failed: the session is over).
 * stepper_start and stepper_move are these, waited for. Until the state
 * arrives, stepper_state() is the one before the choice.
 */
#define STEP_PENDING 2
struct stepper *stepper_spawn(const struct step_target *t, char **err);
/* 0 sent; 1 refused before sending (*err, as stepper_move); -1 failed. */
int stepper_send(struct stepper *s, int thread, char **err);
bool stepper_waiting(const struct stepper *s);
/* The thread whose move is awaited; -1 while waiting for the first state
 * (or when nothing is awaited). */
int stepper_moving(const struct stepper *s);
struct pollfd;
int stepper_pollfds(const struct stepper *s, struct pollfd *fds, int max);
int stepper_wait_ms(const struct stepper *s);
int stepper_service(struct stepper *s, char **err);

/* End the session: a finished child is followed to its `end` and reaped, a
 * deadlocked (or unfinished) one is told to stop. Returns 0, or -1 with *err
 * when the child failed. Idempotent. */
int stepper_finish(struct stepper *s, char **err);

/* After stepper_finish of a finished run: the variant's result (`observed`,
 * `correct`, ...); NULL after a deadlock or a failure. Owned by the session. */
const struct variant_result *stepper_result(const struct stepper *s);

/* Kill the child if it still runs, reap, free. NULL is fine. */
void stepper_free(struct stepper *s);

/* How many children stepper_start has started in this process (for --limit
 * and the figures explore prints). */
unsigned long stepper_children(void);

#endif
