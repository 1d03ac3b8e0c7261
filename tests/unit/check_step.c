/*
 * check_step.c - the stepper (step.c) and what runs on it (step_run.c),
 * against the real race_counter demo in step mode.
 *
 * The expected answers come from a model written here, independently of the
 * engine: each thread is a list of operations (lock, load, store, unlock) on
 * one counter; the model enumerates every interleaving of them, honouring the
 * lock, and counts how each ends. The engine must find the same numbers by
 * running the real C program. STEP_RANDOM_SCHEDULES lowers the number of
 * random schedules (default 1000) for slow builds (ASan).
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check_run.h"
#include "core/paths.h"
#include "core/step.h"
#include "core/step_run.h"
#include "core/util.h"

/* ---------------------------------------------------------------- the model */

enum op { LOCK, LOAD, STORE, UNLOCK };
#define MAX_OPS 64
#define MAX_T 4

struct model {
	int nthreads, nops;
	enum op ops[MAX_OPS];       /* the same program for every thread */
	unsigned long long ends[64]; /* final counter -> interleavings */
	unsigned long long total, reached_any; /* any: counter >= any_n on the way */
	long long any_n;
};

/* One thread's program: `iters` increments, with or without the lock. */
static void model_init(struct model *m, int threads, int iters, bool mutex, long long any_n)
{
	memset(m, 0, sizeof *m);
	m->nthreads = threads;
	m->any_n = any_n;
	for (int i = 0; i < iters; i++) {
		if (mutex)
			m->ops[m->nops++] = LOCK;
		m->ops[m->nops++] = LOAD;
		m->ops[m->nops++] = STORE;
		if (mutex)
			m->ops[m->nops++] = UNLOCK;
	}
}

struct mstate {
	int pc[MAX_T];
	long long local[MAX_T];
	long long counter;
	int owner;                  /* -1: the lock is free */
	bool reached;
};

static bool model_ready(const struct model *m, const struct mstate *s, int t)
{
	return s->pc[t] < m->nops && !(m->ops[s->pc[t]] == LOCK && s->owner >= 0);
}

static void model_step(const struct model *m, struct mstate *s, int t)
{
	switch (m->ops[s->pc[t]++]) {
	case LOCK: s->owner = t; break;
	case LOAD: s->local[t] = s->counter; break;
	case STORE: s->counter = s->local[t] + 1; break;
	case UNLOCK: s->owner = -1; break;
	}
	s->reached |= s->counter >= m->any_n;
}

static void model_walk(struct model *m, struct mstate s)
{
	bool any = false;
	for (int t = 0; t < m->nthreads; t++) {
		if (!model_ready(m, &s, t))
			continue;
		any = true;
		struct mstate next = s;
		model_step(m, &next, t);
		model_walk(m, next);
	}
	if (!any) {
		m->total++;
		m->ends[s.counter]++;
		m->reached_any += s.reached;
	}
}

static void model_run(struct model *m)
{
	struct mstate s = {.owner = -1};
	model_walk(m, s);
}

/* The model's final counter for one schedule, or -1 if it is not valid. */
static long long model_replay(const struct model *m, const char *schedule)
{
	struct mstate s = {.owner = -1};
	for (const char *p = schedule; *p; p++) {
		int t = *p - 'A';
		if (t < 0 || t >= m->nthreads || !model_ready(m, &s, t))
			return -1;
		model_step(m, &s, t);
	}
	for (int t = 0; t < m->nthreads; t++)
		if (s.pc[t] < m->nops)
			return -1;
	return s.counter;
}

/* A random complete schedule the model accepts. */
static void model_random(const struct model *m, unsigned *seed, char *out)
{
	struct mstate s = {.owner = -1};
	size_t n = 0;
	for (;;) {
		int ready[MAX_T], nr = 0;
		for (int t = 0; t < m->nthreads; t++)
			if (model_ready(m, &s, t))
				ready[nr++] = t;
		if (!nr)
			break;
		int t = ready[rand_r(seed) % (unsigned)nr];
		model_step(m, &s, t);
		out[n++] = (char)('A' + t);
	}
	out[n] = '\0';
}

/* ---------------------------------------------------------------- helpers */

