/*
 * cmd_step.c - `lockstep step` (run one schedule, print the trace table and
 * the outcome; a deadlock in the style of lockdep) and `lockstep explore`
 * (every interleaving of a small instance: outcomes, deadlocks, a goal).
 */
#define _GNU_SOURCE
#include <cJSON.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/step.h"
#include "core/step_run.h"
#include "core/util.h"

/* The arguments both commands share. */
struct step_args {
	const char *demo, *variant;
	char **params;
	size_t nparams;
};

static void print_heading(const struct step_target *t, const struct step_args *a)
{
	printf("%s", t->demo);
	for (size_t i = 0; i < a->nparams; i++)
		printf(" %s", a->params[i]);
	printf(", variant %s", t->variant);
}

/* ------------------------------------------------------------ lockdep style */

/* Each blocked thread: what it holds, what it waits for, where. */
static void print_holds_waits(const struct step_state *s, const char *indent)
{
	for (size_t i = 0; i < s->nthreads; i++) {
		const struct step_thread *t = &s->threads[i];
		if (t->state != STEP_T_BLOCKED)
			continue;
		printf("%s%c holds", indent, step_letter((int)i));
		int held = 0;
		for (size_t k = 0; k < s->nlocks; k++)
			if (s->locks[k].owner == (int)i)
				printf("%s %s (taken at %s:%d)", held++ ? "," : "", s->locks[k].name,
				       s->locks[k].file ? s->locks[k].file : "?", s->locks[k].line);
		if (!held)
			printf(" nothing");
		printf("\n%s  and waits for %s %s at %s:%d", indent,
		       t->waits_kind ? t->waits_kind : "?", t->waits_name ? t->waits_name : "?",
		       t->file, t->line);
		const struct step_lock *w = t->waits_name ? step_state_lock(s, t->waits_name) : NULL;
		if (w && w->owner >= 0)
			printf(", held by %c", step_letter(w->owner));
		printf("\n");
	}
}

/* The lockdep "possible unsafe locking scenario" table: one column per
 * thread, the lock steps that still hold, then the waits that cannot go on. */
static void print_scenario(const struct step_trace *tr)
{
	const struct step_state *s = &tr->final;
	int cols = (int)s->nthreads, width = 26;
	printf("\n Unsafe locking scenario, as it happened:\n\n");
	for (int c = 0; c < cols; c++)
		printf("%*s%c", c ? width - 1 : 7, "", step_letter(c));
	printf("\n");
	for (int c = 0; c < cols; c++)
		printf("%*s----", c ? width - 4 : 7, "");
	printf("\n");
	for (size_t r = 0; r < tr->nrows; r++) {
		const struct step_row *row = &tr->rows[r];
		if (strcmp(row->label, "lock") != 0)
			continue;
		for (size_t k = 0; k < s->nlocks; k++) {
			const struct step_lock *l = &s->locks[k];
			if (l->owner != row->thread || !l->file || strcmp(l->file, row->file) != 0 ||
			    l->line != row->line)
				continue;
			char cell[128];
			snprintf(cell, sizeof cell, "lock(%s);", l->name);
			printf("  %*s%s\n", 5 + width * row->thread, "", cell);
		}
	}
	for (size_t i = 0; i < s->nthreads; i++) {
		const struct step_thread *t = &s->threads[i];
		if (t->state != STEP_T_BLOCKED)
			continue;
		char cell[128];
		snprintf(cell, sizeof cell, "%s(%s);", strcmp(t->waits_kind ? t->waits_kind : "",
							     "mutex") == 0 ? "lock" : t->waits_kind,
			 t->waits_name ? t->waits_name : "?");
		printf("  %*s%s\n", 5 + width * (int)i, "", cell);
	}
	printf("\n *** DEADLOCK ***\n");
}

/* ------------------------------------------------------------ step */

