/*
 * view_step_session.c - the step view's session: one demo child in step
 * mode (core/step), driven without ever waiting for it on the UI thread.
 * A choice is sent (stepper_send) and the app's poll loop picks up the
 * child's answer (step_session_service), so a thread that runs long between
 * two step points, or hangs, never holds the keys, a resize or Esc: the view
 * shows it running meanwhile, and Esc or Ctrl-C end the child. Undo and the
 * refresh replay the schedule in a fresh child the same way, one step per
 * answer, and compare the statement each step ran with the one it ran before.
 *
 * Ownership: the session, its marks and the replay's old marks belong to
 * the step view (struct step_view, view_step.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/view_step.h"

static void marks_free(struct step_mark *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].label);
		free(m[i].after);
	}
	free(m);
}

static void marks_clear(struct step_view *sv)
{
	marks_free(sv->marks, sv->nmarks);
	sv->marks = NULL;
	sv->nmarks = sv->capmarks = 0;
}

static void replay_drop(struct step_view *sv)
{
	marks_free(sv->rp_old, sv->rp_n);
	sv->rp_old = NULL;
	sv->rp_n = sv->rp_keep = sv->rp_i = 0;
	free(sv->rp_done);
	sv->rp_done = NULL;
	sv->replaying = false;
	sv->rp_then = -1;
}

/* End the child and forget its steps (not the replay: it may be starting). */
static void session_kill(struct step_view *sv)
{
	stepper_free(sv->sp); /* kills the child if it still runs, and reaps it */
	sv->sp = NULL;
	if (sv->has_pend)
		free(sv->pend.label);
	sv->has_pend = false;
	marks_clear(sv);
	free(sv->failure);
	free(sv->outcome);
	sv->failure = sv->outcome = NULL;
	sv->goal_hit = sv->won = sv->show_win = false;
	sv->autoplay = false;
}

void step_session_end(struct step_view *sv)
{
	replay_drop(sv);
	session_kill(sv);
}

bool step_session_waiting(const struct step_view *sv)
{
	return sv->sp && stepper_waiting(sv->sp);
}

