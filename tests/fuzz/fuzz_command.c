/*
 * fuzz_command.c - libFuzzer target for what a learner types at the lab's
 * ':' prompt or in `lockstep shell`: each input line is split into words
 * (spaces) and carried out by core/session on one session that lives for the
 * whole input (so set, runs, goto and run build on each other), with the
 * real lessons, demo registry and exercises. Every word also goes through
 * the key=value checker (core/registry) and completion (core/command), and
 * the last line through the stepper's goal and schedule parsers and the
 * --runs parser. Any bytes must give a command or a message naming the
 * word, never a crash, a leak or undefined behaviour.
 *
 * Run from the tree (`make fuzz`): it finds lessons/ and build/lab/ from its
 * own path; progress goes to a private directory under /dev/shm.
 * Seeds: tests/fuzz/corpus-command.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/command.h"
#include "core/diag.h"
#include "core/exercise.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/registry.h"
#include "core/series.h"
#include "core/session.h"
#include "core/step_goal.h"
#include "core/step_run.h"
#include "core/util.h"

static struct catalog cat;
static struct registry reg;
static struct exercise_set ex;
static bool have_reg, have_ex;
static char *state;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

/* The private state directory goes when the fuzzer ends. */
static void remove_state(void)
{
	nftw(state, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	state = xasprintf("/dev/shm/lockstep-fuzz-command-%d", (int)getpid());
	setenv("XDG_STATE_HOME", state, 1);
	atexit(remove_state);
	paths_init((*argv)[0]);
	if (catalog_load(&cat, paths_lessons()) != 0)
		fprintf(stderr, "fuzz_command: no lessons found; goto is not fuzzed\n");
	char *err = NULL;
	have_reg = registry_load(&reg, NULL, &err) == 0;
	if (!have_reg)
		fprintf(stderr, "fuzz_command: %s (run make first)\n", err);
	free(err);
	err = NULL;
	struct diags d;
	diags_init(&d);
	have_ex = exercise_set_load(&ex, paths_root(), &d, &err) == 0;
	free(err);
	diags_release(&d);
	return 0;
}

/* Split a line into words at spaces (the face's quoting is libedit's). */
static size_t split(char *line, char **words, size_t max)
{
	size_t n = 0;
	for (char *w = strtok(line, " "); w && n < max; w = strtok(NULL, " "))
		words[n++] = w;
	return n;
}

static void complete_all(const struct command_ctx *ctx, int argc, const char *const *argv)
{
	for (int i = 0; i <= argc; i++) {
		size_t n;
		char **v = command_complete(ctx, argc, argv, i, i < argc ? argv[i] : "", &n);
		free(command_common_prefix(v, n));
		command_list_free(v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct progress *prog;
	char *warning = NULL;
	prog = progress_load(NULL, &warning);
	free(warning);
	struct session s;
	session_init(&s, &cat, have_reg ? &reg : NULL, have_ex ? &ex : NULL, prog);
	const struct reg_demo *rc = have_reg ? registry_find(&reg, "race_counter") : NULL;

	char *text = xstrndup((const char *)data, size);
	char *save = NULL, *last = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		last = line;
		char *copy = xstrdup(line);
		char *words[16];
		size_t n = split(copy, words, 16);
		const char *const *argv = (const char *const *)words;
		struct session_focus f = {.demo = n % 2 ? "race_counter" : NULL};
		struct command_ctx ctx = session_command_ctx(&s, &f);
		complete_all(&ctx, (int)n, argv);
		for (size_t i = 0; i < n && rc; i++) {
			char *err = NULL;
			registry_check_arg(rc, words[i], &err);
			free(err);
		}
		struct session_outcome out;
		char *err = NULL;
		if (session_execute(&s, &f, (int)n, argv, &out, &err) == 0)
			session_outcome_release(&out);
		else if (!err || !*err)
			abort(); /* a refusal always says why */
		free(err);
		const char *demo = session_current_demo(&s, &f);
		size_t na;
		if (demo)
			command_list_free(session_args(&s, &f, demo, &na));
		free(copy);
	}
	if (last) {
		char *err = NULL;
		struct step_goal g;
		step_goal_parse(last, &g, &err);
		free(err);
		err = NULL;
		step_schedule_check(last, &err);
		free(err);
		err = NULL;
		int k;
		series_parse_runs(last, &k, &err);
		free(err);
	}
	free(text);
	session_release(&s);
	progress_free(prog);
	return 0;
}
