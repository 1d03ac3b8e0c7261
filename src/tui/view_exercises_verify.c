/*
 * view_exercises_verify.c - the exercise view's verify, on a worker thread.
 *
 * Verifying blocks for seconds (it compiles the learner's file with the
 * harness and runs it, maybe twice), so exercise_verify() runs on a worker
 * thread. The worker touches only its struct ex_job and the exercise set,
 * which nothing changes while it runs; every asynchronous signal is blocked
 * in it, so the handlers keep running on the main thread (core/spawn gives
 * the compiler and the harness an empty mask). When it is done it writes one
 * byte to a pipe the poll loop watches, and the loop joins it (pthread_join
 * is the hand-over: the result is read only after it). Esc sets an atomic
 * flag that the engine's cancel callback reads every ~100 ms. The worker
 * never draws, never touches progress, never frees anything the main thread
 * owns. The result is recorded through core/exercise_status on the main
 * thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/spawn.h"
#include "core/util.h"
#include "tui/view_exercises.h"

/* One verify on the worker thread. Created and freed by the main thread;
 * between pthread_create and pthread_join the worker owns `res` and reads
 * the rest, the main thread only sets `cancel`. */
struct ex_job {
	pthread_t tid;
	int wake[2];                     /* the worker writes a byte when done */
	atomic_bool cancel;              /* set by Esc / Ctrl-C / quitting */
	const struct exercise_set *set;  /* the app's; unchanged while it runs */
	const struct exercise *e;
	int index;                       /* e's index in the set */
	char *file;                      /* the learner's file; owned */
	struct exercise_verify_opts opts;
	struct exercise_result res;      /* the worker's, until joined */
	long long t0_ns;
};

static bool quick_from_env(void)
{
	const char *q = getenv("LOCKSTEP_EXERCISE_QUICK");
	return q && *q && strcmp(q, "0") != 0;
}

static void job_free(struct ex_job *j)
{
	exercise_result_release(&j->res);
	for (int i = 0; i < 2; i++)
		if (j->wake[i] >= 0)
			close(j->wake[i]);
	free(j->file);
	free(j);
}

static bool job_cancelled(void *ctx)
{
	struct ex_job *j = ctx;
	return atomic_load(&j->cancel);
}

static void *job_main(void *arg)
{
	struct ex_job *j = arg;
	exercise_verify(j->set, j->e, j->file, &j->opts, &j->res);
	while (write(j->wake[1], "v", 1) < 0 && errno == EINTR)
		;
	return NULL;
}

bool ex_verifying(const struct app *a) { return a->ex.job != NULL; }

void ex_cancel(struct app *a)
{
	struct ex_job *j = a->ex.job;
	if (!j)
		return;
	atomic_store(&j->cancel, true);
	app_message(a, false, "cancelling the verify of %02d %s%s", j->e->number, j->e->name,
		    ex_ellipsis());
}

int ex_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	if (!a->ex.job || max < 1)
		return 0;
	fds[0] = (struct pollfd){.fd = a->ex.job->wake[0], .events = POLLIN};
	return 1;
}

int ex_wait_ms(const struct app *a)
{
	if (a->ex.job)
		return EX_TICK_MS;
	/* On screen, look for passes recorded elsewhere now and then (the app
	 * loop refreshes the progress when it wakes). */
	return a->view == VIEW_EXERCISES ? EX_REFRESH_MS : -1;
}