static void target(struct step_target *t, int threads, int iters, const char *variant)
{
	char a[32], b[32];
	snprintf(a, sizeof a, "threads=%d", threads);
	snprintf(b, sizeof b, "iters=%d", iters);
	char *params[] = {a, b};
	char *err = NULL;
	int rc = step_target_init(t, "race_counter", params, 2, variant, &err);
	ck_assert_msg(rc == 0, "target: %s", err ? err : "");
}

static void assert_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1); /* ECHILD: nothing left */
}

/* Explore race_counter and compare every count with the model's. */
static void explore_matches_model(int threads, int iters, const char *variant, bool no_merge)
{
	struct model m;
	model_init(&m, threads, iters, variant[0] == 'm', 1LL << 40);
	model_run(&m);

	struct step_target t;
	target(&t, threads, iters, variant);
	struct step_explore e;
	struct step_explore_opts o = {.no_merge = no_merge};
	char *err = NULL;
	int rc = step_explore_all(&t, &o, &e, &err);
	ck_assert_msg(rc == 0, "explore: %s", err ? err : "");
	ck_assert(e.complete);
	ck_assert_uint_eq(e.interleavings, m.total);
	ck_assert_uint_eq(e.ndeadlocks, 0);
	size_t seen = 0;
	for (long long v = 0; v < 64; v++) {
		if (!m.ends[v])
			continue;
		seen++;
		char value[32];
		snprintf(value, sizeof value, "%lld", v);
		const struct step_outcome *oc = NULL;
		for (size_t i = 0; i < e.noutcomes; i++)
			if (strcmp(e.outcomes[i].value, value) == 0)
				oc = &e.outcomes[i];
		ck_assert_msg(oc != NULL, "outcome %lld missing", v);
		ck_assert_uint_eq(oc->count, m.ends[v]);
		ck_assert_int_eq(oc->correct, v == (long long)threads * iters);
		/* its shortest schedule really ends so, in the model too */
		ck_assert_int_eq(model_replay(&m, oc->shortest), v);
	}
	ck_assert_uint_eq(e.noutcomes, seen);
	if (no_merge) {
		ck_assert_uint_eq(e.merged, 0);
		ck_assert_uint_eq(e.runs, m.total); /* one child per interleaving */
	} else if (variant[0] == 'u' && m.total >= 20) {
		ck_assert_uint_lt(e.runs, m.total); /* equal states were merged */
	} else {
		ck_assert_uint_le(e.runs, m.total);
	}
	step_explore_release(&e);
	step_target_release(&t);
	free(err);
	assert_no_children();
}

/* ---------------------------------------------------------------- tests */

START_TEST(model_knows_the_published_counts)
{
	/* the model itself, against counts worked out by hand in the issue */
	struct model m;
	model_init(&m, 2, 2, false, 3);
	model_run(&m);
	ck_assert_uint_eq(m.total, 70); /* 8!/(4!4!) */
	ck_assert_uint_eq(m.ends[2], 32);
	ck_assert_uint_eq(m.ends[3], 32);
	ck_assert_uint_eq(m.ends[4], 6);
}
END_TEST

START_TEST(explore_unsafe_2x2) { explore_matches_model(2, 2, "unsafe", false); }
END_TEST
START_TEST(explore_unsafe_2x2_no_merge) { explore_matches_model(2, 2, "unsafe", true); }
END_TEST
START_TEST(explore_mutex_2x2) { explore_matches_model(2, 2, "mutex", false); }
END_TEST
START_TEST(explore_unsafe_2x1) { explore_matches_model(2, 1, "unsafe", false); }
END_TEST
START_TEST(explore_unsafe_3x1) { explore_matches_model(3, 1, "unsafe", false); }
END_TEST
START_TEST(explore_unsafe_2x3) { explore_matches_model(2, 3, "unsafe", false); }
END_TEST
START_TEST(explore_mutex_3x1) { explore_matches_model(3, 1, "mutex", false); }
END_TEST

