/*
 * cmd_exercises.c - the exercises the learner fixes, in plain text:
 * `lockstep exercises [init|reset]`, `lockstep verify`, `lockstep hint` and
 * `lockstep watch` (re-verify on every save, via inotify).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/exercise.h"
#include "core/paths.h"
#include "core/progress.h"
#include "core/util.h"

/* ------------------------------------------------------------ shared setup */

/* What every subcommand here needs: the exercises and the progress. */
struct ctx {
	const char *cmd;
	struct exercise_set set;
	struct progress *prog;
	char *workspace; /* resolved directory; owned */
};

static bool passed_cb(const char *id, void *p)
{
	return progress_exercise_passed(p, id);
}

/* Load the exercises and the progress. Returns 0, or the exit status. */
static int ctx_open(struct ctx *c, const char *cmd)
{
	memset(c, 0, sizeof *c);
	c->cmd = cmd;
	char *err = NULL, *warn = NULL;
	struct diags d;
	diags_init(&d);
	if (exercise_set_load(&c->set, paths_root(), &d, &err) != 0) {
		cli_error(cmd, "%s", err);
		free(err);
		diags_release(&d);
		exercise_set_release(&c->set);
		return 1;
	}
	for (size_t i = 0; i < d.n; i++) {
		char *m = diag_format(&d.v[i]);
		fprintf(stderr, "lockstep %s: warning: %s\n", cmd, m);
		free(m);
	}
	diags_release(&d);
	if (c->set.n == 0) {
		cli_error(cmd, "no exercises found in %s", c->set.lab_dir);
		exercise_set_release(&c->set);
		return 1;
	}
	c->prog = progress_load(NULL, &warn);
	if (warn) {
		fprintf(stderr, "lockstep %s: warning: %s\n", cmd, warn);
		free(warn);
	}
	c->workspace = exercise_workspace_resolve(progress_setting(c->prog, "workspace"));
	return 0;
}

static void ctx_close(struct ctx *c)
{
	exercise_set_release(&c->set);
	if (c->prog)
		progress_free(c->prog);
	free(c->workspace);
}

static int ctx_save(struct ctx *c)
{
	char *err = NULL;
	if (progress_save(c->prog, &err) != 0) {
		cli_error(c->cmd, "could not save progress: %s", err);
		free(err);
		return 1;
	}
	return 0;
}

/* The exercise named by `key`, or the next pending one when key is NULL.
 * Prints the problem and returns NULL (with *status set) when there is none. */
static const struct exercise *ctx_pick(struct ctx *c, const char *key, int *status)
{
	if (key) {
		const struct exercise *e = exercise_find(&c->set, key);
		if (!e)
			*status = cli_usage(c->cmd, "no exercise '%s' (see 'lockstep exercises')",
					    key);
		return e;
	}
	const struct exercise *e = exercise_next(&c->set, passed_cb, c->prog);
	if (!e) {
		printf("Every exercise has passed. Name one to do it again: lockstep %s N\n",
		       c->cmd);
		*status = 0;
	}
	return e;
}

/* The learner's file for e, if it exists; else prints how to get it. */
static char *ctx_file(struct ctx *c, const struct exercise *e)
{
	char *f = exercise_workspace_file(e, c->workspace);
	if (access(f, R_OK) != 0) {
		cli_error(c->cmd, "%s: %s (run 'lockstep exercises init' to copy the exercises "
			  "there, or set LOCKSTEP_WORKSPACE)", f, strerror(errno));
		free(f);
		return NULL;
	}
	return f;
}

/* Print text indented by `ind` spaces, line by line. */
static void print_indented(const char *text, int ind)
{
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		int n = nl ? (int)(nl - s) : (int)strlen(s);
		printf("%*s%.*s\n", n ? ind : 0, "", n, s);
		if (!nl)
			break;
		s = nl + 1;
	}
}

static const char *short_name(const struct exercise *e)
{
	return e->id + 3; /* "01-lost-updates" -> "lost-updates" */
}

/* ------------------------------------------------------------ exercises */