/* Print a table line without its trailing blanks, and empty the buffer. */
static void put_trimmed(struct sbuf *line)
{
	size_t n = line->len;
	while (n > 0 && line->buf[n - 1] == ' ')
		n--;
	printf("%.*s\n", (int)n, n ? line->buf : "");
	line->len = 0;
	if (line->buf)
		line->buf[0] = '\0';
}

static void print_trace(const struct step_target *t, const struct step_args *a,
			const char *schedule, const struct step_trace *tr)
{
	print_heading(t, a);
	printf(", schedule %s\n\n", *schedule ? schedule : "(empty)");
	const struct step_state *f = &tr->final;
	int stmt_w = 9, where_w = 5;
	for (size_t i = 0; i < tr->nrows; i++) {
		const struct step_row *r = &tr->rows[i];
		int w = (int)strlen(r->label) + (r->local ? snprintf(NULL, 0, " %s=%lld", r->local,
								       r->local_value) : 0);
		int v = snprintf(NULL, 0, "%s:%d", r->file, r->line);
		stmt_w = w > stmt_w ? w : stmt_w;
		where_w = v > where_w ? v : where_w;
	}
	struct sbuf line = {0};
	sbuf_addf(&line, "step  thread  %-*s  %-*s", stmt_w, "statement", where_w, "where");
	for (size_t k = 0; k < f->nshared; k++)
		sbuf_addf(&line, "  %s", f->shared[k].name);
	put_trimmed(&line);
	sbuf_addf(&line, "   0          %-*s  %-*s", stmt_w, "(start)", where_w, "");
	for (size_t k = 0; k < tr->first.nshared; k++)
		sbuf_addf(&line, "  %*lld", (int)strlen(tr->first.shared[k].name),
			  tr->first.shared[k].value);
	put_trimmed(&line);
	for (size_t i = 0; i < tr->nrows; i++) {
		const struct step_row *r = &tr->rows[i];
		char stmt[160], where[160];
		if (r->local)
			snprintf(stmt, sizeof stmt, "%s %s=%lld", r->label, r->local, r->local_value);
		else
			snprintf(stmt, sizeof stmt, "%s", r->label);
		snprintf(where, sizeof where, "%s:%d", r->file, r->line);
		sbuf_addf(&line, "%4zu  %-6c  %-*s  %-*s", i + 1, step_letter(r->thread), stmt_w,
			  stmt, where_w, where);
		for (size_t k = 0; k < f->nshared; k++)
			sbuf_addf(&line, "  %*lld", (int)strlen(f->shared[k].name), r->shared[k]);
		put_trimmed(&line);
	}
	sbuf_release(&line);
	printf("\n");
	if (f->phase == STEP_DEADLOCK) {
		printf("deadlock after step %zu: no thread can move, and not all have finished.\n\n",
		       tr->nrows);
		print_holds_waits(f, "  ");
		print_scenario(tr);
	} else if (f->phase == STEP_RUNNING) {
		printf("the schedule ends here, before the run does. Next:\n");
		for (size_t i = 0; i < f->nthreads; i++) {
			const struct step_thread *th = &f->threads[i];
			if (th->state == STEP_T_DONE)
				printf("  %c  finished\n", step_letter((int)i));
			else if (th->state != STEP_T_NONE)
				printf("  %c  %s at %s:%d%s\n", step_letter((int)i), th->label, th->file,
				       th->line, th->state == STEP_T_BLOCKED ? " (blocked)" : "");
		}
	} else if (tr->has_result && tr->has_observed && tr->has_expected) {
		printf("outcome: observed %lld, expected %lld: %s\n", tr->observed, tr->expected,
		       tr->correct ? "correct" : "wrong");
	} else {
		printf("outcome: %s\n", tr->correct ? "correct" : "wrong");
	}
}

/* Parse what both commands share; the rest through `extra`. Returns -1 to
 * continue, else an exit status. */