int ex_job_start(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[i];
	if (x->job) {
		app_message(a, true, "already verifying %02d %s (Esc cancels it)", x->job->e->number,
			    x->job->e->name);
		return -1;
	}
	char *file = exercise_status_file(&x->st, e);
	if (access(file, R_OK) != 0) {
		app_message(a, true, "%s: %s: press i to copy the exercises into %s", file,
			    strerror(errno), x->st.workspace);
		free(file);
		return -1;
	}
	struct ex_job *j = xcalloc(1, sizeof *j);
	j->wake[0] = j->wake[1] = -1;
	if (pipe(j->wake) != 0) {
		app_message(a, true, "cannot verify: pipe: %s", strerror(errno));
		free(file);
		free(j);
		return -1;
	}
	/* close-on-exec: the compiler and the harness must not hold it open */
	for (int k = 0; k < 2; k++) {
		fcntl(j->wake[k], F_SETFD, FD_CLOEXEC);
		fcntl(j->wake[k], F_SETFL, O_NONBLOCK);
	}
	atomic_init(&j->cancel, false);
	j->set = &x->st.set;
	j->e = e;
	j->index = i;
	j->file = file;
	j->opts.quick = quick_from_env();
	j->opts.cancel = job_cancelled;
	j->opts.cancel_ctx = j;
	j->t0_ns = app_now_ns();

	/* The worker inherits this mask: SIGINT, SIGWINCH, SIGTERM... stay with
	 * the main thread's handlers and its poll(). Faults stay deliverable so
	 * a crash still restores the terminal. */
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&j->tid, NULL, job_main, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		app_message(a, true, "cannot verify: no thread: %s", strerror(rc));
		job_free(j);
		return -1;
	}
	x->job = j;
	a->dirty = true;
	return 0;
}

/* The verify of j ended: keep its result, record a pass. */
static void job_done(struct app *a, struct ex_job *j)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = j->e;
	if (j->res.verdict == EXERCISE_CANCELLED) {
		app_message(a, false, "the verify of %02d %s was cancelled", e->number, e->name);
		return;
	}
	struct ex_item *it = &x->items[j->index];
	if (it->have_result) {
		exercise_result_release(&it->result);
		exercise_after_release(&it->after);
	}
	it->result = j->res;
	memset(&j->res, 0, sizeof j->res); /* moved */
	it->have_result = true;
	it->panel = EXP_RESULT;
	x->panel_stale = true;
	if (j->index == x->sel)
		x->panel.top = 0;
	bool pass = it->result.verdict == EXERCISE_PASS;
	char *err = NULL;
	if (exercise_status_record(&x->st, e, &it->result, &it->after, &err) != 0) {
		app_message(a, true, "%02d %s passed, but the record could not be saved: %s",
			    e->number, e->name, err ? err : "?");
		free(err);
		a->reader_width = 0;
		return;
	}
	bool in_view = a->view == VIEW_EXERCISES, here = in_view && x->sel == j->index;
	const char *where = here ? "" : in_view ? " (select it for the details)"
					      : " (:exercises shows the details)";
	if (pass) {
		a->reader_width = 0; /* the lesson's exercise line gets its mark */
		app_message(a, false, "%s %02d %s passed: recorded in your progress%s",
			    term_glyph_ok(), e->number, e->name, where);
	} else if (!here) {
		app_message(a, true, "%s %02d %s: %s%s", term_glyph_bad(), e->number, e->name,
			    exercise_verdict_name(it->result.verdict), where);
	}
}

bool ex_service(struct app *a)
{
	struct ex_job *j = a->ex.job;
	if (!j)
		return false;
	char buf[8];
	if (read(j->wake[0], buf, sizeof buf) <= 0)
		return true; /* still running: the elapsed clock moved */
	pthread_join(j->tid, NULL);
	a->ex.job = NULL;
	/* What the harness left behind is core/spawn's to reap (lockstep is
	 * the subreaper of what it starts); a demo's children are not touched. */
	spawn_reap_orphans();
	job_done(a, j);
	job_free(j);
	return true;
}

int ex_job_index(const struct app *a)
{
	return a->ex.job ? a->ex.job->index : -1;
}

double ex_job_seconds(const struct app *a)
{
	return a->ex.job ? (double)(app_now_ns() - a->ex.job->t0_ns) / 1e9 : 0.0;
}

void ex_job_stop(struct app *a)
{
	struct ex_view *x = &a->ex;
	if (!x->job)
		return;
	atomic_store(&x->job->cancel, true);
	pthread_join(x->job->tid, NULL);
	job_free(x->job);
	x->job = NULL;
}
