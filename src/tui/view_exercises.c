/*
 * view_exercises.c - the exercises in the full-screen lab: every exercise
 * with its status (passed, pending, the next one) and its lesson, the
 * workspace, and a panel for the selected one (its task, the last verify's
 * verdict and details, the hints revealed so far). v verifies, h reveals a
 * hint, S shows the reference solution, s and E show and edit the learner's
 * file, i creates the workspace - what `lockstep verify`, `hint`,
 * `hint --solution` and `exercises init` do. Also the line at the end of a
 * lesson that names its exercises.
 *
 * Verifying blocks for seconds (it compiles the learner's file with the
 * harness and runs it, maybe twice), so exercise_verify() runs on a worker
 * thread. The worker touches only its struct ex_job and the exercise set,
 * which nothing changes while it runs; every asynchronous signal is blocked
 * in it, so the handlers keep running on the main thread. When it is done it
 * writes one byte to a pipe the poll loop watches, and the loop joins it
 * (pthread_join is the hand-over: the result is read only after it). Esc
 * sets an atomic flag that the engine's cancel callback reads every ~100 ms.
 * The worker never draws, never touches progress, never frees anything the
 * main thread owns. Idle, nothing ticks: the clock only runs during a verify.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/spawn.h"
#include "core/util.h"
#include "tui/view.h"

#define TICK_MS 100      /* the elapsed clock's step while a verify runs */
#define STATUS_W 10      /* "✓ passed", "pending", "verifying" */
#define PANEL_MIN 5      /* rows the panel keeps when the list is long */

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

/* ------------------------------------------------------------ helpers */

static const char *ellipsis(void) { return term_ascii() ? "..." : "\u2026"; }
static const char *dash(void) { return term_ascii() ? "-" : "\u2014"; }

static bool passed_cb(const char *id, void *prog)
{
	return progress_exercise_passed(prog, id);
}

/* "01-lost-updates" -> "lost-updates" */
static const char *short_name(const struct exercise *e)
{
	const char *d = strchr(e->id, '-');
	return d ? d + 1 : e->id;
}

static int next_index(const struct app *a)
{
	const struct exercise *n = exercise_next(&a->ex.set, passed_cb, a->prog);
	return n ? (int)(n - a->ex.set.v) : -1;
}

static bool quick_from_env(void)
{
	const char *q = getenv("LOCKSTEP_EXERCISE_QUICK");
	return q && *q && strcmp(q, "0") != 0;
}

static void save(struct app *a)
{
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "could not save progress: %s", err ? err : "?");
		free(err);
	}
}

/* Number of hints the exercise has (3 when its hints file cannot be read,
 * so the solution's gate never opens by mistake). */
static int hint_count(const struct exercise *e)
{
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) != 0) {
		free(err);
		return EXERCISE_HINTS;
	}
	int n = h.n;
	exercise_hints_release(&h);
	return n;
}

/* ------------------------------------------------------------ lifecycle */

static void ex_init(struct app *a)
{
	struct ex_view *x = &a->ex;
	memset(x, 0, sizeof *x);
	x->panel.cur = -1;
	struct diags d;
	diags_init(&d); /* skipped exercises are `lockstep exercises`' to report */
	char *err = NULL;
	if (exercise_set_load(&x->set, paths_root(), &d, &err) != 0)
		x->error = err ? err : xstrdup("no exercises directory");
	else if (x->set.n == 0)
		x->error = xasprintf("no exercises found in %s",
				     x->set.lab_dir ? x->set.lab_dir : paths_root());
	diags_release(&d);
	x->loaded = x->set.n > 0;
	size_t n = x->set.n ? x->set.n : 1;
	x->items = xcalloc(n, sizeof *x->items);
	x->lesson = xcalloc(n, sizeof *x->lesson);
	for (size_t i = 0; i < x->set.n; i++)
		x->lesson[i] = catalog_find(&a->cat, x->set.v[i].lesson);
	x->workspace = exercise_workspace_resolve(progress_setting(a->prog, "workspace"));
	int nx = next_index(a);
	x->sel = nx >= 0 ? nx : 0;
	x->panel_stale = true;
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

static void ex_release(struct app *a)
{
	struct ex_view *x = &a->ex;
	if (x->job) { /* quitting mid-verify: stop it (~100 ms), then wait for it */
		atomic_store(&x->job->cancel, true);
		pthread_join(x->job->tid, NULL);
		job_free(x->job);
		x->job = NULL;
	}
	for (size_t i = 0; x->items && i < x->set.n; i++)
		if (x->items[i].have_result)
			exercise_result_release(&x->items[i].result);
	free(x->items);
	free(x->lesson);
	free(x->workspace);
	free(x->error);
	pager_release(&x->panel);
	exercise_set_release(&x->set);
	memset(x, 0, sizeof *x);
	x->panel.cur = -1;
}

/* ------------------------------------------------------------ the worker */

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

static bool ex_verifying(const struct app *a) { return a->ex.job != NULL; }

static void ex_cancel(struct app *a)
{
	struct ex_job *j = a->ex.job;
	if (!j)
		return;
	atomic_store(&j->cancel, true);
	app_message(a, false, "cancelling the verify of %02d %s%s", j->e->number, short_name(j->e),
		    ellipsis());
}

static int ex_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	if (!a->ex.job || max < 1)
		return 0;
	fds[0] = (struct pollfd){.fd = a->ex.job->wake[0], .events = POLLIN};
	return 1;
}

