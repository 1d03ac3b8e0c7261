/*
 * view_step.c - the step view: the learner is the scheduler of a demo in
 * step mode (core/step). A thread's letter (or 1-9) moves it one statement,
 * u undoes (a fresh child replays the schedule minus its last step and the
 * labels are compared), r moves a random ready thread, a plays on by itself
 * (+ and - change the speed). Opened for a challenge it checks the goal
 * after every step; a win is saved in progress and the win screen offers
 * the fixed variant, with explore's proof (run on a worker thread) that the
 * goal cannot be reached there. view_step_draw.c draws it.
 *
 * Each step is one round trip to the child, which view_step_session.c
 * waits for in the app's poll loop (a thread may run long between two step
 * points: the keys still work); the auto-play clock and the proof's wake-up
 * pipe go through the same loop.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/command.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/view_step.h"

#define SPEED_MIN_MS 50
#define SPEED_MAX_MS 3000

static struct step_view *sv_of(const struct app *a) { return a->step; }


static struct step_view *sv_get(struct app *a)
{
	if (!a->step)
		a->step = xcalloc(1, sizeof *a->step);
	return a->step;
}

/* ------------------------------------------------------------ the target */

static void challenge_clear(struct step_view *sv)
{
	free(sv->ch_id);
	free(sv->ch_title);
	free(sv->ch_fixed);
	sv->ch_id = sv->ch_title = sv->ch_fixed = NULL;
	sv->has_goal = false;
}

static void sv_release(struct step_view *sv)
{
	if (!sv)
		return;
	step_session_end(sv); /* the proof is not the session's: it may still be shown */
	challenge_clear(sv);
	if (sv->open)
		step_target_release(&sv->target);
	command_list_free(sv->params); /* NULL-terminated */
	sv->params = NULL;
	sv->nparams = 0;
	step_view_source_release(sv);
	sv->open = false;
}

static int ready_count(const struct step_state *st, int *pick, unsigned *rng)
{
	int ready[STEP_MAX_THREADS], n = 0;
	for (size_t i = 0; i < st->nthreads && i < STEP_MAX_THREADS; i++)
		if (st->threads[i].state == STEP_T_READY)
			ready[n++] = (int)i;
	if (n && pick)
		*pick = ready[rand_r(rng) % (unsigned)n];
	return n;
}

static void step_random(struct app *a, struct step_view *sv)
{
	int t = -1;
	if (step_session_can_move(sv) && !step_session_waiting(sv) &&
	    ready_count(stepper_state(sv->sp), &t, &sv->rng) == 0) {
		app_message(a, true, "no thread is ready");
		return;
	}
	step_session_thread(a, sv, t);
}

/* ------------------------------------------------------------ open */

/* Load a target (demo, params, variant) and start its first session. */
static int open_target(struct app *a, struct step_view *sv, const char *demo, char *const *args,
		       size_t nargs, const char *variant)
{
	struct step_target t;
	char *err = NULL;
	if (step_target_init(&t, demo, args, nargs, variant, &err) != 0) {
		app_message(a, true, "step: %s", err ? err : "cannot step it");
		free(err);
		return -1;
	}
	sv_release(sv);
	sv->target = t;
	sv->open = true;
	sv->params = xcalloc(nargs + 1, sizeof *sv->params);
	for (size_t i = 0; i < nargs; i++)
		sv->params[i] = xstrdup(args[i]);
	sv->nparams = nargs;
	if (sv->speed_ms == 0)
		sv->speed_ms = 500;
	sv->rng = (unsigned)time(NULL);
	sv->first_col = 0;
	if (step_session_start(sv) != 0) /* its first state: step_service */
		app_message(a, true, "step: %s", sv->failure);
	return 0;
}

static int step_enter(struct app *a, struct view_arg *arg)
{
	struct step_view *sv = sv_get(a);
	const struct challenge_block *c = arg->challenge;
	if (c || arg->name)
		step_proof_release(&sv->proof); /* another challenge, or none */
	if (c) {
		struct step_goal g;
		char *err = NULL;
		if (step_goal_parse(c->goal, &g, &err) != 0) {
			app_message(a, true, "challenge %s: %s", c->id, err);
			free(err);
			return -1;
		}
		if (open_target(a, sv, c->demo, c->params, c->nparams, c->variant) != 0)
			return -1;
		sv->ch_id = xstrdup(c->id);
		sv->ch_title = xstrdup(c->title ? c->title : c->id);
		sv->ch_fixed = c->fixed ? xstrdup(c->fixed) : NULL;
		sv->has_goal = true;
		sv->goal = g;
		return 1;
	}
	if (!arg->name) {
		if (sv->open)
			return 1; /* back to the session as it was */
		app_message(a, true, "step: which demo? (:step NAME key=value ...)");
		return -1;
	}
	return open_target(a, sv, arg->name, arg->args, arg->nargs, arg->variant) == 0 ? 1 : -1;
}

/* f on the win screen: step the fixed variant, same parameters, with the
 * goal shown (and checked) but nothing to win: no schedule reaches it. */
static void open_fixed(struct app *a, struct step_view *sv)
{
	if (!sv->ch_fixed)
		return;
	char *demo = xstrdup(sv->target.demo), *fixed = xstrdup(sv->ch_fixed);
	char *title = xasprintf("%s, fixed", sv->ch_title);
	char **params = sv->params;
	size_t np = sv->nparams;
	struct step_goal g = sv->goal;
	sv->params = NULL;
	sv->nparams = 0;
	if (open_target(a, sv, demo, params, np, fixed) == 0) {
		sv->ch_title = title;
		title = NULL;
		sv->goal = g;
		sv->has_goal = true;
		app_message(a, false, "%s, variant %s: try to reach the goal now", demo, fixed);
	}
	free(title);
	command_list_free(params);
	free(demo);
	free(fixed);
}

