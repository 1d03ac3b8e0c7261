/*
 * check_util.c - the shared helpers: bounded whole-file reads refuse what is
 * not a regular file or too large without blocking, the atomic write never
 * writes through a planted file and cleans up after dead writers, strings
 * and widths.
 */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "check_run.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/lockstep-util-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *file(const char *name) { return xasprintf("%s/%s", dir, name); }

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* How many entries of dir have `part` in their name. */
static int count_named(const char *part)
{
	char *cmd = xasprintf("ls -a '%s' | grep -c -- '%s'", dir, part);
	FILE *f = popen(cmd, "r");
	int n = -1;
	ck_assert(fscanf(f, "%d", &n) == 1);
	pclose(f);
	free(cmd);
	return n;
}

START_TEST(read_whole_file)
{
	char *p = file("a.txt"), *err = NULL;
	put(p, "one\ntwo\n");
	size_t len = 0;
	char *t = util_read_file(p, &len, &err);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(len, 8);
	ck_assert_str_eq(t, "one\ntwo\n");
	free(t);
	free(p);
}
END_TEST

START_TEST(read_missing_names_the_file)
{
	char *p = file("nothing"), *err = NULL;
	size_t len;
	ck_assert_ptr_null(util_read_file(p, &len, &err));
	ck_assert_msg(strstr(err, p) && strstr(err, "No such file"), "err: %s", err);
	free(err);
	free(p);
}
END_TEST

START_TEST(read_refuses_devices_and_directories)
{
	const char *paths[] = {"/dev/zero", "/dev/urandom", "/dev/null", dir};
	const char *words[] = {"a device", "a device", "a device", "a directory"};
	for (int i = 0; i < 4; i++) {
		char *err = NULL;
		size_t len;
		alarm(5); /* refused by its type before any read: never near this */
		ck_assert_ptr_null(util_read_file(paths[i], &len, &err));
		alarm(0);
		ck_assert_msg(strstr(err, paths[i]) && strstr(err, words[i]), "err: %s", err);
		free(err);
	}
}
END_TEST

START_TEST(read_refuses_a_fifo_without_blocking)
{
	char *p = file("fifo"), *err = NULL;
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	alarm(5); /* a blocking open would hang the test: let Check report it */
	size_t len;
	ck_assert_ptr_null(util_read_file(p, &len, &err));
	alarm(0);
	ck_assert_msg(strstr(err, "FIFO"), "err: %s", err);
	free(err);
	free(p);
}
END_TEST

START_TEST(read_refuses_too_large)
{
	char *p = file("big"), *err = NULL;
	put(p, "0123456789");
	size_t len;
	char *t = util_read_file_max(p, 10, &len, &err);
	ck_assert_ptr_nonnull(t); /* exactly the limit is fine */
	free(t);
	ck_assert_ptr_null(util_read_file_max(p, 9, &len, &err));
	ck_assert_msg(strstr(err, "larger than 9 bytes"), "err: %s", err);
	free(err);
	err = NULL;
	/* the default cap, on a sparse file far above it */
	int fd = open(p, O_WRONLY);
	ck_assert_int_eq(ftruncate(fd, 50L * 1024 * 1024), 0);
	close(fd);
	ck_assert_ptr_null(util_read_file(p, &len, &err));
	ck_assert_msg(strstr(err, "larger than 8 MiB"), "err: %s", err);
	free(err);
	free(p);
}
END_TEST

START_TEST(atomic_write_replaces_and_sets_mode)
{
	char *p = file("out.json"), *err = NULL;
	put(p, "old contents, longer than the new");
	ck_assert_int_eq(util_write_file_atomic(p, "new", 3, 0640, &err), 0);
	size_t len;
	char *t = util_read_file(p, &len, &err);
	ck_assert_str_eq(t, "new");
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(count_named(".tmp-"), 0);
	free(t);
	free(p);
}
END_TEST

/* What a library writes through a FILE * (libedit's history save, which
 * fchmod()s its file first, so the file must be a real one) lands whole;
 * a fill that fails leaves the old file as it was. */
static int fill_fchmod_then_text(FILE *f, void *ctx)
{
	if (fchmod(fileno(f), 0600) != 0)
		return -1;
	return fputs(ctx, f) < 0 ? -1 : 0;
}

