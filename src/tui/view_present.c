/*
 * view_present.c - present mode, for an instructor at a projector: the demo
 * panel's series (a->demo, run by view_demo through the app) shown full
 * screen in big type (view_present_draw.c), with keys to pause the demo's
 * processes, change slowmo and run it again.
 *
 * slowmo is read by a demo once, at its start (lab/lab.c keeps it in a
 * plain variable set before any thread exists, and stdin is already the
 * stepper's channel), so + and - during a run restart the run with the new
 * value and say so: honest and simple, and the run shows its new slowmo in
 * its `hello` parameters. Space stops and resumes the demo's whole process
 * group (SIGSTOP/SIGCONT through core/series), so its CPU time stops too.
 *
 * The heartbeat moves while a demo saturates every CPU: the screen is
 * redrawn on the panel's clock (four times a second while a run goes on)
 * even when no event arrived. With threads=256 on two cores the demo's
 * thread 0 reports progress only now and then, and a redraw that waited
 * for an event froze the clock for seconds although the lab itself got
 * the CPU (its /proc schedstat run-queue wait stayed in milliseconds).
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/view_present.h"

#define HEARTBEAT_NS 200000000LL

/* While a run goes on: redraw for the heartbeat when the last draw is
 * older than HEARTBEAT_NS (the loop wakes on the panel's 250 ms clock). */
static bool present_service(struct app *a)
{
	return a->view == VIEW_PRESENT && app_now_ns() - a->last_draw_ns >= HEARTBEAT_NS;
}

/* slowmo's steps, in ms (lab/lab.c allows 0..1000). */
static const int slowmo_steps[] = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
#define NSTEPS ((int)(sizeof slowmo_steps / sizeof slowmo_steps[0]))

static bool running(const struct app *a)
{
	return a->demo.series && !series_done(a->demo.series);
}

/* The slowmo the next run is to have: from the run shown, else 0. */
static int slowmo_now(const struct app *a)
{
	return (int)present_param(present_run(a), "slowmo", 0);
}

/* Run the demo (k runs) with extra words, and stay in present mode: the
 * panel's series is the one shown here. */
static void run_here(struct app *a, char *const *extra, size_t nextra, int k)
{
	const char *d = present_demo(a);
	if (!d) {
		app_message(a, true, "no demo to run: open a lesson's demo card, or :run DEMO");
		return;
	}
	char *name = xstrdup(d); /* d lives in the panel the run replaces */
	enum view_id back_demo = a->back[VIEW_DEMO], back_here = a->back[VIEW_PRESENT];
	app_run_demo(a, name, extra, nextra, k); /* opens the panel on success */
	free(name);
	app_open(a, VIEW_PRESENT, NULL);
	a->back[VIEW_DEMO] = back_demo;
	a->back[VIEW_PRESENT] = back_here;
}

static void slowmo_change(struct app *a, int dir)
{
	int cur = slowmo_now(a), i = 0;
	if (dir > 0) {
		while (i < NSTEPS - 1 && slowmo_steps[i] <= cur)
			i++;
	} else {
		i = NSTEPS - 1;
		while (i > 0 && slowmo_steps[i] >= cur)
			i--;
	}
	int ms = slowmo_steps[i];
	if (ms == cur) {
		app_message(a, true, "slowmo is %d ms already (0..1000)", cur);
		return;
	}
	bool was = running(a);
	char word[32];
	snprintf(word, sizeof word, "slowmo=%d", ms);
	char *w = word;
	run_here(a, &w, 1, a->demo.k > 0 ? a->demo.k : 1);
	if (a->msg && a->msg_err)
		return; /* the run could not start: that message stays */
	app_message(a, false, "slowmo %d ms: %s", ms,
		    was ? "the run restarted with it (a demo reads slowmo once, at its start)"
			: "running with it");
}

static void pause_toggle(struct app *a)
{
	struct series *s = a->demo.series;
	if (!running(a)) {
		app_message(a, true, "nothing runs: r runs %s", present_demo(a) ? present_demo(a) : "a demo");
		return;
	}
	bool p = !series_paused(s);
	series_pause(s, p);
	app_message(a, false, p ? "paused: every process of the demo is stopped (Space resumes)"
				: "resumed");
}

static bool present_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	if (!fkey && ch == ' ') {
		pause_toggle(a);
		return true;
	}
	if (!fkey && (ch == '+' || ch == '=' || ch == '-')) {
		slowmo_change(a, ch == '-' ? -1 : 1);
		return true;
	}
	switch (act) {
	case A_RUN:
	case A_RUN_K:
		run_here(a, NULL, 0, act == A_RUN ? 1 : a->ses.runs);
		return true;
	case A_BACK:
		if (running(a)) {
			series_cancel(a->demo.series); /* resumes a paused run first */
			app_message(a, false, "cancelling %s...", a->demo.name);
		} else {
			app_back(a);
		}
		return true;
	case A_PRESENT:
		app_back(a);
		return true;
	default:
		return false;
	}
}

static int present_enter(struct app *a, struct view_arg *arg)
{
	present_set_demo(arg->name ? arg->name : app_current_demo(a));
	return 1;
}

static const char *present_hints(const struct app *a)
{
	if (!running(a))
		return "r run  R xK  + - slowmo  P panel  ? keys  Esc back";
	return series_paused(a->demo.series) ? "Space resume  + - slowmo (restarts)  Esc cancel"
					     : "Space pause  + - slowmo (restarts)  Esc cancel";
}

static const char *present_demo_of(const struct app *a, const struct demo_block **card)
{
	if (card)
		*card = NULL;
	return present_demo(a);
}

static void present_release(struct app *a)
{
	(void)a;
	present_set_demo(NULL);
}

const struct view view_present = {
	.name = "present",
	.id = VIEW_PRESENT,
	.keys = K_PRESENT,
	.draw = present_draw,
	.key = present_key,
	.hints = present_hints,
	.enter = present_enter,
	.demo = present_demo_of,
	.release = present_release,
	.busy = running,
	.service = present_service,
};