/* ------------------------------------------------------------ keys */

static bool step_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	struct step_view *sv = sv_get(a);
	if (act == A_BACK) {
		if (sv->show_win) {
			sv->show_win = false;
			return true;
		}
		sv->autoplay = false;
		step_session_end(sv); /* the child goes now, even mid-move */
		app_back(a);
		return true;
	}
	if (fkey)
		return false;
	if (sv->show_win && (ch == 'f' || ch == 'F')) {
		open_fixed(a, sv);
		return true;
	}
	if (ch >= 'A' && ch < 'A' + STEP_MAX_THREADS) {
		step_session_thread(a, sv, (int)(ch - 'A'));
		return true;
	}
	if (ch >= '1' && ch <= '9') {
		step_session_thread(a, sv, (int)(ch - '1'));
		return true;
	}
	switch (ch) {
	case 'u':
		sv->show_win = false;
		step_session_undo(a, sv);
		return true;
	case 'r':
		step_random(a, sv);
		return true;
	case 'a':
		sv->autoplay = step_session_can_move(sv) && !sv->autoplay;
		sv->next_ns = app_now_ns();
		if (sv->autoplay)
			app_message(a, false, "auto-play: a step every %d ms (+ faster, - slower, a stops)",
				    sv->speed_ms);
		return true;
	case '+':
	case '-':
		sv->speed_ms = ch == '+' ? sv->speed_ms / 2 : sv->speed_ms * 2;
		sv->speed_ms = sv->speed_ms < SPEED_MIN_MS ? SPEED_MIN_MS
			       : sv->speed_ms > SPEED_MAX_MS ? SPEED_MAX_MS : sv->speed_ms;
		app_message(a, false, "auto-play: a step every %d ms", sv->speed_ms);
		return true;
	case '0': /* restart from the first step */
		if (sv->open && step_session_start(sv) != 0)
			app_message(a, true, "step: %s", sv->failure);
		return true;
	case '<':
	case '>':
		sv->first_col += ch == '>' ? 1 : -1;
		return true; /* the draw clamps it */
	default:
		return false;
	}
}

static const char *step_hints(const struct app *a)
{
	const struct step_view *sv = sv_of(a);
	if (sv && sv->show_win)
		return sv->ch_fixed ? "f step the fixed version  u undo  Esc close" : "u undo  Esc close";
	return "A B.. step  u undo  r random  a auto  Esc back";
}

/* ------------------------------------------------------------ the loop */

static bool step_busy(const struct app *a)
{
	const struct step_view *sv = sv_of(a);
	return sv && (sv->autoplay || step_session_waiting(sv) ||
		      (sv->proof.started && !sv->proof.done));
}

static void step_cancel(struct app *a)
{
	struct step_view *sv = sv_get(a);
	step_session_cancel(a, sv); /* a move in flight; the proof ends by itself: its limit */
}

static int step_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	const struct step_view *sv = sv_of(a);
	int n = 0;
	if (!sv)
		return 0;
	if (sv->proof.started && !sv->proof.done && max > 0)
		fds[n++] = (struct pollfd){.fd = sv->proof.wake[0], .events = POLLIN};
	if (step_session_waiting(sv))
		n += stepper_pollfds(sv->sp, fds + n, max - n);
	return n;
}

static int step_wait_ms(const struct app *a)
{
	const struct step_view *sv = sv_of(a);
	if (!sv)
		return -1;
	if (step_session_waiting(sv))
		return stepper_wait_ms(sv->sp); /* auto-play waits for the move */
	if (!sv->autoplay)
		return -1;
	long long left = (sv->next_ns - app_now_ns()) / 1000000LL;
	return left < 0 ? 0 : (int)left + 1;
}

static bool step_service(struct app *a)
{
	struct step_view *sv = sv_get(a);
	bool changed = false;
	if (step_proof_service(&sv->proof))
		changed = true;
	if (step_session_service(a, sv)) {
		changed = true;
		if (sv->autoplay) /* the pause counts from the end of the move */
			sv->next_ns = app_now_ns() + (long long)sv->speed_ms * 1000000LL;
	}
	if (sv->autoplay && !step_session_waiting(sv) && app_now_ns() >= sv->next_ns) {
		step_random(a, sv);
		sv->next_ns = app_now_ns() + (long long)sv->speed_ms * 1000000LL;
		if (!step_session_can_move(sv))
			sv->autoplay = false;
		changed = true;
	}
	return changed;
}

static void step_view_release(struct app *a)
{
	if (a->step)
		step_proof_release(&a->step->proof);
	sv_release(a->step);
	free(a->step);
	a->step = NULL;
}

static const char *step_demo_of(const struct app *a, const struct demo_block **card)
{
	if (card)
		*card = NULL;
	const struct step_view *sv = sv_of(a);
	return sv && sv->open ? sv->target.demo : NULL;
}

const struct view view_step = {
	.name = "step",
	.id = VIEW_STEP,
	.keys = K_STEP,
	.draw = step_view_draw,
	.key = step_key,
	.hints = step_hints,
	.enter = step_enter,
	.demo = step_demo_of,
	.busy = step_busy,
	.cancel = step_cancel,
	.pollfds = step_pollfds,
	.wait_ms = step_wait_ms,
	.service = step_service,
	.release = step_view_release,
};
