/*
 * lint_challenge.c - lint's rules for challenge blocks: the demo and both
 * variants exist, ids are not used twice in a lesson, and the proof: explore
 * (core/challenge) shows that the broken variant can reach the goal and that
 * no interleaving of the fixed one does. A challenge that cannot be won, or
 * whose fix does not fix, is a finding on the block's line.
 *
 * The proof runs the built demos, so it needs the registry; it can be
 * switched off for speed (lockstep lint --no-prove, LOCKSTEP_LINT_NO_PROVE=1),
 * never in make check.
 */
#include <stdlib.h>
#include <string.h>

#include "core/challenge.h"
#include "core/lint.h"
#include "core/util.h"

static bool prove_off;

void lint_set_prove(bool on) { prove_off = !on; }

static bool proving(void)
{
	const char *e = getenv("LOCKSTEP_LINT_NO_PROVE");
	return !prove_off && !(e && *e && strcmp(e, "0") != 0);
}

static bool has_variant(const struct reg_demo *d, const char *v)
{
	for (size_t i = 0; i < d->nvariants; i++)
		if (strcmp(d->variants[i].name, v) == 0)
			return true;
	return false;
}

void lint_challenge(const struct lesson *l, size_t index, const struct registry *reg,
		    struct diags *d)
{
	const struct block *b = l->blocks[index];
	const struct challenge_block *cb = &b->challenge;
	if (!cb->demo || !cb->goal)
		return; /* the parser said why */
	for (size_t i = 0; i < index; i++) {
		const struct block *o = l->blocks[i];
		if (o->kind == BLK_CHALLENGE && o->challenge.id &&
		    strcmp(o->challenge.id, cb->id) == 0)
			diags_add(d, l->path, b->line, "challenge id '%s' is used twice (line %d)",
				  cb->id, o->line);
	}
	if (!reg)
		return;
	const struct reg_demo *rd = registry_find(reg, cb->demo);
	if (!rd) {
		diags_add(d, l->path, b->line, "challenge '%s': unknown demo '%s'", cb->id, cb->demo);
		return;
	}
	const char *v = !has_variant(rd, cb->variant) ? cb->variant
			: !has_variant(rd, cb->fixed) ? cb->fixed : NULL;
	if (v) {
		diags_add(d, l->path, b->line, "challenge '%s': %s has no variant '%s'", cb->id,
			  cb->demo, v);
		return;
	}
	if (!proving())
		return;
	struct challenge c = {
		.demo = cb->demo, .params = cb->params, .nparams = cb->nparams,
		.variant = cb->variant, .fixed = cb->fixed,
	};
	char *err = NULL;
	if (step_goal_parse(cb->goal, &c.goal, &err) != 0) {
		diags_add(d, l->path, b->line, "challenge '%s': %s", cb->id, err);
		free(err);
		return;
	}
	struct challenge_proof p;
	int rc = challenge_check(&c, LINT_CHALLENGE_RUNS, &p, &err);
	if (rc != 0)
		diags_add(d, l->path, b->line, "challenge '%s': %s%s", cb->id,
			  rc < 0 ? "cannot prove it: " : "", err ? err : "the proof failed");
	free(err);
	challenge_proof_release(&p);
}
