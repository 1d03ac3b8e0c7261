/*
 * check_challenge.c - challenge blocks: parsing and its messages, the proof
 * (explore both variants of the real race_counter) and judging a schedule.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check_run.h"
#include "core/challenge.h"
#include "core/paths.h"
#include "core/util.h"

static void parse_ok(const char *info, const char *body, struct challenge *c)
{
	char *err = NULL;
	int rc = challenge_parse(info, body, c, &err);
	ck_assert_msg(rc == 0, "%s: %s", info, err ? err : "");
}

static void parse_bad(const char *info, const char *body, const char *want)
{
	struct challenge c;
	char *err = NULL;
	ck_assert_int_eq(challenge_parse(info, body, &c, &err), -1);
	ck_assert_msg(strstr(err, want), "'%s' / '%s' gave: %s", info, body, err);
	free(err);
	challenge_release(&c);
}

START_TEST(parse_block)
{
	struct challenge c;
	parse_ok("race_counter threads=2 iters=3 variant=unsafe fixed=mutex",
		 "goal: end counter == 2\ntitle: Lose four\npython: counter += 1\n"
		 "Make the counter end at 2.\nTwo lines.",
		 &c);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_uint_eq(c.nparams, 2);
	ck_assert_str_eq(c.params[1], "iters=3");
	ck_assert_str_eq(c.variant, "unsafe");
	ck_assert_str_eq(c.fixed, "mutex");
	ck_assert_int_eq(c.goal.kind, STEP_GOAL_END);
	ck_assert_str_eq(c.title, "Lose four");
	ck_assert_str_eq(c.python, "counter += 1");
	ck_assert_str_eq(c.text, "Make the counter end at 2.\nTwo lines.");
	challenge_release(&c);
	/* a blank line ends the keys; python is optional */
	parse_ok("d variant=a fixed=b", "goal: deadlock\ntitle: T\n\nnote: text", &c);
	ck_assert_str_eq(c.text, "note: text");
	ck_assert_str_eq(c.python, "");
	challenge_release(&c);
}
END_TEST

START_TEST(parse_errors_name_the_problem)
{
	parse_bad("", "goal: deadlock\ntitle: T", "no a demo name");
	parse_bad("d fixed=b", "goal: deadlock\ntitle: T", "no 'variant=BROKEN'");
	parse_bad("d variant=a", "goal: deadlock\ntitle: T", "no 'fixed=VARIANT'");
	parse_bad("d variant=a fixed=a", "goal: deadlock\ntitle: T", "both 'a'");
	parse_bad("d variant=a fixed=b threads", "goal: deadlock\ntitle: T", "'threads' is not");
	parse_bad("d variant=a fixed=b", "title: T\ngaol: deadlock", "line 2: unknown key 'gaol'");
	parse_bad("d variant=a fixed=b", "goal: end x = 1\ntitle: T", "line 1: goal 'end x = 1'");
	parse_bad("d variant=a fixed=b", "goal: deadlock\ntitle: T\ntitle: U", "line 3: 'title' given twice");
	parse_bad("d variant=a fixed=b", "title: T\n", "no 'goal: ...' line");
	parse_bad("d variant=a fixed=b", "goal: deadlock\n", "no 'title: ...' line");
}
END_TEST

START_TEST(proof_and_win)
{
	struct challenge c;
	parse_ok("race_counter threads=2 iters=3 variant=unsafe fixed=mutex",
		 "goal: end counter == 2\ntitle: Lose four of six", &c);
	struct challenge_proof p;
	char *err = NULL;
	int rc = challenge_check(&c, 0, &p, &err);
	ck_assert_msg(rc == 0, "%s", err ? err : "");
	ck_assert_uint_eq(p.broken_total, 924); /* 12!/(6!6!) */
	ck_assert_uint_gt(p.broken_hits, 0);
	ck_assert_uint_lt(p.broken_hits, p.broken_total);
	ck_assert_uint_gt(p.fixed_total, 0);
	ck_assert_uint_eq(p.fixed_hits, 0);
	ck_assert_ptr_nonnull(p.shortest);

	/* the shortest schedule wins; running the threads one after the other does not */
	bool won;
	struct step_trace tr;
	ck_assert_int_eq(challenge_try(&c, p.shortest, &won, &tr, &err), 0);
	ck_assert(won);
	ck_assert_int_eq(tr.observed, 2);
	step_trace_release(&tr);
	ck_assert_int_eq(challenge_try(&c, "AAAAAABBBBBB", &won, &tr, &err), 0);
	ck_assert(!won);
	ck_assert_int_eq(tr.observed, 6);
	step_trace_release(&tr);
	/* a schedule cut short has not reached the end: no win */
	ck_assert_int_eq(challenge_try(&c, "ABAB", &won, &tr, &err), 0);
	ck_assert(!won);
	step_trace_release(&tr);
	challenge_proof_release(&p);
	challenge_release(&c);
}
END_TEST

START_TEST(broken_challenges_are_caught)
{
	struct challenge c;
	struct challenge_proof p;
	char *err = NULL;
	/* nobody can win: two threads of three increments never end at 1 */
	parse_ok("race_counter threads=2 iters=3 variant=unsafe fixed=mutex",
		 "goal: end counter == 1\ntitle: T", &c);
	ck_assert_int_eq(challenge_check(&c, 0, &p, &err), 1);
	ck_assert_msg(strstr(err, "never reaches 'end counter == 1' (0 of 924"), "%s", err);
	free(err);
	challenge_proof_release(&p);
	challenge_release(&c);
	/* the "fix" does not fix it: with the mutex the counter still passes 1 */
	parse_ok("race_counter threads=2 iters=1 variant=unsafe fixed=mutex",
		 "goal: any counter >= 1\ntitle: T", &c);
	ck_assert_int_eq(challenge_check(&c, 0, &p, &err), 1);
	ck_assert_msg(strstr(err, "fixed variant 'mutex' still reaches"), "%s", err);
	free(err);
	challenge_proof_release(&p);
	/* and an any-goal is won on the way, before the end */
	bool won;
	struct step_trace tr;
	ck_assert_int_eq(challenge_try(&c, "AA", &won, &tr, &err), 0);
	ck_assert(won);
	step_trace_release(&tr);
	ck_assert_int_eq(challenge_try(&c, "A", &won, &tr, &err), 0);
	ck_assert(!won);
	step_trace_release(&tr);
	challenge_release(&c);
	/* a limit too small proves nothing, and says so */
	parse_ok("race_counter threads=2 iters=3 variant=unsafe fixed=mutex",
		 "goal: end counter == 2\ntitle: T", &c);
	ck_assert_int_eq(challenge_check(&c, 3, &p, &err), -1);
	ck_assert_msg(strstr(err, "nothing is proved"), "%s", err);
	free(err);
	challenge_proof_release(&p);
	challenge_release(&c);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1); /* no child left */
}
END_TEST

int main(void)
{
	const char *root = getenv("LOCKSTEP_ROOT"); /* the built demos are found there */
	setenv("LOCKSTEP_DATA", root ? root : ".", 1);
	paths_init("check_challenge");
	Suite *s = suite_create("challenge");
	TCase *tc = tcase_create("challenge");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, parse_block);
	tcase_add_test(tc, parse_errors_name_the_problem);
	tcase_add_test(tc, proof_and_win);
	tcase_add_test(tc, broken_challenges_are_caught);
	suite_add_tcase(s, tc);
	return check_run(s);
}
