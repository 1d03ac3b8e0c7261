/*
 * check_command.c - unit tests for src/core/command.c: parsing the lab's
 * command language against a catalogue, a registry and the exercises,
 * completion, and the plain word splitter.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/command.h"
#include "core/util.h"
#include "check_run.h"

static struct registry reg;
static struct catalog cat;
static struct exercise_set exs;
static char regpath[64];

static const char *reg_text =
	"{\"name\":\"race_counter\",\"summary\":\"s\",\"python\":\"p\","
	"\"variants\":[{\"name\":\"unsafe\",\"kind\":\"racy\",\"summary\":\"u\"}],"
	"\"params\":[{\"name\":\"threads\",\"default\":2,\"min\":1,\"max\":256,\"help\":\"h\"},"
	"{\"name\":\"iters\",\"default\":1000,\"min\":1,\"max\":1000000000,\"help\":\"h\"},"
	"{\"name\":\"seed\",\"default\":1,\"min\":0,\"max\":2147483647,\"help\":\"h\"}]}\n"
	"{\"name\":\"recursive_lock\",\"summary\":\"s\",\"python\":\"p\","
	"\"variants\":[{\"name\":\"plain\",\"kind\":\"broken\",\"summary\":\"u\"}],"
	"\"params\":[{\"name\":\"depth\",\"default\":2,\"min\":1,\"max\":8,\"help\":\"h\"}]}\n";

static void setup(void)
{
	snprintf(regpath, sizeof regpath, "/tmp/check_command.%d.jsonl", (int)getpid());
	FILE *f = fopen(regpath, "w");
	ck_assert_ptr_nonnull(f);
	fputs(reg_text, f);
	fclose(f);
	char *err = NULL;
	ck_assert_int_eq(registry_load(&reg, regpath, &err), 0);
	unlink(regpath);

	/* A hand-made catalogue: lessons 1 processes, 5 race-conditions, 12 pipes. */
	memset(&cat, 0, sizeof cat);
	static const struct {
		int number;
		const char *id;
	} lessons[] = {{1, "processes"}, {5, "race-conditions"}, {12, "pipes"}};
	cat.n = cat.cap = 3;
	cat.v = xcalloc(3, sizeof *cat.v);
	for (size_t i = 0; i < 3; i++) {
		cat.v[i].number = lessons[i].number;
		cat.v[i].id = xstrdup(lessons[i].id);
	}

	/* Three exercises, by hand: only what finding one by key needs. */
	memset(&exs, 0, sizeof exs);
	static const char *const ids[] = {"01-lost-updates", "02-atomic-tickets",
					  "03-semaphore-limit"};
	exs.n = exs.cap = 3;
	exs.v = xcalloc(3, sizeof *exs.v);
	for (size_t i = 0; i < 3; i++) {
		exs.v[i].number = (int)i + 1;
		exs.v[i].id = xstrdup(ids[i]);
	}
}

static void teardown(void)
{
	registry_release(&reg);
	for (size_t i = 0; i < cat.n; i++)
		free(cat.v[i].id);
	free(cat.v);
	for (size_t i = 0; i < exs.n; i++)
		free(exs.v[i].id);
	free(exs.v);
}

/* Split a test line at blanks (the faces use libedit's tok_str for
 * quoting; no test line here quotes). Free with command_list_free. */
static char **split(const char *line, int *argc)
{
	char **v = xcalloc(strlen(line) / 2 + 2, sizeof *v);
	*argc = 0;
	for (const char *p = line; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n)
			v[(*argc)++] = xstrndup(p, n);
		p += n;
	}
	return v;
}

/* Parse a line split at blanks against ctx. */
static int parse_in(struct command *cmd, const struct command_ctx *ctx, const char *line,
		    char **err)
{
	int argc;
	char **argv = split(line, &argc);
	int r = command_parse(cmd, ctx, argc, (const char *const *)argv, err);
	command_list_free(argv);
	return r;
}

/* Parse with everything known; returns command_parse's result. */
static int parse(struct command *cmd, const char *demo, const char *line, char **err)
{
	struct command_ctx ctx = {&cat, &reg, demo, &exs};
	return parse_in(cmd, &ctx, line, err);
}

START_TEST(test_empty)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "   ", &err), 0);
	ck_assert_int_eq(c.kind, CMD_NONE);
	command_release(&c);
}
END_TEST

START_TEST(test_unknown_command)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "frobnicate now", &err), -1);
	ck_assert_str_eq(err, "unknown command 'frobnicate' (try help)");
	free(err);
}
END_TEST

