/*
 * cmd_demo.c - `lockstep demos` (the registry as text) and `lockstep demo`
 * (run one demo K times, print its variants side by side, as JSON or CSV).
 */
#define _GNU_SOURCE
#include <cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/claim.h"
#include "core/metric.h"
#include "core/paths.h"
#include "core/registry.h"
#include "core/runs_csv.h"
#include "core/series.h"
#include "core/summary.h"
#include "core/util.h"

static bool utf8_locale(void)
{
	setlocale(LC_ALL, "");
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* Load the registry or say why not. */
static int load_registry(const char *cmd, struct registry *reg)
{
	char *err = NULL;
	if (registry_load(reg, NULL, &err) == 0)
		return 0;
	cli_error(cmd, "cannot read the demo registry: %s (run 'make' first?)", err);
	free(err);
	return -1;
}

/* One demo's registry entry as a JSON line. */
static void print_demo_json(const struct reg_demo *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddStringToObject(o, "summary", d->summary);
	cJSON_AddStringToObject(o, "python", d->python);
	cJSON *vars = cJSON_AddArrayToObject(o, "variants");
	for (size_t v = 0; v < d->nvariants; v++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", d->variants[v].name);
		cJSON_AddStringToObject(x, "kind", d->variants[v].kind);
		cJSON_AddStringToObject(x, "summary", d->variants[v].summary);
		cJSON_AddItemToArray(vars, x);
	}
	cJSON *pars = cJSON_AddArrayToObject(o, "params");
	for (size_t p = 0; p < d->nparams; p++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", d->params[p].name);
		cJSON_AddNumberToObject(x, "default", (double)d->params[p].def);
		cJSON_AddNumberToObject(x, "min", (double)d->params[p].min);
		cJSON_AddNumberToObject(x, "max", (double)d->params[p].max);
		cJSON_AddStringToObject(x, "help", d->params[p].help);
		cJSON_AddItemToArray(pars, x);
	}
	char *text = cJSON_PrintUnformatted(o);
	puts(text);
	cJSON_free(text);
	cJSON_Delete(o);
}

int cmd_demos(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'}, {"json", no_argument, NULL, 'j'}, {0, 0, 0, 0}};
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: lockstep demos [--json] [NAME...]\n"
			       "List the live demos: what each shows, the Python it mirrors,\n"
			       "its variants and its parameters with defaults and ranges.\n");
			return 0;
		}
		if (c == 'j')
			json = true;
		else
			return cli_bad_option("demos", argv);
	}
	struct registry reg;
	if (load_registry("demos", &reg) < 0)
		return 1;
	int rc = 0;
	for (int i = optind; i < argc; i++)
		if (!registry_find(&reg, argv[i]))
			rc = cli_usage("demos", "unknown demo '%s'", util_shown(argv[i]));
	if (rc) {
		registry_release(&reg);
		return rc;
	}
	for (size_t i = 0; i < reg.n; i++) {
		const struct reg_demo *d = &reg.v[i];
		bool wanted = optind == argc;
		for (int k = optind; k < argc; k++)
			wanted |= strcmp(argv[k], d->name) == 0;
		if (!wanted)
			continue;
		if (json) {
			print_demo_json(d);
			continue;
		}
		printf("%s — %s\n", d->name, d->summary);
		if (d->python && *d->python)
			printf("  python:   %s\n", d->python);
		printf("  variants:");
		for (size_t v = 0; v < d->nvariants; v++)
			printf(" %s%s", d->variants[v].name,
			       strcmp(d->variants[v].kind, "safe") ? "*" : "");
		printf("\n  params:  ");
		for (size_t p = 0; p < d->nparams; p++)
			printf(" %s=%lld (%lld..%lld)", d->params[p].name, d->params[p].def,
			       d->params[p].min, d->params[p].max);
		printf("\n\n");
	}
	if (!json)
		printf("* wrong on purpose: racy or broken, to show what goes wrong.\n");
	registry_release(&reg);
	return 0;
}

/* One metric by its kind: yes/no as a boolean, text as a string, numbers
 * as numbers; with its kind, unit and the text people see. */