static int parse_common(const char *cmd, int argc, char **argv, const struct option *opts,
			const char *usage_text, struct step_args *a,
			int (*extra)(int c, void *ctx), void *ctx)
{
	memset(a, 0, sizeof *a);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 0;
		}
		if (c == 'v') {
			a->variant = optarg;
			continue;
		}
		if (c == '?')
			return cli_bad_option(cmd, argv);
		if (!extra || extra(c, ctx) < 0)
			return cli_usage(cmd, "unknown option (see the usage)");
	}
	if (optind >= argc)
		return cli_usage(cmd, "which demo? (see 'lockstep demos')");
	a->demo = argv[optind];
	a->params = argv + optind + 1;
	a->nparams = (size_t)(argc - optind - 1);
	return -1;
}

static const char step_usage[] =
	"Usage: lockstep step DEMO [key=value...] [--variant V] --schedule S\n"
	"Be the scheduler: run DEMO's threads in the order S gives, one letter per\n"
	"step (A is the first thread, B the second, ...), and print each step: the\n"
	"thread, the statement it carried out, where, and the shared values after\n"
	"it, then the outcome. A deadlock is shown as who holds and who waits for\n"
	"what. The same schedule always gives the same trace.\n"
	"  --schedule S    the thread letters, e.g. ABAB\n"
	"  --variant V     the variant to step (default: the demo's first)\n"
	"Exit status: 0 when the schedule ran (a wrong result is the demo's point),\n"
	"1 when a step was refused or the demo failed, 2 for a usage error.\n";

struct step_extra {
	const char *schedule;
};

static int step_extra(int c, void *ctx)
{
	if (c != 's')
		return -1;
	((struct step_extra *)ctx)->schedule = optarg;
	return 0;
}

int cmd_step(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"variant", required_argument, NULL, 'v'},
					     {"schedule", required_argument, NULL, 's'},
					     {0, 0, 0, 0}};
	struct step_args a;
	struct step_extra x = {0};
	int rc = parse_common("step", argc, argv, opts, step_usage, &a, step_extra, &x);
	if (rc >= 0)
		return rc;
	if (!x.schedule)
		return cli_usage("step", "give the order with --schedule, e.g. --schedule ABAB");
	char *err = NULL;
	if (step_schedule_check(x.schedule, &err) < 0) {
		rc = cli_usage("step", "%s", err);
		free(err);
		return rc;
	}
	struct step_target t;
	if (step_target_init(&t, a.demo, a.params, a.nparams, a.variant, &err) < 0) {
		rc = cli_usage("step", "%s", err);
		free(err);
		return rc;
	}
	struct step_trace tr;
	rc = step_replay(&t, x.schedule, &tr, &err);
	if (rc == 0)
		print_trace(&t, &a, x.schedule, &tr);
	else
		cli_error("step", "%s", err);
	free(err);
	step_trace_release(&tr);
	step_target_release(&t);
	return rc == 0 ? 0 : 1;
}

/* ------------------------------------------------------------ explore */

static const char explore_usage[] =
	"Usage: lockstep explore DEMO [key=value...] [--variant V] [--goal G]\n"
	"                        [--limit N] [--no-merge] [--json]\n"
	"Run every interleaving of DEMO's marked steps (keep the instance small:\n"
	"threads=2 iters=2 has 70) and print how many there are, each outcome with\n"
	"how many interleavings end so and the shortest schedule that does, and\n"
	"every deadlock with its shortest schedule. Replay one with 'lockstep step'.\n"
	"  --goal G      also count the interleavings that reach G: 'deadlock',\n"
	"                'end VAR OP N' (at the end) or 'any VAR OP N' (at any\n"
	"                step), OP one of == != < <= > >=, e.g. 'end counter == 2'\n"
	"  --limit N     start the demo at most N times, then print the partial\n"
	"                count (default 5000)\n"
	"  --no-merge    explore equal states again instead of counting them once\n"
	"  --variant V   the variant to explore (default: the demo's first)\n"
	"  --json        one JSON object for scripts\n";

struct explore_extra {
	const char *goal;
	unsigned long limit;
	bool no_merge, json, bad_limit;
};