static int exercises_list(struct ctx *c)
{
	int done = 0;
	for (size_t i = 0; i < c->set.n; i++)
		done += progress_exercise_passed(c->prog, c->set.v[i].id);
	printf("Exercises: %d of %zu done. Workspace: %s\n\n", done, c->set.n, c->workspace);
	const struct exercise *next = exercise_next(&c->set, passed_cb, c->prog);
	for (size_t i = 0; i < c->set.n; i++) {
		const struct exercise *e = &c->set.v[i];
		bool ok = progress_exercise_passed(c->prog, e->id);
		printf("  %-7s %02d %-18s %s (lesson %.2s)\n", ok ? "done" : "pending", e->number,
		       short_name(e), e->title, e->lesson);
	}
	putchar('\n');
	char *f = next ? exercise_workspace_file(next, c->workspace) : NULL;
	if (!next)
		printf("All done. 'lockstep exercises reset N' to try one again.\n");
	else if (access(f, F_OK) != 0)
		printf("Next: %02d %s. First copy the exercises into your workspace:\n"
		       "  lockstep exercises init\n", next->number, short_name(next));
	else
		printf("Next: %02d %s. Edit %s, then:\n  lockstep verify %02d    "
		       "(or 'lockstep watch %02d' to check on every save)\n",
		       next->number, short_name(next), f, next->number, next->number);
	free(f);
	return 0;
}

static char *absolute(const char *dir)
{
	if (dir[0] == '/')
		return xstrdup(dir);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return xstrdup(dir);
	return paths_join(cwd, dir);
}

static int exercises_init(struct ctx *c, const char *dir, bool force, bool yes)
{
	char *target = absolute(dir ? dir : c->workspace);
	if (force) {
		char *q = xasprintf("Overwrite the exercise files in %s with the originals?",
				    target);
		bool ok = cli_confirm(q, yes);
		free(q);
		if (!ok) {
			free(target);
			return cli_error(c->cmd, "nothing changed%s",
					 yes ? "" : " (use --yes when not at a terminal)");
		}
	}
	int copied = 0, kept = 0;
	char *err = NULL;
	if (exercise_workspace_init(&c->set, target, force, &copied, &kept, &err) != 0) {
		cli_error(c->cmd, "%s", err);
		free(err);
		free(target);
		return 1;
	}
	progress_set_setting(c->prog, "workspace", target);
	int rc = ctx_save(c);
	printf("Workspace: %s\n", target);
	printf("Copied %d file%s", copied, copied == 1 ? "" : "s");
	if (kept)
		printf("; kept %d you already had (--force replaces them)", kept);
	printf(".\n\nEach NN-name.c there is a small broken program: its first comment "
	       "says what\nto fix. Then run 'lockstep verify NN', or 'lockstep watch NN' "
	       "while you edit.\n");
	free(target);
	return rc;
}

static int exercises_reset(struct ctx *c, const char *key, bool yes)
{
	int st = 0;
	const struct exercise *e = ctx_pick(c, key, &st);
	if (!e)
		return st;
	char *f = exercise_workspace_file(e, c->workspace);
	char *q = xasprintf("Replace %s with the original broken file? (yours is kept as %s.bak)",
			    f, f);
	bool ok = cli_confirm(q, yes);
	free(q);
	if (!ok) {
		free(f);
		return cli_error(c->cmd, "nothing changed%s",
				 yes ? "" : " (use --yes when not at a terminal)");
	}
	char *backup = NULL, *err = NULL;
	if (exercise_reset(e, c->workspace, &backup, &err) != 0) {
		cli_error(c->cmd, "%s", err);
		free(err);
		free(f);
		return 1;
	}
	printf("%s is back to the original.", f);
	if (backup)
		printf(" Your version is in %s.", backup);
	putchar('\n');
	free(backup);
	free(f);
	return 0;
}

int cmd_exercises(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"yes", no_argument, NULL, 'y'},
					     {"force", no_argument, NULL, 'f'},
					     {0, 0, 0, 0}};
	bool yes = false, force = false;
	int o;
	while ((o = getopt_long(argc, argv, "hyf", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep exercises\n"
			       "       lockstep exercises init [DIR] [--force [--yes]]\n"
			       "       lockstep exercises reset N [--yes]\n\n"
			       "Exercises are small broken programs you fix yourself; 'lockstep "
			       "verify'\nchecks them under stress and ThreadSanitizer.\n\n"
			       "  (no command)  list the exercises, done or pending, and the next one\n"
			       "  init [DIR]    copy them into DIR (default: $LOCKSTEP_WORKSPACE or\n"
			       "                ~/lockstep-exercises) and remember it; existing files\n"
			       "                are kept unless --force\n"
			       "  reset N       put exercise N (number or name) back as it was; your\n"
			       "                file is kept as NN-name.c.bak. Asks first (--yes: don't)\n\n"
			       "See also: lockstep verify, lockstep hint, lockstep watch.\n");
			return 0;
		case 'y': yes = true; break;
		case 'f': force = true; break;
		default: return cli_usage("exercises", "unknown option");
		}
	}
	const char *sub = optind < argc ? argv[optind++] : NULL;
	const char *arg = optind < argc ? argv[optind++] : NULL;
	if (optind < argc)
		return cli_usage("exercises", "unexpected argument '%s'", argv[optind]);
	if (sub && strcmp(sub, "init") != 0 && strcmp(sub, "reset") != 0)
		return cli_usage("exercises", "unknown command '%s' (init or reset)", sub);
	if (!sub && arg)
		return cli_usage("exercises", "unexpected argument '%s'", arg);
	if (sub && strcmp(sub, "reset") == 0 && !arg)
		return cli_usage("exercises", "reset needs an exercise number or name");
	if (force && (!sub || strcmp(sub, "init") != 0))
		return cli_usage("exercises", "--force goes with init");

	struct ctx c;
	int rc = ctx_open(&c, "exercises");
	if (rc)
		return rc;
	if (!sub)
		rc = exercises_list(&c);
	else if (strcmp(sub, "init") == 0)
		rc = exercises_init(&c, arg, force, yes);
	else
		rc = exercises_reset(&c, arg, yes);
	ctx_close(&c);
	return rc;
}

