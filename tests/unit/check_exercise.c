/*
 * check_exercise.c - the exercise module: every shipped exercise is complete
 * and well formed, metadata and hints parse (and bad ones are refused with
 * the place), the workspace is copied without clobbering, hints are gated,
 * and verify tells a broken file, a fixed one, a compile error, a hang and
 * a cancel apart.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/exercise.h"
#include "core/util.h"
#include "check_run.h"
#include "loadguard.h"

static char dir[64];
static struct exercise_set set;

static const char *root(void)
{
	const char *r = getenv("LOCKSTEP_ROOT");
	return r && *r ? r : ".";
}

static void setup(void)
{
	strcpy(dir, "/tmp/lockstep-exercise-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *err = NULL;
	ck_assert_int_eq(exercise_set_load(&set, root(), NULL, &err), 0);
}

static void teardown(void)
{
	exercise_set_release(&set);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *slurp(const char *path)
{
	size_t len;
	char *err = NULL;
	char *t = util_read_file(path, &len, &err);
	free(err);
	return t;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* ---- listing */

START_TEST(every_exercise_is_complete)
{
	ck_assert_uint_ge(set.n, 12);
	for (size_t i = 0; i < set.n; i++) {
		const struct exercise *e = &set.v[i];
		if (i > 0)
			ck_assert_int_gt(e->number, set.v[i - 1].number);
		ck_assert_int_eq(e->number, atoi(e->id));
		ck_assert_ptr_nonnull(e->title);
		/* its lesson exists */
		char *lesson = xasprintf("%s/lessons/%s.md", root(), e->lesson);
		ck_assert_msg(exists(lesson), "%s: no lesson %s", e->id, lesson);
		free(lesson);
		/* harness, solution, hints with 3 hints and a why */
		char *p = xasprintf("%s/solution.c", e->dir);
		ck_assert_msg(exists(p), "%s missing", p);
		free(p);
		struct exercise_hints h;
		char *err = NULL;
		ck_assert_msg(exercise_hints_load(e, &h, &err) == 0, "%s", err);
		ck_assert_int_eq(h.n, EXERCISE_HINTS);
		ck_assert_ptr_nonnull(h.why);
		for (int k = 0; k < h.n; k++)
			ck_assert_uint_gt(strlen(h.hint[k]), 20);
		exercise_hints_release(&h);
		/* the learner's file has no main(): the harness owns it */
		char *text = slurp(e->source);
		ck_assert_ptr_null(strstr(text, "int main("));
		free(text);
	}
}
END_TEST

START_TEST(find_by_number_id_or_name)
{
	const struct exercise *e = exercise_find(&set, "3");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_eq(exercise_find(&set, "03"), e);
	ck_assert_ptr_eq(exercise_find(&set, e->id), e);
	ck_assert_ptr_eq(exercise_find(&set, e->id + 3), e);
	ck_assert_ptr_null(exercise_find(&set, "99"));
	ck_assert_ptr_null(exercise_find(&set, ""));
	ck_assert_ptr_null(exercise_find(&set, "no-such-thing"));
}
END_TEST

static bool first_two_passed(const char *id, void *ctx)
{
	(void)ctx;
	return atoi(id) <= 2;
}

static bool all_passed(const char *id, void *ctx)
{
	(void)id;
	(void)ctx;
	return true;
}

START_TEST(next_is_the_first_pending)
{
	const struct exercise *e = exercise_next(&set, first_two_passed, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->number, 3);
	ck_assert_ptr_null(exercise_next(&set, all_passed, NULL));
}
END_TEST

START_TEST(missing_directory_is_an_error)
{
	struct exercise_set s;
	char *err = NULL;
	ck_assert_int_eq(exercise_set_load(&s, dir, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "lab/exercises"));
	free(err);
	exercise_set_release(&s);
}
END_TEST

/* ---- metadata */

