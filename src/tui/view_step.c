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
 * Each step is one round trip to the child (stepper_move waits for its
 * next event: a few milliseconds); the auto-play clock and the proof's
 * wake-up pipe go through the app's poll loop like every view's children.
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

/* ------------------------------------------------------------ the session */

static void marks_clear(struct step_view *sv)
{
	for (size_t i = 0; i < sv->nmarks; i++) {
		free(sv->marks[i].label);
		free(sv->marks[i].after);
	}
	free(sv->marks);
	sv->marks = NULL;
	sv->nmarks = sv->capmarks = 0;
}

static void session_end(struct step_view *sv)
{
	stepper_free(sv->sp); /* kills the child if it still runs, and reaps it */
	sv->sp = NULL;
	marks_clear(sv);
	free(sv->failure);
	free(sv->outcome);
	sv->failure = sv->outcome = NULL;
	sv->goal_hit = sv->won = sv->show_win = false;
	sv->autoplay = false;
}

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
	session_end(sv); /* the proof is not the session's: it may still be shown */
	challenge_clear(sv);
	if (sv->open)
		step_target_release(&sv->target);
	command_list_free(sv->params); /* NULL-terminated */
	sv->params = NULL;
	sv->nparams = 0;
	step_view_source_release(sv);
	sv->open = false;
}

/* What the run came to, once it is over (finished or deadlocked). */
static void note_outcome(struct step_view *sv)
{
	const struct step_state *st = stepper_state(sv->sp);
	struct sbuf sb = {0};
	if (st->phase == STEP_DEADLOCK) {
		sbuf_adds(&sb, "DEADLOCK: nobody can move.");
		for (size_t i = 0; i < st->nthreads; i++) {
			const struct step_thread *t = &st->threads[i];
			if (t->state != STEP_T_BLOCKED)
				continue;
			const struct step_lock *k =
				t->waits_name ? step_state_lock(st, t->waits_name) : NULL;
			sbuf_addf(&sb, " %c waits for %s %s", step_letter((int)i),
				  t->waits_kind ? t->waits_kind : "?", t->waits_name ? t->waits_name : "");
			if (k && k->owner >= 0)
				sbuf_addf(&sb, " held by %c (taken at line %d)", step_letter(k->owner),
					  k->line);
			sbuf_adds(&sb, ";");
		}
	} else {
		char *err = NULL;
		if (stepper_finish(sv->sp, &err) != 0) {
			sbuf_addf(&sb, "finished, but %s", err ? err : "the demo failed");
		} else {
			const struct variant_result *r = stepper_result(sv->sp);
			sbuf_adds(&sb, "FINISHED:");
			if (r && r->has_observed)
				sbuf_addf(&sb, " observed %lld", r->observed);
			if (r && r->has_expected)
				sbuf_addf(&sb, ", expected %lld", r->expected);
			if (r)
				sbuf_addf(&sb, " - %s", r->correct ? "correct" : "WRONG");
		}
		free(err);
	}
	free(sv->outcome);
	sv->outcome = sb.buf ? sb.buf : xstrdup("over");
}

/* Record a win once: progress (never undone by a merge), then the proof. */
static void win(struct app *a, struct step_view *sv)
{
	if (!sv->ch_id) { /* the fixed variant, which explore says cannot get here */
		app_message(a, true, "the goal was reached in variant %s: it does not fix it",
			    sv->target.variant);
		return;
	}
	sv->won = sv->show_win = true; /* again after an undo: the screen again */
	sv->autoplay = false;
	bool before = progress_challenge_won(a->prog, sv->ch_id);
	progress_set_challenge_won(a->prog, sv->ch_id, stepper_schedule(sv->sp));
	char *err = NULL;
	if (progress_save(a->prog, &err) != 0) {
		app_message(a, true, "challenge won, but progress was not saved: %s",
			    err ? err : "?");
		free(err);
	} else {
		app_message(a, false, "challenge %s %s in %zu steps: %s", sv->ch_id,
			    before ? "won again" : "won", sv->nmarks, stepper_schedule(sv->sp));
	}
	if (sv->ch_fixed && !sv->proof.started && !sv->proof.done)
		step_proof_start(sv); /* once per challenge opened */
}