/* ------------------------------------------------------------ verify */

/* Ctrl-C during a verify or watch: stop the child cleanly (its process group
 * is killed and the temporary directory removed), then exit 130. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static bool verify_cancel(void *ctx)
{
	(void)ctx;
	return interrupted;
}

/* Print a verify result. On a pass, records it and shows "Why it works". */
static void report(struct ctx *c, const struct exercise *e, const struct exercise_result *r)
{
	bool pass = r->verdict == EXERCISE_PASS;
	printf("%s %02d %s: %s\n", pass ? "PASS" : "FAIL", e->number, short_name(e),
	       r->summary);
	if (r->detail) {
		print_indented(r->detail, 4);
	}
	if (pass && e->threads && r->tsan_ran)
		printf("    ThreadSanitizer: no data race.\n");
	printf("    (%.1f s)\n", r->seconds);
	if (!pass) {
		int shown = progress_hints_shown(c->prog, e->id);
		printf("Stuck? 'lockstep hint %02d' (%d of %d hints seen).\n", e->number,
		       shown < EXERCISE_HINTS ? shown : EXERCISE_HINTS, EXERCISE_HINTS);
		return;
	}
	progress_set_exercise_passed(c->prog, e->id, true);
	ctx_save(c);
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) == 0) {
		if (h.why) {
			printf("\nWhy it works\n\n");
			print_indented(h.why, 2);
		}
		exercise_hints_release(&h);
	} else {
		free(err);
	}
	const struct exercise *next = exercise_next(&c->set, passed_cb, c->prog);
	if (next)
		printf("\nNext: %02d %s (lockstep verify %02d). The reference solution: "
		       "lockstep hint %02d --solution\n", next->number, short_name(next),
		       next->number, e->number);
	else
		printf("\nThat was the last pending exercise. Well done.\n");
}

static const struct option verify_opts[] = {{"help", no_argument, NULL, 'h'},
					    {"quick", no_argument, NULL, 'q'},
					    {"no-tsan", no_argument, NULL, 'T'},
					    {"file", required_argument, NULL, 'F'},
					    {0, 0, 0, 0}};

int cmd_verify(int argc, char **argv)
{
	struct exercise_verify_opts vo = {0};
	const char *file = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "hq", verify_opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep verify [N] [--quick] [--no-tsan] [--file FILE]\n\n"
			       "Build your copy of exercise N (number or name; default: the next\n"
			       "pending one) with its harness, run it under stress, and for thread\n"
			       "exercises once more under ThreadSanitizer. Prints PASS, or the first\n"
			       "check that failed. Exit status: 0 pass, 1 fail, 2 usage error.\n\n"
			       "  --quick     fewer stress runs (faster, less thorough)\n"
			       "  --no-tsan   skip the ThreadSanitizer run\n"
			       "  --file F    verify F instead of the workspace copy\n");
			return 0;
		case 'q': vo.quick = true; break;
		case 'T': vo.no_tsan = true; break;
		case 'F': file = optarg; break;
		default: return cli_usage("verify", "unknown option");
		}
	}
	if (argc - optind > 1)
		return cli_usage("verify", "unexpected argument '%s'", argv[optind + 1]);

	struct ctx c;
	int rc = ctx_open(&c, "verify");
	if (rc)
		return rc;
	const struct exercise *e = ctx_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	char *f = NULL;
	if (e && file && access(file, R_OK) != 0) {
		rc = cli_error("verify", "%s: %s", file, strerror(errno));
		e = NULL;
	} else if (e) {
		f = file ? xstrdup(file) : ctx_file(&c, e);
		if (!f) {
			rc = 1;
			e = NULL;
		}
	}
	if (e) {
		printf("Verifying %02d %s (%s)...\n", e->number, short_name(e), f);
		fflush(stdout);
		interrupted = 0; /* `lockstep shell` calls us again after a Ctrl-C */
		struct sigaction sa = {0}, old_int, old_term;
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		vo.cancel = verify_cancel;
		struct exercise_result r;
		exercise_verify(&c.set, e, f, &vo, &r);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		if (r.verdict == EXERCISE_CANCELLED)
			rc = 130;
		else if (r.verdict == EXERCISE_ERROR)
			rc = cli_error("verify", "%s", r.summary);
		else
			report(&c, e, &r);
		if (r.verdict != EXERCISE_PASS && rc != 130)
			rc = 1;
		exercise_result_release(&r);
	}
	free(f);
	ctx_close(&c);
	return rc;
}

