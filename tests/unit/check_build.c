/*
 * check_build.c - build_demo() against the real lab/: a demo compiles with
 * the flags mk/lab-flags.mk defines and the result runs; a broken demo fails
 * with the compiler's message and leaves the old binary alone; a missing one
 * is named; a compiler that hangs is stopped by the time limit; cancel stops
 * it; nothing is left behind.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/build.h"
#include "core/sandbox.h"
#include "core/util.h"
#include "check_run.h"

static const char *root(void)
{
	const char *r = getenv("LOCKSTEP_ROOT");
	return r ? r : ".";
}

static char *tmpdir(void)
{
	char *d = xstrdup("/tmp/lockstep-build-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void assert_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

/* The value of `NAME := value` in mk/lab-flags.mk. Caller frees. */
static char *mk_value(const char *name)
{
	char *path = xasprintf("%s/mk/lab-flags.mk", root());
	size_t len;
	char *err = NULL;
	char *text = util_read_file(path, &len, &err);
	ck_assert_msg(text, "%s", err ? err : path);
	char *found = NULL;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t n = strlen(name);
		if (strncmp(line, name, n) == 0 && strchr(" \t:", line[n])) {
			char *v = strstr(line, ":=");
			ck_assert_ptr_nonnull(v);
			v += 2;
			while (*v == ' ')
				v++;
			found = xstrdup(v);
		}
	}
	ck_assert_msg(found, "%s not in %s", name, path);
	free(text);
	free(path);
	return found;
}

START_TEST(builds_with_the_makefile_flags)
{
	char *dir = tmpdir();
	char *lab = xasprintf("%s/lab", root());
	char *bin = xasprintf("%s/race_counter", dir);
	struct build_opts o = {.lab_dir = lab, .demo = "race_counter", .out_path = bin,
			       .timeout_ms = 120000};
	struct build_result res;
	char *err = NULL;
	ck_assert_msg(build_demo(&o, &res, &err) == 0, "%s", err ? err : "");
	ck_assert_msg(res.ok, "%s\n%s", res.command, res.output);
	ck_assert_int_eq(access(bin, X_OK), 0);
	/* one definition: every flag of mk/lab-flags.mk is on the command line */
	const char *names[] = {"LAB_STD", "LAB_OPT", "LAB_WARN", "LAB_LIBS"};
	for (size_t i = 0; i < 4; i++) {
		char *v = mk_value(names[i]);
		ck_assert_msg(strstr(res.command, v), "%s (%s) missing from: %s", names[i], v,
			      res.command);
		free(v);
	}
	build_result_release(&res);

	/* and what it built is a working demo */
	const char *argv[] = {bin, "--describe", NULL};
	struct spawn_opts so = {.argv = argv};
	struct spawn_status st;
	ck_assert_int_eq(spawn_run(&so, &st, &err), 0);
	ck_assert(st.exited && st.exit_code == 0);
	/* built from what may be the learner's edits: marked, until a newer binary */
	ck_assert(sandbox_marked(bin));
	struct timespec later[2] = {{0, UTIME_OMIT}, {time(NULL) + 10, 0}};
	ck_assert_int_eq(utimensat(AT_FDCWD, bin, later, 0), 0);
	ck_assert(!sandbox_marked(bin));
	char *marker = xasprintf("%s.learner", bin);
	ck_assert_int_eq(unlink(marker), 0);
	free(marker);
	unlink(bin);
	ck_assert_int_eq(rmdir(dir), 0); /* no temporary file left */
	free(bin);
	free(lab);
	free(dir);
	assert_no_children();
}
END_TEST

/* A lab dir of our own: lab.c and lab.h linked from the real one, plus one
 * demo with the given text. */
static char *fake_lab(const char *demo, const char *text)
{
	char *dir = tmpdir();
	const char *files[] = {"lab.c", "lab.h"};
	for (int i = 0; i < 2; i++) {
		char *from = xasprintf("%s/lab/%s", root(), files[i]);
		char *abs = realpath(from, NULL);
		char *to = xasprintf("%s/%s", dir, files[i]);
		ck_assert_int_eq(symlink(abs, to), 0);
		free(from);
		free(abs);
		free(to);
	}
	char *path = xasprintf("%s/%s.c", dir, demo);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(path);
	return dir;
}

