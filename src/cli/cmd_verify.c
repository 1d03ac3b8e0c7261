/*
 * cmd_verify.c - `lockstep verify` (check the learner's file against its
 * harness, once) and `lockstep watch` (again on every save, via inotify):
 * they present what core/exercise_status records after a verify.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_exercise.h"
#include "core/util.h"

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

/* Print a verify result, recorded through core/exercise_status: on a pass,
 * why it works and the next exercise; otherwise the hints left. */
static void report(struct cli_ex *c, const struct exercise *e, const struct exercise_result *r)
{
	bool pass = r->verdict == EXERCISE_PASS;
	printf("%s %02d %s: %s\n", pass ? "PASS" : "FAIL", e->number, e->name, r->summary);
	if (r->detail)
		cli_ex_print_indented(r->detail, 4);
	if (pass && e->threads && r->tsan_ran)
		printf("    ThreadSanitizer: no data race.\n");
	printf("    (%.1f s)\n", r->seconds);
	struct exercise_after after;
	char *err = NULL;
	if (exercise_status_record(&c->st, e, r, &after, &err) != 0) {
		cli_error(c->cmd, "could not save progress: %s", err);
		free(err);
	}
	if (!pass) {
		printf("Stuck? 'lockstep hint %02d' (%d of %d hints seen).\n", e->number,
		       after.hints_seen, after.hints);
	} else {
		if (after.why) {
			printf("\nWhy it works\n\n");
			cli_ex_print_indented(after.why, 2);
		}
		if (after.next)
			printf("\nNext: %02d %s (lockstep verify %02d). The reference solution: "
			       "lockstep hint %02d --solution\n", after.next->number, after.next->name,
			       after.next->number, e->number);
		else
			printf("\nThat was the last pending exercise. Well done.\n");
	}
	exercise_after_release(&after);
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
		default: return cli_bad_option("verify", argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage("verify", "unexpected argument '%s'", util_shown(argv[optind + 1]));

	struct cli_ex c;
	int rc = cli_ex_open(&c, "verify");
	if (rc)
		return rc;
	const struct exercise *e = cli_ex_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	char *f = NULL;
	if (e && file && access(file, R_OK) != 0) {
		rc = cli_error("verify", "%s: %s", file, strerror(errno));
		e = NULL;
	} else if (e) {
		f = file ? xstrdup(file) : cli_ex_file(&c, e);
		if (!f) {
			rc = 1;
			e = NULL;
		}
	}
	if (e) {
		printf("Verifying %02d %s (%s)...\n", e->number, e->name, f);
		fflush(stdout);
		interrupted = 0; /* `lockstep shell` calls us again after a Ctrl-C */
		struct sigaction sa = {0}, old_int, old_term;
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		vo.cancel = verify_cancel;
		struct exercise_result r;
		exercise_verify(&c.st.set, e, f, &vo, &r);
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
	cli_ex_close(&c);
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
		default: return cli_bad_option("watch", argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage("watch", "unexpected argument '%s'", util_shown(argv[optind + 1]));

	struct cli_ex c;
	int rc = cli_ex_open(&c, "watch");
	if (rc)
		return rc;
	const struct exercise *e = cli_ex_pick(&c, optind < argc ? argv[optind] : NULL, &rc);
	char *f = e ? cli_ex_file(&c, e) : NULL;
	if (!f) {
		cli_ex_close(&c);
		return e ? 1 : rc;
	}

	/* Watch the directory, not the file: an editor that saves by rename
	 * replaces the file (and its inode) every time. */
	struct watcher w = {.name = strrchr(f, '/') + 1};
	w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w.fd < 0 || inotify_add_watch(w.fd, c.st.workspace,
					  IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY |
						  IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
		rc = cli_error("watch", "cannot watch %s: %s", c.st.workspace, strerror(errno));
		if (w.fd >= 0)
			close(w.fd);
		free(f);
		cli_ex_close(&c);
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
		exercise_verify(&c.st.set, e, f, &vo, &r);
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
		rc = cli_error("watch", "%s went away", c.st.workspace);
	else if (interrupted)
		rc = 130;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	close(w.fd);
	free(f);
	cli_ex_close(&c);
	return rc;
}