START_TEST(meta_parses)
{
	struct exercise e = {0};
	struct diags d;
	diags_init(&d);
	const char *text = "/*\n * Exercise 09: x\n *\n * Title:   Do the thing\n"
			   " * Lesson:  14-pools\n * Threads: no\n * Task: prose: ignored\n */\n";
	ck_assert_int_eq(exercise_parse_meta(&e, text, "x.c", &d), 0);
	ck_assert_str_eq(e.title, "Do the thing");
	ck_assert_str_eq(e.lesson, "14-pools");
	ck_assert(!e.threads);
	ck_assert_uint_eq(d.n, 0);
	free(e.title);
	free(e.task);
	free(e.lesson);
	diags_release(&d);
}
END_TEST

START_TEST(meta_problems_name_the_line)
{
	struct exercise e = {0};
	struct diags d;
	diags_init(&d);
	const char *bad = "/*\n * Title: T\n * Lesson: race\n * Threads: maybe\n */\n";
	ck_assert_int_eq(exercise_parse_meta(&e, bad, "x.c", &d), -1);
	ck_assert_uint_eq(d.n, 2);
	char *m = diag_format(&d.v[0]);
	ck_assert_str_eq(m, "x.c:3: Lesson: expected a lesson id such as 05-race-conditions, "
			    "got 'race'");
	free(m);
	ck_assert_int_eq(d.v[1].line, 4);
	diags_release(&d);
	free(e.title);
	free(e.task);
	free(e.lesson);

	struct exercise f = {0};
	diags_init(&d);
	ck_assert_int_eq(exercise_parse_meta(&f, "/*\n * Title: T\n * Threads: yes\n */", "y.c",
					     &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "Lesson:"));
	diags_release(&d);
	free(f.title);
	free(f.task);

	struct exercise g = {0};
	diags_init(&d);
	ck_assert_int_eq(exercise_parse_meta(&g, "int x;\n", "z.c", &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "no header comment"));
	diags_release(&d);
}
END_TEST

/* ---- workspace */

START_TEST(init_copies_and_never_clobbers)
{
	char *ws = xasprintf("%s/a/b/ws", dir); /* parents are created */
	int copied, kept;
	char *err = NULL;
	ck_assert_int_eq(exercise_workspace_init(&set, ws, false, &copied, &kept, &err), 0);
	ck_assert_int_eq(copied, (int)set.n * 2);
	ck_assert_int_eq(kept, 0);

	const struct exercise *e = &set.v[0];
	char *mine = exercise_workspace_file(e, ws);
	char *pristine = slurp(e->source), *copy = slurp(mine);
	ck_assert_str_eq(copy, pristine);
	free(copy);

	spit(mine, "/* my work */\n");
	ck_assert_int_eq(exercise_workspace_init(&set, ws, false, &copied, &kept, &err), 0);
	ck_assert_int_eq(copied, 0);
	ck_assert_int_eq(kept, (int)set.n * 2);
	copy = slurp(mine);
	ck_assert_str_eq(copy, "/* my work */\n");
	free(copy);

	/* only with the caller's say-so */
	ck_assert_int_eq(exercise_workspace_init(&set, ws, true, &copied, &kept, &err), 0);
	ck_assert_int_eq(copied, (int)set.n * 2);
	copy = slurp(mine);
	ck_assert_str_eq(copy, pristine);
	free(copy);
	free(pristine);
	free(mine);
	free(ws);
}
END_TEST

START_TEST(reset_keeps_a_backup)
{
	const struct exercise *e = exercise_find(&set, "2");
	char *mine = exercise_workspace_file(e, dir), *backup = NULL, *err = NULL;

	ck_assert_int_eq(exercise_reset(e, dir, &backup, &err), 0); /* nothing there yet */
	ck_assert_ptr_null(backup);
	spit(mine, "/* half done */\n");
	ck_assert_int_eq(exercise_reset(e, dir, &backup, &err), 0);
	ck_assert_ptr_nonnull(backup);
	char *b = slurp(backup), *now = slurp(mine), *pristine = slurp(e->source);
	ck_assert_str_eq(b, "/* half done */\n");
	ck_assert_str_eq(now, pristine);
	free(b);
	free(now);
	free(pristine);
	free(backup);
	free(mine);
}
END_TEST