/* ------------------------------------------------------------ hint */

int cmd_hint(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
					     {"solution", no_argument, NULL, 's'},
					     {0, 0, 0, 0}};
	bool want_solution = false;
	int o;
	while ((o = getopt_long(argc, argv, "hs", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep hint [N] [--solution]\n\n"
			       "Show the next hint for exercise N (number or name; default: the\n"
			       "next pending one). There are %d, each more direct than the last;\n"
			       "once all are shown, 'lockstep hint N' repeats them.\n\n"
			       "  --solution  the reference solution: after you pass, or after\n"
			       "              you have seen every hint\n", EXERCISE_HINTS);
			return 0;
		case 's': want_solution = true; break;
		default: return cli_usage("hint", "unknown option");
		}
	}
	if (argc - optind > 1)
		return cli_usage("hint", "unexpected argument '%s'", argv[optind + 1]);

	struct ctx c;
	int rc = ctx_open(&c, "hint");
	if (rc)
		return rc;
	const struct exercise *e = ctx_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	if (!e) {
		ctx_close(&c);
		return rc;
	}
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) != 0) {
		rc = cli_error("hint", "%s", err);
		free(err);
		ctx_close(&c);
		return rc;
	}
	int shown = progress_hints_shown(c.prog, e->id);
	bool passed = progress_exercise_passed(c.prog, e->id);

	if (want_solution) {
		if (!exercise_solution_allowed(passed, shown, h.n)) {
			rc = cli_error("hint", "the solution to %02d opens once you pass it, or after "
				       "all %d hints (you have seen %d): 'lockstep hint %02d' first",
				       e->number, h.n, shown < h.n ? shown : h.n, e->number);
		} else {
			char *text = exercise_solution_load(e, &err);
			if (!text) {
				rc = cli_error("hint", "%s", err);
				free(err);
			} else {
				printf("Reference solution to %02d %s:\n\n%s", e->number,
				       short_name(e), text);
				if (h.why) {
					printf("\nWhy it works\n\n");
					print_indented(h.why, 2);
				}
				free(text);
			}
		}
	} else {
		int k = exercise_hint_next(shown, h.n);
		if (k > 0) {
			printf("Hint %d of %d for %02d %s\n\n", k, h.n, e->number, short_name(e));
			print_indented(h.hint[k - 1], 2);
			progress_set_hints_shown(c.prog, e->id, k);
			rc = ctx_save(&c);
			if (k < h.n)
				printf("\nStill stuck? 'lockstep hint %02d' again for the next one.\n",
				       e->number);
			else
				printf("\nThat was the last hint. The reference solution: "
				       "lockstep hint %02d --solution\n", e->number);
		} else {
			for (int i = 0; i < h.n; i++) {
				printf("%sHint %d of %d for %02d %s\n\n", i ? "\n" : "", i + 1, h.n,
				       e->number, short_name(e));
				print_indented(h.hint[i], 2);
			}
			printf("\nNo more hints. The reference solution: lockstep hint %02d "
			       "--solution\n", e->number);
		}
	}
	exercise_hints_release(&h);
	ctx_close(&c);
	return rc;
}

/* ------------------------------------------------------------ watch */

struct watcher {
	int fd;           /* inotify, non-blocking */
	const char *name; /* "NN-id.c": the file we care about */
	bool changed;     /* an event for it arrived since last cleared */
	bool gone;        /* the directory itself went away */
};