static int ex_wait_ms(const struct app *a)
{
	return a->ex.job ? TICK_MS : -1;
}

/* Start verifying exercise i on a worker thread. Returns 0, or -1 with a
 * message on the status line. */
static int job_start(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[i];
	if (x->job) {
		app_message(a, true, "already verifying %02d %s (Esc cancels it)", x->job->e->number,
			    short_name(x->job->e));
		return -1;
	}
	char *file = exercise_workspace_file(e, x->workspace);
	if (access(file, R_OK) != 0) {
		app_message(a, true, "%s: %s: press i to copy the exercises into %s", file,
			    strerror(errno), x->workspace);
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
	j->set = &x->set;
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
		app_message(a, false, "the verify of %02d %s was cancelled", e->number, short_name(e));
		return;
	}
	struct ex_item *it = &x->items[j->index];
	if (it->have_result)
		exercise_result_release(&it->result);
	it->result = j->res;
	memset(&j->res, 0, sizeof j->res); /* moved */
	it->have_result = true;
	it->panel = EXP_RESULT;
	x->panel_stale = true;
	if (j->index == x->sel)
		x->panel.top = 0;
	bool pass = it->result.verdict == EXERCISE_PASS;
	bool in_view = a->view == VIEW_EXERCISES, here = in_view && x->sel == j->index;
	const char *where = here ? "" : in_view ? " (select it for the details)"
					      : " (:exercises shows the details)";
	if (pass) {
		progress_set_exercise_passed(a->prog, e->id, true);
		a->reader_width = 0; /* the lesson's exercise line gets its mark */
		app_message(a, false, "%s %02d %s passed: recorded in your progress%s",
			    term_glyph_ok(), e->number, short_name(e), where);
		save(a);
	} else if (!here) {
		app_message(a, true, "%s %02d %s: %s%s", term_glyph_bad(), e->number, short_name(e),
			    exercise_verdict_name(it->result.verdict), where);
	}
}

static bool ex_service(struct app *a)
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

/* ------------------------------------------------------------ the panel */

/* Append markdown as the hint files write it: paragraphs wrapped, ```
 * blocks line by line, list items with a hanging indent. */
static void doc_md(struct layout *d, const char *md, int width, int indent)
{
	struct sbuf para;
	sbuf_init(&para);
	int hang = 0;
	bool fence = false, last_blank = true;
	const char *p = md;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		const char *t = line;
		while (*t == ' ' || *t == '\t')
			t++;
		bool blank = !*t;
		bool item = !fence && ((t[0] == '-' || t[0] == '*') && t[1] == ' ');
		bool flush = fence || blank || item || strncmp(t, "```", 3) == 0;
		if (flush && para.len) {
			char *s = xasprintf("%*s%s", indent, "", para.buf);
			doc_wrap(d, s, ROLE_TEXT, 0, width, indent + hang);
			free(s);
			sbuf_release(&para);
			sbuf_init(&para);
			hang = 0;
			last_blank = false;
		}
		if (strncmp(t, "```", 3) == 0) {
			fence = !fence;
		} else if (fence) {
			char *s = xasprintf("%*s%s", indent + 2, "", line);
			doc_line(d, s, ROLE_CODEBLOCK, 0);
			free(s);
			last_blank = false;
		} else if (blank) {
			if (!last_blank)
				doc_line(d, "", ROLE_TEXT, 0);
			last_blank = true;
		} else {
			if (item)
				hang = 2;
			if (para.len)
				sbuf_addc(&para, ' ');
			sbuf_adds(&para, t);
		}
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (para.len) {
		char *s = xasprintf("%*s%s", indent, "", para.buf);
		doc_wrap(d, s, ROLE_TEXT, 0, width, indent + hang);
		free(s);
	}
	sbuf_release(&para);
}

