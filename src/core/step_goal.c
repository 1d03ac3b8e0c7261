/*
 * step_goal.c - the goals explore counts: parse "deadlock", "end VAR OP N"
 * and "any VAR OP N", and test a state against one.
 */
#define _GNU_SOURCE
#include "core/step_goal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const op_names[] = {"==", "!=", "<", "<=", ">", ">="};

int step_goal_parse(const char *text, struct step_goal *g, char **err)
{
	memset(g, 0, sizeof *g);
	char kind[16] = "", var[64] = "", op[4] = "", num[32] = "", extra[2] = "";
	int n = sscanf(text, "%15s %63s %3s %31s %1s", kind, var, op, num, extra);
	if (n == 1 && strcmp(kind, "deadlock") == 0) {
		g->kind = STEP_GOAL_DEADLOCK;
		snprintf(g->text, sizeof g->text, "deadlock");
		return 0;
	}
	if (n < 1 || (strcmp(kind, "end") != 0 && strcmp(kind, "any") != 0)) {
		*err = xasprintf("goal '%s': it starts with 'deadlock', 'end' or 'any'", util_shown(text));
		return -1;
	}
	if (n != 4) {
		*err = xasprintf("goal '%s': write '%s VAR OP N', e.g. '%s counter == 2'", util_shown(text),
				 kind, kind);
		return -1;
	}
	g->kind = kind[0] == 'e' ? STEP_GOAL_END : STEP_GOAL_ANY;
	snprintf(g->var, sizeof g->var, "%s", var);
	size_t i = 0;
	while (i < 6 && strcmp(op, op_names[i]) != 0)
		i++;
	if (i == 6) {
		*err = xasprintf("goal '%s': '%s' is not a comparison (== != < <= > >=)",
				 util_shown(text), util_shown(op));
		return -1;
	}
	g->op = (enum step_op)i;
	char *end;
	errno = 0;
	g->n = strtoll(num, &end, 10);
	if (*end || errno) {
		*err = xasprintf("goal '%s': '%s' is not a whole number", text, num);
		return -1;
	}
	snprintf(g->text, sizeof g->text, "%s %s %s %lld", kind, g->var, op, g->n);
	return 0;
}

bool step_goal_holds(const struct step_goal *g, const struct step_state *s)
{
	if (g->kind == STEP_GOAL_DEADLOCK)
		return s->phase == STEP_DEADLOCK;
	const struct step_value *v = step_state_shared(s, g->var);
	if (!v)
		return false;
	switch (g->op) {
	case STEP_OP_EQ: return v->value == g->n;
	case STEP_OP_NE: return v->value != g->n;
	case STEP_OP_LT: return v->value < g->n;
	case STEP_OP_LE: return v->value <= g->n;
	case STEP_OP_GT: return v->value > g->n;
	case STEP_OP_GE: return v->value >= g->n;
	}
	return false;
}
