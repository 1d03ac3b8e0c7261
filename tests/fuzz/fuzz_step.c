/*
 * fuzz_step.c - libFuzzer target for what a stepped demo writes: the first
 * line is a challenge goal as a learner types it (core/step_goal), the rest
 * is the demo's stdout, split into lines as the stepper splits it and handed
 * to the stepper's own handle_line() (step, deadlock, step_done, step_error;
 * anything else goes to core/report). Each state read is copied, searched,
 * explained (why a thread cannot move) and tested against the goal. Any
 * bytes must give a state or an error, never a crash, a leak or UB.
 *
 * It includes step.c to reach its static line handler; the Makefile links
 * it without step.c's own object. Seeds: tests/fuzz/corpus-step.
 */
#include "../../src/core/step.c"

#include <stdint.h>

#include "core/step_goal.h"

/* What a state must hold after a line was accepted. */
static void check(const struct step_state *st)
{
	if (st->nthreads < 1 || st->nthreads > STEP_MAX_THREADS)
		abort();
	for (size_t i = 0; i < st->nlocks; i++)
		if (st->locks[i].owner < -1 || st->locks[i].owner >= STEP_MAX_THREADS)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1); /* a NUL-terminated copy (NULs inside stay) */
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = memchr(text, '\n', size);
	size_t glen = nl ? (size_t)(nl - text) : size;
	char *goal_text = xstrndup(text, glen);
	struct step_goal goal;
	char *err = NULL;
	bool have_goal = step_goal_parse(goal_text, &goal, &err) == 0;
	free(err);
	err = NULL;

	struct stepper s;
	memset(&s, 0, sizeof s);
	report_init(&s.res);
	sbuf_add(&s.out, text + glen, size - glen);
	/* split as next_event() does: each complete line, then what is left */
	while ((nl = memchr(s.out.buf ? s.out.buf : "", '\n', s.out.len))) {
		size_t len = (size_t)(nl - s.out.buf);
		*nl = '\0';
		enum ev_kind k = handle_line(&s, s.out.buf, len, &err);
		free(err);
		err = NULL;
		size_t rest = s.out.len - len - 1;
		memmove(s.out.buf, nl + 1, rest);
		s.out.len = rest;
		s.out.buf[rest] = '\0';
		if (k == EV_EOF)
			break; /* the session is over, as in stepper_move */
		if (k == EV_STATE) {
			check(&s.state);
			struct step_state copy;
			step_state_copy(&copy, &s.state);
			for (int id = -1; id <= (int)copy.nthreads; id++)
				free(refusal(&s, id));
			for (size_t i = 0; i < copy.nshared; i++)
				if (step_state_shared(&copy, copy.shared[i].name) == NULL)
					abort();
			for (size_t i = 0; i < copy.nlocks; i++)
				if (step_state_lock(&copy, copy.locks[i].name) == NULL)
					abort();
			if (have_goal)
				step_goal_holds(&goal, &copy);
			step_state_release(&copy);
		}
	}
	report_finish(&s.res, 0, false, false); /* exited 0 */
	step_state_release(&s.state);
	report_release(&s.res);
	sbuf_release(&s.out);
	free(s.refusal);
	free(goal_text);
	free(text);
	return 0;
}