static int fill_fails(FILE *f, void *ctx)
{
	(void)ctx;
	fputs("half", f);
	return -1;
}

START_TEST(atomic_write_with_a_file_writer)
{
	char *p = file("history"), *err = NULL;
	put(p, "old history");
	ck_assert_int_eq(util_write_file_atomic_with(p, fill_fchmod_then_text, "new history\n",
						     0600, &err), 0);
	size_t len;
	char *t = util_read_file(p, &len, &err);
	ck_assert_str_eq(t, "new history\n");
	free(t);
	ck_assert_int_eq(util_write_file_atomic_with(p, fill_fails, NULL, 0600, &err), -1);
	ck_assert_msg(strstr(err, "could not write it out"), "err: %s", err);
	free(err);
	err = NULL;
	t = util_read_file(p, &len, &err);
	ck_assert_str_eq(t, "new history\n");
	ck_assert_int_eq(count_named(".tmp-"), 0);
	free(t);
	free(p);
}
END_TEST

START_TEST(atomic_write_into_missing_dir_fails)
{
	char *p = file("no/such/out"), *err = NULL;
	ck_assert_int_eq(util_write_file_atomic(p, "x", 1, 0600, &err), -1);
	ck_assert_msg(strstr(err, p) && strstr(err, "No such file"), "err: %s", err);
	free(err);
	free(p);
}
END_TEST

/* A dead process's pid: fork a child that exits at once and reap it. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	return pid;
}

START_TEST(atomic_write_cleans_stale_temps_only)
{
	char *p = file("progress.json"), *err = NULL;
	pid_t dead = dead_pid();
	char *stale_old = xasprintf("%s.tmp-%d", p, (int)dead);           /* old naming */
	char *stale_new = xasprintf("%s.tmp-%d-0badf00d", p, (int)dead);  /* ours */
	char *live = xasprintf("%s.tmp-%d-12345678", p, (int)getppid()); /* alive */
	char *other = file("notes.txt.tmp-1");                            /* other file */
	put(stale_old, "x");
	put(stale_new, "x");
	put(live, "x");
	put(other, "x");
	ck_assert_int_eq(util_write_file_atomic(p, "{}", 2, 0600, &err), 0);
	ck_assert_int_ne(access(stale_old, F_OK), 0);
	ck_assert_int_ne(access(stale_new, F_OK), 0);
	ck_assert_int_eq(access(live, F_OK), 0);
	ck_assert_int_eq(access(other, F_OK), 0);
	free(stale_old);
	free(stale_new);
	free(live);
	free(other);
	free(p);
}
END_TEST

START_TEST(atomic_write_never_follows_a_planted_symlink)
{
	/* The old writer's name was predictable (PATH.tmp-PID): a symlink
	 * planted there was followed. Plant one and check its target. */
	char *p = file("progress.json"), *target = file("target"), *err = NULL;
	put(target, "precious");
	char *old_name = xasprintf("%s.tmp-%d", p, (int)getpid());
	ck_assert_int_eq(symlink(target, old_name), 0);
	ck_assert_int_eq(util_write_file_atomic(p, "{}", 2, 0600, &err), 0);
	size_t len;
	char *t = util_read_file(target, &len, &err);
	ck_assert_str_eq(t, "precious");
	free(t);
	t = util_read_file(p, &len, &err);
	ck_assert_str_eq(t, "{}");
	free(t);
	free(old_name);
	free(target);
	free(p);
}
END_TEST

START_TEST(trim_and_file_tests)
{
	char s[] = "  \t hello world \n ";
	ck_assert_str_eq(util_trim(s), "hello world");
	char e[] = " \n";
	ck_assert_str_eq(util_trim(e), "");
	char *p = file("f");
	put(p, "");
	ck_assert(util_is_file(p));
	ck_assert(!util_is_dir(p));
	ck_assert(util_is_dir(dir));
	ck_assert(!util_is_file(dir));
	ck_assert(!util_is_file("/dev/null"));
	char *missing = file("missing");
	ck_assert(!util_is_file(missing) && !util_is_dir(missing));
	free(missing);
	free(p);
}
END_TEST

