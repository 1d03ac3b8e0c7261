/*
 * challenge.h - a challenge: a stepped demo, a broken variant in which the
 * learner must reach a goal by choosing the schedule, and a fixed variant in
 * which explore proves the goal cannot be reached.
 *
 * Written in a lesson as a fenced block (the info string, then `key: value`
 * lines, then free text for the learner):
 *
 *     ```challenge race_counter threads=2 iters=3 variant=unsafe fixed=mutex
 *     goal: end counter == 2
 *     title: Lose four of six increments
 *     python: counter += 1 in two threading.Thread loops
 *     Make the counter end at 2.
 *     ```
 *
 * Layer: src/core. Never prints.
 */
#ifndef CORE_CHALLENGE_H
#define CORE_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/step_goal.h"
#include "core/step_run.h"

struct challenge {
	char *demo;
	char **params;              /* "key=value" words */
	size_t nparams;
	char *variant, *fixed;      /* broken and fixed variants */
	struct step_goal goal;
	char *title, *python, *text; /* python and text may be "" */
};

/* Parse a block: `info` is the info string after the word "challenge",
 * `body` the block's lines. Returns 0, or -1 with *err (caller frees) naming
 * what is wrong ("challenge: no 'fixed=VARIANT'", "line 2: unknown key
 * 'gaol'"). Release with challenge_release (also after an error). */
int challenge_parse(const char *info, const char *body, struct challenge *c, char **err);
void challenge_release(struct challenge *c);

/* What challenge_check found. */
struct challenge_proof {
	unsigned long long broken_total, broken_hits; /* interleavings, reaching the goal */
	char *shortest;             /* the broken variant's shortest winning schedule */
	unsigned long long fixed_total, fixed_hits;
};
void challenge_proof_release(struct challenge_proof *p);

/* Explore both variants against the registry and the built demo. Returns 0
 * when the challenge holds (broken: reachable; fixed: 0 of N, explored
 * completely); 1 with *err saying which half fails and how; -1 with *err
 * when a demo could not be explored. `limit`: most runs per variant (0: no
 * limit; a limit reached is a failure, since nothing is proved). */
int challenge_check(const struct challenge *c, unsigned long limit, struct challenge_proof *p,
		    char **err);

/* Replay the learner's schedule on the broken variant. Returns 0 and sets
 * *won (the goal held: at the end, at any step, or a deadlock, as the goal
 * says) and fills *trace (release it); 1 with *err when a step is refused;
 * -1 with *err on a failure. */
int challenge_try(const struct challenge *c, const char *schedule, bool *won,
		  struct step_trace *trace, char **err);

#endif