/* The task: the pristine file's first comment without its metadata lines
 * ("Exercise NN: ...", Title:, Lesson:, Threads:). Caller frees; NULL if
 * the file cannot be read. */
static char *task_text(const struct exercise *e)
{
	size_t len;
	char *err = NULL;
	char *src = util_read_file(e->source, &len, &err);
	free(err);
	if (!src)
		return NULL;
	char *start = strstr(src, "/*");
	char *end = start ? strstr(start + 2, "*/") : NULL;
	if (!start || !end) {
		free(src);
		return NULL;
	}
	*end = '\0';
	struct sbuf sb;
	sbuf_init(&sb);
	bool first = true;
	for (char *p = start + 2; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *t = p;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '*')
			t++;
		if (*t == ' ')
			t++;
		bool meta = strncmp(t, "Title:", 6) == 0 || strncmp(t, "Lesson:", 7) == 0 ||
			    strncmp(t, "Threads:", 8) == 0 ||
			    (first && strncmp(t, "Exercise ", 9) == 0);
		if (*t)
			first = false;
		if (!meta) {
			sbuf_adds(&sb, t);
			sbuf_addc(&sb, '\n');
		}
		p = nl ? nl + 1 : NULL;
	}
	free(src);
	return sb.buf ? sbuf_detach(&sb) : xstrdup("");
}

/* The panel's documents (task, result, hints) for exercise i, w columns
 * wide: built with doc_new, the caller owns them (panel_build hands them to
 * the panel's pager, which frees them). */