static int explore_extra(int c, void *ctx)
{
	struct explore_extra *x = ctx;
	char *end;
	switch (c) {
	case 'g': x->goal = optarg; return 0;
	case 'n': x->no_merge = true; return 0;
	case 'j': x->json = true; return 0;
	case 'l':
		x->limit = strtoul(optarg, &end, 10);
		x->bad_limit = *end || x->limit < 1 || x->limit > 10000000 || optarg[0] == '-';
		return 0;
	}
	return -1;
}

static void print_explore_json(const struct step_target *t, const struct step_args *a,
			       const struct step_explore *e, const struct step_goal *g)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "demo", t->demo);
	cJSON_AddStringToObject(o, "variant", t->variant);
	cJSON *params = cJSON_AddArrayToObject(o, "params");
	for (size_t i = 0; i < a->nparams; i++)
		cJSON_AddItemToArray(params, cJSON_CreateString(a->params[i]));
	cJSON_AddNumberToObject(o, "interleavings", (double)e->interleavings);
	cJSON_AddBoolToObject(o, "too_many_to_count", e->interleavings == ULLONG_MAX);
	cJSON_AddBoolToObject(o, "complete", e->complete);
	cJSON_AddNumberToObject(o, "runs", (double)e->runs);
	cJSON_AddNumberToObject(o, "merged", (double)e->merged);
	cJSON_AddNumberToObject(o, "wall_ns", (double)e->wall_ns);
	cJSON *outs = cJSON_AddArrayToObject(o, "outcomes");
	for (size_t i = 0; i < e->noutcomes; i++) {
		cJSON *x = cJSON_CreateObject();
		char *end;
		long long v = strtoll(e->outcomes[i].value, &end, 10);
		if (*end)
			cJSON_AddStringToObject(x, "observed", e->outcomes[i].value);
		else
			cJSON_AddNumberToObject(x, "observed", (double)v);
		cJSON_AddBoolToObject(x, "correct", e->outcomes[i].correct);
		cJSON_AddNumberToObject(x, "count", (double)e->outcomes[i].count);
		cJSON_AddStringToObject(x, "shortest", e->outcomes[i].shortest);
		cJSON_AddItemToArray(outs, x);
	}
	cJSON *dls = cJSON_AddArrayToObject(o, "deadlocks");
	for (size_t i = 0; i < e->ndeadlocks; i++) {
		const struct step_deadlock *d = &e->deadlocks[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "count", (double)d->count);
		cJSON_AddStringToObject(x, "shortest", d->shortest);
		cJSON *ths = cJSON_AddArrayToObject(x, "blocked");
		for (size_t k = 0; k < d->state.nthreads; k++) {
			const struct step_thread *th = &d->state.threads[k];
			if (th->state != STEP_T_BLOCKED)
				continue;
			cJSON *y = cJSON_CreateObject();
			char letter[2] = {step_letter((int)k), 0};
			cJSON_AddStringToObject(y, "thread", letter);
			cJSON_AddStringToObject(y, "file", th->file);
			cJSON_AddNumberToObject(y, "line", th->line);
			cJSON_AddStringToObject(y, "waits", th->waits_name ? th->waits_name : "");
			cJSON *holds = cJSON_AddArrayToObject(y, "holds");
			for (size_t l = 0; l < d->state.nlocks; l++)
				if (d->state.locks[l].owner == (int)k)
					cJSON_AddItemToArray(holds,
							     cJSON_CreateString(d->state.locks[l].name));
			cJSON_AddItemToArray(ths, y);
		}
		cJSON_AddItemToArray(dls, x);
	}
	if (g) {
		cJSON *x = cJSON_AddObjectToObject(o, "goal");
		cJSON_AddStringToObject(x, "goal", g->text);
		cJSON_AddNumberToObject(x, "count", (double)e->goal_count);
		if (e->goal_shortest)
			cJSON_AddStringToObject(x, "shortest", e->goal_shortest);
		else
			cJSON_AddNullToObject(x, "shortest");
	}
	char *text = cJSON_PrintUnformatted(o);
	puts(text);
	cJSON_free(text);
	cJSON_Delete(o);
}