START_TEST(test_run_named)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "run race_counter threads=4 iters=10", &err), 0);
	ck_assert_int_eq(c.kind, CMD_RUN);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_uint_eq(c.nargs, 2);
	ck_assert_str_eq(c.args[0], "threads=4");
	ck_assert_str_eq(c.args[1], "iters=10");
	command_release(&c);
}
END_TEST

START_TEST(test_run_default_demo)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, "race_counter", "run threads=3", &err), 0);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_uint_eq(c.nargs, 1);
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "run", &err), -1);
	ck_assert_str_eq(err, "run: which demo? name one (run DEMO)");
	free(err);
}
END_TEST

START_TEST(test_step)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "step race_counter unsafe threads=2 iters=2", &err), 0);
	ck_assert_int_eq(c.kind, CMD_STEP);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_str_eq(c.variant, "unsafe");
	ck_assert_uint_eq(c.nargs, 2);
	ck_assert_str_eq(c.args[1], "iters=2");
	command_release(&c);

	ck_assert_int_eq(parse(&c, "race_counter", "step threads=3", &err), 0);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_ptr_null(c.variant);
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "step race_counter mutex", &err), -1);
	ck_assert_str_eq(err, "step: race_counter has no variant 'mutex'");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "step race_counter threads=0", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "threads"));
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "step", &err), -1);
	ck_assert_str_eq(err, "step: which demo? name one (step DEMO)");
	free(err);
}
END_TEST

START_TEST(test_run_bad_param)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "run race_counter threads=0", &err), -1);
	ck_assert_str_eq(err, "run: threads must be 1..256, got 0");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "run race_counter bogus=1", &err), -1);
	ck_assert_str_eq(err, "run: unknown parameter 'bogus' for race_counter");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "run race_counter threads", &err), -1);
	ck_assert_str_eq(err, "run: expected key=value, got 'threads'");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "run race_counter iters=1 x", &err), -1);
	ck_assert_str_eq(err, "run: expected key=value, got 'x'");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "run nosuch", &err), -1);
	ck_assert_str_eq(err, "run: unknown demo 'nosuch' (see lockstep demos)");
	free(err);
}
END_TEST

START_TEST(test_runs)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "runs 20", &err), 0);
	ck_assert_int_eq(c.kind, CMD_RUNS);
	ck_assert_int_eq(c.runs, 20);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "runs", &err), 0);
	ck_assert_int_eq(c.runs, 0);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "runs 0", &err), -1);
	ck_assert_str_eq(err, "runs: K must be 1..1000, got '0'");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "runs 5x", &err), -1);
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "runs 1 2", &err), -1);
	free(err);
}
END_TEST

START_TEST(test_set)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, "race_counter", "set threads=8", &err), 0);
	ck_assert_int_eq(c.kind, CMD_SET);
	ck_assert_str_eq(c.demo, "race_counter");
	ck_assert_str_eq(c.args[0], "threads=8");
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "set recursive_lock depth=3", &err), 0);
	ck_assert_str_eq(c.demo, "recursive_lock");
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "set runs=7", &err), 0);
	ck_assert_int_eq(c.kind, CMD_SET);
	ck_assert_int_eq(c.runs, 7);
	ck_assert_uint_eq(c.nargs, 0);
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "set threads=2", &err), -1);
	ck_assert_str_eq(err, "set: which demo? name one (set DEMO key=value)");
	free(err);
	ck_assert_int_eq(parse(&c, "race_counter", "set", &err), -1);
	free(err);
	ck_assert_int_eq(parse(&c, "recursive_lock", "set depth=9", &err), -1);
	ck_assert_str_eq(err, "set: depth must be 1..8, got 9");
	free(err);
}
END_TEST

START_TEST(test_goto)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "goto 12", &err), 0);
	ck_assert_int_eq(c.kind, CMD_GOTO);
	ck_assert_int_eq(c.lesson, 2);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "goto race-conditions", &err), 0);
	ck_assert_int_eq(c.lesson, 1);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "goto 99", &err), -1);
	ck_assert_str_eq(err, "goto: no lesson '99' (see lockstep list)");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "goto", &err), -1);
	free(err);
	/* a prefix, a fragment of an id */
	ck_assert_int_eq(parse(&c, NULL, "goto race", &err), 0);
	ck_assert_int_eq(c.lesson, 1);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "goto condition", &err), 0);
	ck_assert_int_eq(c.lesson, 1);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "goto pi", &err), 0);
	ck_assert_int_eq(c.lesson, 2);
	command_release(&c);
	/* ambiguous: both named */
	ck_assert_int_eq(parse(&c, NULL, "goto s", &err), -1);
	ck_assert_str_eq(err, "goto: 's' matches 3 lessons: processes, race-conditions, pipes");
	free(err);
	/* a typo: the nearest name offered */
	ck_assert_int_eq(parse(&c, NULL, "goto race-condtions", &err), -1);
	ck_assert_str_eq(err, "goto: no lesson 'race-condtions'; did you mean 'race-conditions' (05)?");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "goto procesess", &err), -1);
	ck_assert_str_eq(err, "goto: no lesson 'procesess'; did you mean 'processes' (01)?");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "goto zzzzzz", &err), -1);
	ck_assert_str_eq(err, "goto: no lesson 'zzzzzz' (see lockstep list)");
	free(err);
}
END_TEST