static struct layout *task_doc(struct app *a, int i, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[i];
	struct layout *d = doc_new();
	char *file = exercise_workspace_file(e, x->workspace);
	bool there = access(file, F_OK) == 0;
	char *s = xasprintf("Your file: %s%s", file,
			    there ? "" : " (not there yet: i copies the exercises)");
	doc_wrap(d, s, there ? ROLE_MUTED : ROLE_WRONG, 0, w, 2);
	free(s);
	free(file);
	int li = x->lesson[i];
	if (li >= 0) {
		const struct catalog_entry *ce = &a->cat.v[li];
		const char *title = ce->lesson && ce->lesson->title ? ce->lesson->title : ce->id;
		s = xasprintf("From lesson %d: %s", ce->number, title ? title : "?");
		doc_wrap(d, s, ROLE_MUTED, 0, w, 2);
		free(s);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	char *task = task_text(e);
	if (task) {
		doc_md(d, task, w, 0);
		free(task);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	int shown = progress_hints_shown(a->prog, e->id), nh = hint_count(e);
	s = xasprintf("v verifies it. h gives a hint (%d of %d seen). s shows your file, E edits "
		      "it. S: the reference solution, once you pass or after every hint.",
		      shown < nh ? shown : nh, nh);
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	return d;
}

static struct layout *result_doc(struct app *a, int i, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[i];
	const struct exercise_result *r = &x->items[i].result;
	bool pass = r->verdict == EXERCISE_PASS;
	struct layout *d = doc_new();
	doc_wrap(d, r->summary ? r->summary : exercise_verdict_name(r->verdict), ROLE_TEXT,
		 pass ? 0 : LATTR_BOLD, w, 2);
	if (r->detail && *r->detail) {
		doc_line(d, "", ROLE_TEXT, 0);
		for (const char *p = r->detail; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char *ln = xasprintf("  %.*s", (int)n, p);
			doc_wrap(d, ln, ROLE_CODEBLOCK, 0, w, 4);
			free(ln);
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	if (pass && e->threads && r->tsan_ran)
		doc_line(d, "ThreadSanitizer: no data race.", ROLE_RIGHT, 0);
	if (pass) {
		struct exercise_hints h;
		char *err = NULL;
		if (exercise_hints_load(e, &h, &err) == 0) {
			if (h.why) {
				doc_line(d, "", ROLE_TEXT, 0);
				doc_line(d, "Why it works", ROLE_HEADING, LATTR_BOLD);
				doc_md(d, h.why, w, 0);
			}
			exercise_hints_release(&h);
		} else {
			free(err);
		}
	}
	doc_line(d, "", ROLE_TEXT, 0);
	char *s;
	if (pass) {
		int nx = next_index(a);
		if (nx >= 0)
			s = xasprintf("Next: %02d %s (select it, then v). S shows the reference "
				      "solution to this one.", x->set.v[nx].number,
				      short_name(&x->set.v[nx]));
		else
			s = xstrdup("That was the last pending exercise. Well done.");
	} else if (r->verdict == EXERCISE_ERROR) {
		s = xstrdup("lockstep could not try your file (see above); v tries again.");
	} else {
		int shown = progress_hints_shown(a->prog, e->id), nh = hint_count(e);
		if (shown < nh)
			s = xasprintf("Stuck? h shows hint %d of %d. E edits your file.", shown + 1, nh);
		else
			s = xstrdup("You have seen every hint: S shows the reference solution.");
	}
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	return d;
}

/* The hints revealed so far; *jump is the line of the newest one. */
static struct layout *hints_doc(struct app *a, int i, int w, int *jump)
{
	const struct exercise *e = &a->ex.set.v[i];
	struct layout *d = doc_new();
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) != 0) {
		doc_wrap(d, err ? err : "no hints", ROLE_WRONG, 0, w, 2);
		free(err);
		return d;
	}
	int shown = progress_hints_shown(a->prog, e->id);
	if (shown > h.n)
		shown = h.n;
	for (int k = 0; k < shown; k++) {
		if (k)
			doc_line(d, "", ROLE_TEXT, 0);
		*jump = (int)d->n;
		char *t = xasprintf("Hint %d of %d", k + 1, h.n);
		doc_line(d, t, ROLE_HEADING, LATTR_BOLD);
		free(t);
		doc_md(d, h.hint[k], w, 2);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	char *s = shown < h.n ? xasprintf("h again for hint %d of %d.", shown + 1, h.n)
			      : xstrdup("That was the last hint. S shows the reference solution.");
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	exercise_hints_release(&h);
	return d;
}

static void panel_build(struct app *a, int w)
{
	struct ex_view *x = &a->ex;
	struct ex_item *it = &x->items[x->sel];
	enum ex_panel_kind kind = it->panel == EXP_RESULT && !it->have_result ? EXP_TASK : it->panel;
	bool same = x->panel_sel == x->sel && x->panel_kind == kind && x->panel.lay;
	int top = same ? x->panel.top : 0, jump = -1;
	struct layout *d = kind == EXP_RESULT ? result_doc(a, x->sel, w)
			   : kind == EXP_HINTS ? hints_doc(a, x->sel, w, &jump)
					       : task_doc(a, x->sel, w);
	pager_set(&x->panel, d, true);
	x->panel.top = x->panel_jump && jump >= 0 ? jump : top;
	pager_clamp(&x->panel);
	x->panel_jump = false;
	x->panel_sel = x->sel;
	x->panel_kind = kind;
	x->panel_width = w;
	x->panel_stale = false;
}

/* ------------------------------------------------------------ drawing */

static int name_width(const struct ex_view *x)
{
	int m = 0;
	for (size_t i = 0; i < x->set.n; i++) {
		int wd = util_text_width(x->set.v[i].id, strlen(x->set.v[i].id));
		if (wd > m)
			m = wd;
	}
	return m;
}

static void draw_row(struct app *a, int y, int x0, int w, int i, int nw, int next)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[i];
	bool sel = i == x->sel;
	bool ok = progress_exercise_passed(a->prog, e->id);
	bool running = x->job && x->job->index == i;
	enum ui_style base = sel ? ST_CURRENT : ST_NORMAL;
	term_style(base);
	draw_blank(y, x0 - 1, w + 2);
	draw_text(y, x0, 1, sel ? term_glyph_cur() : " ");
	int c = x0 + 2, end = x0 + w;
	const char *status = running ? "verifying" : ok ? NULL : i == next ? "next" : "pending";
	term_style(sel ? base : running ? ST_KEY : ok ? ST_DONE : i == next ? ST_TITLE : ST_MUTED);
	if (status)
		draw_text(y, c, end - c, status);
	else
		draw_fmt(y, c, end - c, "%s passed", term_glyph_ok());
	c += STATUS_W;
	term_style(base);
	if (c < end)
		draw_fmt(y, c, end - c, "%02d %s", e->number, short_name(e));
	c += nw + 2;
	if (c + 9 < end && x->lesson[i] >= 0) {
		term_style(sel ? base : ST_MUTED);
		draw_fmt(y, c, end - c, "lesson %02d", a->cat.v[x->lesson[i]].number);
	}
	c += 11;
	if (c + 8 < end) {
		term_style(base);
		draw_text(y, c, end - c, e->title);
	}
	term_style(ST_NORMAL);
}

/* The row above the panel: the verdict, or the verify going on. */
static void panel_header(struct app *a, int y, int x0, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[x->sel];
	const struct ex_item *it = &x->items[x->sel];
	if (x->job && x->job->index == x->sel) {
		double s = (double)(app_now_ns() - x->job->t0_ns) / 1e9;
		term_style(ST_KEY);
		draw_fmt(y, x0, w, "verifying %02d %s%s %.1f s   (Esc cancels)", e->number,
			 short_name(e), ellipsis(), s);
	} else if (x->panel_kind == EXP_RESULT && it->have_result) {
		bool pass = it->result.verdict == EXERCISE_PASS;
		term_style(pass ? ST_OK : ST_BAD);
		int n;
		if (pass || it->result.verdict == EXERCISE_FAIL)
			n = draw_fmt(y, x0, w, "%s %s", pass ? term_glyph_ok() : term_glyph_bad(),
				     pass ? "PASS" : "FAIL");
		else if (it->result.verdict == EXERCISE_ERROR)
			n = draw_fmt(y, x0, w, "%s could not verify", term_glyph_bad());
		else
			n = draw_fmt(y, x0, w, "%s FAIL (%s)", term_glyph_bad(),
				     exercise_verdict_name(it->result.verdict));
		term_style(ST_TITLE);
		if (n + 2 < w)
			n += 2 + draw_fmt(y, x0 + n + 2, w - n - 2, "%02d %s", e->number,
					  short_name(e));
		term_style(ST_MUTED);
		if (n + 2 < w)
			draw_fmt(y, x0 + n + 2, w - n - 2, "%.1f s%s", it->result.seconds,
				 pass && it->result.tsan_ran ? ", ThreadSanitizer clean" : "");
	} else {
		term_style(ST_TITLE);
		int n = draw_fmt(y, x0, w, "%02d %s", e->number, short_name(e));
		term_style(ST_NORMAL);
		if (n + 3 < w)
			draw_fmt(y, x0 + n + 1, w - n - 1, "%s %s%s", dash(), e->title,
				 x->panel_kind == EXP_HINTS ? "   (hints)" : "");
	}
	term_style(ST_NORMAL);
}

static void ex_draw(struct app *a)
{
	struct ex_view *x = &a->ex;
	int x0 = a->main_x + 1, w = a->main_w - 2, h = a->main_h;
	int done = 0;
	for (size_t i = 0; i < x->set.n; i++)
		done += progress_exercise_passed(a->prog, x->set.v[i].id);
	term_style(ST_TITLE);
	if (!x->loaded) {
		draw_text(0, x0, w, "Exercises");
		term_style(ST_BAD);
		struct layout *d = doc_new();
		doc_wrap(d, x->error ? x->error : "no exercises", ROLE_WRONG, 0, w, 2);
		for (size_t i = 0; i < d->n && (int)i + 2 < h; i++) {
			char *t = layout_line_text(&d->lines[i]);
			draw_text(2 + (int)i, x0, w, t);
			free(t);
		}
		doc_free(d);
		term_style(ST_NORMAL);
		return;
	}
	draw_fmt(0, x0, w, "Exercises: %d of %zu passed", done, x->set.n);

	int y = 1;
	if (util_is_dir(x->workspace)) {
		term_style(ST_MUTED);
		draw_fmt(y++, x0, w, "Workspace: %s", x->workspace);
	} else {
		term_style(ST_BAD);
		draw_fmt(y++, x0, w, "Workspace %s does not exist yet:", x->workspace);
		term_style(ST_NORMAL);
		draw_text(y++, x0, w, "press i to create it, like 'lockstep exercises init'.");
	}
	term_style(ST_NORMAL);

	/* the list, as long as it can be while the panel keeps a few rows */
	int n = (int)x->set.n;
	int room = h - y - 1 - PANEL_MIN;
	int rows = n < room ? n : room;
	if (rows < 3)
		rows = n < 3 ? n : 3;
	if (x->sel < x->list_top)
		x->list_top = x->sel;
	if (x->sel >= x->list_top + rows)
		x->list_top = x->sel - rows + 1;
	if (x->list_top > n - rows)
		x->list_top = n - rows > 0 ? n - rows : 0;
	int nw = name_width(x), next = next_index(a);
	for (int r = 0; r < rows && y + r < h; r++)
		draw_row(a, y + r, x0, w, x->list_top + r, nw, next);
	y += rows;

	if (y >= h)
		return;
	int pw = w - 1; /* the panel's text sits one column in from its header */
	if (x->panel_stale || x->panel_width != pw || x->panel_sel != x->sel || !x->panel.lay)
		panel_build(a, pw);
	panel_header(a, y, x0, w);
	if (y + 1 < h)
		pager_draw(&x->panel, y + 1, x0 + 1, pw, h - y - 1);
}

/* ------------------------------------------------------------ actions */

static void select_index(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded)
		return;
	if (i < 0)
		i = 0;
	if ((size_t)i >= x->set.n)
		i = (int)x->set.n - 1;
	x->sel = i;
	a->dirty = true;
}

static void open_view(struct app *a, int i)
{
	if (i >= 0)
		select_index(a, i);
	a->dirty = true;
}

static void ex_open_lesson(struct app *a)
{
	struct ex_view *x = &a->ex;
	int first = -1;
	for (size_t i = 0; i < x->set.n && first < 0; i++)
		if (x->lesson[i] == a->cur)
			first = (int)i;
	open_view(a, first);
	if (!x->loaded)
		app_message(a, true, "no exercises: %s", x->error ? x->error : "?");
	else if (first < 0 && a->cat.n)
		app_message(a, false, "lesson %d has no exercises; here are all of them",
			    a->cat.v[a->cur].number);
}

static void ex_command_verify(struct app *a, const char *key)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded) {
		app_message(a, true, "verify: no exercises: %s", x->error ? x->error : "?");
		return;
	}
	int i;
	if (key) {
		const struct exercise *e = exercise_find(&x->set, key);
		if (!e) {
			app_message(a, true, "verify: no exercise '%s' (see :exercises)", key);
			return;
		}
		i = (int)(e - x->set.v);
	} else if (a->view == VIEW_EXERCISES) {
		i = x->sel;
	} else {
		i = next_index(a);
		if (i < 0)
			i = x->sel;
	}
	open_view(a, i);
	job_start(a, i);
}