START_TEST(workspace_default)
{
	setenv("LOCKSTEP_WORKSPACE", "/somewhere/ws", 1);
	char *d = exercise_workspace_default();
	ck_assert_str_eq(d, "/somewhere/ws");
	free(d);
	unsetenv("LOCKSTEP_WORKSPACE");
	setenv("HOME", "/home/learner", 1);
	d = exercise_workspace_default();
	ck_assert_str_eq(d, "/home/learner/lockstep-exercises");
	free(d);
}
END_TEST

/* ---- hints */

START_TEST(hints_parse_in_order)
{
	struct exercise_hints h;
	char *err = NULL;
	const char *text = "# Hints\n\n## Hint 1\n\nfirst\n\n## Hint 2\nsecond\n```c\n"
			   "## not a heading inside code\n```\n## Hint 3\nthird\n\n"
			   "## Why it works\n\nbecause\n";
	ck_assert_int_eq(exercise_hints_parse(&h, text, "h.md", &err), 0);
	ck_assert_int_eq(h.n, 3);
	ck_assert_str_eq(h.hint[0], "first");
	ck_assert_str_eq(h.hint[1], "second\n```c\n## not a heading inside code\n```");
	ck_assert_str_eq(h.hint[2], "third");
	ck_assert_str_eq(h.why, "because");
	exercise_hints_release(&h);

	ck_assert_int_eq(exercise_hints_parse(&h, "## Hint 2\nx\n", "h.md", &err), -1);
	ck_assert_str_eq(err, "h.md:1: expected '## Hint 1', got '## Hint 2'");
	free(err);
	ck_assert_int_eq(exercise_hints_parse(&h, "just text\n", "h.md", &err), -1);
	ck_assert_str_eq(err, "h.md: no '## Hint 1' section");
	free(err);
}
END_TEST

START_TEST(hints_are_gated)
{
	ck_assert_int_eq(exercise_hint_next(0, 3), 1);
	ck_assert_int_eq(exercise_hint_next(2, 3), 3);
	ck_assert_int_eq(exercise_hint_next(3, 3), 0);
	ck_assert_int_eq(exercise_hint_next(-1, 3), 1);
	/* the solution: after a pass, or after every hint */
	ck_assert(!exercise_solution_allowed(false, 0, 3));
	ck_assert(!exercise_solution_allowed(false, 2, 3));
	ck_assert(exercise_solution_allowed(false, 3, 3));
	ck_assert(exercise_solution_allowed(true, 0, 3));
	ck_assert(!exercise_solution_allowed(false, 0, 0));
}
END_TEST

/* ---- verify (no ThreadSanitizer here: tests/cli/exercises.sh covers it) */

static struct exercise_verify_opts quick = {.quick = true, .no_tsan = true};