static void metric_json(cJSON *into, const struct run_result *r, const struct metric *m)
{
	const char *unit;
	if (metric_kind_of(r, m, &unit) == MK_YESNO) {
		char *t = metric_format_metric(r, m, 0);
		cJSON_AddBoolToObject(into, m->key, strcmp(t, "yes") == 0);
		free(t);
	} else if (m->is_text) {
		cJSON_AddStringToObject(into, m->key, m->text);
	} else {
		cJSON_AddNumberToObject(into, m->key, m->num);
	}
}

static cJSON *metric_kinds_json(const struct run_result *r, const struct variant_result *v)
{
	static const char *kinds[] = {"", "count", "duration", "rate", "ratio",
				      "yesno", "text", "list", "number"};
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < v->nmetrics; i++) {
		const char *unit;
		enum metric_kind k = metric_kind_of(r, &v->metrics[i], &unit);
		cJSON *x = cJSON_AddObjectToObject(o, v->metrics[i].key);
		cJSON_AddStringToObject(x, "kind", kinds[k]);
		if (*unit)
			cJSON_AddStringToObject(x, "unit", unit);
		char *t = metric_format_metric(r, &v->metrics[i], 0);
		cJSON_AddStringToObject(x, "shown", t);
		free(t);
	}
	return o;
}

/* The run's claims checked, and the machine's load during it. */
static void claims_json(cJSON *run, const struct run_result *r)
{
	cJSON *arr = cJSON_AddArrayToObject(run, "claims");
	for (size_t c = 0; c < r->nclaims; c++) {
		struct claim_check k = claim_check(r, &r->claims[c]);
		cJSON *o = cJSON_CreateObject();
		char *text = claim_text(&r->claims[c], false);
		cJSON_AddStringToObject(o, "claim", text);
		free(text);
		if (k.known) {
			cJSON_AddBoolToObject(o, "held", k.held);
			cJSON_AddNumberToObject(o, "figure", k.figure);
		} else {
			cJSON_AddNullToObject(o, "held");
		}
		cJSON_AddItemToArray(arr, o);
	}
	if (r->load_known) {
		cJSON *load = cJSON_AddObjectToObject(run, "load");
		cJSON_AddNumberToObject(load, "others_cores", (double)(long)(r->others_cores * 100 + 0.5) / 100);
		cJSON_AddNumberToObject(load, "cpus", r->ncpu);
		cJSON_AddBoolToObject(load, "busy", claim_busy(r));
		char *t = claim_busy_text(r, true);
		if (t)
			cJSON_AddStringToObject(load, "note", t);
		free(t);
	}
}

static cJSON *variant_json(const struct run_result *r, const struct variant_result *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", v->name);
	if (v->has_expected && report_row_wanted(r, REPORT_ROW_EXPECTED))
		cJSON_AddNumberToObject(o, "expected", (double)v->expected);
	if (v->has_observed && report_row_wanted(r, REPORT_ROW_OBSERVED))
		cJSON_AddNumberToObject(o, "observed", (double)v->observed);
	long long lost;
	if (report_row_wanted(r, REPORT_ROW_LOST) && report_lost(v, &lost))
		cJSON_AddNumberToObject(o, "lost", (double)lost);
	cJSON_AddBoolToObject(o, "correct", v->has_result && v->correct);
	cJSON_AddNumberToObject(o, "elapsed_ns", (double)v->elapsed_ns);
	cJSON *m = cJSON_AddObjectToObject(o, "metrics");
	for (size_t i = 0; i < v->nmetrics; i++)
		metric_json(m, r, &v->metrics[i]);
	cJSON_AddItemToObject(o, "metric_kinds", metric_kinds_json(r, v));
	return o;
}