static void fake_lab_remove(char *dir, const char *demo)
{
	char *p;
	p = xasprintf("%s/lab.c", dir), unlink(p), free(p);
	p = xasprintf("%s/lab.h", dir), unlink(p), free(p);
	p = xasprintf("%s/%s.c", dir, demo), unlink(p), free(p);
	ck_assert_int_eq(rmdir(dir), 0); /* nothing else was left in it */
	free(dir);
}

START_TEST(broken_demo_keeps_the_old_binary)
{
	char *dir = fake_lab("broken", "int main(void) { return undeclared_name; }\n");
	char *bin = xasprintf("%s/broken", dir);
	FILE *f = fopen(bin, "w");
	fputs("old", f);
	fclose(f);
	struct build_opts o = {.lab_dir = dir, .demo = "broken", .out_path = bin};
	struct build_result res;
	char *err = NULL;
	ck_assert_int_eq(build_demo(&o, &res, &err), 0);
	ck_assert(!res.ok);
	ck_assert(res.st.exited && res.st.exit_code != 0);
	ck_assert_msg(strstr(res.output, "undeclared_name"), "%s", res.output);
	char *old = util_read_file(bin, &(size_t){0}, &err);
	ck_assert_str_eq(old, "old");
	free(old);
	build_result_release(&res);
	unlink(bin);
	free(bin);
	fake_lab_remove(dir, "broken");
	assert_no_children();
}
END_TEST

START_TEST(missing_demo_is_named)
{
	char *lab = xasprintf("%s/lab", root());
	struct build_opts o = {.lab_dir = lab, .demo = "no_such_demo", .out_path = "/tmp/x"};
	struct build_result res;
	char *err = NULL;
	ck_assert_int_eq(build_demo(&o, &res, &err), -1);
	ck_assert_msg(strstr(err, "no_such_demo.c") && strstr(err, "No such file"), "%s", err);
	free(err);
	free(lab);
}
END_TEST

/* A "compiler" that never finishes: a script named by LOCKSTEP_CC. */
static char *slow_cc(const char *dir)
{
	char *path = xasprintf("%s/slow-cc", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\nexec sleep 30\n", f);
	fclose(f);
	chmod(path, 0755);
	setenv("LOCKSTEP_CC", path, 1);
	return path;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

START_TEST(time_limit_stops_the_compiler)
{
	char *dir = fake_lab("slow", "int main(void) { return 0; }\n");
	char *cc = slow_cc(dir);
	char *bin = xasprintf("%s/slow", dir);
	struct build_opts o = {.lab_dir = dir, .demo = "slow", .out_path = bin,
			       .timeout_ms = 300};
	struct build_result res;
	char *err = NULL;
	long long t0 = now_ms();
	ck_assert_int_eq(build_demo(&o, &res, &err), 0);
	ck_assert_msg(now_ms() - t0 < 10000, "the 30 s compiler ran on");
	ck_assert(!res.ok && res.st.timed_out);
	ck_assert_int_ne(access(bin, F_OK), 0);
	build_result_release(&res);
	unsetenv("LOCKSTEP_CC");
	unlink(cc);
	free(cc);
	free(bin);
	fake_lab_remove(dir, "slow");
	assert_no_children();
}
END_TEST

static int polls;
static bool cancel_soon(void *ctx)
{
	ck_assert_ptr_eq(ctx, &polls); /* the caller's ctx comes back */
	return ++polls >= 3;
}

START_TEST(cancel_stops_the_compiler)
{
	char *dir = fake_lab("slow", "int main(void) { return 0; }\n");
	char *cc = slow_cc(dir);
	char *bin = xasprintf("%s/slow", dir);
	struct build_opts o = {.lab_dir = dir, .demo = "slow", .out_path = bin,
			       .cancelled = cancel_soon, .ctx = &polls};
	struct build_result res;
	char *err = NULL;
	ck_assert_int_eq(build_demo(&o, &res, &err), 0);
	ck_assert(!res.ok && res.st.cancelled);
	ck_assert_int_ge(polls, 3);
	build_result_release(&res);
	unsetenv("LOCKSTEP_CC");
	unlink(cc);
	free(cc);
	free(bin);
	fake_lab_remove(dir, "slow");
	assert_no_children();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("build");
	TCase *tc = tcase_create("build");
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, builds_with_the_makefile_flags);
	tcase_add_test(tc, broken_demo_keeps_the_old_binary);
	tcase_add_test(tc, missing_demo_is_named);
	tcase_add_test(tc, time_limit_stops_the_compiler);
	tcase_add_test(tc, cancel_stops_the_compiler);
	suite_add_tcase(s, tc);
	return check_run(s);
}
