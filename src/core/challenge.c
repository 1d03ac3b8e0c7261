/*
 * challenge.c - parses a challenge block, proves it (explore: the broken
 * variant reaches the goal, the fixed one never does) and judges a learner's
 * schedule against its goal.
 */
#define _GNU_SOURCE
#include "core/challenge.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void challenge_release(struct challenge *c)
{
	for (size_t i = 0; i < c->nparams; i++)
		free(c->params[i]);
	free(c->params);
	free(c->demo);
	free(c->variant);
	free(c->fixed);
	free(c->title);
	free(c->python);
	free(c->text);
	memset(c, 0, sizeof *c);
}

static int parse_info(const char *info, struct challenge *c, char **err)
{
	char *copy = xstrdup(info), *save = NULL;
	size_t cap = 0;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!c->demo)
			c->demo = xstrdup(w);
		else if (strncmp(w, "variant=", 8) == 0 && !c->variant)
			c->variant = xstrdup(w + 8);
		else if (strncmp(w, "fixed=", 6) == 0 && !c->fixed)
			c->fixed = xstrdup(w + 6);
		else if (strchr(w, '=') && w[0] != '=')
			*VEC_PUSH(c->params, c->nparams, cap) = xstrdup(w);
		else {
			*err = xasprintf("challenge: '%s' is not key=value", w);
			free(copy);
			return -1;
		}
	}
	free(copy);
	const char *missing = !c->demo ? "a demo name" : !c->variant ? "'variant=BROKEN'"
						       : !c->fixed ? "'fixed=VARIANT'" : NULL;
	if (missing) {
		*err = xasprintf("challenge: no %s in '%s'", missing, info);
		return -1;
	}
	if (strcmp(c->variant, c->fixed) == 0) {
		*err = xasprintf("challenge: the broken and the fixed variant are both '%s'",
				 c->variant);
		return -1;
	}
	return 0;
}

/* `key: value` at the head of the body; the text starts at the first line
 * that is not one (or after a blank line). */
int challenge_parse(const char *info, const char *body, struct challenge *c, char **err)
{
	memset(c, 0, sizeof *c);
	if (parse_info(info, c, err) < 0)
		return -1;
	const char *p = body;
	bool have_goal = false;
	for (int line = 1; *p; line++) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t k = 0;
		while (k < len && islower((unsigned char)p[k]))
			k++;
		if (len == 0 || k == 0 || k + 1 >= len || p[k] != ':' || p[k + 1] != ' ') {
			if (len == 0 && end)
				p = end + 1; /* a blank line ends the keys */
			break;
		}
		char *value = xstrndup(p + k + 2, len - k - 2);
		char **slot = NULL;
		if (k == 4 && strncmp(p, "goal", 4) == 0) {
			int rc = step_goal_parse(value, &c->goal, err);
			free(value);
			if (rc < 0) {
				char *why = *err;
				*err = xasprintf("challenge line %d: %s", line, why);
				free(why);
				return -1;
			}
			have_goal = true;
		} else if (k == 5 && strncmp(p, "title", 5) == 0) {
			slot = &c->title;
		} else if (k == 6 && strncmp(p, "python", 6) == 0) {
			slot = &c->python;
		} else {
			*err = xasprintf("challenge line %d: unknown key '%.*s' (goal, title, python)",
					 line, (int)k, p);
			free(value);
			return -1;
		}
		if (slot) {
			if (*slot) {
				*err = xasprintf("challenge line %d: '%.*s' given twice", line, (int)k, p);
				free(value);
				return -1;
			}
			*slot = value;
		}
		p = end ? end + 1 : p + len;
	}
	if (!have_goal || !c->title) {
		*err = xasprintf("challenge: no '%s: ...' line", have_goal ? "title" : "goal");
		return -1;
	}
	c->text = xstrdup(p);
	if (!c->python)
		c->python = xstrdup("");
	return 0;
}

