/*
 * exercise_verify.c - verifies a learner's file: builds it with the
 * harness in a temporary directory, runs it with a time limit, then again
 * under ThreadSanitizer, and turns what happened into a verdict. See
 * exercise.h.
 */
#define _GNU_SOURCE
#include "core/exercise.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/exercise_child.h"
#include "core/exercise_output.h"
#include "core/sandbox.h"
#include "core/spawn.h"
#include "core/util.h"

#define PROCS_MAX SANDBOX_PROCS_MAX /* core/sandbox.h has the learner-code limits */
#define FILE_MIB SANDBOX_FILE_MIB
#define MEMORY_GIB SANDBOX_MEMORY_GIB

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *exercise_verdict_name(enum exercise_verdict v)
{
	static const char *names[] = {"pass", "fail", "compile error", "timeout", "crash",
				      "ThreadSanitizer report", "error", "cancelled"};
	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

void exercise_result_release(struct exercise_result *res)
{
	free(res->summary);
	free(res->detail);
	memset(res, 0, sizeof *res);
}

static void set_result(struct exercise_result *res, enum exercise_verdict v, char *summary,
		       char *detail)
{
	free(res->summary);
	free(res->detail);
	res->verdict = v;
	res->summary = summary;
	res->detail = detail;
}

/* Run one step of building the harness (compiler, linker, objcopy) in tmp;
 * false with res filled when it failed. */
static bool harness_step(const char *const argv[], const char *tmp, int limit,
			 const struct exercise_verify_opts *o, struct exercise_result *res)
{
	struct exercise_child cr;
	char *err = NULL;
	if (exercise_child_run(argv, NULL, NULL, tmp, false, limit, NULL, NULL, o, &cr, &err) != 0) {
		set_result(res, EXERCISE_ERROR, xasprintf("could not run %s: %s", argv[0], err),
			   NULL);
		free(err);
		return false;
	}
	bool ok = !cr.st.cancelled && cr.st.exited && cr.st.exit_code == 0;
	if (cr.st.cancelled)
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
	else if (cr.st.exec_errno)
		set_result(res, EXERCISE_ERROR,
			   xasprintf("could not run '%s': %s (install gcc and binutils, or set "
				     "LOCKSTEP_CC)", argv[0], strerror(cr.st.exec_errno)), NULL);
	else if (!ok)
		set_result(res, EXERCISE_ERROR,
			   xasprintf("could not build the harness (%s %s)", argv[0],
				     cr.st.timed_out ? "did not finish in time" : "failed"),
			   xstrdup(cr.output));
	free(cr.output);
	return ok;
}

/*
 * The harness (harness.c and hx.c) as one object, hxall.o or hxall-tsan.o,
 * in which every symbol is local but main and ex_* (what the exercise
 * headers declare for the learner to call): learner code linked with it
 * cannot call hx_pass() or read the harness's variables by name.
 */
static bool harness_build(const struct exercise_set *set, const struct exercise *e,
			  const char *tmp, bool tsan, int limit,
			  const struct exercise_verify_opts *o, struct exercise_result *res)
{
	const char *cc = getenv("LOCKSTEP_CC");
	cc = cc && *cc ? cc : "cc";
	char *inc_lab = xasprintf("-I%s", set->lab_dir);
	char *inc_hx = xasprintf("-I%s", set->harness_dir);
	char *harness = xasprintf("%s/harness.c", e->dir);
	char *hx = xasprintf("%s/hx.c", set->harness_dir);
	const char *out = tsan ? "hxall-tsan.o" : "hxall.o";
	const char *compile[] = {cc, "-std=c11", "-Wall", "-Wextra", "-pthread",
				 tsan ? "-O1" : "-O2", "-g", inc_lab, inc_hx, "-c", harness, hx,
				 tsan ? "-fsanitize=thread" : NULL, NULL};
	const char *join[] = {cc, "-r", "-nostdlib", "harness.o", "hx.o", "-o", out, NULL};
	const char *hide[] = {"objcopy", "--wildcard", "--keep-global-symbol=main",
			      "--keep-global-symbol=ex_*", out, NULL};
	bool ok = harness_step(compile, tmp, limit, o, res) &&
		  harness_step(join, tmp, limit, o, res) &&
		  harness_step(hide, tmp, limit, o, res);
	free(inc_lab);
	free(inc_hx);
	free(harness);
	free(hx);
	return ok;
}

/* Build one binary; false (with res filled) when it did not compile. */
static bool build(const struct exercise_set *set, const struct exercise *e, const char *tmp,
		  const char *learner, bool tsan, const struct exercise_verify_opts *o,
		  struct exercise_result *res, char **warnings)
{
	const char *cc = getenv("LOCKSTEP_CC");
	char *inc_lab = xasprintf("-I%s", set->lab_dir);
	char *inc_hx = xasprintf("-I%s", set->harness_dir);
	/* The harness first on the line, so its constructor comes before a
	 * learner's of the same priority; lower priorities are refused. */
	const char *argv[] = {cc && *cc ? cc : "cc", "-std=c11", "-Wall", "-Wextra",
			      "-Werror=prio-ctor-dtor", "-pthread", tsan ? "-O1" : "-O2", "-g",
			      inc_lab, inc_hx, tsan ? "hxall-tsan.o" : "hxall.o", learner, "-o",
			      tsan ? "ex-tsan" : "ex", tsan ? "-fsanitize=thread" : NULL, NULL};
	struct exercise_child cr;
	char *err = NULL;
	bool ok = false;
	/* The time limit is for the learner's program; the compiler gets at
	 * least the default, so a short limit on a busy machine still builds. */
	int cc_limit = o->timeout_s > 60 ? o->timeout_s : 60;
	if (!harness_build(set, e, tmp, tsan, cc_limit, o, res))
		goto out;
	if (exercise_child_run(argv, NULL, NULL, tmp, false, cc_limit, NULL, NULL, o, &cr, &err) != 0) {
		set_result(res, EXERCISE_ERROR, xasprintf("could not run the compiler: %s", err),
			   NULL);
		free(err);
		goto out;
	}
	exercise_output_strip_dir(cr.output, set->harness_dir);
	exercise_output_strip_dir(cr.output, e->dir);
	if (cr.st.cancelled) {
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
	} else if (cr.st.exec_errno) {
		set_result(res, EXERCISE_ERROR,
			   xasprintf("could not run the C compiler '%s': %s (install gcc, or "
				     "set LOCKSTEP_CC)", argv[0], strerror(cr.st.exec_errno)),
			   NULL);
	} else if (cr.st.timed_out) {
		set_result(res, EXERCISE_ERROR, xstrdup("the compiler did not finish in time"),
			   NULL);
	} else if (cr.st.exited && cr.st.exit_code == 0) {
		ok = true;
		if (warnings)
			*warnings = exercise_output_compiler_warnings(cr.output, learner, 6);
	} else if (tsan && (strstr(cr.output, "tsan") || strstr(cr.output, "sanitize"))) {
		/* No libtsan here: say so and carry on without it. */
		set_result(res, EXERCISE_PASS, NULL,
			   xstrdup("ThreadSanitizer is not available here (libtsan missing): "
				   "the race check was skipped"));
	} else if (strstr(cr.output, "undefined reference to") ||
		   strstr(cr.output, "multiple definition of")) {
		set_result(res, EXERCISE_COMPILE,
			   xstrdup("your file does not link with the harness: it must define "
				   "exactly the functions in the header, and no main(), and call "
				   "only what the header declares"),
			   exercise_output_linker_errors(cr.output, 6));
	} else {
		char *errs = exercise_output_compiler_errors(cr.output, 12);
		bool in_harness = errs && strncmp(errs, learner, strlen(learner)) != 0 &&
				  !strstr(errs, learner);
		set_result(res, EXERCISE_COMPILE,
			   xstrdup(in_harness
				   ? "the harness does not build with your file: did an interface "
				     "in the header change? (the harness uses the original header)"
				   : "your file does not compile"),
			   errs ? errs : xstrdup(cr.output));
	}
	free(cr.output);
out:
	free(inc_lab);
	free(inc_hx);
	return ok;
}

/* Run one built binary and judge it; true when it passed. */
static bool run(const char *tmp, bool tsan, const struct exercise_verify_opts *o,
		struct exercise_result *res, const struct exercise *e)
{
	char token[40];
	unsigned long long r = (unsigned long long)time(NULL) ^
			       ((unsigned long long)getpid() << 20) ^ (uintptr_t)&token;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &r, sizeof r) != (ssize_t)sizeof r)
			r ^= (unsigned long long)clock();
		close(fd);
	}
	snprintf(token, sizeof token, "%016llx", r);
	/* The token goes to the harness on stdin (hx.c reads it before the
	 * learner's code runs), never in the environment. The learner's
	 * program gets the temporary directory as its home and its scratch
	 * space, as well as its working directory. */
	char *token_line = xasprintf("%s\n", token);
	char *env_home = xasprintf("HOME=%s", tmp);
	char *env_tmp = xasprintf("TMPDIR=%s", tmp);
	const char *env[7];
	int ne = 0;
	env[ne++] = env_home;
	env[ne++] = env_tmp;
	if (o->quick)
		env[ne++] = "LOCKSTEP_EXERCISE_QUICK=1";
	if (tsan) {
		/* atexit_sleep_ms=0: ThreadSanitizer otherwise sleeps 1 s at exit
		 * to catch threads still racing then; every harness has joined
		 * the threads it judges before its verdict, and the second was a
		 * third of a verify (exercise 04: 3.0 s to 1.8 s, 2026-12-02). */
		env[ne++] = "LOCKSTEP_EXERCISE_TSAN=1";
		env[ne++] = "TSAN_OPTIONS=halt_on_error=1 exitcode=66 report_signal_unsafe=0 "
			    "atexit_sleep_ms=0";
	}
	env[ne] = NULL;

	struct utsname un;
	char machine[sizeof un.machine + 1] = "";
	if (uname(&un) == 0)
		snprintf(machine, sizeof machine, "%s", un.machine);
	const char *plain[] = {"./ex", NULL};
	const char *with_setarch[] = {"setarch", machine, "-R", "./ex-tsan", NULL};
	int limit = o->timeout_s > 0 ? o->timeout_s : 60;
	if (tsan)
		limit *= 2;
	/* Learner code gets bounds: CPU time a little over the wall limit (the
	 * limit itself is wall time), files it writes, and, without
	 * ThreadSanitizer (which reserves terabytes of address space), memory. */
	struct spawn_limits lim = sandbox_limits(limit * 1000);
	if (tsan)
		lim.as_bytes = 0;

	struct exercise_child cr;
	char *err = NULL;
	bool passed = false;
	char *pass_prefix = xasprintf("lockstep-pass %s: ", token);
	if (exercise_child_run(tsan ? with_setarch : plain, env, token_line, tmp, true, limit,
			       &lim, pass_prefix, o, &cr, &err) != 0) {
		set_result(res, EXERCISE_ERROR, xasprintf("could not run the harness: %s", err),
			   NULL);
		free(err);
		free(token_line);
		free(env_home);
		free(env_tmp);
		free(pass_prefix);
		return false;
	}
	exercise_output_strip_dir(cr.output, tmp);
	exercise_output_strip_dir(cr.output, e->dir);

	char *fail = exercise_output_first_line(cr.output, "lockstep-fail: ");
	char *pass = exercise_output_first_line(cr.output, pass_prefix);
	struct sbuf notes;
	sbuf_init(&notes);
	exercise_output_collect(cr.output, "lockstep-note: ", &notes, 4);
	char *tsum = NULL, *tdetail = NULL;
	bool exited0 = !cr.st.timed_out && !cr.st.cancelled && cr.st.exited &&
		       cr.st.exit_code == 0;

	if (cr.st.cancelled) {
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
	} else if (tsan && cr.st.exec_errno) {
		set_result(res, EXERCISE_PASS, NULL,
			   xasprintf("could not run setarch for ThreadSanitizer (%s): the race "
				     "check was skipped", strerror(cr.st.exec_errno)));
	} else if (tsan && strstr(cr.output, "FATAL: ThreadSanitizer")) {
		/* e.g. "unexpected memory mapping": TSan itself could not start */
		char *why = exercise_output_first_line(strstr(cr.output, "FATAL: ThreadSanitizer"), "FATAL: ");
		set_result(res, EXERCISE_PASS, NULL,
			   xasprintf("ThreadSanitizer could not run here (%s): the race check "
				     "was skipped", why));
		free(why);
	} else if (tsan && exercise_output_tsan_report(cr.output, &tsum, &tdetail)) {
		set_result(res, EXERCISE_RACE, tsum, tdetail);
		tsum = tdetail = NULL;
	} else if (cr.st.too_many_procs) {
		set_result(res, EXERCISE_CRASH,
			   xasprintf("your program started more than %d processes: lockstep "
				     "stopped all of them (a loop that keeps forking?)", PROCS_MAX), NULL);
	} else if (cr.st.signal == SIGXCPU) {
		set_result(res, EXERCISE_CRASH,
			   xasprintf("your program used more than %lld s of CPU time: lockstep "
				     "stopped it (a loop that never ends, or threads that spin?)",
				     lim.cpu_s), NULL);
	} else if (cr.st.signal == SIGXFSZ) {
		set_result(res, EXERCISE_CRASH,
			   xasprintf("your program wrote a file larger than %d MiB: lockstep "
				     "stopped it", FILE_MIB), NULL);
	} else if (fail) {
		set_result(res, EXERCISE_FAIL, fail, notes.len ? sbuf_detach(&notes) : NULL);
		fail = NULL;
	} else if (cr.st.timed_out) {
		set_result(res, EXERCISE_TIMEOUT,
			   xasprintf("the harness did not finish within %d s: threads or "
				     "processes are stuck (a deadlock or a lost wake-up?)", limit),
			   NULL);
	} else if (cr.st.signal) {
		set_result(res, EXERCISE_CRASH,
			   xasprintf("the program crashed with %s",
				     exercise_output_signal_words(cr.st.signal)), NULL);
	} else if (exited0 && pass) {
		passed = true;
		set_result(res, EXERCISE_PASS, pass, NULL);
		pass = NULL;
	} else if (tsan && cr.st.exited && cr.st.exit_code == 66) {
		set_result(res, EXERCISE_RACE, xstrdup("ThreadSanitizer reported a problem"),
			   NULL);
	} else {
		set_result(res, EXERCISE_FAIL,
			   xasprintf("the program ended (exit status %d) before the harness "
				     "finished its checks: does your code call exit()?",
				     cr.st.exited ? cr.st.exit_code : -1),
			   NULL);
	}
	/* A crash may come from malloc() returning NULL at the memory limit. */
	if (!tsan && (cr.st.signal == SIGSEGV || cr.st.signal == SIGBUS ||
		      cr.st.signal == SIGABRT) && res->verdict != EXERCISE_CANCELLED) {
		char *d = xasprintf("%syour program may use at most %d GiB of memory: past "
				    "it, malloc() returns NULL\n", res->detail ? res->detail : "",
				    MEMORY_GIB);
		free(res->detail);
		res->detail = d;
	}
	/* What the learner's code printed itself can explain a failure. */
	if (!passed && res->verdict != EXERCISE_RACE && res->verdict != EXERCISE_CANCELLED) {
		char *own = exercise_output_own_lines(cr.output, 6);
		if (own) {
			char *d = res->detail ? xasprintf("%s%s", res->detail, own) : own;
			if (d != own)
				free(own);
			free(res->detail);
			res->detail = d;
		}
	}
	if (!passed && cr.truncated) {
		char *d = xasprintf("%syour program printed more than %d KiB: the rest is not "
				    "shown\n", res->detail ? res->detail : "", OUTPUT_MAX / 1024);
		free(res->detail);
		res->detail = d;
	}
	free(tsum);
	free(tdetail);
	sbuf_release(&notes);
	free(fail);
	free(pass);
	free(pass_prefix);
	free(cr.output);
	free(token_line);
	free(env_home);
	free(env_tmp);
	return passed;
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Remove the temporary directory and everything in it (the binaries, the
 * copy, and whatever the learner's program created there, directories
 * too). Symbolic links are removed, never followed. */
