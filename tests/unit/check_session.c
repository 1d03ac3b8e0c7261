/*
 * check_session.c - the session both faces share: which demo a bare
 * command means, how a card's parameters, `set` and `run` words merge,
 * bad words rejected with the demo and the key named, runs K (bounds,
 * saved and read back), lesson moves, and a run prepared for the series.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/progress.h"
#include "core/session.h"
#include "core/util.h"
#include "check_run.h"

static struct registry reg;
static struct catalog cat;
static struct session ses;

static const char *reg_text =
	"{\"name\":\"race_counter\",\"summary\":\"s\",\"python\":\"p\","
	"\"variants\":[{\"name\":\"unsafe\",\"kind\":\"racy\",\"summary\":\"u\"}],"
	"\"params\":[{\"name\":\"threads\",\"default\":2,\"min\":1,\"max\":256,\"help\":\"h\"},"
	"{\"name\":\"iters\",\"default\":1000,\"min\":1,\"max\":1000000000,\"help\":\"h\"}]}\n"
	"{\"name\":\"recursive_lock\",\"summary\":\"s\",\"python\":\"p\","
	"\"variants\":[{\"name\":\"plain\",\"kind\":\"broken\",\"summary\":\"u\"}],"
	"\"params\":[{\"name\":\"depth\",\"default\":2,\"min\":1,\"max\":8,\"help\":\"h\"}]}\n"
	"{\"name\":\"not_built\",\"summary\":\"s\",\"python\":\"p\","
	"\"variants\":[{\"name\":\"a\",\"kind\":\"safe\",\"summary\":\"u\"}],\"params\":[]}\n";

/* A demo card "```demo NAME k=v...```" made by hand. */
static struct block *card(const char *name, const char *const *kv, size_t n)
{
	struct block *b = xcalloc(1, sizeof *b);
	b->kind = BLK_DEMO;
	b->demo.name = xstrdup(name);
	b->demo.params = xcalloc(n ? n : 1, sizeof *b->demo.params);
	b->demo.nparams = n;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		b->demo.params[i].key = xstrndup(kv[i], (size_t)(eq - kv[i]));
		b->demo.params[i].value = xstrdup(eq + 1);
	}
	return b;
}

static void setup(void)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/check_session.%d.jsonl", (int)getpid());
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(reg_text, f);
	fclose(f);
	char *err = NULL;
	ck_assert_int_eq(registry_load(&reg, path, &err), 0);
	unlink(path);

	/* Lesson 1 has two race_counter cards and a recursive_lock card;
	 * lesson 2 has none; lesson 3 has a problem (a diagnostic). */
	memset(&cat, 0, sizeof cat);
	cat.n = cat.cap = 3;
	cat.v = xcalloc(3, sizeof *cat.v);
	static const char *const a[] = {"threads=4", "iters=500"};
	static const char *const b[] = {"threads=8"};
	static const char *const c[] = {"depth=3"};
	for (size_t i = 0; i < 3; i++) {
		cat.v[i].number = (int)i + 1;
		cat.v[i].id = xasprintf("lesson-%zu", i + 1);
		cat.v[i].lesson = xcalloc(1, sizeof *cat.v[i].lesson);
	}
	struct lesson *l = cat.v[0].lesson;
	l->nblocks = 3;
	l->blocks = xcalloc(3, sizeof *l->blocks);
	l->blocks[0] = card("race_counter", a, 2);
	l->blocks[1] = card("race_counter", b, 1);
	l->blocks[2] = card("recursive_lock", c, 1);
	cat.v[2].lesson->nblocks = 1;
	cat.v[2].lesson->blocks = xcalloc(1, sizeof *l->blocks);
	cat.v[2].lesson->blocks[0] = card("recursive_lock", c, 1);
	cat.v[2].diags.n = 1; /* counted only: the session looks at n */

	session_init(&ses, &cat, &reg, NULL, NULL);
	ses.lesson = 0;
}

static void teardown(void)
{
	session_release(&ses);
	for (size_t i = 0; i < cat.n; i++) {
		struct lesson *l = cat.v[i].lesson;
		for (size_t k = 0; k < l->nblocks; k++) {
			struct demo_block *d = &l->blocks[k]->demo;
			for (size_t p = 0; p < d->nparams; p++) {
				free(d->params[p].key);
				free(d->params[p].value);
			}
			free(d->params);
			free(d->name);
			free(l->blocks[k]);
		}
		free(l->blocks);
		free(l);
		free(cat.v[i].id);
	}
	free(cat.v);
	registry_release(&reg);
}