static void print_json(const char *name, const struct run_result *runs, size_t n)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "demo", name);
	cJSON *params = cJSON_AddObjectToObject(doc, "params");
	if (n > 0)
		for (size_t i = 0; i < runs[0].nparams; i++)
			cJSON_AddNumberToObject(params, runs[0].param_keys[i],
						(double)runs[0].param_values[i]);
	cJSON *arr = cJSON_AddArrayToObject(doc, "runs");
	for (size_t i = 0; i < n; i++) {
		cJSON *run = cJSON_CreateObject();
		cJSON_AddStringToObject(run, "status", report_status_name(runs[i].status));
		if (runs[i].error)
			cJSON_AddStringToObject(run, "error", runs[i].error);
		cJSON_AddNumberToObject(run, "wall_ns", (double)runs[i].wall_ns);
		cJSON *vars = cJSON_AddArrayToObject(run, "variants");
		for (size_t v = 0; v < runs[i].nvariants; v++)
			cJSON_AddItemToArray(vars, variant_json(&runs[i], &runs[i].variants[v]));
		claims_json(run, &runs[i]);
		cJSON_AddItemToArray(arr, run);
	}
	size_t count;
	struct variant_summary *s = summary_build(runs, n, &count);
	cJSON *sum = cJSON_AddObjectToObject(doc, "summary");
	cJSON_AddNumberToObject(sum, "runs", (double)n);
	cJSON *sv = cJSON_AddArrayToObject(sum, "variants");
	for (size_t v = 0; v < count; v++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", s[v].name);
		cJSON_AddNumberToObject(o, "runs", s[v].runs);
		cJSON_AddNumberToObject(o, "wrong", s[v].wrong);
		if (s[v].has_observed) {
			cJSON_AddNumberToObject(o, "min_observed", (double)s[v].min);
			cJSON_AddNumberToObject(o, "median_observed", (double)s[v].median);
			cJSON_AddNumberToObject(o, "max_observed", (double)s[v].max);
		}
		cJSON_AddNumberToObject(o, "median_elapsed_ns", (double)s[v].median_ns);
		cJSON_AddItemToArray(sv, o);
	}
	free(s);
	/* each claim over the runs: in how many it held */
	cJSON *cl = cJSON_AddArrayToObject(sum, "claims");
	for (size_t c = 0; n > 0 && c < runs[0].nclaims; c++) {
		int checked = 0, held = 0;
		for (size_t i = 0; i < n; i++) {
			struct claim_check k = claim_check(&runs[i], &runs[0].claims[c]);
			checked += k.known;
			held += k.known && k.held;
		}
		cJSON *o = cJSON_CreateObject();
		char *text = claim_text(&runs[0].claims[c], false);
		cJSON_AddStringToObject(o, "claim", text);
		free(text);
		cJSON_AddNumberToObject(o, "held", held);
		cJSON_AddNumberToObject(o, "checked", checked);
		cJSON_AddItemToArray(cl, o);
	}
	int busy = 0;
	for (size_t i = 0; i < n; i++)
		busy += claim_busy(&runs[i]);
	cJSON_AddNumberToObject(sum, "busy_runs", busy);
	char *text = cJSON_Print(doc);
	puts(text);
	cJSON_free(text);
	cJSON_Delete(doc);
}

/* The runs as CSV, one row per run and variant asked for (all by default). */
static void print_csv(const struct reg_demo *d, const char *variant,
		      const struct run_result *runs, size_t n)
{
	const char **names = xcalloc(d->nvariants, sizeof *names);
	size_t nv = 0;
	for (size_t v = 0; v < d->nvariants; v++) {
		bool wanted = !variant;
		if (variant) {
			char *copy = xstrdup(variant), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
				wanted |= strcmp(t, d->variants[v].name) == 0;
			free(copy);
		}
		if (wanted)
			names[nv++] = d->variants[v].name;
	}
	char *text = runs_csv_format(runs, n, names, nv);
	fputs(text, stdout);
	free(text);
	free(names);
}

static void demo_usage(void)
{
	printf("Usage: lockstep demo NAME [key=value...] [--runs K] [--timeout SEC]\n"
	       "                         [--variant A,B] [--json | --csv]\n"
	       "Run a live demo and print its variants side by side: expected, observed,\n"
	       "lost, correct, time and the demo's own measures.\n\n"
	       "  --runs K        run K times (1..1000) and show each variant's spread;\n"
	       "                  a run that fails is reported and the next one starts\n"
	       "  --timeout SEC   give up on a run after SEC seconds (default 60)\n"
	       "  --variant A,B   run only these variants\n"
	       "  --json          print one JSON document instead of text\n"
	       "  --csv           print CSV instead: a header, then one row per run and\n"
	       "                  variant (run, variant, status, correct, expected,\n"
	       "                  observed, lost, elapsed_ns, error, then each metric)\n\n"
	       "Exit status: 0 when the demo ran (a racy variant being wrong is the demo\n"
	       "working), 1 when a run failed (timeout, crash, bad output), 2 for usage.\n"
	       "'lockstep demos' lists the demos and their parameters.\n");
}