START_TEST(goals_count_like_the_model)
{
	struct model m;
	model_init(&m, 2, 2, false, 3);
	model_run(&m);
	struct step_target t;
	target(&t, 2, 2, "unsafe");
	const char *goals[] = {"end counter == 2", "any counter >= 3", "deadlock"};
	unsigned long long want[] = {m.ends[2], m.reached_any, 0};
	for (int i = 0; i < 3; i++) {
		struct step_goal g;
		char *err = NULL;
		ck_assert_int_eq(step_goal_parse(goals[i], &g, &err), 0);
		struct step_explore_opts o = {.goal = &g};
		struct step_explore e;
		ck_assert_msg(step_explore_all(&t, &o, &e, &err) == 0, "%s", err ? err : "");
		ck_assert(e.has_goal);
		ck_assert_uint_eq(e.goal_count, want[i]);
		if (want[i]) {
			ck_assert_ptr_nonnull(e.goal_shortest);
			long long end = model_replay(&m, e.goal_shortest);
			if (i == 0)
				ck_assert_int_eq(end, 2);
			else
				ck_assert_int_ge(end, 0);
		} else {
			ck_assert_ptr_null(e.goal_shortest);
		}
		step_explore_release(&e);
	}
	step_target_release(&t);
	assert_no_children();
}
END_TEST

START_TEST(goal_parse_names_the_problem)
{
	struct step_goal g;
	char *err = NULL;
	ck_assert_int_eq(step_goal_parse("end counter <= -3", &g, &err), 0);
	ck_assert_int_eq(g.kind, STEP_GOAL_END);
	ck_assert_int_eq(g.op, STEP_OP_LE);
	ck_assert_int_eq(g.n, -3);
	const char *bad[][2] = {{"sometimes counter == 2", "starts with"},
				{"end counter", "end VAR OP N"},
				{"any counter =< 2", "'=<' is not a comparison"},
				{"end counter == two", "'two' is not a whole number"},
				{"deadlock now", "starts with"}};
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(step_goal_parse(bad[i][0], &g, &err), -1);
		ck_assert_msg(strstr(err, bad[i][1]), "'%s' -> %s", bad[i][0], err);
		free(err);
		err = NULL;
	}
	/* a variable the demo does not show is named, with what it shows */
	struct step_target t;
	target(&t, 2, 1, "unsafe");
	ck_assert_int_eq(step_goal_parse("end count == 2", &g, &err), 0);
	struct step_explore_opts o = {.goal = &g};
	struct step_explore e;
	ck_assert_int_eq(step_explore_all(&t, &o, &e, &err), -1);
	ck_assert_msg(strstr(err, "no shared variable 'count'") && strstr(err, "counter"), "%s",
		      err);
	free(err);
	step_explore_release(&e);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