static void show_hint(struct app *a)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[x->sel];
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) != 0) {
		app_message(a, true, "%s", err ? err : "no hints");
		free(err);
		return;
	}
	if (h.n == 0) {
		app_message(a, false, "%02d %s has no hints", e->number, short_name(e));
		exercise_hints_release(&h);
		return;
	}
	int k = exercise_hint_next(progress_hints_shown(a->prog, e->id), h.n);
	if (k > 0) {
		progress_set_hints_shown(a->prog, e->id, k);
		save(a);
		x->panel_jump = true;
		if (k == h.n)
			app_message(a, false, "that was the last hint: S shows the reference solution");
	} else {
		app_message(a, false, "no more hints: S shows the reference solution");
	}
	x->items[x->sel].panel = EXP_HINTS;
	x->panel_stale = true;
	exercise_hints_release(&h);
}

static void show_solution(struct app *a)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->set.v[x->sel];
	bool passed = progress_exercise_passed(a->prog, e->id);
	int shown = progress_hints_shown(a->prog, e->id), nh = hint_count(e);
	if (!exercise_solution_allowed(passed, shown, nh)) {
		app_message(a, true, "the solution to %02d opens once you pass it, or after all %d "
			    "hints (you have seen %d): h first", e->number, nh,
			    shown < nh ? shown : nh);
		return;
	}
	char *err = NULL;
	char *text = exercise_solution_load(e, &err);
	if (!text) {
		app_message(a, true, "%s", err ? err : "no solution");
		free(err);
		return;
	}
	char *title = xasprintf("the reference solution to %02d %s", e->number, short_name(e));
	app_open(a, VIEW_SOURCE, &(struct view_arg){.text = text, .title = title, .index = -1});
}

