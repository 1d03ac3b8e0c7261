/*
 * common.c - what every subcommand shares: error messages in GNU form, a
 * yes/no question, the terminal width, and running a demo K times with its
 * results as text (`lockstep demo` and the shell print the same).
 */
#define _GNU_SOURCE
#include "cli/cli.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/series.h"
#include "core/summary.h"
#include "core/util.h"

/* "lockstep: CMD: message": one prefix for every error, whatever printed
 * it. A control character in the message (from a value echoed back, or a
 * demo's stderr quoted in it) is written as \xNN, never sent to the
 * terminal; only line breaks and tabs pass. */
static void vreport(const char *cmd, const char *fmt, va_list ap)
{
	fflush(stdout);
	char *msg = xvasprintf(fmt, ap);
	fprintf(stderr, "lockstep: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	fputc('\n', stderr);
	free(msg);
}

void cli_note(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
}

int cli_bad_option(const char *cmd, char **argv)
{
	const char *word = argv[optind - 1] ? argv[optind - 1] : "";
	if (word[0] == '-' && word[1] == '-') {
		size_t n = strcspn(word, "=");
		char *name = xstrndup(word, n);
		int rc = optopt == 0 ? cli_usage(cmd, "unknown option '%s'", util_shown(name))
			 : word[n] == '=' ? cli_usage(cmd, "option '%s' takes no value", name)
					  : cli_usage(cmd, "option '%s' needs a value", name);
		free(name);
		return rc;
	}
	char opt[2] = {(char)optopt, 0};
	return cli_usage(cmd, "unknown option '-%s', or it needs a value", util_shown(opt));
}

int cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	return 1;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'lockstep%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

bool cli_confirm(const char *question, bool assume_yes)
{
	if (assume_yes)
		return true;
	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof line, stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

char *cli_display_path(const char *path)
{
	char *cwd = getcwd(NULL, 0);
	size_t n = cwd ? strlen(cwd) : 0;
	char *out;
	if (cwd && n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1])
		out = xstrdup(path + n + 1);
	else
		out = xstrdup(path);
	free(cwd);
	return out;
}

int cli_term_width(void)
{
	const char *cols = getenv("COLUMNS");
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* ------------------------------------------------------------ a series */

static volatile sig_atomic_t series_stop; /* the signal that stops the series */
static void on_stop(int sig)
{
	series_stop = sig;
}

struct follow {
	const char *cmd, *name;
	bool progress;
};

static void tell_run(void *arg, const struct series *s, size_t i, bool ended)
{
	const struct follow *f = arg;
	int k = series_k(s);
	if (!ended) {
		if (f->progress && k > 1)
			fprintf(stderr, "\rrunning %s, run %zu of %d ", f->name, i + 1, k);
		else if (f->progress)
			fprintf(stderr, "\rrunning %s...", f->name);
		return;
	}
	size_t n;
	const struct run_result *r = &series_results(s, &n)[i];
	if (r->status == RUN_OK || r->status == RUN_CANCELLED)
		return;
	if (f->progress)
		fputc('\n', stderr);
	cli_error(f->cmd, "%s run %zu of %d %s: %s", f->name, i + 1, k,
		  report_status_name(r->status), r->error ? r->error : "no details");
	if (r->stderr_text && *r->stderr_text)
		fprintf(stderr, "%s: stderr:\n%.2000s%s", f->name, r->stderr_text,
			r->stderr_text[strlen(r->stderr_text) - 1] == '\n' ? "" : "\n");
}

struct series *cli_run_series(const char *cmd, const char *name, const char *program,
			      char *const argv[], int k, int timeout_ms, bool progress)
{
	struct series_opts o = {.timeout_ms = timeout_ms, .grace_ms = 500};
	char *err = NULL;
	struct series *s = series_start(program, argv, k, &o, &err);
	if (!s) {
		cli_error(cmd, "%s: %s", name, err ? err : "could not start");
		free(err);
		return NULL;
	}
	struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	series_stop = 0;
	struct follow f = {cmd, name, progress};
	series_follow(s, &series_stop, tell_run, &f);
	if (progress)
		fprintf(stderr, "\r%*s\r", 60, "");
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (series_stop == SIGTERM) {
		/* the run is cancelled and reaped; now end as SIGTERM asked */
		series_free(s);
		raise(SIGTERM);
		return NULL; /* a caller that handles SIGTERM goes on */
	}
	return s;
}

size_t cli_print_series(const struct series *s, bool logs, bool unicode)
{
	size_t n;
	const struct run_result *runs = series_results(s, &n);
	int k = series_k(s);
	size_t failed = n - series_tally(s, RUN_OK) - series_tally(s, RUN_CANCELLED);
	int width = cli_term_width();
	if (n == 1 && k == 1) {
		for (size_t i = 0; logs && i < runs[0].nlogs; i++)
			printf("%s\n", runs[0].logs[i]);
		if (logs && runs[0].nlogs)
			printf("\n");
		char *t = summary_format_run(&runs[0], width, unicode);
		fputs(t, stdout);
		free(t);
	} else if (n > series_tally(s, RUN_CANCELLED)) { /* a spread needs a whole run */
		char *t = summary_format_runs(runs, n, width, unicode);
		fputs(t, stdout);
		free(t);
	}
	if (series_cancelled(s)) {
		size_t whole = n - series_tally(s, RUN_CANCELLED);
		printf("cancelled after %zu of %d run%s\n", whole, k, k == 1 ? "" : "s");
	} else if (k > 1 || failed) {
		printf("%zu run%s", n, n == 1 ? "" : "s");
		if (failed) {
			printf(": %zu ok", series_tally(s, RUN_OK));
			static const enum run_status bad[] = {RUN_FAILED, RUN_TIMEOUT, RUN_CRASHED};
			for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
				if (series_tally(s, bad[i]))
					printf(", %zu %s", series_tally(s, bad[i]),
					       report_status_name(bad[i]));
		}
		printf("\n");
	}
	fflush(stdout);
	return failed;
}