bool step_session_can_move(const struct step_view *sv)
{
	return sv->sp && !sv->failure && stepper_state(sv->sp)->phase == STEP_RUNNING;
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

/* Start a fresh child; its first state comes through the service. Returns
 * 0, or -1 (sv->failure says why). */
static int session_start(struct step_view *sv)
{
	session_kill(sv);
	char *err = NULL;
	sv->sp = stepper_spawn(&sv->target, &err);
	sv->started_ns = app_now_ns();
	if (!sv->sp) {
		sv->failure = err ? err : xstrdup("the demo did not start in step mode");
		return -1;
	}
	return 0;
}

int step_session_start(struct step_view *sv)
{
	replay_drop(sv);
	return session_start(sv);
}

/* Send thread t's move; its mark waits in sv->pend for the answer. Returns
 * 0, 1 refused (*why), -1 the child failed (sv->failure). */
static int send_move(struct step_view *sv, int t, char **why)
{
	const struct step_state *st = stepper_state(sv->sp);
	struct step_mark m = {t, NULL, 0, NULL};
	if (t >= 0 && (size_t)t < st->nthreads && st->threads[t].label) {
		m.label = xstrdup(st->threads[t].label);
		m.line = st->threads[t].line;
	}
	int r = stepper_send(sv->sp, t, why);
	if (r != 0) {
		free(m.label);
		if (r < 0) {
			free(sv->failure);
			sv->failure = *why;
			*why = NULL;
		}
		return r;
	}
	sv->pend = m;
	sv->has_pend = true;
	return 0;
}

/* The move sent has been carried out: its mark, with the values after it. */
static void mark_push(struct step_view *sv)
{
	const struct step_state *st = stepper_state(sv->sp);
	struct sbuf sb = {0};
	for (size_t i = 0; i < st->nshared; i++)
		sbuf_addf(&sb, "%s%s=%lld", i ? " " : "", st->shared[i].name, st->shared[i].value);
	sv->pend.after = sb.buf ? sb.buf : xstrdup("");
	*VEC_PUSH(sv->marks, sv->nmarks, sv->capmarks) = sv->pend;
	sv->has_pend = false;
}

/* rc 0: done (`done` said, if any); > 0: diverged at that step; -1: the
 * child failed. Frees why. */
static void say_replay(struct app *a, struct step_view *sv, long rc, char *why, const char *done)
{
	if (rc < 0)
		app_message(a, true, "replay: %s", sv->failure ? sv->failure : "the demo failed");
	else if (rc > 0)
		app_message(a, true, "replay diverged at step %ld: %s", rc,
			    why ? why : "a choice was refused");
	else if (done)
		app_message(a, false, "%s", done);
	free(why);
}

/* Replay the first `keep` steps of the schedule in a fresh child, then
 * move `then` (-1: none) and say `done` (NULL: nothing). A win stays won. */
static void replay_begin(struct app *a, struct step_view *sv, size_t keep, int then,
			 const char *done)
{
	size_t n = sv->nmarks;
	struct step_mark *old = sv->marks;
	sv->marks = NULL; /* session_start frees the marks it holds: keep ours */
	sv->nmarks = sv->capmarks = 0;
	bool won = sv->won, show = sv->show_win;
	replay_drop(sv);
	if (session_start(sv) != 0) {
		marks_free(old, n);
		say_replay(a, sv, -1, NULL, NULL);
		return;
	}
	sv->won = won;
	sv->show_win = show && keep == n;
	sv->replaying = true;
	sv->rp_old = old;
	sv->rp_n = n;
	sv->rp_keep = keep;
	sv->rp_then = then;
	sv->rp_done = done ? xstrdup(done) : NULL;
}

static void replay_end(struct app *a, struct step_view *sv, long rc, char *why)
{
	char *done = sv->rp_done;
	int then = sv->rp_then;
	sv->rp_done = NULL;
	replay_drop(sv);
	if (sv->sp && !sv->failure && stepper_state(sv->sp)->phase != STEP_RUNNING)
		note_outcome(sv);
	say_replay(a, sv, rc, why, done);
	free(done);
	if (rc == 0 && then >= 0)
		step_session_thread(a, sv, then);
}

/* A state arrived during a replay: check the step just replayed, send the
 * next one, or end. */
static void replay_next(struct app *a, struct step_view *sv)
{
	if (sv->rp_i > 0) {
		size_t i = sv->rp_i - 1;
		if (sv->has_goal && sv->goal.kind == STEP_GOAL_ANY &&
		    step_goal_holds(&sv->goal, stepper_state(sv->sp)))
			sv->goal_hit = true;
		const struct step_mark *now = &sv->marks[i], *old = &sv->rp_old[i];
		if (now->line != old->line ||
		    strcmp(now->label ? now->label : "", old->label ? old->label : "") != 0) {
			replay_end(a, sv, (long)i + 1,
				   xasprintf("step %zu ran %s at line %d, before it ran %s at line %d",
					     i + 1, now->label ? now->label : "?", now->line,
					     old->label ? old->label : "?", old->line));
			return;
		}
	}
	if (sv->rp_i == sv->rp_keep) {
		replay_end(a, sv, 0, NULL);
		return;
	}
	size_t i = sv->rp_i++;
	char *why = NULL;
	int r = send_move(sv, sv->rp_old[i].thread, &why);
	if (r != 0)
		replay_end(a, sv, r > 0 ? (long)i + 1 : -1, why);
}

bool step_session_service(struct app *a, struct step_view *sv)
{
	if (!step_session_waiting(sv))
		return false;
	char *why = NULL;
	int r = stepper_service(sv->sp, &why);
	if (r == STEP_PENDING)
		return false;
	bool first = !sv->has_pend; /* the child's first state */
	if (r == 0) {
		if (!first)
			mark_push(sv);
		if (sv->replaying)
			replay_next(a, sv);
		else
			after_move(a, sv);
		return true;
	}
	if (!first)
		free(sv->pend.label);
	sv->has_pend = false;
	if (r < 0) {
		free(sv->failure);
		sv->failure = why ? why : xstrdup("the demo failed");
		why = NULL;
		if (first) { /* the view shows sv->failure and "0 starts it again" */
			stepper_free(sv->sp);
			sv->sp = NULL;
		}
	}
	if (sv->replaying) {
		replay_end(a, sv, r > 0 ? (long)sv->rp_i : -1, why); /* frees why */
		return true;
	}
	app_message(a, true, "%s%s", first ? "step: " : "", r < 0 ? sv->failure : why);
	free(why);
	return true;
}

/* Ctrl-C: stop a move that takes too long (the child ends with it). */
bool step_session_cancel(struct app *a, struct step_view *sv)
{
	sv->autoplay = false;
	if (!step_session_waiting(sv))
		return false;
	int t = stepper_moving(sv->sp);
	long long step = stepper_state(sv->sp)->step + 1;
	step_session_end(sv);
	sv->failure = t >= 0 ? xasprintf("stopped while thread %c ran step %lld", step_letter(t), step)
			     : xstrdup("stopped before the demo reached its first step");
	app_message(a, false, "%s: 0 starts again", sv->failure);
	return true;
}

/* Why nothing can be chosen now (a move in flight), or NULL. */
static char *busy_text(const struct step_view *sv)
{
	if (!step_session_waiting(sv))
		return NULL;
	int t = stepper_moving(sv->sp);
	if (sv->replaying)
		return xasprintf("replaying the schedule: step %zu of %zu (Esc leaves)", sv->rp_i,
				 sv->rp_keep);
	if (t >= 0)
		return xasprintf("thread %c is still running step %lld (Esc leaves, Ctrl-C stops it)",
				 step_letter(t), stepper_state(sv->sp)->step + 1);
	return xstrdup("the demo is starting (Esc leaves)");
}

char *step_session_status(const struct step_view *sv) { return busy_text(sv); }

/* The demo runs under the engine's time limit, which counts the time the
 * learner spends thinking too. A session older than REFRESH_NS is replayed
 * in a fresh child before its next step (a few milliseconds for most demos),
 * so thinking is never cut short and a demo that hangs is still stopped by
 * the limit. */
#define REFRESH_NS (15LL * 1000000000LL)

void step_session_thread(struct app *a, struct step_view *sv, int t)
{
	char *busy = busy_text(sv);
	if (busy) {
		app_message(a, true, "%s", busy);
		free(busy);
		return;
	}
	if (!step_session_can_move(sv)) {
		app_message(a, true, "%s", sv->failure ? sv->failure
				     : sv->sp ? "the run is over: u undoes the last step"
						: "nothing to step");
		return;
	}
	if (app_now_ns() - sv->started_ns >= REFRESH_NS) {
		replay_begin(a, sv, sv->nmarks, t, NULL);
		return;
	}
	char *why = NULL;
	int r = send_move(sv, t, &why);
	if (r > 0)
		app_message(a, true, "%s", why);
	else if (r < 0)
		app_message(a, true, "%s", sv->failure);
	free(why);
}

/* u: the schedule minus its last step, replayed in a fresh child. */
void step_session_undo(struct app *a, struct step_view *sv)
{
	char *busy = busy_text(sv);
	if (busy) {
		app_message(a, true, "%s", busy);
		free(busy);
		return;
	}
	if (!sv->sp || sv->nmarks == 0) {
		app_message(a, true, "nothing to undo");
		return;
	}
	char done[64];
	snprintf(done, sizeof done, "undone: back at step %zu", sv->nmarks - 1);
	replay_begin(a, sv, sv->nmarks - 1, -1, done);
}