START_TEST(verify_tells_broken_from_fixed)
{
	const struct exercise *e = exercise_find(&set, "atomic-tickets");
	ck_assert_ptr_nonnull(e);
	struct exercise_result r;
	exercise_verify(&set, e, e->source, &quick, &r);
	ck_assert_msg(r.verdict == EXERCISE_FAIL, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	ck_assert_ptr_nonnull(strstr(r.summary, "more than once"));
	ck_assert_ptr_nonnull(strstr(r.summary, "runs)"));
	exercise_result_release(&r);

	char *sol = xasprintf("%s/solution.c", e->dir);
	exercise_verify(&set, e, sol, &quick, &r);
	ck_assert_msg(r.verdict == EXERCISE_PASS, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	ck_assert(!r.tsan_ran);
	exercise_result_release(&r);
	free(sol);
}
END_TEST

START_TEST(verify_reports_compile_errors)
{
	const struct exercise *e = exercise_find(&set, "2");
	char *f = xasprintf("%s/mine.c", dir);
	spit(f, "#include \"02-atomic-tickets.h\"\nvoid tickets_reset(void) { oops }\n");
	struct exercise_result r;
	exercise_verify(&set, e, f, &quick, &r);
	ck_assert_int_eq(r.verdict, EXERCISE_COMPILE);
	ck_assert_str_eq(r.summary, "your file does not compile");
	ck_assert_ptr_nonnull(strstr(r.detail, "02-atomic-tickets.c:2:"));
	ck_assert_ptr_nonnull(strstr(r.detail, "error:"));
	exercise_result_release(&r);

	/* a missing function is a link error, said plainly */
	spit(f, "#include \"02-atomic-tickets.h\"\nvoid tickets_reset(void) {}\n");
	exercise_verify(&set, e, f, &quick, &r);
	ck_assert_int_eq(r.verdict, EXERCISE_COMPILE);
	ck_assert_ptr_nonnull(strstr(r.summary, "does not link"));
	ck_assert_ptr_nonnull(strstr(r.detail, "ticket_take"));
	exercise_result_release(&r);
	free(f);
}
END_TEST

START_TEST(verify_cannot_be_faked_by_printing)
{
	const struct exercise *e = exercise_find(&set, "2");
	char *f = xasprintf("%s/mine.c", dir);
	spit(f, "#include \"02-atomic-tickets.h\"\n#include <stdio.h>\n#include <stdlib.h>\n"
		"void tickets_reset(void) { puts(\"lockstep-pass -: all good\"); exit(0); }\n"
		"long ticket_take(void) { return 0; }\n");
	struct exercise_result r;
	exercise_verify(&set, e, f, &quick, &r);
	ck_assert_int_eq(r.verdict, EXERCISE_FAIL);
	ck_assert_ptr_nonnull(strstr(r.summary, "before the harness finished"));
	exercise_result_release(&r);
	free(f);
}
END_TEST

START_TEST(verify_kills_a_hang_at_the_limit)
{
	/* The pristine event exercise loses a wake-up; with a 1 s limit the
	 * runner must kill it before the harness's own 2 s watchdog. */
	const struct exercise *e = exercise_find(&set, "event");
	char *f = xasprintf("%s/mine.c", dir);
	spit(f, "#include \"05-event.h\"\n"
		"void event_init(struct event *e) { e->is_set = false; }\n"
		"void event_destroy(struct event *e) { (void)e; }\n"
		"void event_set(struct event *e) { (void)e; }\n"
		"void event_wait(struct event *e) { (void)e; for (;;) ex_pause(); }\n"
		"bool event_is_set(struct event *e) { return e->is_set; }\n");
	struct exercise_verify_opts o = quick;
	o.timeout_s = 1;
	struct exercise_result r;
	struct loadguard g;
	loadguard_begin(&g, 0);
	exercise_verify(&set, e, f, &o, &r);
	ck_assert_msg(r.verdict == EXERCISE_TIMEOUT, "verdict %s: %s",
		      exercise_verdict_name(r.verdict), r.summary);
	/* How long the build and the killed run took together: a latency, only
	 * asserted when the machine was quiet meanwhile. */
	if (loadguard_end(&g))
		ck_assert_double_lt(r.seconds, 5.0);
	else
		loadguard_skip(&g, "exercise: a hang stopped at the 1 s limit within 5 s in all");
	exercise_result_release(&r);
	free(f);
}
END_TEST

/* Without libtsan, linking with -fsanitize=thread fails (here a compiler
 * wrapper refuses it, as ld does: "cannot find -ltsan"). The plain run
 * still judges the file: a pass, its own summary, and a note that the race
 * check was skipped. The ThreadSanitizer build runs beside the plain one,
 * so this is also the path where its failure is carried over. */
START_TEST(verify_without_libtsan_says_so)
{
	char *cc = xasprintf("%s/cc-no-tsan", dir);
	spit(cc, "#!/bin/sh\n"
		 "tsan=0 link=1\n"
		 "for a; do case $a in -fsanitize=thread) tsan=1 ;; -c|-r) link=0 ;; esac; done\n"
		 "if [ $tsan = 1 ] && [ $link = 1 ]; then\n"
		 "\techo '/usr/bin/ld: cannot find -ltsan: No such file or directory' >&2\n"
		 "\texit 1\n"
		 "fi\n"
		 "exec cc \"$@\"\n");
	ck_assert_int_eq(chmod(cc, 0755), 0);
	const struct exercise *e = exercise_find(&set, "atomic-tickets");
	char *sol = xasprintf("%s/solution.c", e->dir);
	struct exercise_verify_opts o = {.quick = true};
	struct exercise_result r;
	setenv("LOCKSTEP_CC", cc, 1);
	exercise_verify(&set, e, sol, &o, &r);
	unsetenv("LOCKSTEP_CC");
	ck_assert_msg(r.verdict == EXERCISE_PASS, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	ck_assert(!r.tsan_ran);
	ck_assert_ptr_nonnull(strstr(r.summary, "runs"));
	ck_assert_ptr_nonnull(r.detail);
	ck_assert_ptr_nonnull(strstr(r.detail, "ThreadSanitizer is not available"));
	exercise_result_release(&r);

	/* A file that fails the plain run fails, whatever the TSan build did. */
	setenv("LOCKSTEP_CC", cc, 1);
	exercise_verify(&set, e, e->source, &o, &r);
	unsetenv("LOCKSTEP_CC");
	ck_assert_msg(r.verdict == EXERCISE_FAIL, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	exercise_result_release(&r);
	free(sol);
	free(cc);
}
END_TEST

static int polls;
static bool cancel_soon(void *ctx)
{
	(void)ctx;
	return ++polls > 2;
}

START_TEST(verify_can_be_cancelled)
{
	const struct exercise *e = exercise_find(&set, "event");
	struct exercise_verify_opts o = quick;
	o.cancel = cancel_soon;
	struct exercise_result r;
	exercise_verify(&set, e, e->source, &o, &r);
	ck_assert_int_eq(r.verdict, EXERCISE_CANCELLED);
	exercise_result_release(&r);
}
END_TEST

/* The reference solution of 01 with `extra` appended (a constructor that
 * runs in the harness's process before its main). */
static char *solution_with(const char *extra)
{
	const struct exercise *e = exercise_find(&set, "lost-updates");
	char *solpath = xasprintf("%s/solution.c", e->dir);
	char *sol = slurp(solpath);
	ck_assert_ptr_nonnull(sol);
	char *f = xasprintf("%s/mine.c", dir);
	char *text = xasprintf("#define _GNU_SOURCE\n%s\n%s", sol, extra);
	spit(f, text);
	free(text);
	free(sol);
	free(solpath);
	return f;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(verify_ends_when_a_grandchild_escapes)
{
	/* Issue 16: a learner's process that leaves the session and keeps the
	 * output pipe open made verify wait for EOF forever. */
	/* Learner code may write only in its run directory and /dev/shm. */
	char *pidfile = xasprintf("/dev/shm/lockstep-check-%d-escaped.pid", (int)getpid());
	char *extra = xasprintf(
		"#include <stdio.h>\n#include <unistd.h>\n"
		"__attribute__((constructor)) static void escape(void)\n{\n"
		"\tif (fork() == 0) {\n\t\tsetsid();\n"
		"\t\tFILE *f = fopen(\"%s\", \"w\");\n"
		"\t\tif (f) { fprintf(f, \"%%d\\n\", (int)getpid()); fclose(f); }\n"
		"\t\tsleep(100);\n\t\t_exit(0);\n\t}\n}\n", pidfile);
	char *f = solution_with(extra);
	const struct exercise *e = exercise_find(&set, "lost-updates");
	struct exercise_result r;
	double t0 = now_s();
	exercise_verify(&set, e, f, &quick, &r);
	double took = now_s() - t0;
	ck_assert_msg(took < 30.0, "verify took %.1f s", took);
	char *pidtext = slurp(pidfile);
	ck_assert_msg(pidtext, "the constructor did not run");
	pid_t pid = (pid_t)atoi(pidtext);
	ck_assert_int_gt(pid, 1);
	/* gone: killed and reaped, not left sleeping, not a zombie of ours */
	ck_assert_msg(kill(pid, 0) != 0 && errno == ESRCH, "pid %d still exists", (int)pid);
	exercise_result_release(&r);
	free(pidtext);
	free(f);
	free(extra);
	unlink(pidfile);
	free(pidfile);
}
END_TEST

START_TEST(verify_child_gets_an_empty_signal_mask)
{
	/* Issue 16: the lab verifies from a thread that blocks signals; the
	 * learner's program must not inherit that mask. */
	char *maskfile = xasprintf("/dev/shm/lockstep-check-%d-sigblk", (int)getpid());
	char *extra = xasprintf(
		"#include <signal.h>\n#include <stdio.h>\n"
		"__attribute__((constructor)) static void mask(void)\n{\n"
		"\tsigset_t m;\n\tsigprocmask(SIG_BLOCK, NULL, &m);\n"
		"\tint n = 0;\n\tfor (int s = 1; s < 32; s++) n += sigismember(&m, s) == 1;\n"
		"\tFILE *f = fopen(\"%s\", \"w\");\n"
		"\tif (f) { fprintf(f, \"%%d\\n\", n); fclose(f); }\n}\n", maskfile);
	char *f = solution_with(extra);
	const struct exercise *e = exercise_find(&set, "lost-updates");
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	struct exercise_result r;
	exercise_verify(&set, e, f, &quick, &r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	ck_assert_msg(r.verdict == EXERCISE_PASS, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	char *n = slurp(maskfile);
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(atoi(n), 0);
	exercise_result_release(&r);
	free(n);
	free(f);
	free(extra);
	unlink(maskfile);
	free(maskfile);
}
END_TEST

START_TEST(verify_verdict_survives_a_flood)
{
	/* Issue 16: 256 KiB of the learner's own output used to push the
	 * harness's verdict out and say "does your code call exit()?". */
	char *f = solution_with(
		"#include <stdio.h>\n"
		"__attribute__((constructor)) static void flood(void)\n{\n"
		"\tfor (int i = 0; i < 40000; i++)\n"
		"\t\tprintf(\"lockstep-pass fake %d: not the harness, and a long line\\n\", i);\n"
		"\tfflush(stdout);\n}\n");
	const struct exercise *e = exercise_find(&set, "lost-updates");
	struct exercise_result r;
	exercise_verify(&set, e, f, &quick, &r);
	ck_assert_msg(r.verdict == EXERCISE_PASS, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	ck_assert_ptr_nonnull(strstr(r.summary, "c->lock held"));
	exercise_result_release(&r);

	/* the broken file, flooding too: its failure is still the harness's */
	char *pristine = slurp(e->source);
	char *text = xasprintf("%s\n#include <stdio.h>\n"
			       "__attribute__((constructor)) static void flood(void)\n{\n"
			       "\tfor (int i = 0; i < 40000; i++)\n"
			       "\t\tprintf(\"noise %%d: the learner prints a lot here\\n\", i);\n}\n",
			       pristine);
	spit(f, text);
	exercise_verify(&set, e, f, &quick, &r);
	ck_assert_msg(r.verdict == EXERCISE_FAIL, "%s: %s", exercise_verdict_name(r.verdict),
		      r.summary);
	ck_assert_msg(strstr(r.summary, "updates lost"), "summary: %s", r.summary);
	ck_assert_msg(r.detail && strstr(r.detail, "printed more than 256 KiB"), "detail: %s",
		      r.detail ? r.detail : "(none)");
	exercise_result_release(&r);
	free(text);
	free(pristine);
	free(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exercise");
	TCase *tc = tcase_create("exercise");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_exercise_is_complete);
	tcase_add_test(tc, find_by_number_id_or_name);
	tcase_add_test(tc, next_is_the_first_pending);
	tcase_add_test(tc, missing_directory_is_an_error);
	tcase_add_test(tc, meta_parses);
	tcase_add_test(tc, meta_problems_name_the_line);
	tcase_add_test(tc, init_copies_and_never_clobbers);
	tcase_add_test(tc, reset_keeps_a_backup);
	tcase_add_test(tc, workspace_default);
	tcase_add_test(tc, hints_parse_in_order);
	tcase_add_test(tc, hints_are_gated);
	tcase_add_test(tc, verify_tells_broken_from_fixed);
	tcase_add_test(tc, verify_reports_compile_errors);
	tcase_add_test(tc, verify_cannot_be_faked_by_printing);
	tcase_add_test(tc, verify_kills_a_hang_at_the_limit);
	tcase_add_test(tc, verify_can_be_cancelled);
	tcase_add_test(tc, verify_without_libtsan_says_so);
	tcase_add_test(tc, verify_ends_when_a_grandchild_escapes);
	tcase_add_test(tc, verify_child_gets_an_empty_signal_mask);
	tcase_add_test(tc, verify_verdict_survives_a_flood);
	suite_add_tcase(s, tc);
	return check_run(s);
}
