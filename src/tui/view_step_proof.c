/*
 * view_step_proof.c - the proof on a challenge's win screen: explore of the
 * fixed variant (core/step_run) with the challenge's goal, run on a worker
 * thread so the lab never waits for it; the worker writes one byte on a
 * pipe the app's poll loop watches when it is done.
 *
 * Between pthread_create and the join the worker owns p->ex, p->err and
 * p->rc; the main thread reads them only after step_proof_service joined it.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "tui/view_step.h"

#define PROOF_LIMIT 20000 /* children explore may start for the proof */


static void *proof_main(void *arg)
{
	struct step_proof *p = arg;
	struct step_explore_opts o = {.goal = &p->goal, .limit = p->limit};
	p->rc = step_explore_all(&p->target, &o, &p->ex, &p->err);
	char b = 1;
	ssize_t w = write(p->wake[1], &b, 1);
	(void)w; /* the pipe is ours and empty: it cannot fill */
	return NULL;
}

/* Wait for the worker (it ends by itself: explore has a limit) and free. */
void step_proof_release(struct step_proof *p)
{
	if (p->started && !p->joined)
		pthread_join(p->tid, NULL);
	if (p->wake[0] > 0) {
		close(p->wake[0]);
		close(p->wake[1]);
	}
	if (p->started)
		step_explore_release(&p->ex);
	step_target_release(&p->target);
	free(p->err);
	memset(p, 0, sizeof *p);
}

void step_proof_start(struct step_view *sv)
{
	struct step_proof *p = &sv->proof;
	step_proof_release(p);
	char *err = NULL;
	if (step_target_init(&p->target, sv->target.demo, sv->params, sv->nparams, sv->ch_fixed,
			     &err) != 0) {
		p->err = err;
		p->done = true;
		return;
	}
	p->goal = sv->goal;
	p->limit = PROOF_LIMIT;
	if (pipe(p->wake) != 0) {
		p->err = xstrdup("cannot make a pipe for the proof");
		p->done = true;
		return;
	}
	if (pthread_create(&p->tid, NULL, proof_main, p) != 0) {
		p->err = xstrdup("cannot start the proof's thread");
		p->done = true;
		return;
	}
	p->started = true;
}

bool step_proof_service(struct step_proof *p)
{
	if (!p->started || p->done)
		return false;
	struct pollfd fd = {.fd = p->wake[0], .events = POLLIN};
	if (poll(&fd, 1, 0) <= 0)
		return false;
	pthread_join(p->tid, NULL);
	p->joined = p->done = true;
	return true;
}