static long parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},          {"json", no_argument, NULL, 'j'},
		{"csv", no_argument, NULL, 'c'},           {"runs", required_argument, NULL, 'r'},    {"timeout", required_argument, NULL, 't'},
		{"variant", required_argument, NULL, 'v'}, {0, 0, 0, 0}};
	bool json = false, csv = false;
	int runs = 1;
	long timeout = SERIES_TIMEOUT_MS / 1000;
	const char *variant = NULL;
	int c;
	/* "+" : stop at the first non-option? No: key=value words may come
	 * anywhere, so let getopt permute them to the end. */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': demo_usage(); return 0;
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'r': {
			char *err = NULL;
			if (series_parse_runs(optarg, &runs, &err) < 0) {
				cli_usage("demo", "--runs %s", err);
				free(err);
				return EXIT_USAGE;
			}
			break;
		}
		case 't':
			if (parse_long(optarg, 1, 3600, &timeout) < 0)
				return cli_usage("demo", "--timeout must be 1..3600 seconds, got '%s'",
						 util_shown(optarg));
			break;
		case 'v': variant = optarg; break;
		default: return cli_bad_option("demo", argv);
		}
	}
	if (json && csv)
		return cli_usage("demo", "--json and --csv are two output forms: pick one");
	if (optind >= argc)
		return cli_usage("demo", "which demo? ('lockstep demos' lists them)");
	const char *name = argv[optind];
	struct registry reg;
	if (load_registry("demo", &reg) < 0)
		return 1;
	const struct reg_demo *d = registry_find(&reg, name);
	if (!d) {
		registry_release(&reg);
		return cli_usage("demo", "unknown demo '%s' ('lockstep demos' lists them)", util_shown(name));
	}
	for (int i = optind + 1; i < argc; i++) {
		char *err = NULL;
		if (registry_check_arg(d, argv[i], &err) < 0) {
			cli_usage("demo", "%s", err);
			free(err);
			registry_release(&reg);
			return EXIT_USAGE;
		}
	}
	if (variant) {
		char *copy = xstrdup(variant), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			bool known = false;
			for (size_t v = 0; v < d->nvariants; v++)
				known |= strcmp(d->variants[v].name, t) == 0;
			if (!known) {
				cli_usage("demo", "%s has no variant '%s'", name, util_shown(t));
				free(copy);
				registry_release(&reg);
				return EXIT_USAGE;
			}
		}
		free(copy);
	}

	/* argv for the demo: NAME --json [--variant X] key=value... */
	char **dargv = xcalloc((size_t)argc + 5, sizeof *dargv);
	int n = 0;
	dargv[n++] = (char *)name;
	dargv[n++] = "--json";
	if (variant) {
		dargv[n++] = "--variant";
		dargv[n++] = (char *)variant;
	}
	for (int i = optind + 1; i < argc; i++)
		dargv[n++] = argv[i];
	char *prog = paths_join(paths_demos(), name);

	bool unicode = utf8_locale();
	struct series *ser = cli_run_series("demo", name, prog, dargv, (int)runs,
					    (int)timeout * 1000, isatty(STDERR_FILENO) && !json && !csv);
	int rc = 1;
	if (ser) {
		size_t done;
		const struct run_result *results = series_results(ser, &done);
		size_t failed = done - series_tally(ser, RUN_OK);
		if (json) {
			print_json(name, results, done);
		} else if (csv) {
			print_csv(d, variant, results, done);
		} else if (done > 0) {
			const struct run_result *r = &results[done - 1];
			printf("%s — %s\n", d->name, d->summary);
			printf("params:");
			for (size_t i = 0; i < r->nparams; i++)
				printf(" %s=%lld", r->param_keys[i], r->param_values[i]);
			printf("\n\n");
			cli_print_series(ser, true, unicode);
		}
		/* 0 only when every run asked for ran and ended well */
		rc = failed || series_cancelled(ser) || series_error(ser) ? 1 : 0;
		if (series_error(ser))
			cli_error("demo", "%s", series_error(ser));
		series_free(ser);
	}
	free(prog);
	free(dargv);
	registry_release(&reg);
	return rc;
}