void challenge_proof_release(struct challenge_proof *p)
{
	free(p->shortest);
	memset(p, 0, sizeof *p);
}

/* Explore one variant against the goal. */
static int explore_variant(const struct challenge *c, const char *variant, unsigned long limit,
			   struct step_explore *e, char **err)
{
	struct step_target t;
	if (step_target_init(&t, c->demo, c->params, c->nparams, variant, err) < 0)
		return -1;
	struct step_explore_opts o = {.goal = &c->goal, .limit = limit};
	int rc = step_explore_all(&t, &o, e, err);
	step_target_release(&t);
	if (rc == 0 && !e->complete) {
		*err = xasprintf("variant '%s' has more than %lu runs to explore: nothing is proved "
				 "(make the instance smaller)", variant, limit);
		return -1;
	}
	return rc;
}

int challenge_check(const struct challenge *c, unsigned long limit, struct challenge_proof *p,
		    char **err)
{
	memset(p, 0, sizeof *p);
	struct step_explore e;
	if (explore_variant(c, c->variant, limit, &e, err) < 0) {
		step_explore_release(&e);
		return -1;
	}
	p->broken_total = e.interleavings;
	p->broken_hits = e.goal_count;
	p->shortest = e.goal_shortest ? xstrdup(e.goal_shortest) : NULL;
	step_explore_release(&e);
	if (explore_variant(c, c->fixed, limit, &e, err) < 0) {
		step_explore_release(&e);
		return -1;
	}
	p->fixed_total = e.interleavings;
	p->fixed_hits = e.goal_count;
	char *fixed_example = e.goal_shortest ? xstrdup(e.goal_shortest) : NULL;
	step_explore_release(&e);
	int rc = 0;
	if (p->broken_hits == 0) {
		*err = xasprintf("the broken variant '%s' never reaches '%s' (0 of %llu "
				 "interleavings): nobody can win",
				 c->variant, c->goal.text, p->broken_total);
		rc = 1;
	} else if (p->fixed_hits > 0) {
		*err = xasprintf("the fixed variant '%s' still reaches '%s' in %llu of %llu "
				 "interleavings, e.g. %s",
				 c->fixed, c->goal.text, p->fixed_hits, p->fixed_total, fixed_example);
		rc = 1;
	}
	free(fixed_example);
	return rc;
}

/* Does the goal hold with these shared values? (END and ANY) */
static bool holds_at(const struct step_goal *g, const struct step_state *names,
		     const long long *values)
{
	for (size_t i = 0; i < names->nshared; i++) {
		if (strcmp(names->shared[i].name, g->var) != 0)
			continue;
		struct step_value v = {.name = names->shared[i].name, .value = values[i]};
		struct step_state one = {.shared = &v, .nshared = 1};
		return step_goal_holds(g, &one);
	}
	return false;
}

int challenge_try(const struct challenge *c, const char *schedule, bool *won,
		  struct step_trace *trace, char **err)
{
	*won = false;
	memset(trace, 0, sizeof *trace);
	struct step_target t;
	if (step_target_init(&t, c->demo, c->params, c->nparams, c->variant, err) < 0)
		return -1;
	int rc = step_replay(&t, schedule, trace, err);
	step_target_release(&t);
	if (rc != 0)
		return rc;
	const struct step_goal *g = &c->goal;
	const struct step_state *f = &trace->final;
	switch (g->kind) {
	case STEP_GOAL_DEADLOCK:
		*won = f->phase == STEP_DEADLOCK;
		break;
	case STEP_GOAL_END:
		*won = f->phase == STEP_FINISHED && step_goal_holds(g, f);
		break;
	case STEP_GOAL_ANY:
		*won = step_goal_holds(g, &trace->first);
		for (size_t i = 0; i < trace->nrows && !*won; i++)
			*won = holds_at(g, f, trace->rows[i].shared);
		break;
	}
	return 0;
}