/* Execute one line split at blanks. */
static int exec(const char *line, struct session_outcome *out, char **err)
{
	char *copy = xstrdup(line), *save = NULL;
	const char *argv[16];
	int argc = 0;
	for (char *w = strtok_r(copy, " ", &save); w && argc < 16; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	int r = session_execute(&ses, NULL, argc, argv, out, err);
	free(copy);
	return r;
}

/* The words `demo` runs with, joined by blanks. Caller frees. */
static char *args_of(const struct session_focus *f, const char *demo)
{
	size_t n;
	char **v = session_args(&ses, f, demo, &n);
	struct sbuf sb = {0};
	sbuf_adds(&sb, "");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s", i ? " " : "", v[i]);
	ck_assert_ptr_null(v[n]);
	command_list_free(v);
	return sbuf_detach(&sb);
}

#define ASSERT_ARGS(f, demo, want)                \
	do {                                      \
		char *got_ = args_of(f, demo);    \
		ck_assert_str_eq(got_, want);     \
		free(got_);                       \
	} while (0)

START_TEST(current_demo)
{
	/* the lesson's first card, until a demo is run or set */
	ck_assert_str_eq(session_current_demo(&ses, NULL), "race_counter");
	struct session_focus f = {"recursive_lock", NULL};
	ck_assert_str_eq(session_current_demo(&ses, &f), "recursive_lock");
	char *err = NULL;
	ck_assert_int_eq(session_set(&ses, "recursive_lock", NULL, 0, &err), 0);
	ck_assert_str_eq(session_current_demo(&ses, NULL), "recursive_lock");
	ck_assert_str_eq(ses.demo, "recursive_lock");
	/* no lesson (or one with problems) and nothing run: none */
	session_release(&ses);
	session_init(&ses, &cat, &reg, NULL, NULL);
	ses.lesson = 1;
	ck_assert_ptr_null(session_current_demo(&ses, NULL));
	ses.lesson = 2;
	ck_assert_ptr_null(session_lesson(&ses));
	ck_assert_ptr_null(session_current_demo(&ses, NULL));
	ses.lesson = -1;
	ck_assert_ptr_null(session_lesson(&ses));
}
END_TEST

START_TEST(card_then_overrides)
{
	ASSERT_ARGS(NULL, "race_counter", "threads=4 iters=500");
	/* the focused card wins over the lesson's first for that demo */
	struct session_focus f = {"race_counter", &cat.v[0].lesson->blocks[1]->demo};
	ASSERT_ARGS(&f, "race_counter", "threads=8");
	/* a focused card of another demo does not apply */
	struct session_focus g = {NULL, &cat.v[0].lesson->blocks[2]->demo};
	ASSERT_ARGS(&g, "race_counter", "threads=4 iters=500");

	char *err = NULL;
	char *w1[] = {"iters=9", "threads=16"};
	ck_assert_int_eq(session_set(&ses, "race_counter", w1, 2, &err), 0);
	/* the override replaces the card's value in its place */
	ASSERT_ARGS(NULL, "race_counter", "threads=16 iters=9");
	ASSERT_ARGS(&f, "race_counter", "threads=16 iters=9");
	char *w2[] = {"threads=3", "threads=5"};
	ck_assert_int_eq(session_set(&ses, "race_counter", w2, 2, &err), 0);
	ASSERT_ARGS(NULL, "race_counter", "threads=5 iters=9");
	size_t n;
	char *const *o = session_overrides(&ses, "race_counter", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(o[0], "iters=9");
	ck_assert_str_eq(o[1], "threads=5");
	/* other demos are untouched; a demo with no card has only overrides */
	ASSERT_ARGS(NULL, "recursive_lock", "depth=3");
	ck_assert_ptr_null(session_overrides(&ses, "not_built", &n));
	ck_assert_uint_eq(n, 0);
	ASSERT_ARGS(NULL, "not_built", "");
}
END_TEST

START_TEST(bad_words_are_named)
{
	char *err = NULL;
	char *ok[] = {"iters=7"};
	ck_assert_int_eq(session_set(&ses, "race_counter", ok, 1, &err), 0);

	char *bad[] = {"threads=2", "threads=0"};
	ck_assert_int_eq(session_set(&ses, "race_counter", bad, 2, &err), -1);
	ck_assert_str_eq(err, "race_counter: threads must be 1..256, got 0");
	free(err);
	char *abc[] = {"iters=abc"};
	ck_assert_int_eq(session_set(&ses, "race_counter", abc, 1, &err), -1);
	ck_assert_str_eq(err, "race_counter: iters must be an integer, got 'abc'");
	free(err);
	char *unknown[] = {"colour=red"};
	ck_assert_int_eq(session_set(&ses, "race_counter", unknown, 1, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "race_counter: "));
	ck_assert_ptr_nonnull(strstr(err, "'colour'"));
	free(err);
	char *noeq[] = {"threads"};
	ck_assert_int_eq(session_set(&ses, "race_counter", noeq, 1, &err), -1);
	ck_assert_str_eq(err, "race_counter: expected key=value, got 'threads'");
	free(err);
	ck_assert_int_eq(session_set(&ses, "nope", ok, 1, &err), -1);
	ck_assert_str_eq(err, "unknown demo 'nope' (lockstep demos lists them)");
	free(err);
	/* nothing of a rejected set was kept: not even its good first word */
	ASSERT_ARGS(NULL, "race_counter", "threads=4 iters=7");
	ck_assert_str_eq(ses.demo, "race_counter");
}
END_TEST

START_TEST(run_is_prepared_and_sticks)
{
	struct session_outcome out;
	char *err = NULL;
	ses.runs = 3;
	ck_assert_msg(exec("run threads=3", &out, &err) == 0, "%s", err ? err : "");
	ck_assert_int_eq(out.kind, CMD_RUN);
	ck_assert_str_eq(out.run.demo, "race_counter");
	ck_assert_ptr_nonnull(strstr(out.run.program, "build/lab/race_counter"));
	ck_assert_int_eq(access(out.run.program, X_OK), 0);
	const char *want[] = {"race_counter", "--json", "threads=3", "iters=500", NULL};
	for (size_t i = 0; want[i]; i++)
		ck_assert_str_eq(out.run.argv[i], want[i]);
	ck_assert_ptr_null(out.run.argv[4]);
	ck_assert_uint_eq(out.run.nargs, 2);
	ck_assert_str_eq(out.run.args[0], "threads=3");
	ck_assert_int_eq(out.run.k, 3);
	session_outcome_release(&out);
	/* run's words stick for the next run, like set */
	ASSERT_ARGS(NULL, "race_counter", "threads=3 iters=500");
	ck_assert_str_eq(ses.demo, "race_counter");

	/* a bare run now means the last demo, with what stuck */
	ck_assert_int_eq(exec("run", &out, &err), 0);
	ck_assert_str_eq(out.run.argv[2], "threads=3");
	session_outcome_release(&out);
}
END_TEST

START_TEST(run_refuses)
{
	struct session_outcome out;
	char *err = NULL;
	ck_assert_int_eq(exec("run race_counter threads=0", &out, &err), -1);
	ck_assert_str_eq(err, "run: threads must be 1..256, got 0");
	free(err);
	ck_assert_int_eq(exec("run nope", &out, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown demo 'nope'"));
	free(err);
	ck_assert_int_eq(exec("run not_built", &out, &err), -1);
	ck_assert_msg(strstr(err, "run: not_built is not built (looked for ") &&
		      strstr(err, "): run make"), "%s", err);
	free(err);
	ck_assert_int_eq(exec("frobnicate", &out, &err), -1);
	ck_assert_str_eq(err, "unknown command 'frobnicate' (try help)");
	free(err);
	/* nothing run, nothing kept */
	ASSERT_ARGS(NULL, "race_counter", "threads=4 iters=500");
	ck_assert_str_eq(ses.demo, "not_built"); /* it was named: the last demo */
}
END_TEST

START_TEST(runs_bounds_and_saving)
{
	char dir[] = "/tmp/check_session-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xasprintf("%s/progress.json", dir);
	char *warn = NULL;
	struct progress *p = progress_load(path, &warn);
	ck_assert_ptr_nonnull(p);
	free(warn);
	ses.progress = p;

	struct session_outcome out;
	char *err = NULL;
	ck_assert_int_eq(exec("runs 5", &out, &err), 0);
	ck_assert(out.runs_changed);
	ck_assert_int_eq(out.runs, 5);
	ck_assert_int_eq(ses.runs, 5);
	session_outcome_release(&out);
	ck_assert_int_eq(exec("runs", &out, &err), 0); /* tells K, changes nothing */
	ck_assert(!out.runs_changed);
	ck_assert_int_eq(out.runs, 5);
	session_outcome_release(&out);

	ck_assert_int_eq(exec("runs 0", &out, &err), -1);
	ck_assert_str_eq(err, "runs: K must be 1..1000, got '0'");
	free(err);
	ck_assert_int_eq(exec("runs abc", &out, &err), -1);
	ck_assert_str_eq(err, "runs: K must be a number 1..1000, got 'abc'");
	free(err);
	ck_assert_int_eq(exec("runs 1001", &out, &err), -1);
	ck_assert_str_eq(err, "runs: K must be 1..1000, got '1001' (at most 1000 runs)");
	free(err);
	ck_assert_int_eq(exec("set runs=abc", &out, &err), -1);
	ck_assert_str_eq(err, "set: runs must be a number 1..1000, got 'abc'");
	free(err);
	ck_assert_int_eq(ses.runs, 5);

	/* set with runs=K and a parameter does both */
	ck_assert_int_eq(exec("set threads=6 runs=9", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_SET);
	ck_assert_str_eq(out.demo, "race_counter");
	ck_assert_uint_eq(out.nargs, 1);
	ck_assert_str_eq(out.args[0], "threads=6");
	ck_assert(out.runs_changed);
	ck_assert_int_eq(out.runs, 9);
	session_outcome_release(&out);

	/* K was saved: a new session reads it back */
	progress_free(p);
	p = progress_load(path, &warn);
	free(warn);
	struct session other;
	session_init(&other, &cat, &reg, NULL, p);
	ck_assert_int_eq(other.runs, 1);
	session_load_runs(&other, 10);
	ck_assert_int_eq(other.runs, 9);
	/* a bad saved value falls back */
	progress_set_setting(p, "runs", "5000");
	session_load_runs(&other, 10);
	ck_assert_int_eq(other.runs, 10);
	session_release(&other);
	progress_free(p);
	ses.progress = NULL;
	unlink(path);
	rmdir(dir);
	free(path);
}
END_TEST

START_TEST(lesson_moves)
{
	struct session_outcome out;
	char *err = NULL;
	ck_assert_int_eq(exec("prev", &out, &err), -1);
	ck_assert_str_eq(err, "prev: this is the first lesson");
	free(err);
	ck_assert_int_eq(ses.lesson, 0);
	ck_assert_int_eq(exec("next", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_NEXT);
	ck_assert_int_eq(out.lesson, 1);
	ck_assert_int_eq(ses.lesson, 1);
	session_outcome_release(&out);
	ck_assert_int_eq(exec("goto 3", &out, &err), 0);
	ck_assert_int_eq(out.lesson, 2);
	ck_assert_int_eq(ses.lesson, 2);
	session_outcome_release(&out);
	ck_assert_int_eq(exec("next", &out, &err), -1);
	ck_assert_str_eq(err, "next: this is the last lesson");
	free(err);
	ck_assert_int_eq(exec("goto lesson-2", &out, &err), 0);
	ck_assert_int_eq(ses.lesson, 1);
	session_outcome_release(&out);
}
END_TEST

START_TEST(left_to_the_face)
{
	struct session_outcome out;
	char *err = NULL;
	ck_assert_int_eq(exec("source recursive_lock", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_SOURCE);
	ck_assert_str_eq(out.demo, "recursive_lock");
	session_outcome_release(&out);
	ck_assert_int_eq(exec("help runs", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_HELP);
	ck_assert_str_eq(out.topic, "runs");
	session_outcome_release(&out);
	ck_assert_int_eq(exec("q", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_QUIT);
	session_outcome_release(&out);
	ck_assert_int_eq(exec("", &out, &err), 0);
	ck_assert_int_eq(out.kind, CMD_NONE);
	session_outcome_release(&out);
}
END_TEST

int main(void)
{
	const char *root = getenv("LOCKSTEP_ROOT"); /* the built demos are found there */
	setenv("LOCKSTEP_DATA", root ? root : ".", 1);
	paths_init("check_session"); /* once: the paths live for the whole process */
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("session");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, current_demo);
	tcase_add_test(tc, card_then_overrides);
	tcase_add_test(tc, bad_words_are_named);
	tcase_add_test(tc, run_is_prepared_and_sticks);
	tcase_add_test(tc, run_refuses);
	tcase_add_test(tc, runs_bounds_and_saving);
	tcase_add_test(tc, lesson_moves);
	tcase_add_test(tc, left_to_the_face);
	suite_add_tcase(s, tc);
	return check_run(s);
}
