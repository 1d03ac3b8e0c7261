/*
 * cli.h - the plain-text face of lockstep: one function per subcommand.
 *
 * Each cmd_*() takes the subcommand's own argv (argv[0] is its name), parses
 * it with getopt_long, and returns the process exit status: 0 success,
 * 1 failure, 2 usage error (a bad option or argument, and an unknown
 * lesson, exercise or demo). Errors go to stderr as "lockstep: NAME: ...".
 *
 * Layer: src/cli. Prints; never touches curses.
 */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/util.h" /* EXIT_USAGE */

int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_demos(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_progress(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_exercises(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_hint(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_step(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* "lockstep: CMD: message" on stderr (CMD NULL: "lockstep: message").
 * Returns 1 (or use the return value of cli_usage for exit 2, which also
 * suggests --help). Echo a value the user gave through util_shown(). */
int cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same line for a warning or a note that is not the command's failure. */
void cli_note(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After getopt_long returned '?' (main sets opterr = 0, so getopt itself
 * prints nothing): name the option that is unknown or lacks its value, as
 * cli_usage does. Returns 2. */
int cli_bad_option(const char *cmd, char **argv);

/* Ask a yes/no question on the terminal; false when stdin is not a tty and
 * `assume_yes` is false. */
bool cli_confirm(const char *question, bool assume_yes);

/* `path` as the user would name it: relative to the current directory when
 * it lies below it. Caller frees. */
char *cli_display_path(const char *path);

/* Terminal width for wrapping: $COLUMNS, the tty's width, else 80. */
int cli_term_width(void);

struct series;

/*
 * Run a demo K times and follow it to the end (core/series: a failed or
 * timed-out run is recorded and the next one starts; timeout_ms 0 is the
 * 60 s default). Ctrl-C cancels the run in progress and the series, not
 * lockstep; SIGTERM cancels it too, then ends lockstep as it asked. With `progress`, "running NAME, run i of K" shows on stderr.
 * Each run that fails is reported on stderr as it ends, under `cmd`:
 * "lockstep: demo: race_counter run 2 of 5: timed out ...", with what the
 * demo wrote on stderr. Returns the series (caller frees with
 * series_free), or NULL when it could not start (already reported).
 */
struct series *cli_run_series(const char *cmd, const char *name, const char *program,
			      char *const argv[], int k, int timeout_ms, bool progress);

/*
 * A series as text on stdout: one run's variants side by side (after its
 * log lines when `logs`), or each variant's spread over the runs; then a
 * line saying how many runs there were, how many failed and how, and
 * whether it was cancelled. Returns the number of runs that failed
 * (neither OK nor cancelled).
 */
size_t cli_print_series(const struct series *s, bool logs, bool unicode);

#endif
