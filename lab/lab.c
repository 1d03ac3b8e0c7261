/*
 * lab.c - parameters, timing, start gate and output shared by every demo.
 *
 * Nothing here is about concurrency itself; read the demos for that. This is
 * the plumbing that lets each demo stay short. See lab.h for the interface and
 * PROTOCOL.md for the JSON Lines events written with --json.
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LAB_PROTOCOL 1
#define MAX_PARAMS 32
#define MAX_RESULTS 64
#define MAX_METRICS 16

/* Options every demo understands, added after the demo's own table. */
static const struct lab_param common_params[] = {
	{"seed", 1, 0, 2147483647, "seed for the pseudo-random choices"},
	{"slowmo", 0, 0, 1000, "milliseconds to pause inside critical sections"},
};

static const struct lab_demo *demo;
static const struct lab_decl *decl; /* from lab_declare, or NULL */
static long long values[MAX_PARAMS];
static const struct lab_param *params[MAX_PARAMS];
static int nparams;
static bool json_mode;
static long long slowmo_ms; /* set once by lab_init, before any thread */
static char *variant_filter; /* comma list from --variant, or NULL */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* Step mode (the last part of this file). */
static void step_init(void);
static void step_gate(int n);
static _Thread_local int step_self = -1; /* this thread's step id, or -1 */

/* Results kept for the text-mode table. */
struct saved_result {
	char variant[64];
	long long expected, observed, elapsed_ns;
	bool correct;
	struct lab_metric metrics[MAX_METRICS];
	char texts[MAX_METRICS][64];
	int nmetrics;
};
static struct saved_result results[MAX_RESULTS];
static int nresults;

_Noreturn void lab_die(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "%s: ", demo ? demo->name : "lab");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static _Noreturn void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static _Noreturn void usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", demo->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", demo->name);
	exit(2);
}

/* Write s as a JSON string literal. */
static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static const char *kind_name(enum lab_kind k)
{
	return k == LAB_SAFE ? "safe" : k == LAB_RACY ? "racy" : "broken";
}

void lab_declare(const struct lab_decl *d) { decl = d; }

static const char *mkind_name(enum lab_mkind k)
{
	static const char *names[] = {"", "count", "duration", "rate", "ratio",
				      "yesno", "text", "list"};
	return k >= LAB_K_COUNT && k <= LAB_K_LIST ? names[k] : "";
}

/* The declaration as JSON members (nothing when the demo made none):
 * ,"rows":[...],"metrics":[{"key":..,"kind":..,"unit":..}],"claims":[...] */
static void put_decl_json(void)
{
	if (!decl)
		return;
	if (decl->rows) {
		printf(",\"rows\":[");
		const char *p = decl->rows;
		for (bool first = true; *p;) {
			size_t n = strcspn(p, " ");
			if (n) {
				printf("%s\"%.*s\"", first ? "" : ",", (int)n, p);
				first = false;
			}
			p += n + (p[n] == ' ');
		}
		printf("]");
	}
	printf(",\"metrics\":[");
	for (int i = 0; i < decl->nmetrics; i++) {
		const struct lab_metric_decl *m = &decl->metrics[i];
		printf("%s{\"key\":", i ? "," : "");
		put_json_string(stdout, m->key);
		printf(",\"kind\":\"%s\",\"unit\":", mkind_name(m->kind));
		put_json_string(stdout, m->unit ? m->unit : "");
		printf("}");
	}
	printf("],\"claims\":[");
	for (int i = 0; i < decl->nclaims; i++) {
		const struct lab_claim *c = &decl->claims[i];
		printf("%s{\"variant\":", i ? "," : "");
		put_json_string(stdout, c->variant);
		printf(",\"metric\":");
		put_json_string(stdout, c->metric);
		printf(",\"op\":");
		put_json_string(stdout, c->op);
		printf(",\"factor\":%g", c->factor);
		if (c->against) {
			printf(",\"against\":");
			put_json_string(stdout, c->against);
		}
		printf("}");
	}
	printf("]");
}

static void print_describe(void)
{
	printf("{\"name\":");
	put_json_string(stdout, demo->name);
	printf(",\"summary\":");
	put_json_string(stdout, demo->summary);
	printf(",\"python\":");
	put_json_string(stdout, demo->python ? demo->python : "");
	printf(",\"variants\":[");
	for (int i = 0; i < demo->nvariants; i++) {
		const struct lab_variant *v = &demo->variants[i];
		printf("%s{\"name\":", i ? "," : "");
		put_json_string(stdout, v->name);
		printf(",\"kind\":\"%s\",\"summary\":", kind_name(v->kind));
		put_json_string(stdout, v->summary ? v->summary : "");
		printf("}");
	}
	printf("],\"params\":[");
	for (int i = 0; i < nparams; i++) {
		const struct lab_param *p = params[i];
		printf("%s{\"name\":", i ? "," : "");
		put_json_string(stdout, p->name);
		printf(",\"default\":%lld,\"min\":%lld,\"max\":%lld,\"help\":",
		       p->def, p->min, p->max);
		put_json_string(stdout, p->help ? p->help : "");
		printf("}");
	}
	printf("]");
	put_decl_json();
	printf("}\n");
}

