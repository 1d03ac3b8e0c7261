/*
 * step_run.h - whole runs over stepper sessions: replay a schedule string
 * into a trace, and explore every interleaving of a small instance.
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_STEP_RUN_H
#define CORE_STEP_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/step.h"
#include "core/step_goal.h"

/* One executed step: who moved, the statement it carried out, the shared
 * values right after. */
struct step_row {
	int thread;
	char *label, *file;
	int line;
	char *local;                /* the local shown with the statement, or NULL */
	long long local_value;
	long long *shared;          /* after the step, in final.shared order */
};

struct step_trace {
	struct step_row *rows;
	size_t nrows;
	struct step_state first;    /* before the first choice */
	struct step_state final;    /* after the last one */
	bool has_result;            /* finished: the demo's verdict below */
	bool has_expected, has_observed, correct;
	long long expected, observed;
};

/* Check a schedule string: thread letters A..P only. Returns 0, or -1 with
 * *err (caller frees): "schedule 'AB1': letter 3, '1', is not a thread (A-P)". */
int step_schedule_check(const char *schedule, char **err);

/* Run `schedule` in a fresh child and record every step. It stops early at
 * a deadlock; when the schedule ends before the run does, the trace ends
 * there (phase STEP_RUNNING). Returns 0; 1 with *err when a choice was
 * refused ("step 3: thread B has finished"); -1 with *err on a failure.
 * Release with step_trace_release (also after an error). */
int step_replay(const struct step_target *t, const char *schedule, struct step_trace *out,
		char **err);
void step_trace_release(struct step_trace *tr);

/* The trace as canonical text, one line per step, then the outcome: what
 * "the same schedule gives the same trace" compares. Caller frees. */
char *step_trace_text(const struct step_trace *tr);

/* ---- explore ---- */

struct step_explore_opts {
	const struct step_goal *goal; /* NULL: none */
	unsigned long limit;          /* most children to start; 0: no limit */
	bool no_merge;                /* do not merge equal states */
	const atomic_bool *stop;      /* NULL, or set (by another thread) to stop
					 before the next child: out->complete is
					 false then, as with the limit */
};

struct step_outcome {
	char *value;                  /* the demo's `observed`, as text */
	bool correct;
	unsigned long long count;     /* interleavings that end so */
	char *shortest;               /* the shortest schedule that does */
};

struct step_deadlock {
	struct step_state state;      /* where the threads stand */
	unsigned long long count;
	char *shortest;
};

struct step_explore {
	unsigned long long interleavings; /* complete ones, deadlocks included; every
					     count stops at ULLONG_MAX (a lower bound) */
	struct step_outcome *outcomes;    /* sorted by value */
	size_t noutcomes;
	struct step_deadlock *deadlocks;  /* in the order found */
	size_t ndeadlocks;
	bool has_goal;
	unsigned long long goal_count;    /* interleavings that reach the goal */
	char *goal_shortest;              /* NULL when none does */
	bool complete;                    /* false: the limit stopped it early */
	unsigned long runs;               /* children started */
	unsigned long merged;             /* states found already explored */
	long long wall_ns;
};

/* Depth-first over every choice: the first choice at a state continues in
 * the same child, each other one replays the prefix in a fresh child.
 * Equal states (lab/PROTOCOL.md, "Exploring") are explored once unless
 * no_merge. Returns 0 (see out->complete), or -1 with *err. Release with
 * step_explore_release (also after an error). */
int step_explore_all(const struct step_target *t, const struct step_explore_opts *o,
		     struct step_explore *out, char **err);
void step_explore_release(struct step_explore *e);

#endif