/* After a step (or at the start): the goal, the end. */
static void after_move(struct app *a, struct step_view *sv)
{
	const struct step_state *st = stepper_state(sv->sp);
	bool was = sv->goal_hit; /* ANY: the win comes once, when it first holds */
	if (sv->has_goal && sv->goal.kind == STEP_GOAL_ANY && step_goal_holds(&sv->goal, st))
		sv->goal_hit = true;
	if (sv->goal_hit && !was)
		win(a, sv);
	if (st->phase == STEP_RUNNING)
		return;
	note_outcome(sv);
	sv->autoplay = false;
	bool reached = (sv->goal.kind == STEP_GOAL_DEADLOCK && st->phase == STEP_DEADLOCK) ||
		       (sv->goal.kind == STEP_GOAL_END && st->phase == STEP_FINISHED &&
			step_goal_holds(&sv->goal, st));
	if (sv->has_goal && reached)
		win(a, sv);
	else if (sv->has_goal && !sv->goal_hit)
		app_message(a, false, "the run is over and the goal (%s) was not reached: u undoes",
			    sv->goal.text);
}

/* Start a fresh child. Returns 0, or -1 (sv->failure says why). */
static int session_start(struct step_view *sv)
{
	session_end(sv);
	char *err = NULL;
	sv->sp = stepper_start(&sv->target, &err);
	sv->started_ns = app_now_ns();
	if (!sv->sp) {
		sv->failure = err ? err : xstrdup("the demo did not start in step mode");
		return -1;
	}
	return 0;
}

/* Move thread t. Returns 0, 1 refused (a message says why), -1 the child
 * failed (sv->failure). */
static int sv_move(struct step_view *sv, int t, char **why)
{
	const struct step_state *st = stepper_state(sv->sp);
	struct step_mark m = {t, NULL, 0, NULL};
	if (t >= 0 && (size_t)t < st->nthreads && st->threads[t].label) {
		m.label = xstrdup(st->threads[t].label);
		m.line = st->threads[t].line;
	}
	int r = stepper_move(sv->sp, t, why);
	if (r != 0) {
		free(m.label);
		if (r < 0) {
			free(sv->failure);
			sv->failure = *why;
			*why = NULL;
		}
		return r;
	}
	st = stepper_state(sv->sp);
	struct sbuf sb = {0};
	for (size_t i = 0; i < st->nshared; i++)
		sbuf_addf(&sb, "%s%s=%lld", i ? " " : "", st->shared[i].name, st->shared[i].value);
	m.after = sb.buf ? sb.buf : xstrdup("");
	*VEC_PUSH(sv->marks, sv->nmarks, sv->capmarks) = m;
	return 0;
}

static bool can_move(const struct step_view *sv)
{
	return sv->sp && !sv->failure && stepper_state(sv->sp)->phase == STEP_RUNNING;
}

static void session_refresh(struct app *a, struct step_view *sv);

static void step_thread(struct app *a, struct step_view *sv, int t)
{
	if (!can_move(sv)) {
		app_message(a, true, "%s", sv->failure ? sv->failure
				     : sv->sp ? "the run is over: u undoes the last step"
						: "nothing to step");
		return;
	}
	session_refresh(a, sv);
	if (!can_move(sv))
		return;
	char *why = NULL;
	int r = sv_move(sv, t, &why);
	if (r > 0)
		app_message(a, true, "%s", why);
	else if (r < 0)
		app_message(a, true, "%s", sv->failure);
	free(why);
	if (r == 0)
		after_move(a, sv);
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
	if (can_move(sv) && ready_count(stepper_state(sv->sp), &t, &sv->rng) == 0) {
		app_message(a, true, "no thread is ready");
		return;
	}
	step_thread(a, sv, t);
}

/* Replay the first `keep` steps of the schedule in a fresh child and check
 * that every step ran the same statement as before. Returns 0; the 1-based
 * step where it diverged (*why: how, caller frees); or -1 when the child
 * did not start (sv->failure). A win stays won. */