static void print_help(void)
{
	printf("Usage: %s [key=value ...] [--json] [--variant NAME[,NAME...]]\n",
	       demo->name);
	printf("%s\n(Python: %s)\n\nVariants:\n", demo->summary,
	       demo->python ? demo->python : "-");
	for (int i = 0; i < demo->nvariants; i++)
		printf("  %-18s %s\n", demo->variants[i].name,
		       demo->variants[i].summary ? demo->variants[i].summary : "");
	printf("\nParameters (key=value or --key value):\n");
	for (int i = 0; i < nparams; i++)
		printf("  %-12s %s (%lld..%lld, default %lld)\n", params[i]->name,
		       params[i]->help ? params[i]->help : "", params[i]->min,
		       params[i]->max, params[i]->def);
	printf("\n  --json       write JSON Lines events (see lab/PROTOCOL.md)\n"
	       "  --describe   print this demo's table as JSON\n");
}

static int find_param(const char *name, size_t len)
{
	for (int i = 0; i < nparams; i++)
		if (strlen(params[i]->name) == len &&
		    strncmp(params[i]->name, name, len) == 0)
			return i;
	return -1;
}

static void set_param(const char *name, size_t len, const char *text)
{
	int i = find_param(name, len);
	if (i < 0)
		usage_error("unknown parameter '%.*s'", (int)len, name);
	const struct lab_param *p = params[i];
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno == ERANGE)
		usage_error("%s must be an integer, got '%s'", p->name, text);
	if (v < p->min || v > p->max)
		usage_error("%s must be %lld..%lld, got %lld", p->name, p->min,
			    p->max, v);
	values[i] = v;
}

static void check_variants(void)
{
	char *copy = strdup(variant_filter), *save = NULL;
	if (!copy)
		lab_die("out of memory");
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool known = false;
		for (int i = 0; i < demo->nvariants; i++)
			known |= strcmp(demo->variants[i].name, t) == 0;
		if (!known)
			usage_error("unknown variant '%s'", t);
	}
	free(copy);
}

static void print_hello(void)
{
	if (json_mode) {
		printf("{\"event\":\"hello\",\"demo\":");
		put_json_string(stdout, demo->name);
		printf(",\"protocol\":%d,\"params\":{", LAB_PROTOCOL);
		for (int i = 0; i < nparams; i++) {
			printf("%s", i ? "," : "");
			put_json_string(stdout, params[i]->name);
			printf(":%lld", values[i]);
		}
		printf("},\"variants\":[");
		bool first = true;
		for (int i = 0; i < demo->nvariants; i++) {
			if (!lab_want(demo->variants[i].name))
				continue;
			printf("%s", first ? "" : ",");
			put_json_string(stdout, demo->variants[i].name);
			first = false;
		}
		printf("]");
		put_decl_json();
		printf("}\n");
	} else {
		printf("%s: %s\n", demo->name, demo->summary);
		printf("parameters:");
		for (int i = 0; i < nparams; i++)
			printf(" %s=%lld", params[i]->name, values[i]);
		printf("\n\n");
	}
	fflush(stdout);
}

void lab_init(const struct lab_demo *d, int argc, char **argv)
{
	demo = d;
	nparams = 0;
	for (int i = 0; i < d->nparams; i++)
		params[nparams++] = &d->params[i];
	for (int i = 0; i < LAB_COUNT(common_params); i++)
		params[nparams++] = &common_params[i];
	for (int i = 0; i < nparams; i++)
		values[i] = params[i]->def;

	/* Line buffering: each event leaves at once, and a fork() never
	 * duplicates half-written output. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	bool describe = false;
	for (int a = 1; a < argc; a++) {
		const char *arg = argv[a];
		const char *eq = strchr(arg, '=');
		if (strcmp(arg, "--json") == 0) {
			json_mode = true;
		} else if (strcmp(arg, "--step") == 0) {
			lab_stepping = json_mode = true;
		} else if (strcmp(arg, "--describe") == 0) {
			describe = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help();
			exit(0);
		} else if (strncmp(arg, "--variant", 9) == 0 &&
			   (arg[9] == '\0' || arg[9] == '=')) {
			if (arg[9] == '=')
				variant_filter = (char *)arg + 10;
			else if (a + 1 < argc)
				variant_filter = argv[++a];
			else
				usage_error("--variant needs a name");
		} else if (strncmp(arg, "--", 2) == 0) {
			const char *name = arg + 2;
			if (eq) {
				set_param(name, (size_t)(eq - name), eq + 1);
			} else {
				if (find_param(name, strlen(name)) < 0)
					usage_error("unknown option '%s'", arg);
				if (a + 1 >= argc)
					usage_error("%s needs a value", arg);
				set_param(name, strlen(name), argv[++a]);
			}
		} else if (eq && eq != arg) {
			set_param(arg, (size_t)(eq - arg), eq + 1);
		} else {
			usage_error("unexpected argument '%s' (parameters are key=value)",
				    arg);
		}
	}
	if (describe) {
		print_describe();
		exit(0);
	}
	if (variant_filter)
		check_variants();
	if (lab_stepping) {
		int n = 0;
		for (int i = 0; i < d->nvariants; i++)
			n += lab_want(d->variants[i].name);
		if (n != 1)
			usage_error("--step runs one variant: add --variant NAME");
		values[find_param("slowmo", 6)] = 0; /* the controller sets the pace */
		step_init();
	}
	slowmo_ms = lab_param("slowmo");
	print_hello();
}

long long lab_param(const char *name)
{
	int i = find_param(name, strlen(name));
	if (i < 0)
		lab_die("BUG: no parameter named '%s'", name);
	return values[i];
}