static void remove_tmp(const char *tmp)
{
	nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * The ThreadSanitizer build, made on a thread of its own while the plain
 * build runs, in a directory of its own (tmp/tsan, with its own copy of the
 * learner's file, so the two compilers never write the same object). The
 * two builds are most of a verify's time when the harness runs briefly:
 * side by side on two cores, a verify of exercise 04 went from 2.4 s to
 * 1.8 s, of exercise 16 from 1.9 s to 1.5 s (2026-12-02). Nothing runs
 * while it builds: the stress run starts only once both are built, so a
 * compiler never takes a core from it.
 * Only this struct is shared; the thread's cancel is its own flag (the
 * caller's cancel callback is polled by the caller's thread alone).
 */
struct side_build {
	const struct exercise_set *set;
	const struct exercise *e;
	const char *base;
	char *dir;                       /* tmp/tsan, owned */
	struct exercise_verify_opts o;   /* the caller's, with cancel = stop */
	struct exercise_result res;      /* filled when the build failed */
	bool ok;
	atomic_bool stop, done;
	pthread_t thread;
};

static bool side_stopped(void *ctx)
{
	struct side_build *b = ctx;
	return atomic_load(&b->stop);
}

static void *side_main(void *arg)
{
	struct side_build *b = arg;
	b->ok = build(b->set, b->e, b->dir, b->base, true, &b->o, &b->res, NULL);
	atomic_store(&b->done, true);
	return NULL;
}

/* Start the TSan build of `text` (the learner's file as `base`). False with
 * res filled (an error) when it could not be started. */
static bool side_start(struct side_build *b, const char *tmp, const char *text, size_t len,
		       struct exercise_result *res)
{
	char *err = NULL;
	b->dir = xasprintf("%s/tsan", tmp);
	char *copy = xasprintf("%s/%s", b->dir, b->base);
	int rc = mkdir(b->dir, 0700) == 0 ? 0 : -1;
	if (rc != 0)
		err = xasprintf("%s: %s", b->dir, strerror(errno));
	else
		rc = util_write_file_atomic(copy, text, len, 0644, &err);
	free(copy);
	b->o.cancel = side_stopped;
	b->o.cancel_ctx = b;
	atomic_init(&b->stop, false);
	atomic_init(&b->done, false);
	if (rc == 0 && (rc = pthread_create(&b->thread, NULL, side_main, b)) != 0)
		err = xasprintf("cannot start the ThreadSanitizer build: %s", strerror(rc));
	if (rc != 0) {
		set_result(res, EXERCISE_ERROR, err, NULL);
		free(b->dir);
		b->dir = NULL;
		return false;
	}
	return true;
}

/* Wait for the TSan build, stopping it if `abandon` or the caller cancels
 * meanwhile (then true: cancelled). */
static bool side_join(struct side_build *b, bool abandon, const struct exercise_verify_opts *o)
{
	bool cancelled = false;
	if (abandon)
		atomic_store(&b->stop, true);
	while (!atomic_load(&b->done)) {
		if (!cancelled && o->cancel && o->cancel(o->cancel_ctx)) {
			cancelled = true;
			atomic_store(&b->stop, true);
		}
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	pthread_join(b->thread, NULL);
	return cancelled;
}

static void side_release(struct side_build *b)
{
	free(b->res.summary);
	free(b->res.detail);
	free(b->dir);
}

void exercise_verify(const struct exercise_set *set, const struct exercise *e,
		     const char *learner_file, const struct exercise_verify_opts *opts,
		     struct exercise_result *res)
{
	static const struct exercise_verify_opts defaults = {0};
	const struct exercise_verify_opts *o = opts ? opts : &defaults;
	double t0 = now_s();
	memset(res, 0, sizeof *res);

	char *err = NULL;
	size_t len;
	char *text = util_read_file(learner_file, &len, &err);
	if (!text) {
		set_result(res, EXERCISE_ERROR, err, NULL);
		res->seconds = now_s() - t0;
		return;
	}
	const char *tdir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/lockstep-verify-XXXXXX", tdir && *tdir ? tdir : "/tmp");
	char *base = xasprintf("%s.c", e->id);
	if (!mkdtemp(tmp)) {
		set_result(res, EXERCISE_ERROR, xasprintf("%s: %s", tmp, strerror(errno)), NULL);
		goto out;
	}
	/* The learner's file alone in the temporary directory: its #include
	 * "NN-id.h" then finds the pristine header through -I. */
	char *copy = xasprintf("%s/%s", tmp, base);
	int rc = util_write_file_atomic(copy, text, len, 0644, &err);
	free(copy);
	if (rc != 0) {
		set_result(res, EXERCISE_ERROR, err, NULL);
		goto out;
	}

	char *warnings = NULL;
	struct side_build side = {.set = set, .e = e, .base = base, .o = *o};
	bool with_tsan = e->threads && !o->no_tsan;
	if (with_tsan && !side_start(&side, tmp, text, len, res))
		goto removed;
	bool built = build(set, e, tmp, base, false, o, res, &warnings);
	if (with_tsan && side_join(&side, !built, o) && built) {
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
		built = false;
	}
	if (built && run(tmp, false, o, res, e)) {
		char *first_pass = res->summary ? xstrdup(res->summary) : NULL;
		if (with_tsan && !side.ok) { /* no libtsan (a pass with a note), or an error */
			set_result(res, side.res.verdict, side.res.summary, side.res.detail);
			side.res.summary = side.res.detail = NULL;
		} else if (with_tsan && run(side.dir, true, o, res, e))
			res->tsan_ran = true;
		if (res->verdict == EXERCISE_PASS) {
			/* Report the full run's summary; keep a skip note if any. */
			char *note = res->detail;
			res->detail = NULL;
			set_result(res, EXERCISE_PASS, first_pass, note);
			first_pass = NULL;
		}
		free(first_pass);
	}
	if (warnings) {
		char *d = xasprintf("%scompiler warnings in your file:\n%s",
				    res->detail ? res->detail : "", warnings);
		free(res->detail);
		res->detail = d;
		free(warnings);
	}
	side_release(&side);
removed:
	remove_tmp(tmp);
out:
	if (!res->summary)
		res->summary = xstrdup(exercise_verdict_name(res->verdict));
	free(text);
	free(tmp);
	free(base);
	res->seconds = now_s() - t0;
}