START_TEST(widths)
{
	ck_assert_int_eq(util_text_width("abc", 3), 3);
	ck_assert_uint_eq(util_fit_width("abcdef", 6, 4), 4);
	ck_assert(util_ends_with("file.md", ".md"));
	ck_assert(!util_ends_with("md", ".md"));
	struct sbuf sb = {0};
	sbuf_addf(&sb, "%d-%s", 7, "x");
	sbuf_addc(&sb, '!');
	char *d = sbuf_detach(&sb);
	ck_assert_str_eq(d, "7-x!");
	free(d);
}
END_TEST

/* Echoed values: controls and stray bytes escaped, UTF-8 kept, cut at 60. */
START_TEST(shown_escapes_and_cuts)
{
	ck_assert_str_eq(util_shown("threads"), "threads");
	ck_assert_str_eq(util_shown(NULL), "");
	ck_assert_str_eq(util_shown("\033[31mred\n\t"), "\\e[31mred\\n\\t");
	ck_assert_str_eq(util_shown("a\001\177b"), "a\\x01\\x7fb");
	ck_assert_str_eq(util_shown("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");
	ck_assert_str_eq(util_shown("x\xc2\x9b" "1m"), "x\\xc2\\x9b1m"); /* C1 CSI */
	ck_assert_str_eq(util_shown("\xff\xe2\x9c"), "\\xff\\xe2\\x9c"); /* not UTF-8 */
	char big[10001];
	memset(big, 'x', 10000);
	big[10000] = '\0';
	const char *s = util_shown(big);
	ck_assert_uint_eq(strlen(s), UTIL_SHOWN_MAX + 3);
	ck_assert_str_eq(s + UTIL_SHOWN_MAX, "...");
	memset(big, 0x1b, 10000); /* the worst case fits the buffer */
	ck_assert_uint_eq(strlen(util_shown(big)), UTIL_SHOWN_MAX * 2 + 3);
	/* four calls in one printf each keep their own buffer */
	const char *a = util_shown("a"), *b = util_shown("b"), *c = util_shown("c"),
		   *d = util_shown("d");
	ck_assert(strcmp(a, "a") == 0 && strcmp(b, "b") == 0 && strcmp(c, "c") == 0 &&
		  strcmp(d, "d") == 0);
}
END_TEST

/* Only whole numbers a JSON number carries exactly are converted. */
START_TEST(exact_int_refuses_what_does_not_fit)
{
	long long n = 7;
	ck_assert(util_exact_int(42.0, &n) && n == 42);
	ck_assert(util_exact_int(-9007199254740992.0, &n) && n == -9007199254740992LL);
	n = 7;
	ck_assert(!util_exact_int(1e300, &n));
	ck_assert(!util_exact_int(9.2e18, &n));
	ck_assert(!util_exact_int(-9.2e18, &n));
	ck_assert(!util_exact_int(2.5, &n));
	ck_assert(!util_exact_int(9007199254740994.0, &n));
	ck_assert(!util_exact_int(__builtin_inf(), &n));
	ck_assert(!util_exact_int(__builtin_nan(""), &n));
	ck_assert_int_eq(n, 7); /* untouched on refusal */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_whole_file);
	tcase_add_test(tc, read_missing_names_the_file);
	tcase_add_test(tc, read_refuses_devices_and_directories);
	tcase_add_test(tc, read_refuses_a_fifo_without_blocking);
	tcase_add_test(tc, read_refuses_too_large);
	tcase_add_test(tc, atomic_write_replaces_and_sets_mode);
	tcase_add_test(tc, atomic_write_into_missing_dir_fails);
	tcase_add_test(tc, atomic_write_with_a_file_writer);
	tcase_add_test(tc, atomic_write_cleans_stale_temps_only);
	tcase_add_test(tc, shown_escapes_and_cuts);
	tcase_add_test(tc, exact_int_refuses_what_does_not_fit);
	tcase_add_test(tc, atomic_write_never_follows_a_planted_symlink);
	tcase_add_test(tc, trim_and_file_tests);
	tcase_add_test(tc, widths);
	suite_add_tcase(s, tc);
	return check_run(s);
}