static void print_explore(const struct step_target *t, const struct step_args *a,
			  const struct step_explore *e, const struct step_goal *g)
{
	if (e->interleavings == ULLONG_MAX)
		printf("more than %llu interleavings (too many to count) of ", ULLONG_MAX - 1);
	else
		printf("%s %llu interleavings of ", e->complete ? "all" : "at least",
		       e->interleavings);
	print_heading(t, a);
	printf("\n(%lu run%s of the demo; %lu repeated state%s counted without running %s again)\n",
	       e->runs, e->runs == 1 ? "" : "s", e->merged, e->merged == 1 ? "" : "s",
	       e->merged == 1 ? "it" : "them");
	if (!e->complete)
		printf("stopped at the limit of %lu runs: the counts below are only what was "
		       "explored.\n",
		       e->runs);
	if (e->noutcomes) {
		int w = 8;
		for (size_t i = 0; i < e->noutcomes; i++) {
			int n = (int)strlen(e->outcomes[i].value);
			w = n > w ? n : w;
		}
		printf("\n  %-*s  %-7s  %13s  %s\n", w, "observed", "", "interleavings",
		       "shortest schedule");
		for (size_t i = 0; i < e->noutcomes; i++) {
			const struct step_outcome *oc = &e->outcomes[i];
			printf("  %-*s  %-7s  %13llu  %s\n", w, oc->value,
			       oc->correct ? "correct" : "wrong", oc->count, oc->shortest);
		}
	}
	if (e->ndeadlocks == 0) {
		printf("\nno deadlock.\n");
	}
	for (size_t i = 0; i < e->ndeadlocks; i++) {
		const struct step_deadlock *d = &e->deadlocks[i];
		printf("\ndeadlock %zu: in %llu interleavings; shortest schedule %s\n", i + 1,
		       d->count, d->shortest);
		print_holds_waits(&d->state, "  ");
	}
	if (g) {
		printf("\ngoal '%s': reached in %llu of %llu interleavings", g->text, e->goal_count,
		       e->interleavings);
		if (e->goal_shortest)
			printf("; shortest schedule %s\n", e->goal_shortest);
		else
			printf("\n");
	}
}

int cmd_explore(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},      {"variant", required_argument, NULL, 'v'},
		{"goal", required_argument, NULL, 'g'}, {"limit", required_argument, NULL, 'l'},
		{"no-merge", no_argument, NULL, 'n'},  {"json", no_argument, NULL, 'j'},
		{0, 0, 0, 0}};
	struct step_args a;
	struct explore_extra x = {.limit = 5000};
	int rc = parse_common("explore", argc, argv, opts, explore_usage, &a, explore_extra, &x);
	if (rc >= 0)
		return rc;
	if (x.bad_limit)
		return cli_usage("explore", "--limit must be a number of runs, 1..10000000");
	char *err = NULL;
	struct step_goal goal;
	if (x.goal && step_goal_parse(x.goal, &goal, &err) < 0) {
		rc = cli_usage("explore", "%s", err);
		free(err);
		return rc;
	}
	struct step_target t;
	if (step_target_init(&t, a.demo, a.params, a.nparams, a.variant, &err) < 0) {
		rc = cli_usage("explore", "%s", err);
		free(err);
		return rc;
	}
	struct step_explore_opts o = {.goal = x.goal ? &goal : NULL, .limit = x.limit,
				      .no_merge = x.no_merge};
	struct step_explore e;
	rc = step_explore_all(&t, &o, &e, &err);
	if (rc == 0 && x.json)
		print_explore_json(&t, &a, &e, o.goal);
	else if (rc == 0)
		print_explore(&t, &a, &e, o.goal);
	else
		cli_error("explore", "%s", err);
	free(err);
	step_explore_release(&e);
	step_target_release(&t);
	return rc == 0 ? 0 : 1;
}