/* s: the learner's file in the source view (E there edits it). */
static void show_file(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	char *file = exercise_workspace_file(&x->set.v[i], x->workspace);
	size_t len;
	char *err = NULL;
	char *text = util_read_file(file, &len, &err);
	if (!text) {
		app_message(a, true, "%s (i copies the exercises into %s)", err ? err : file,
			    x->workspace);
		free(err);
		free(file);
		return;
	}
	free(err);
	app_open(a, VIEW_SOURCE, &(struct view_arg){.text = text, .title = file, .index = i});
}

/* "verify it now?" after E (Enter says yes). */
static void verify_answer(struct app *a, bool yes, const char *word, int i)
{
	(void)word;
	if (yes && i >= 0 && (size_t)i < a->ex.set.n)
		app_open(a, VIEW_EXERCISES, &(struct view_arg){.verb = VERB_VERIFY, .index = i});
	else
		app_message(a, false, "not verified; v verifies it");
}

static void ex_edit(struct app *a, int i)
{
	struct ex_view *x = &a->ex;
	if (!x->loaded || i < 0 || (size_t)i >= x->set.n)
		return;
	if (x->job) {
		app_message(a, true, "a verify is running: Esc cancels it first");
		return;
	}
	const struct exercise *e = &x->set.v[i];
	char *file = exercise_workspace_file(e, x->workspace);
	if (access(file, F_OK) != 0) {
		app_message(a, true, "%s is not there yet: i copies the exercises into %s", file,
			    x->workspace);
		free(file);
		return;
	}
	int rc = editor_run(file);
	free(file);
	if (a->view == VIEW_SOURCE && a->source_exercise == i)
		show_file(a, i); /* what the editor saved */
	x->panel_stale = true;
	if (rc != 0) {
		app_message(a, true, "the editor failed (set $EDITOR); v verifies your file");
		return;
	}
	app_ask(a, verify_answer, NULL, i, true, "verify %02d %s now? (y/n)", e->number,
		short_name(e));
}