/* Read whatever inotify has; note changes to our file. Never blocks. */
static void watcher_drain(struct watcher *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n <= 0)
			return;
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)(void *)p;
			if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
				w->gone = true;
			else if (ev->len && strcmp(ev->name, w->name) == 0)
				w->changed = true;
			p += sizeof *ev + ev->len;
		}
	}
}

/* exercise_verify's cancel hook: stop when the file is saved again or the
 * learner pressed Ctrl-C. */
static bool watch_cancel(void *arg)
{
	struct watcher *w = arg;
	watcher_drain(w);
	return w->changed || w->gone || interrupted;
}

static void clock_stamp(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
}

int cmd_watch(int argc, char **argv)
{
	struct exercise_verify_opts vo = {0};
	int o;
	while ((o = getopt_long(argc, argv, "hq", verify_opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			printf("Usage: lockstep watch [N] [--quick] [--no-tsan]\n\n"
			       "Verify exercise N (default: the next pending one) now and each time\n"
			       "you save it, until it passes; then show why the fix works and stop.\n"
			       "Editors that save by writing a new file and renaming it are fine.\n"
			       "Ctrl-C stops watching.\n");
			return 0;
		case 'q': vo.quick = true; break;
		case 'T': vo.no_tsan = true; break;
		default: return cli_usage("watch", "unknown option");
		}
	}
	if (argc - optind > 1)
		return cli_usage("watch", "unexpected argument '%s'", argv[optind + 1]);

	struct ctx c;
	int rc = ctx_open(&c, "watch");
	if (rc)
		return rc;
	const struct exercise *e = ctx_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	char *f = e ? ctx_file(&c, e) : NULL;
	if (!f) {
		ctx_close(&c);
		return e ? 1 : rc;
	}

	/* Watch the directory, not the file: an editor that saves by rename
	 * replaces the file (and its inode) every time. */
	struct watcher w = {.name = strrchr(f, '/') + 1};
	w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w.fd < 0 || inotify_add_watch(w.fd, c.workspace,
					  IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY |
						  IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
		rc = cli_error("watch", "cannot watch %s: %s", c.workspace, strerror(errno));
		if (w.fd >= 0)
			close(w.fd);
		free(f);
		ctx_close(&c);
		return rc;
	}
	struct sigaction sa = {0}, old_int, old_term;
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	vo.cancel = watch_cancel;
	vo.cancel_ctx = &w;

	printf("Watching %s: save it to verify again; Ctrl-C to stop.\n", f);
	bool verify_now = true;
	rc = 1;
	while (!interrupted && !w.gone) {
		if (!verify_now) {
			struct pollfd pfd = {w.fd, POLLIN, 0};
			if (poll(&pfd, 1, 500) < 0 && errno != EINTR)
				break;
			watcher_drain(&w);
			if (!w.changed)
				continue;
			char ts[16];
			clock_stamp(ts, sizeof ts);
			printf("\n[%s] %s saved: verifying.\n", ts, w.name);
			fflush(stdout);
		}
		verify_now = false;
		/* Let a burst of writes settle: 100 ms without news (at most 0.5 s). */
		for (int i = 0; i < 5; i++) {
			w.changed = false;
			struct timespec ts = {0, 100 * 1000000L};
			nanosleep(&ts, NULL);
			watcher_drain(&w);
			if (!w.changed)
				break;
		}
		w.changed = false;
		if (access(f, R_OK) != 0) {
			printf("%s is missing right now; waiting for it to come back.\n", f);
			fflush(stdout);
			continue;
		}
		struct exercise_result r;
		exercise_verify(&c.set, e, f, &vo, &r);
		if (r.verdict == EXERCISE_CANCELLED) {
			exercise_result_release(&r);
			if (interrupted || w.gone)
				break;
			char ts[16];
			clock_stamp(ts, sizeof ts);
			printf("[%s] %s saved again: starting over.\n", ts, w.name);
			fflush(stdout);
			verify_now = true;
			continue;
		}
		if (r.verdict == EXERCISE_ERROR)
			cli_error("watch", "%s", r.summary);
		else
			report(&c, e, &r);
		bool pass = r.verdict == EXERCISE_PASS;
		exercise_result_release(&r);
		if (pass) {
			/* Stop here: the learner reads why it works before moving on. */
			rc = 0;
			break;
		}
		printf("Waiting for your next save...\n");
		fflush(stdout);
	}
	if (w.gone && rc != 0)
		rc = cli_error("watch", "%s went away", c.workspace);
	else if (interrupted)
		rc = 130;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	close(w.fd);
	free(f);
	ctx_close(&c);
	return rc;
}