START_TEST(test_simple_commands)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "next", &err), 0);
	ck_assert_int_eq(c.kind, CMD_NEXT);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "prev", &err), 0);
	ck_assert_int_eq(c.kind, CMD_PREV);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "q", &err), 0);
	ck_assert_int_eq(c.kind, CMD_QUIT);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "quit now", &err), -1);
	ck_assert_str_eq(err, "quit: takes no arguments, got 'now'");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "help run", &err), 0);
	ck_assert_int_eq(c.kind, CMD_HELP);
	ck_assert_str_eq(c.topic, "run");
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "help nope", &err), -1);
	free(err);
	ck_assert_int_eq(parse(&c, "race_counter", "source", &err), 0);
	ck_assert_int_eq(c.kind, CMD_SOURCE);
	ck_assert_str_eq(c.demo, "race_counter");
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "source", &err), -1);
	free(err);
}
END_TEST

START_TEST(test_exercises)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "exercises", &err), 0);
	ck_assert_int_eq(c.kind, CMD_EXERCISES);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "ex", &err), 0);
	ck_assert_int_eq(c.kind, CMD_EXERCISES);
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "exercises 3", &err), -1);
	ck_assert_str_eq(err, "exercises: takes no arguments, got '3'");
	free(err);
}
END_TEST

START_TEST(test_verify)
{
	struct command c;
	char *err = NULL;
	ck_assert_int_eq(parse(&c, NULL, "verify", &err), 0);
	ck_assert_int_eq(c.kind, CMD_VERIFY);
	ck_assert_ptr_null(c.exercise);
	command_release(&c);

	/* a number, an id or a name: the exercise's id comes back */
	ck_assert_int_eq(parse(&c, NULL, "verify 2", &err), 0);
	ck_assert_str_eq(c.exercise, "02-atomic-tickets");
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "verify 03", &err), 0);
	ck_assert_str_eq(c.exercise, "03-semaphore-limit");
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "verify lost-updates", &err), 0);
	ck_assert_str_eq(c.exercise, "01-lost-updates");
	command_release(&c);
	ck_assert_int_eq(parse(&c, NULL, "verify 01-lost-updates", &err), 0);
	ck_assert_str_eq(c.exercise, "01-lost-updates");
	command_release(&c);

	ck_assert_int_eq(parse(&c, NULL, "verify 99", &err), -1);
	ck_assert_str_eq(err, "verify: no exercise '99' (see lockstep exercises)");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "verify nope", &err), -1);
	ck_assert_str_eq(err, "verify: no exercise 'nope' (see lockstep exercises)");
	free(err);
	ck_assert_int_eq(parse(&c, NULL, "verify 1 2", &err), -1);
	ck_assert_str_eq(err, "verify: expected one exercise number or name, got '2'");
	free(err);

	/* without the exercises at hand the word is passed on unchecked */
	struct command_ctx bare = {&cat, &reg, NULL, NULL};
	ck_assert_int_eq(parse_in(&c, &bare, "verify 7", &err), 0);
	ck_assert_int_eq(c.kind, CMD_VERIFY);
	ck_assert_str_eq(c.exercise, "7");
	command_release(&c);
}
END_TEST

/* Complete the last word of `line` (or a new word after a trailing blank). */
static char **complete(const char *demo, const char *line, size_t *n)
{
	int argc;
	char **argv = split(line, &argc);
	size_t len = strlen(line);
	bool fresh = len == 0 || line[len - 1] == ' ';
	int argi = fresh ? argc : argc - 1;
	const char *prefix = fresh ? "" : argv[argc - 1];
	struct command_ctx ctx = {&cat, &reg, demo, &exs};
	char **v = command_complete(&ctx, argc, (const char *const *)argv, argi, prefix, n);
	command_list_free(argv);
	return v;
}

START_TEST(test_complete_commands)
{
	size_t n;
	char **v = complete(NULL, "ru", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "run");
	ck_assert_str_eq(v[1], "runs");
	ck_assert_ptr_null(v[2]);
	command_list_free(v);

	v = complete(NULL, "", &n);
	ck_assert_uint_eq(n, 12);
	command_list_free(v);

	v = complete(NULL, "ve", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "verify");
	command_list_free(v);

	v = complete(NULL, "ex", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "exercises");
	command_list_free(v);

	v = complete(NULL, "help g", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "goto");
	command_list_free(v);
}
END_TEST