static void init_workspace(struct app *a)
{
	struct ex_view *x = &a->ex;
	int copied = 0, kept = 0;
	char *err = NULL;
	if (exercise_workspace_init(&x->set, x->workspace, false, &copied, &kept, &err) != 0) {
		app_message(a, true, "%s", err ? err : "could not create the workspace");
		free(err);
		return;
	}
	progress_set_setting(a->prog, "workspace", x->workspace);
	x->panel_stale = true;
	app_message(a, false, "copied %d file%s into %s%s. Edit a file there (E), then v.", copied,
		    copied == 1 ? "" : "s", x->workspace,
		    kept ? "; your own files were kept" : "");
	save(a);
}

/* "copy the exercises?" (only y says yes). */
static void init_answer(struct app *a, bool yes, const char *word, int n)
{
	(void)word;
	(void)n;
	if (yes)
		init_workspace(a);
	else
		app_message(a, false, "nothing created; i asks again");
}

static bool ex_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct ex_view *x = &a->ex;
	struct pager *p = &x->panel;
	if (act == A_BACK) {
		if (x->job)
			ex_cancel(a);
		else
			app_open(a, VIEW_READER, NULL);
		return true;
	}
	if (!x->loaded) {
		switch (act) {
		case A_VERIFY: case A_HINT: case A_SOLUTION: case A_SOURCE: case A_EDITOR:
		case A_TASK: case A_INIT: case A_DOWN: case A_UP:
			app_message(a, true, "no exercises: %s", x->error ? x->error : "?");
			return true;
		default:
			return false;
		}
	}
	switch (act) {
	case A_DOWN:
	case A_UP:
		select_index(a, x->sel + (act == A_DOWN ? 1 : -1));
		return true;
	case A_VERIFY:
		job_start(a, x->sel);
		return true;
	case A_HINT:
		show_hint(a);
		return true;
	case A_SOLUTION:
		show_solution(a);
		return true;
	case A_SOURCE:
		show_file(a, x->sel);
		return true;
	case A_EDITOR:
		ex_edit(a, x->sel);
		return true;
	case A_TASK:
		x->items[x->sel].panel = EXP_TASK;
		x->panel_stale = true;
		return true;
	case A_INIT:
		if (x->job) {
			app_message(a, true, "a verify is running: Esc cancels it first");
			return true;
		}
		app_ask(a, init_answer, NULL, 0, false,
			"copy the %zu exercises into %s? Files you have there are kept. (y/n)",
			x->set.n, x->workspace);
		return true;
	default:
		return pager_key(p, act); /* the panel scrolls */
	}
}

