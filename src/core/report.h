/*
 * report.h - a demo run's result, built from its JSON Lines events (see
 * lab/PROTOCOL.md). This is the only parser of demo output.
 *
 * Layer: src/core (cJSON). Bad input never crashes: garbage, truncated JSON,
 * unknown events, overlong lines and a missing `end` become an error message
 * in the result.
 */
#ifndef CORE_REPORT_H
#define CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#define REPORT_MAX_LINE (64 * 1024)

struct metric {
	char *key;
	bool is_text;
	bool is_bool;                /* a JSON true/false (num is 1 or 0) */
	double num;
	char *text;
};

/* What a demo declared about its numbers (lab/PROTOCOL.md, "Declaring"). */
enum metric_kind {
	MK_NONE,     /* undeclared: a kind is chosen from the value (metric.h) */
	MK_COUNT,
	MK_DURATION,
	MK_RATE,
	MK_RATIO,
	MK_YESNO,
	MK_TEXT,
	MK_LIST,
	MK_NUMBER,   /* a plain number: never declared, the default for reals */
};

struct metric_decl {
	char *key, *unit;
	enum metric_kind kind;
};

/* "variant's metric op factor [x against's metric]" (see lab.h). */
struct claim {
	char *variant, *metric, *op, *against; /* against may be NULL */
	double factor;
};

#define REPORT_ROW_EXPECTED 1u
#define REPORT_ROW_OBSERVED 2u
#define REPORT_ROW_LOST 4u

struct variant_result {
	char *name;
	bool has_result;             /* a `result` event arrived */
	bool has_expected, has_observed;
	long long expected, observed;
	bool correct;
	long long elapsed_ns;
	struct metric *metrics;
	size_t nmetrics;
	long long done, total;       /* latest progress */
	bool has_value;              /* the latest progress carried `value` */
	long long value;             /* the shared value as the demo last saw it */
};

enum run_status {
	RUN_RUNNING,
	RUN_OK,        /* exited 0 after `end`, output well-formed */
	RUN_FAILED,    /* bad output, nonzero exit, or no `end` */
	RUN_TIMEOUT,   /* killed at the time limit */
	RUN_CRASHED,   /* killed by a signal it did not get from us */
	RUN_CANCELLED, /* cancelled on request */
};

struct run_result {
	char *demo;
	int protocol;
	char **param_keys;           /* from `hello` */
	long long *param_values;
	size_t nparams;
	struct variant_result *variants; /* in `hello` order */
	size_t nvariants;
	char **logs;
	size_t nlogs;
	bool got_hello, got_end;
	enum run_status status;
	char *error;                 /* first problem, for people; NULL if none */
	int exit_code;               /* when it exited */
	int signal;                  /* when a signal ended it, else 0 */
	char *stderr_text;           /* what it wrote on stderr (capped) */
	long long wall_ns;           /* measured by the runner */
	size_t nlines;               /* lines fed so far (for messages) */
	/* from `hello`, when the demo declared them */
	bool has_rows;               /* else every row a result has is shown */
	unsigned rows;               /* REPORT_ROW_* */
	struct metric_decl *decls;
	size_t ndecls;
	struct claim *claims;
	size_t nclaims;
	/* other programs' CPU use during the run (core/machine), when measured */
	bool load_known;
	double others_cores;         /* in cores: 0.9 = 90% of one core */
	int ncpu;
};

void report_init(struct run_result *r);
void report_release(struct run_result *r);

/* Feed one line (without the newline). Returns 0, or -1 if the line was bad
 * (the first such problem is kept in r->error with its line number). */
int report_feed_line(struct run_result *r, const char *line, size_t len);

/* Called by the runner when the process is gone: sets status and error from
 * the exit status / signal and what was (not) received. */
void report_finish(struct run_result *r, int wait_status, bool timed_out, bool cancelled);

/* Lookups. */
const struct variant_result *report_variant(const struct run_result *r, const char *name);
const struct metric *report_metric(const struct variant_result *v, const char *key);
const char *report_status_name(enum run_status s);

/* The declaration for metric `key`, or NULL. */
const struct metric_decl *report_decl(const struct run_result *r, const char *key);

/* Whether row (REPORT_ROW_*) is to be shown for this demo. */
bool report_row_wanted(const struct run_result *r, unsigned row);

/* Lost updates of a variant: the demo's own "lost" metric when it has one,
 * else expected - observed when observed falls short. False when neither
 * applies (a demo whose observed is a count of bad things, say). */
bool report_lost(const struct variant_result *v, long long *lost);

/* A deep copy (for keeping the results of --runs). Caller releases. */
void report_copy(struct run_result *dst, const struct run_result *src);

#endif