START_TEST(limit_stops_early)
{
	struct step_target t;
	target(&t, 2, 2, "unsafe");
	struct step_explore_opts o = {.limit = 5};
	struct step_explore e;
	char *err = NULL;
	ck_assert_int_eq(step_explore_all(&t, &o, &e, &err), 0);
	ck_assert(!e.complete);
	ck_assert_uint_eq(e.runs, 5);
	ck_assert_uint_gt(e.interleavings, 0);
	ck_assert_uint_lt(e.interleavings, 70);
	step_explore_release(&e);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

START_TEST(random_schedules_replay_identically)
{
	const char *env = getenv("STEP_RANDOM_SCHEDULES");
	int n = env ? atoi(env) : 1000;
	unsigned seed = 12;
	struct step_target unsafe, mutex;
	target(&unsafe, 3, 2, "unsafe");
	target(&mutex, 2, 2, "mutex");
	struct model mu, mm;
	model_init(&mu, 3, 2, false, 0);
	model_init(&mm, 2, 2, true, 0);
	int same = 0;
	for (int i = 0; i < n; i++) {
		const struct step_target *t = i % 2 ? &mutex : &unsafe;
		const struct model *m = i % 2 ? &mm : &mu;
		char schedule[MAX_OPS * MAX_T + 1];
		model_random(m, &seed, schedule);
		struct step_trace a, b;
		char *err = NULL;
		ck_assert_msg(step_replay(t, schedule, &a, &err) == 0, "%s: %s", schedule, err);
		ck_assert_msg(step_replay(t, schedule, &b, &err) == 0, "%s: %s", schedule, err);
		char *ta = step_trace_text(&a), *tb = step_trace_text(&b);
		same += strcmp(ta, tb) == 0;
		ck_assert_msg(strcmp(ta, tb) == 0, "%s gave\n%s\nthen\n%s", schedule, ta, tb);
		/* and the run ends as the model says it must */
		ck_assert(a.has_result && a.has_observed);
		ck_assert_int_eq(a.observed, model_replay(m, schedule));
		ck_assert_uint_eq(a.nrows, strlen(schedule));
		free(ta);
		free(tb);
		step_trace_release(&a);
		step_trace_release(&b);
	}
	ck_assert_int_eq(same, n);
	step_target_release(&unsafe);
	step_target_release(&mutex);
	assert_no_children();
}
END_TEST

START_TEST(trace_rows_say_what_ran)
{
	struct step_target t;
	target(&t, 2, 1, "unsafe");
	struct step_trace tr;
	char *err = NULL;
	ck_assert_int_eq(step_replay(&t, "ABAB", &tr, &err), 0);
	ck_assert_uint_eq(tr.nrows, 4);
	const char *labels[] = {"load", "load", "store", "store"};
	long long after[] = {0, 0, 1, 1};
	for (int i = 0; i < 4; i++) {
		ck_assert_str_eq(tr.rows[i].label, labels[i]);
		ck_assert_int_eq(tr.rows[i].thread, i % 2);
		ck_assert_str_eq(tr.rows[i].file, "race_counter.c");
		ck_assert_int_gt(tr.rows[i].line, 0);
		ck_assert_int_eq(tr.rows[i].shared[0], after[i]);
	}
	ck_assert_str_eq(tr.rows[2].local, "v"); /* the store shows the value it loaded */
	ck_assert_int_eq(tr.rows[2].local_value, 0);
	ck_assert(tr.has_result && !tr.correct);
	ck_assert_int_eq(tr.observed, 1);
	ck_assert_int_eq(tr.expected, 2);
	step_trace_release(&tr);

	/* a schedule shorter than the run stops where it ends */
	ck_assert_int_eq(step_replay(&t, "AB", &tr, &err), 0);
	ck_assert_int_eq(tr.final.phase, STEP_RUNNING);
	ck_assert(!tr.has_result);
	ck_assert_str_eq(tr.final.threads[0].label, "store");
	step_trace_release(&tr);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

START_TEST(refusals_name_the_step_and_why)
{
	struct step_target t;
	target(&t, 2, 1, "mutex");
	char *err = NULL;
	struct stepper *s = stepper_start(&t, &err);
	ck_assert_msg(s != NULL, "%s", err ? err : "");
	ck_assert_int_eq(stepper_move(s, 0, &err), 0); /* A takes the lock */
	ck_assert_int_eq(stepper_state(s)->threads[1].state, STEP_T_BLOCKED);
	ck_assert_str_eq(stepper_state(s)->threads[1].waits_kind, "mutex");
	ck_assert_str_eq(stepper_state(s)->threads[1].waits_name, "lock");
	ck_assert_int_eq(stepper_move(s, 1, &err), 1);
	ck_assert_msg(strstr(err, "step 2: thread B is blocked") && strstr(err, "held by A"),
		      "%s", err);
	free(err);
	ck_assert_int_eq(stepper_move(s, 2, &err), 1);
	ck_assert_msg(strstr(err, "step 2: there is no thread C"), "%s", err);
	free(err);
	ck_assert_str_eq(stepper_schedule(s), "A");
	ck_assert_int_eq(stepper_state(s)->step, 1); /* unchanged by the refusals */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(stepper_move(s, 0, &err), 0);
	ck_assert_int_eq(stepper_state(s)->threads[0].state, STEP_T_DONE);
	ck_assert_int_eq(stepper_move(s, 0, &err), 1);
	ck_assert_msg(strstr(err, "step 5: thread A has finished"), "%s", err);
	free(err);
	ck_assert_str_eq(stepper_state(s)->locks[0].name, "lock");
	ck_assert_int_eq(stepper_state(s)->locks[0].owner, -1);
	stepper_free(s);

	/* the same through a schedule, and a letter that is no thread at all */
	struct step_trace tr;
	ck_assert_int_eq(step_replay(&t, "AB", &tr, &err), 1);
	ck_assert_msg(strstr(err, "step 2: thread B is blocked"), "%s", err);
	free(err);
	step_trace_release(&tr);
	ck_assert_int_eq(step_replay(&t, "AB1", &tr, &err), 1);
	ck_assert_msg(strstr(err, "letter 3, '1', is not a thread"), "%s", err);
	free(err);
	step_trace_release(&tr);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

START_TEST(targets_are_checked)
{
	struct step_target t;
	char *err = NULL;
	ck_assert_int_eq(step_target_init(&t, "no_such_demo", NULL, 0, NULL, &err), -1);
	ck_assert_msg(strstr(err, "unknown demo 'no_such_demo'"), "%s", err);
	free(err);
	ck_assert_int_eq(step_target_init(&t, "race_counter", NULL, 0, "quick", &err), -1);
	ck_assert_msg(strstr(err, "no variant 'quick'") && strstr(err, "unsafe, mutex"), "%s",
		      err);
	free(err);
	char *bad[] = {"threads=0"};
	ck_assert_int_eq(step_target_init(&t, "race_counter", bad, 1, NULL, &err), -1);
	ck_assert_msg(strstr(err, "threads"), "%s", err);
	free(err);
	ck_assert_int_eq(step_target_init(&t, "race_counter", NULL, 0, NULL, &err), 0);
	ck_assert_str_eq(t.variant, "unsafe"); /* the first variant by default */
	step_target_release(&t);
}
END_TEST

START_TEST(a_child_that_is_gone_is_a_failure)
{
	struct step_target t;
	target(&t, 2, 1, "unsafe");
	/* a program that does not speak the step protocol */
	free(t.argv[0]);
	t.argv[0] = xstrdup("/bin/true");
	char *err = NULL;
	struct stepper *s = stepper_start(&t, &err);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, "before its first step"), "%s", err);
	free(err);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

/* A child that floods stdout without a newline is not a demo in step mode:
 * the session fails at once with a message saying so (and lockstep keeps
 * at most about a MiB of it), and the child is gone. */
START_TEST(a_flood_without_newlines_is_a_failure)
{
	struct step_target t;
	target(&t, 2, 1, "unsafe");
	for (size_t i = 0; t.argv[i]; i++)
		free(t.argv[i]);
	free(t.argv);
	t.argv = xcalloc(4, sizeof *t.argv);
	t.argv[0] = xstrdup("/bin/sh");
	t.argv[1] = xstrdup("-c");
	t.argv[2] = xstrdup("while :; do printf '%01000d' 0; done");
	char *err = NULL;
	struct stepper *s = stepper_start(&t, &err);
	ck_assert_ptr_null(s);
	ck_assert_msg(err && strstr(err, "without a newline"), "%s", err ? err : "(no error)");
	free(err);
	step_target_release(&t);
	assert_no_children();
}
END_TEST

int main(void)
{
	const char *root = getenv("LOCKSTEP_ROOT"); /* the built demos are found there */
	setenv("LOCKSTEP_DATA", root ? root : ".", 1);
	paths_init("check_step");
	Suite *s = suite_create("step");
	TCase *tc = tcase_create("step");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, model_knows_the_published_counts);
	tcase_add_test(tc, explore_unsafe_2x2);
	tcase_add_test(tc, explore_unsafe_2x2_no_merge);
	tcase_add_test(tc, explore_mutex_2x2);
	tcase_add_test(tc, explore_unsafe_2x1);
	tcase_add_test(tc, explore_unsafe_3x1);
	tcase_add_test(tc, explore_unsafe_2x3);
	tcase_add_test(tc, explore_mutex_3x1);
	tcase_add_test(tc, goals_count_like_the_model);
	tcase_add_test(tc, goal_parse_names_the_problem);
	tcase_add_test(tc, limit_stops_early);
	tcase_add_test(tc, trace_rows_say_what_ran);
	tcase_add_test(tc, a_flood_without_newlines_is_a_failure);
	tcase_add_test(tc, refusals_name_the_step_and_why);
	tcase_add_test(tc, targets_are_checked);
	tcase_add_test(tc, a_child_that_is_gone_is_a_failure);
	tcase_add_test(tc, random_schedules_replay_identically);
	suite_add_tcase(s, tc);
	return check_run(s);
}