/* ------------------------------------------------------------ the reader */

static void ex_lesson_lines(const struct app *a, struct layout *lay, int lesson, int width)
{
	const struct ex_view *x = &a->ex;
	struct sbuf list;
	sbuf_init(&list);
	for (size_t i = 0; i < x->set.n; i++) {
		if (x->lesson[i] != lesson)
			continue;
		const struct exercise *e = &x->set.v[i];
		sbuf_addf(&list, "%s%02d %s", list.len ? ", " : "", e->number, short_name(e));
		if (progress_exercise_passed(a->prog, e->id))
			sbuf_addf(&list, " %s", term_glyph_ok());
	}
	if (!list.len) {
		sbuf_release(&list);
		return;
	}
	/* the lines belong to the lesson's last block, so a place kept across
	 * a resize still finds them */
	int block = lay->n ? lay->lines[lay->n - 1].block : -1;
	size_t from = lay->n;
	doc_line(lay, "", ROLE_TEXT, 0);
	const char *label = "Exercises for this lesson: ";
	char *tail = xasprintf(" %s press x", dash());
	int tw = util_text_width(label, strlen(label)) + util_text_width(list.buf, list.len) +
		 util_text_width(tail, strlen(tail));
	if (tw <= width) {
		struct lline *ln = doc_line(lay, label, ROLE_STRONG, 0);
		doc_add_run(ln, list.buf, ROLE_CODE, 0);
		doc_add_run(ln, tail, ROLE_MUTED, 0);
	} else {
		char *all = xasprintf("%s%s%s", label, list.buf, tail);
		doc_wrap(lay, all, ROLE_STRONG, 0, width, 2);
		free(all);
	}
	for (size_t i = from; i < lay->n; i++)
		lay->lines[i].block = block;
	free(tail);
	sbuf_release(&list);
}

/* ------------------------------------------------------------ the view */

/* x and :exercises (show), :verify (verify), E on the learner's file in the
 * source view (edit: the view stays where it is). */
static int ex_enter(struct app *a, struct view_arg *arg)
{
	switch (arg->verb) {
	case VERB_EDIT:
		ex_edit(a, arg->index);
		return 0;
	case VERB_VERIFY:
		if (arg->name || arg->index < 0) {
			ex_command_verify(a, arg->name);
		} else {
			open_view(a, arg->index);
			job_start(a, arg->index);
		}
		return 1;
	default:
		ex_open_lesson(a);
		return 1;
	}
}

static const char *ex_hints(const struct app *a)
{
	return ex_verifying(a) ? "Esc cancels the verify" : "v verify  h hint  s file  E edit  Esc back";
}

const struct view view_exercises = {
	.name = "exercises",
	.id = VIEW_EXERCISES,
	.keys = K_EXERCISES,
	.draw = ex_draw,
	.key = ex_key,
	.hints = ex_hints,
	.enter = ex_enter,
	.init = ex_init,
	.busy = ex_verifying,
	.cancel = ex_cancel,
	.pollfds = ex_pollfds,
	.wait_ms = ex_wait_ms,
	.service = ex_service,
	.release = ex_release,
	.lesson_lines = ex_lesson_lines,
};