bool lab_want(const char *variant)
{
	if (!variant_filter)
		return true;
	size_t len = strlen(variant);
	for (const char *p = variant_filter; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && strncmp(p, variant, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

bool lab_json(void)
{
	return json_mode;
}

long long lab_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long lab_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void lab_sleep_ns(long long ns)
{
	struct timespec ts = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

void lab_sleep_ms(long long ms)
{
	lab_sleep_ns(ms * 1000000LL);
}

void lab_slowmo(void)
{
	if (slowmo_ms > 0)
		lab_sleep_ms(slowmo_ms);
}

void lab_pin_cpu(int i)
{
	if (lab_stepping)
		return; /* one thread runs at a time: where does not matter */
	cpu_set_t allowed, one;
	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
		return;
	int n = CPU_COUNT(&allowed), want = i % (n > 0 ? n : 1), seen = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		if (seen++ == want) {
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			pthread_setaffinity_np(pthread_self(), sizeof one, &one);
			return;
		}
	}
}

void lab_gate_init(struct lab_gate *g, int n)
{
	atomic_init(&g->arrived, 0);
	g->n = n;
}

void lab_gate_wait(struct lab_gate *g)
{
	if (lab_stepping && step_self >= 0) {
		step_gate(g->n);
		return;
	}
	atomic_fetch_add(&g->arrived, 1);
	while (atomic_load(&g->arrived) < g->n)
		; /* spin: stay on the CPU so we start the moment the last one arrives */
}

uint64_t lab_seed_for(int i)
{
	/* splitmix64 of (seed, i): distinct, well-mixed states per thread */
	uint64_t z = (uint64_t)lab_param("seed") * 0x9E3779B97F4A7C15ULL + (uint64_t)i + 1;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return z ? z : 1;
}

uint64_t lab_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static void put_metric_json(const struct lab_metric *m)
{
	put_json_string(stdout, m->key);
	fputc(':', stdout);
	switch (m->type) {
	case LAB_M_INT: printf("%lld", m->i); break;
	case LAB_M_REAL: printf("%.6g", m->d); break;
	case LAB_M_TEXT: put_json_string(stdout, m->s ? m->s : ""); break;
	}
}

void lab_result(const char *variant, long long expected, long long observed,
		bool correct, long long elapsed_ns,
		const struct lab_metric *metrics, int nmetrics)
{
	pthread_mutex_lock(&out_lock);
	if (json_mode) {
		printf("{\"event\":\"result\",\"variant\":");
		put_json_string(stdout, variant);
		if (expected != LAB_NONE)
			printf(",\"expected\":%lld", expected);
		if (observed != LAB_NONE)
			printf(",\"observed\":%lld", observed);
		printf(",\"correct\":%s,\"elapsed_ns\":%lld,\"metrics\":{",
		       correct ? "true" : "false", elapsed_ns);
		for (int i = 0; i < nmetrics; i++) {
			if (i)
				fputc(',', stdout);
			put_metric_json(&metrics[i]);
		}
		printf("}}\n");
		fflush(stdout);
	} else if (nresults < MAX_RESULTS) {
		struct saved_result *r = &results[nresults++];
		snprintf(r->variant, sizeof r->variant, "%s", variant);
		r->expected = expected;
		r->observed = observed;
		r->correct = correct;
		r->elapsed_ns = elapsed_ns;
		r->nmetrics = nmetrics < MAX_METRICS ? nmetrics : MAX_METRICS;
		for (int i = 0; i < r->nmetrics; i++) {
			r->metrics[i] = metrics[i];
			if (metrics[i].type == LAB_M_TEXT) {
				/* keep our own copy: the caller's string may not live on */
				snprintf(r->texts[i], sizeof r->texts[i], "%s",
					 metrics[i].s ? metrics[i].s : "");
				r->metrics[i].s = r->texts[i];
			}
		}
	}
	pthread_mutex_unlock(&out_lock);
}

static void progress(const char *variant, long long done, long long total, bool has_value,
		     long long value)
{
	static atomic_llong last_ns;
	if (!json_mode || lab_stepping)
		return; /* timed events would make stepped traces differ */
	long long now = lab_now_ns(), last = atomic_load(&last_ns);
	if (done < total && now - last < 50000000LL)
		return; /* at most ~20 a second, but always the final one */
	if (!atomic_compare_exchange_strong(&last_ns, &last, now) && done < total)
		return; /* another thread just reported */
	pthread_mutex_lock(&out_lock);
	printf("{\"event\":\"progress\",\"variant\":");
	put_json_string(stdout, variant);
	printf(",\"done\":%lld,\"total\":%lld", done, total);
	if (has_value)
		printf(",\"value\":%lld", value);
	printf("}\n");
	pthread_mutex_unlock(&out_lock);
}

void lab_progress(const char *variant, long long done, long long total)
{
	progress(variant, done, total, false, 0);
}

void lab_progress_value(const char *variant, long long done, long long total, long long value)
{
	progress(variant, done, total, true, value);
}

void lab_log(const char *variant, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&out_lock);
	if (json_mode) {
		printf("{\"event\":\"log\"");
		if (variant) {
			printf(",\"variant\":");
			put_json_string(stdout, variant);
		}
		printf(",\"text\":");
		put_json_string(stdout, text);
		printf("}\n");
	} else if (variant) {
		printf("[%s] %s\n", variant, text);
	} else {
		printf("%s\n", text);
	}
	pthread_mutex_unlock(&out_lock);
}

/* Format one table cell of result r for row `row` into buf. */
static void format_cell(const struct saved_result *r, const char *row, char *buf,
			size_t size)
{
	snprintf(buf, size, "-");
	if (strcmp(row, "expected") == 0 && r->expected != LAB_NONE)
		snprintf(buf, size, "%lld", r->expected);
	else if (strcmp(row, "observed") == 0 && r->observed != LAB_NONE)
		snprintf(buf, size, "%lld", r->observed);
	else if (strcmp(row, "correct") == 0)
		snprintf(buf, size, "%s", r->correct ? "yes" : "NO");
	else if (strcmp(row, "time") == 0)
		snprintf(buf, size, "%.3f ms", r->elapsed_ns / 1e6);
	for (int i = 0; i < r->nmetrics; i++) {
		const struct lab_metric *m = &r->metrics[i];
		if (strcmp(m->key, row) != 0)
			continue;
		bool yesno = false; /* declared yes/no: never 1/0 */
		for (int d = 0; decl && d < decl->nmetrics; d++)
			yesno |= strcmp(decl->metrics[d].key, m->key) == 0 &&
				 decl->metrics[d].kind == LAB_K_YESNO;
		if (m->type == LAB_M_INT && yesno)
			snprintf(buf, size, "%s", m->i ? "yes" : "no");
		else if (m->type == LAB_M_INT)
			snprintf(buf, size, "%lld", m->i);
		else if (m->type == LAB_M_REAL)
			snprintf(buf, size, "%.4g", m->d);
		else
			snprintf(buf, size, "%s", m->s);
	}
}

static void print_table(void)
{
	const char *rows[4 + MAX_METRICS * 4];
	int nrows = 0;
	rows[nrows++] = "expected";
	rows[nrows++] = "observed";
	rows[nrows++] = "correct";
	rows[nrows++] = "time";
	/* then every metric key, in order of first appearance */
	for (int r = 0; r < nresults; r++)
		for (int i = 0; i < results[r].nmetrics; i++) {
			const char *key = results[r].metrics[i].key;
			bool seen = false;
			for (int k = 0; k < nrows; k++)
				seen |= strcmp(rows[k], key) == 0;
			if (!seen && nrows < LAB_COUNT(rows))
				rows[nrows++] = key;
		}

	/* Up to 4 variants side by side per block, so it fits 80 columns; a
	 * longer value widens its row rather than being cut. */
	char cell[128];
	for (int start = 0; start < nresults; start += 4) {
		int end = start + 4 < nresults ? start + 4 : nresults;
		printf("%-13s", "");
		for (int r = start; r < end; r++)
			printf(" %15s", results[r].variant);
		printf("\n");
		for (int k = 0; k < nrows; k++) {
			bool any = false;
			for (int r = start; r < end; r++) {
				format_cell(&results[r], rows[k], cell, sizeof cell);
				any |= strcmp(cell, "-") != 0;
			}
			if (!any)
				continue;
			printf("%-13s", rows[k]);
			for (int r = start; r < end; r++) {
				format_cell(&results[r], rows[k], cell, sizeof cell);
				printf(" %15s", cell);
			}
			printf("\n");
		}
		printf("\n");
	}
}

int lab_end(void)
{
	pthread_mutex_lock(&out_lock);
	if (json_mode)
		printf("{\"event\":\"end\"}\n");
	else if (nresults > 0)
		print_table();
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
	return 0;
}

/* ---- Stepping ------------------------------------------------------------
 *
 * With --step, the stepped threads run one at a time. Each owns a semaphore.
 * At a step point a thread records where it is, gives up the turn and sleeps
 * on its semaphore; a reader thread takes the controller's choices from
 * stdin ({"cmd":"run","thread":N}) and wakes the thread chosen. Because only
 * one thread runs, the scheduler knows every thread's next statement and
 * the state of every lock, condition variable, semaphore and barrier that
 * goes through the lab's wrappers: a thread whose next step would block is
 * never chosen, and when nobody can move before everybody is done, that is a
 * deadlock, reported instead of a choice. A stepped thread never blocks in a
 * real pthread call: the wrappers only call the real function once the model
 * says it will not block (or, for waits, simulate the wait on the thread's
 * own semaphore). All state is under `st.mu`.
 */
bool lab_stepping;

#define STEP_THREADS 16
#define STEP_VARS 8
#define STEP_OBJS 8

/* What a thread's next step waits for, if anything. */
enum step_wait {
	WAIT_NONE,
	WAIT_LOCK,    /* its step takes lock `obj` */
	WAIT_COND,    /* parked in a condition wait on cond `obj`, not yet woken */
	WAIT_RELOCK,  /* woken from cond `obj`; must take lock `lock` back */
	WAIT_SEM,     /* its step is sem_wait on sem `obj` */
	WAIT_BARRIER, /* arrived at barrier `obj`, waiting for the others */
	WAIT_SPIN,    /* spinning until until(arg) holds */
};

struct step_thread {
	bool known, at_point, done;
	const char *label, *file, *local; /* the next statement, as marked */
	int line;
	long long value;                  /* the local's value, when shown */
	enum step_wait wait;
	int obj, lock;                    /* see enum step_wait */
	bool recursive;                   /* WAIT_LOCK on a recursive mutex */
	long long ticket;                 /* order of arrival in a cond wait */
	bool (*until)(void *);            /* WAIT_SPIN: what it spins for ... */
	void *arg;                        /* ... its argument */
	const char *until_name;           /* ... and its name in the source */
	sem_t go;
};

enum shared_kind { SHARED_LL, SHARED_INT, SHARED_ATOMIC_INT, SHARED_ATOMIC_LL };

static struct {
	pthread_mutex_t mu;
	struct step_thread t[STEP_THREADS];
	int nthreads;                     /* highest id + 1 */
	int gate_arrived;
	int running;                      /* the thread with the turn, or -1 */
	long long steps;                  /* choices carried out so far */
	long long tickets;
	struct { const char *name; enum shared_kind kind; const void *p; } vars[STEP_VARS];
	int nvars;
	struct { pthread_mutex_t *m; const char *name; int owner, depth; const char *file; int line; }
		locks[STEP_OBJS];
	int nlocks;
	bool controller_gone;             /* stdin reached its end */
	struct { pthread_cond_t *c; const char *name; } conds[STEP_OBJS];
	int nconds;
	struct { sem_t *s; const char *name; long long value; } sems[STEP_OBJS];
	int nsems;
	struct { pthread_barrier_t *b; const char *name; int count, arrived; } barriers[STEP_OBJS];
	int nbarriers;
} st = {.mu = PTHREAD_MUTEX_INITIALIZER, .running = -1};

static pthread_key_t step_key;         /* its destructor sees a thread end */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "&lock" -> "lock": objects are named by the expression the demo wrote. */
static const char *obj_name(const char *expr)
{
	return expr[0] == '&' ? expr + 1 : expr;
}

/* May thread i be chosen now? (st.mu held) */
static bool step_enabled(int i)
{
	const struct step_thread *t = &st.t[i];
	if (!t->known || t->done || !t->at_point)
		return false;
	switch (t->wait) {
	case WAIT_NONE:
		return true;
	case WAIT_LOCK:
		return st.locks[t->obj].owner < 0 ||
		       (t->recursive && st.locks[t->obj].owner == i);
	case WAIT_RELOCK:
		return st.locks[t->lock].owner < 0;
	case WAIT_SEM:
		return st.sems[t->obj].value > 0;
	case WAIT_SPIN: /* every stepped thread is asleep: memory is still */
		return t->until(t->arg);
	case WAIT_COND:
	case WAIT_BARRIER:
		return false;
	}
	return false;
}

/* The "waits" member of a blocked thread: what its next step needs (a lock
 * it wants or must take back after a condition wait is "mutex"). (st.mu held) */
static void put_wait(const struct step_thread *t)
{
	static const char *const kinds[] = {"", "mutex", "cond", "mutex", "sem", "barrier",
					      "spin"};
	const char *name = "";
	int owner = -2;
	switch (t->wait) {
	case WAIT_NONE:
		return;
	case WAIT_LOCK:
		name = st.locks[t->obj].name;
		owner = st.locks[t->obj].owner;
		break;
	case WAIT_RELOCK:
		name = st.locks[t->lock].name;
		owner = st.locks[t->lock].owner;
		break;
	case WAIT_COND:
		name = st.conds[t->obj].name;
		break;
	case WAIT_SEM:
		name = st.sems[t->obj].name;
		break;
	case WAIT_BARRIER:
		name = st.barriers[t->obj].name;
		break;
	case WAIT_SPIN:
		name = t->until_name;
		break;
	}
	printf(",\"waits\":{\"kind\":\"%s\",\"name\":", kinds[t->wait]);
	put_json_string(stdout, name);
	if (owner >= -1)
		printf(",\"owner\":%d", owner);
	printf("}");
}

static long long shared_value(int i)
{
	switch (st.vars[i].kind) {
	case SHARED_INT:
		return *(const int *)st.vars[i].p;
	case SHARED_ATOMIC_INT:
		return atomic_load((const atomic_int *)st.vars[i].p);
	case SHARED_ATOMIC_LL:
		return atomic_load((const atomic_llong *)st.vars[i].p);
	case SHARED_LL:
		break;
	}
	return *(const long long *)st.vars[i].p;
}

/* Tell the controller where everyone is: a `step` event when somebody can
 * move (the controller answers with a choice), a `deadlock` event when
 * nobody can, `step_done` when every thread has finished. (st.mu held) */
static void step_report(void)
{
	int alive = 0, enabled = 0;
	for (int i = 0; i < st.nthreads; i++) {
		alive += st.t[i].known && !st.t[i].done;
		enabled += step_enabled(i);
	}
	if (alive && st.controller_gone)
		_exit(3); /* a choice is needed and nobody will make it */
	pthread_mutex_lock(&out_lock);
	printf("{\"event\":\"%s\",\"step\":%lld,\"threads\":[",
	       alive == 0 ? "step_done" : enabled ? "step" : "deadlock", st.steps);
	for (int i = 0; i < st.nthreads; i++) {
		const struct step_thread *t = &st.t[i];
		printf("%s{\"thread\":%d,\"state\":\"%s\"", i ? "," : "", i,
		       !t->known ? "none" : t->done ? "done" : step_enabled(i) ? "ready" : "blocked");
		if (t->known && !t->done) {
			printf(",\"label\":");
			put_json_string(stdout, t->label);
			printf(",\"file\":");
			put_json_string(stdout, base_name(t->file));
			printf(",\"line\":%d", t->line);
			if (t->local) {
				printf(",\"local\":{");
				put_json_string(stdout, t->local);
				printf(":%lld}", t->value);
			}
			if (!step_enabled(i))
				put_wait(t); /* only a blocked thread waits */
		}
		printf("}");
	}
	printf("],\"shared\":{");
	for (int i = 0; i < st.nvars; i++) {
		printf("%s", i ? "," : "");
		put_json_string(stdout, st.vars[i].name);
		printf(":%lld", shared_value(i)); /* every thread is asleep */
	}
	printf("},\"locks\":[");
	for (int i = 0; i < st.nlocks; i++) {
		printf("%s{\"name\":", i ? "," : "");
		put_json_string(stdout, st.locks[i].name);
		printf(",\"owner\":%d", st.locks[i].owner);
		if (st.locks[i].owner >= 0) {
			printf(",\"depth\":%d,\"file\":", st.locks[i].depth);
			put_json_string(stdout, base_name(st.locks[i].file));
			printf(",\"line\":%d", st.locks[i].line);
		}
		printf("}");
	}
	printf("]");
	if (st.nconds) {
		printf(",\"conds\":[");
		for (int i = 0; i < st.nconds; i++) {
			printf("%s{\"name\":", i ? "," : "");
			put_json_string(stdout, st.conds[i].name);
			printf(",\"waiters\":[");
			/* longest waiting first (lowest ticket): the order a signal
			 * wakes them in, which explore must see */
			long long after = 0;
			for (bool first = true;; first = false) {
				int next = -1;
				for (int j = 0; j < st.nthreads; j++)
					if (st.t[j].known && !st.t[j].done &&
					    st.t[j].wait == WAIT_COND && st.t[j].obj == i &&
					    st.t[j].ticket > after &&
					    (next < 0 || st.t[j].ticket < st.t[next].ticket))
						next = j;
				if (next < 0)
					break;
				printf("%s%d", first ? "" : ",", next);
				after = st.t[next].ticket;
			}
			printf("]}");
		}
		printf("]");
	}
	if (st.nsems) {
		printf(",\"sems\":[");
		for (int i = 0; i < st.nsems; i++) {
			printf("%s{\"name\":", i ? "," : "");
			put_json_string(stdout, st.sems[i].name);
			printf(",\"value\":%lld}", st.sems[i].value);
		}
		printf("]");
	}
	if (st.nbarriers) {
		printf(",\"barriers\":[");
		for (int i = 0; i < st.nbarriers; i++) {
			printf("%s{\"name\":", i ? "," : "");
			put_json_string(stdout, st.barriers[i].name);
			printf(",\"arrived\":%d,\"count\":%d}", st.barriers[i].arrived,
			       st.barriers[i].count);
		}
		printf("]");
	}
	printf("}\n");
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

/* The turn is free. A thread that has not reached its next step point yet
 * (just started, or just let through a barrier) runs up to it without a
 * choice, in id order, so every run goes the same way; after that the
 * controller chooses. (st.mu held) */
static void step_next(void)
{
	st.running = -1;
	for (int i = 0; i < st.nthreads; i++) {
		struct step_thread *t = &st.t[i];
		if (t->known && !t->done && !t->at_point) {
			st.running = i;
			sem_post(&t->go);
			return;
		}
	}
	step_report();
}

static void step_wait(struct step_thread *t)
{
	while (sem_wait(&t->go) != 0 && errno == EINTR)
		;
}

static void step_thread_end(void *arg)
{
	int id = (int)(intptr_t)arg - 1;
	pthread_mutex_lock(&st.mu);
	st.t[id].done = true;
	step_next();
	pthread_mutex_unlock(&st.mu);
}

/* The controller's choices, one JSON object per line on stdin. */
static void *step_reader(void *arg)
{
	(void)arg;
	char line[256];
	while (fgets(line, sizeof line, stdin)) {
		const char *p = strstr(line, "\"thread\"");
		int id = p && (p = strchr(p, ':')) ? (int)strtol(p + 1, NULL, 10) : -1;
		pthread_mutex_lock(&st.mu);
		bool ok = st.running < 0 && id >= 0 && id < st.nthreads && step_enabled(id);
		if (ok) {
			st.running = id;
			st.t[id].at_point = false;
			sem_post(&st.t[id].go);
		}
		pthread_mutex_unlock(&st.mu);
		if (!ok) {
			pthread_mutex_lock(&out_lock);
			printf("{\"event\":\"step_error\",\"thread\":%d,\"text\":\"%s\"}\n", id,
			       id < 0 ? "not a choice" : "that thread cannot move now");
			fflush(stdout);
			pthread_mutex_unlock(&out_lock);
		}
	}
	/* The controller is gone: a stepped run cannot go on without it. A
	 * thread not yet at its first step point exits at the next report. */
	pthread_mutex_lock(&st.mu);
	st.controller_gone = true;
	bool all_done = true;
	for (int i = 0; i < st.nthreads; i++)
		all_done &= !st.t[i].known || st.t[i].done;
	pthread_mutex_unlock(&st.mu);
	if (!all_done)
		_exit(3);
	return NULL;
}

static void step_init(void)
{
	for (int i = 0; i < STEP_THREADS; i++)
		if (sem_init(&st.t[i].go, 0, 0) != 0)
			lab_die("sem_init: %s", strerror(errno));
	pthread_t reader;
	if (pthread_key_create(&step_key, step_thread_end) != 0 ||
	    pthread_create(&reader, NULL, step_reader, NULL) != 0 ||
	    pthread_detach(reader) != 0)
		lab_die("cannot start the step reader");
}

void lab_step_thread(int id)
{
	if (!lab_stepping)
		return;
	if (id < 0 || id >= STEP_THREADS)
		lab_die("step mode takes at most %d threads", STEP_THREADS);
	pthread_mutex_lock(&st.mu);
	st.t[id].known = true;
	st.t[id].wait = WAIT_NONE;
	if (id >= st.nthreads)
		st.nthreads = id + 1;
	pthread_mutex_unlock(&st.mu);
	step_self = id;
	pthread_setspecific(step_key, (void *)(intptr_t)(id + 1));
}

static void shared_add(const char *name, enum shared_kind kind, const void *p)
{
	if (!lab_stepping || st.nvars == STEP_VARS)
		return;
	st.vars[st.nvars].name = name;
	st.vars[st.nvars].kind = kind;
	st.vars[st.nvars++].p = p;
}

void lab_step_shared(const char *name, const long long *value)
{
	shared_add(name, SHARED_LL, value);
}

void lab_step_shared_int(const char *name, const int *value)
{
	shared_add(name, SHARED_INT, value);
}

void lab_step_shared_atomic(const char *name, const atomic_int *value)
{
	shared_add(name, SHARED_ATOMIC_INT, value);
}

void lab_step_shared_atomic_ll(const char *name, const atomic_llong *value)
{
	shared_add(name, SHARED_ATOMIC_LL, value);
}

/* The gate in step mode: no spinning; when the last thread is in, the
 * threads run up to their first step points one by one. */
static void step_gate(int n)
{
	pthread_mutex_lock(&st.mu);
	if (++st.gate_arrived == n)
		step_next();
	pthread_mutex_unlock(&st.mu);
	step_wait(&st.t[step_self]);
}

/* Stop at a step point until chosen (st.mu held; held again on return). */
static void step_point(struct step_thread *t, const char *label, const char *file, int line,
		       const char *local, long long value)
{
	t->label = label;
	t->file = file;
	t->line = line;
	t->local = local;
	t->value = value;
	t->at_point = true;
	step_next();
	pthread_mutex_unlock(&st.mu);
	step_wait(t);
	pthread_mutex_lock(&st.mu);
	st.steps++;
}

void lab_step_at(const char *label, const char *file, int line, const char *local,
		 long long value)
{
	if (step_self < 0)
		return; /* not a stepped thread (main, a helper) */
	pthread_mutex_lock(&st.mu);
	step_point(&st.t[step_self], label, file, line, local, value);
	pthread_mutex_unlock(&st.mu);
}

/* Index of a tracked object, registering it on first sight. (st.mu held) */
#define STEP_FIND(arr, n, field, ptr, expr)                                      \
	do {                                                                     \
		for (int i_ = 0; i_ < (n); i_++)                                 \
			if ((arr)[i_].field == (ptr))                            \
				return i_;                                       \
		if ((n) == STEP_OBJS)                                            \
			lab_die("step mode tracks at most %d of each kind", STEP_OBJS); \
		(arr)[(n)].field = (ptr);                                        \
		(arr)[(n)].name = obj_name(expr);                                \
	} while (0)

static int lock_index(pthread_mutex_t *m, const char *name)
{
	STEP_FIND(st.locks, st.nlocks, m, m, name);
	st.locks[st.nlocks].owner = -1;
	return st.nlocks++;
}

static int cond_index(pthread_cond_t *c, const char *name)
{
	STEP_FIND(st.conds, st.nconds, c, c, name);
	return st.nconds++;
}

static int sem_index(sem_t *s, const char *name)
{
	STEP_FIND(st.sems, st.nsems, s, s, name);
	int v = 0;
	sem_getvalue(s, &v); /* nobody else moves: the value is stable */
	st.sems[st.nsems].value = v;
	return st.nsems++;
}

static int barrier_index(pthread_barrier_t *b, const char *name)
{
	STEP_FIND(st.barriers, st.nbarriers, b, b, name);
	return st.nbarriers++;
}

static bool stepped(void)
{
	return lab_stepping && step_self >= 0;
}

void lab_lock_at(pthread_mutex_t *m, const char *name, const char *file, int line,
		 bool recursive)
{
	if (!stepped()) {
		pthread_mutex_lock(m);
		return;
	}
	struct step_thread *t = &st.t[step_self];
	pthread_mutex_lock(&st.mu);
	int i = lock_index(m, name);
	t->wait = WAIT_LOCK;
	t->obj = i;
	t->recursive = recursive;
	step_point(t, "lock", file, line, NULL, 0); /* chosen only when it can take it */
	t->wait = WAIT_NONE;
	if (st.locks[i].owner != step_self) {
		st.locks[i].owner = step_self;
		st.locks[i].file = file;
		st.locks[i].line = line;
	}
	st.locks[i].depth++;
	pthread_mutex_unlock(&st.mu);
	pthread_mutex_lock(m); /* free for real, or ours and recursive */
}

bool lab_trylock_at(pthread_mutex_t *m, const char *name, const char *file, int line)
{
	if (!stepped())
		return pthread_mutex_trylock(m) == 0;
	pthread_mutex_lock(&st.mu);
	int i = lock_index(m, name);
	step_point(&st.t[step_self], "trylock", file, line, NULL, 0); /* never blocks */
	bool got = st.locks[i].owner < 0;
	if (got) {
		st.locks[i].owner = step_self;
		st.locks[i].depth = 1;
		st.locks[i].file = file;
		st.locks[i].line = line;
	}
	pthread_mutex_unlock(&st.mu);
	/* Free for real (its owner was nobody, and the thread that unlocked it
	 * did so before its next step point). Taken with trylock, as the demo
	 * wrote it: ThreadSanitizer leaves a trylock out of its lock-order graph,
	 * and a plain lock here made it report the trylock variant's avoided
	 * cycle as a lock-order inversion (tests/tsan_step.sh). */
	if (got && pthread_mutex_trylock(m) != 0)
		lab_die("step mode: %s was free, but pthread_mutex_trylock failed", name);
	return got;
}

void lab_unlock_at(pthread_mutex_t *m, const char *name, const char *file, int line)
{
	if (!stepped()) {
		pthread_mutex_unlock(m);
		return;
	}
	pthread_mutex_lock(&st.mu);
	int i = lock_index(m, name);
	step_point(&st.t[step_self], "unlock", file, line, NULL, 0);
	if (--st.locks[i].depth <= 0) {
		st.locks[i].depth = 0;
		st.locks[i].owner = -1;
	}
	pthread_mutex_unlock(&st.mu);
	pthread_mutex_unlock(m);
}

/* A condition wait in two steps: "wait" releases the lock and parks the
 * thread on the condition (it cannot be chosen until a signal or broadcast
 * wakes it); "relock" takes the lock back when it is free. No spurious
 * wakeups in step mode; a signal wakes the thread that has waited longest. */
void lab_cond_wait_at(pthread_cond_t *c, pthread_mutex_t *m, const char *cname,
		      const char *mname, const char *file, int line)
{
	if (!stepped()) {
		pthread_cond_wait(c, m);
		return;
	}
	struct step_thread *t = &st.t[step_self];
	pthread_mutex_lock(&st.mu);
	int ci = cond_index(c, cname), li = lock_index(m, mname);
	step_point(t, "wait", file, line, NULL, 0);
	st.locks[li].owner = -1;
	st.locks[li].depth = 0;
	pthread_mutex_unlock(m);
	t->wait = WAIT_COND;
	t->obj = ci;
	t->lock = li;
	t->ticket = ++st.tickets;
	/* parked: the next choice it can take is "relock", once woken */
	step_point(t, "relock", file, line, NULL, 0);
	t->wait = WAIT_NONE;
	st.locks[li].owner = step_self;
	st.locks[li].depth = 1;
	st.locks[li].file = file;
	st.locks[li].line = line;
	pthread_mutex_unlock(&st.mu);
	pthread_mutex_lock(m);
}

void lab_cond_wake_at(pthread_cond_t *c, const char *name, bool all, const char *file,
		      int line)
{
	if (!stepped()) {
		if (all)
			pthread_cond_broadcast(c);
		else
			pthread_cond_signal(c);
		return;
	}
	pthread_mutex_lock(&st.mu);
	int ci = cond_index(c, name);
	step_point(&st.t[step_self], all ? "broadcast" : "signal", file, line, NULL, 0);
	for (;;) {
		struct step_thread *first = NULL;
		for (int j = 0; j < st.nthreads; j++) {
			struct step_thread *w = &st.t[j];
			if (w->known && !w->done && w->wait == WAIT_COND && w->obj == ci &&
			    (!first || w->ticket < first->ticket))
				first = w;
		}
		if (!first)
			break;
		first->wait = WAIT_RELOCK;
		if (!all)
			break;
	}
	pthread_mutex_unlock(&st.mu);
}

void lab_sem_wait_at(sem_t *s, const char *name, const char *file, int line)
{
	if (!stepped()) {
		while (sem_wait(s) != 0 && errno == EINTR)
			;
		return;
	}
	struct step_thread *t = &st.t[step_self];
	pthread_mutex_lock(&st.mu);
	t->wait = WAIT_SEM;
	t->obj = sem_index(s, name);
	step_point(t, "sem_wait", file, line, NULL, 0); /* chosen only when value > 0 */
	t->wait = WAIT_NONE;
	st.sems[t->obj].value--;
	pthread_mutex_unlock(&st.mu);
	while (sem_wait(s) != 0 && errno == EINTR) /* does not block: value was > 0 */
		;
}

void lab_sem_post_at(sem_t *s, const char *name, const char *file, int line)
{
	if (!stepped()) {
		sem_post(s);
		return;
	}
	pthread_mutex_lock(&st.mu);
	int i = sem_index(s, name);
	step_point(&st.t[step_self], "sem_post", file, line, NULL, 0);
	st.sems[i].value++;
	pthread_mutex_unlock(&st.mu);
	sem_post(s);
}

int lab_barrier_init_at(pthread_barrier_t *b, const char *name, unsigned count)
{
	if (lab_stepping) {
		pthread_mutex_lock(&st.mu);
		st.barriers[barrier_index(b, name)].count = (int)count;
		pthread_mutex_unlock(&st.mu);
	}
	return pthread_barrier_init(b, NULL, count);
}

/* In step mode the barrier is simulated (the real one is never waited on):
 * arriving is a step; the last thread to arrive lets everyone through, and
 * they run on to their next step points without a choice. */
int lab_barrier_wait_at(pthread_barrier_t *b, const char *name, const char *file, int line)
{
	if (!stepped())
		return pthread_barrier_wait(b);
	struct step_thread *t = &st.t[step_self];
	pthread_mutex_lock(&st.mu);
	int i = barrier_index(b, name);
	step_point(t, "barrier_wait", file, line, NULL, 0);
	int serial = 0;
	if (++st.barriers[i].arrived >= st.barriers[i].count) {
		st.barriers[i].arrived = 0;
		for (int j = 0; j < st.nthreads; j++)
			if (st.t[j].wait == WAIT_BARRIER && st.t[j].obj == i) {
				st.t[j].wait = WAIT_NONE;
				st.t[j].at_point = false; /* runs to its next step point */
			}
		serial = PTHREAD_BARRIER_SERIAL_THREAD;
	} else {
		t->wait = WAIT_BARRIER;
		t->obj = i;
		t->at_point = true;
		step_next();
		pthread_mutex_unlock(&st.mu);
		step_wait(t);
		pthread_mutex_lock(&st.mu);
	}
	pthread_mutex_unlock(&st.mu);
	return serial;
}

void lab_spin_at(bool (*until)(void *), void *arg, const char *name, const char *file,
		 int line)
{
	if (!stepped()) {
		lab_spin_plain(until, arg);
		return;
	}
	struct step_thread *t = &st.t[step_self];
	pthread_mutex_lock(&st.mu);
	t->wait = WAIT_SPIN;
	t->until = until;
	t->arg = arg;
	t->until_name = name;
	step_point(t, "spin", file, line, NULL, 0); /* chosen only when until(arg) holds */
	t->wait = WAIT_NONE;
	pthread_mutex_unlock(&st.mu);
}