static long replay(struct step_view *sv, size_t keep, char **why)
{
	size_t n = sv->nmarks;
	struct step_mark *old = sv->marks;
	sv->marks = NULL; /* session_start frees the marks it holds: keep ours */
	sv->nmarks = sv->capmarks = 0;
	bool won = sv->won, show = sv->show_win;
	long rc = session_start(sv) == 0 ? 0 : -1;
	sv->won = won;
	sv->show_win = show && keep == n;
	for (size_t i = 0; rc == 0 && i < keep; i++) {
		if (sv_move(sv, old[i].thread, why) != 0) {
			rc = (long)i + 1;
			break;
		}
		if (sv->has_goal && sv->goal.kind == STEP_GOAL_ANY &&
		    step_goal_holds(&sv->goal, stepper_state(sv->sp)))
			sv->goal_hit = true;
		const struct step_mark *now = &sv->marks[i];
		if (now->line != old[i].line ||
		    strcmp(now->label ? now->label : "", old[i].label ? old[i].label : "") != 0) {
			*why = xasprintf("step %zu ran %s at line %d, before it ran %s at line %d",
					 i + 1, now->label ? now->label : "?", now->line,
					 old[i].label ? old[i].label : "?", old[i].line);
			rc = (long)i + 1;
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(old[i].label);
		free(old[i].after);
	}
	free(old);
	if (sv->sp && !sv->failure && stepper_state(sv->sp)->phase != STEP_RUNNING)
		note_outcome(sv);
	return rc;
}

static void say_replay(struct app *a, struct step_view *sv, long rc, char *why, const char *done)
{
	if (rc < 0)
		app_message(a, true, "replay: %s", sv->failure);
	else if (rc > 0)
		app_message(a, true, "replay diverged at step %ld: %s", rc,
			    why ? why : "a choice was refused");
	else if (done)
		app_message(a, false, "%s", done);
	free(why);
}

/* u: the schedule minus its last step, replayed in a fresh child. */
static void undo(struct app *a, struct step_view *sv)
{
	if (!sv->sp || sv->nmarks == 0) {
		app_message(a, true, "nothing to undo");
		return;
	}
	char *why = NULL, done[64];
	snprintf(done, sizeof done, "undone: back at step %zu", sv->nmarks - 1);
	long rc = replay(sv, sv->nmarks - 1, &why);
	say_replay(a, sv, rc, why, done);
}

/* The demo runs under the engine's time limit, which counts the time the
 * learner spends thinking too. A session older than REFRESH_NS is replayed
 * in a fresh child before its next step (a few milliseconds), so thinking is
 * never cut short and a demo that hangs is still stopped by the limit. */
#define REFRESH_NS (15LL * 1000000000LL)

static void session_refresh(struct app *a, struct step_view *sv)
{
	if (!sv->sp || app_now_ns() - sv->started_ns < REFRESH_NS ||
	    stepper_state(sv->sp)->phase != STEP_RUNNING)
		return;
	char *why = NULL;
	long rc = replay(sv, sv->nmarks, &why);
	say_replay(a, sv, rc, why, NULL);
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
	if (session_start(sv) != 0)
		app_message(a, true, "step: %s", sv->failure);
	else
		after_move(a, sv);
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
		session_end(sv); /* the child goes now, not when the lab ends */
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
		step_thread(a, sv, (int)(ch - 'A'));
		return true;
	}
	if (ch >= '1' && ch <= '9') {
		step_thread(a, sv, (int)(ch - '1'));
		return true;
	}
	switch (ch) {
	case 'u':
		sv->show_win = false;
		undo(a, sv);
		return true;
	case 'r':
		step_random(a, sv);
		return true;
	case 'a':
		sv->autoplay = can_move(sv) && !sv->autoplay;
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
		if (sv->open && session_start(sv) == 0)
			after_move(a, sv);
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
	return sv && (sv->autoplay || (sv->proof.started && !sv->proof.done));
}

static void step_cancel(struct app *a)
{
	struct step_view *sv = sv_get(a);
	sv->autoplay = false; /* the proof ends by itself: its limit */
}

static int step_pollfds(const struct app *a, struct pollfd *fds, int max)
{
	const struct step_view *sv = sv_of(a);
	if (!sv || !sv->proof.started || sv->proof.done || max < 1)
		return 0;
	fds[0] = (struct pollfd){.fd = sv->proof.wake[0], .events = POLLIN};
	return 1;
}

static int step_wait_ms(const struct app *a)
{
	const struct step_view *sv = sv_of(a);
	if (!sv || !sv->autoplay)
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
	if (sv->autoplay && app_now_ns() >= sv->next_ns) {
		step_random(a, sv);
		sv->next_ns = app_now_ns() + (long long)sv->speed_ms * 1000000LL;
		if (!can_move(sv))
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
