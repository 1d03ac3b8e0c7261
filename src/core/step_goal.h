/*
 * step_goal.h - a goal for explore: reach a deadlock, end with a shared
 * value that compares so, or pass through such a value at any step.
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_STEP_GOAL_H
#define CORE_STEP_GOAL_H

#include <stdbool.h>

#include "core/step.h"

enum step_goal_kind { STEP_GOAL_DEADLOCK, STEP_GOAL_END, STEP_GOAL_ANY };
enum step_op { STEP_OP_EQ, STEP_OP_NE, STEP_OP_LT, STEP_OP_LE, STEP_OP_GT, STEP_OP_GE };

struct step_goal {
	enum step_goal_kind kind;
	char var[64];               /* END and ANY: a shared variable */
	enum step_op op;
	long long n;
	char text[128];             /* as written, normalised */
};

/* "deadlock", "end VAR OP N" or "any VAR OP N" (OP: == != < <= > >=).
 * Returns 0, or -1 with *err (caller frees) naming the word that is wrong. */
int step_goal_parse(const char *text, struct step_goal *g, char **err);

/* Does the state satisfy the goal's comparison? (END and ANY; false when the
 * variable is not shown.) */
bool step_goal_holds(const struct step_goal *g, const struct step_state *s);

#endif