START_TEST(test_complete_demos_and_params)
{
	size_t n;
	char **v = complete(NULL, "run r", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "race_counter");
	ck_assert_str_eq(v[1], "recursive_lock");
	command_list_free(v);

	v = complete(NULL, "run race_counter ", &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "iters=");
	ck_assert_str_eq(v[1], "seed=");
	ck_assert_str_eq(v[2], "threads=");
	command_list_free(v);

	/* a key already given is not offered again */
	v = complete(NULL, "run race_counter threads=2 ", &n);
	ck_assert_uint_eq(n, 2);
	command_list_free(v);

	/* a bare run completes the focused demo's parameters too */
	v = complete("race_counter", "run th", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "threads=");
	command_list_free(v);

	v = complete("race_counter", "set ", &n);
	bool has_runs = false;
	for (size_t i = 0; i < n; i++)
		has_runs |= strcmp(v[i], "runs=") == 0;
	ck_assert(has_runs);
	command_list_free(v);

	v = complete(NULL, "run race_counter threads=", &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(v[0]);
	command_list_free(v);

	v = complete(NULL, "source rec", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "recursive_lock");
	command_list_free(v);
}
END_TEST

START_TEST(test_complete_exercises)
{
	size_t n;
	char **v = complete(NULL, "verify ", &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "01-lost-updates");
	ck_assert_str_eq(v[2], "03-semaphore-limit");
	command_list_free(v);

	v = complete(NULL, "verify 02", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "02-atomic-tickets");
	command_list_free(v);

	/* a word that is not a number completes the name */
	v = complete(NULL, "verify sem", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "semaphore-limit");
	command_list_free(v);

	v = complete(NULL, "verify 01-lost-updates ", &n);
	ck_assert_uint_eq(n, 0);
	command_list_free(v);

	v = complete(NULL, "exercises ", &n);
	ck_assert_uint_eq(n, 0);
	command_list_free(v);
}
END_TEST

START_TEST(test_complete_lessons)
{
	size_t n;
	char **v = complete(NULL, "goto p", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "pipes");
	ck_assert_str_eq(v[1], "processes");
	command_list_free(v);

	v = complete(NULL, "goto 1", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "1");
	ck_assert_str_eq(v[1], "12");
	command_list_free(v);

	v = complete(NULL, "next ", &n);
	ck_assert_uint_eq(n, 0);
	command_list_free(v);
}
END_TEST

START_TEST(test_common_prefix)
{
	char *v[] = {"race_counter", "recursive_lock"};
	char *p = command_common_prefix(v, 2);
	ck_assert_str_eq(p, "r");
	free(p);
	p = command_common_prefix(v, 1);
	ck_assert_str_eq(p, "race_counter");
	free(p);
	p = command_common_prefix(v, 0);
	ck_assert_str_eq(p, "");
	free(p);
	char *u[] = {"caf\xc3\xa9", "caf\xc3\xa8"};
	p = command_common_prefix(u, 2);
	ck_assert_str_eq(p, "caf");
	free(p);
}
END_TEST

START_TEST(test_table)
{
	size_t n;
	const struct command_info *t = command_table(&n);
	ck_assert_uint_eq(n, 12);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_eq(command_lookup(t[i].name), &t[i]);
		ck_assert(strncmp(t[i].usage, t[i].name, strlen(t[i].name)) == 0);
	}
	ck_assert_ptr_null(command_lookup("nope"));
	ck_assert_str_eq(command_lookup("exit")->name, "quit");
	ck_assert_str_eq(command_lookup("ex")->name, "exercises");
	ck_assert_str_eq(command_lookup("verify")->usage, "verify [N]");
}
END_TEST

static Suite *command_suite(void)
{
	Suite *s = suite_create("command");
	TCase *tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_unknown_command);
	tcase_add_test(tc, test_run_named);
	tcase_add_test(tc, test_run_default_demo);
	tcase_add_test(tc, test_run_bad_param);
	tcase_add_test(tc, test_step);
	tcase_add_test(tc, test_runs);
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_goto);
	tcase_add_test(tc, test_simple_commands);
	tcase_add_test(tc, test_exercises);
	tcase_add_test(tc, test_verify);
	suite_add_tcase(s, tc);

	tc = tcase_create("complete");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_complete_commands);
	tcase_add_test(tc, test_complete_demos_and_params);
	tcase_add_test(tc, test_complete_exercises);
	tcase_add_test(tc, test_complete_lessons);
	tcase_add_test(tc, test_common_prefix);
	suite_add_tcase(s, tc);

	tc = tcase_create("split");
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(command_suite());
}
