/*
 * lesson_challenge.c - the ```challenge block of a lesson, read into the
 * document model: an id for progress, then what core/challenge parses (the
 * demo, its parameters, variant=BROKEN fixed=FIXED; goal, title and python
 * lines; the task text):
 *
 *     ```challenge counter-ends-at-2 race_counter threads=2 iters=3 variant=unsafe fixed=mutex
 *     goal: end counter == 2
 *     title: Lose four of six increments
 *     python: counter += 1 in two threads without a Lock
 *
 *     What the learner is asked to do.
 *     ```
 *
 * A problem is a diagnostic on the fence's line. Whether the goal is really
 * reachable in the broken variant and never in the fixed one is lint's to
 * prove (core/lint, through challenge_check).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/challenge.h"
#include "core/lesson_parse.h"

static bool good_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

void lesson_challenge_parse(struct parser *ps, struct block *b, char **w, size_t nw)
{
	struct challenge_block *cb = &b->challenge;
	if (nw < 3 || !good_id(w[1]) || strchr(w[2], '=')) {
		diags_add(ps->d, ps->path, b->line,
			  "challenge block needs an id (a-z, 0-9, '-') and a demo: ```challenge ID "
			  "DEMO key=value... variant=BROKEN fixed=FIXED");
		cb->id = xstrdup(nw >= 2 ? w[1] : "");
		return;
	}
	cb->id = xstrdup(w[1]);
	struct sbuf info = {0};
	for (size_t i = 2; i < nw; i++)
		sbuf_addf(&info, "%s%s", i > 2 ? " " : "", w[i]);
	struct challenge c;
	char *err = NULL;
	if (challenge_parse(info.buf, b->code ? b->code : "", &c, &err) != 0) {
		diags_add(ps->d, ps->path, b->line, "challenge '%s': %s", cb->id, err);
		free(err);
	} else {
		cb->title = xstrdup(c.title);
		cb->demo = xstrdup(c.demo);
		cb->variant = xstrdup(c.variant);
		cb->fixed = xstrdup(c.fixed);
		cb->params = xcalloc(c.nparams + 1, sizeof *cb->params);
		for (size_t i = 0; i < c.nparams; i++)
			cb->params[i] = xstrdup(c.params[i]);
		cb->nparams = c.nparams;
		cb->goal = xstrdup(c.goal.text);
		cb->task = trimmed(c.text ? c.text : "");
		cb->python = xstrdup(c.python ? c.python : "");
		if (!*cb->task)
			diags_add(ps->d, ps->path, b->line,
				  "challenge '%s' has no task: say what to do after the key lines",
				  cb->id);
		if (!*cb->python)
			diags_add(ps->d, ps->path, b->line,
				  "challenge '%s' has no 'python:' line (what the Python version is)",
				  cb->id);
	}
	challenge_release(&c);
	sbuf_release(&info);
}

void lesson_challenge_release(struct challenge_block *c)
{
	free(c->id);
	free(c->title);
	free(c->demo);
	free(c->variant);
	free(c->fixed);
	for (size_t i = 0; i < c->nparams; i++)
		free(c->params[i]);
	free(c->params);
	free(c->goal);
	free(c->task);
	free(c->python);
	memset(c, 0, sizeof *c);
}
