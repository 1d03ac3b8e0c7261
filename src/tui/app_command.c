/*
 * app_command.c - what a line typed at the prompt does: a `:` command
 * (carried out by core/session, shown here), a `/` search, a
 * go-to-lesson; and `e`, the prompt filled with a demo's parameters.
 *
 * Calls app.c, app_views.c, app_status.c and the prompt; nothing calls back.
 */
#include <stdlib.h>
#include <string.h>

#include "core/command.h"
#include "core/util.h"
#include "tui/app.h"

void app_command_params(struct app *a, const char *name)
{
	if (!name) {
		app_message(a, true, "no demo here: focus a card with ] first");
		return;
	}
	const struct reg_demo *d = a->have_reg ? registry_find(&a->reg, name) : NULL;
	if (!d) {
		app_message(a, true, "unknown demo '%s'", util_shown(name));
		return;
	}
	size_t n;
	struct session_focus f = app_focus(a);
	char **cur = session_args(&a->ses, &f, name, &n);
	struct sbuf line = {0}, hint = {0};
	sbuf_addf(&line, "set %s", name);
	for (size_t i = 0; i < d->nparams; i++) {
		const struct reg_param *p = &d->params[i];
		const char *val = NULL;
		size_t kl = strlen(p->name);
		for (size_t j = 0; j < n; j++)
			if (strncmp(cur[j], p->name, kl) == 0 && cur[j][kl] == '=')
				val = cur[j] + kl + 1;
		if (val)
			sbuf_addf(&line, " %s=%s", p->name, val);
		else
			sbuf_addf(&line, " %s=%lld", p->name, p->def);
		sbuf_addf(&hint, "%s%s %lld..%lld", i ? "   " : "", p->name, p->min, p->max);
	}
	command_list_free(cur);
	prompt_open(a, PROMPT_COMMAND, line.buf);
	prompt_hint(a, hint.buf);
	sbuf_release(&line);
	sbuf_release(&hint);
}

void app_command_step(struct app *a, const char *name)
{
	const struct reg_demo *d = name && a->have_reg ? registry_find(&a->reg, name) : NULL;
	if (!d) {
		app_message(a, true, "no demo here: focus a card with ] first, or :step DEMO");
		return;
	}
	char **args = xcalloc(d->nparams + 1, sizeof *args);
	struct sbuf said = {0};
	for (size_t i = 0; i < d->nparams; i++) {
		const struct reg_param *p = &d->params[i];
		/* sizes come down; seeds, pauses and time limits stay as they are */
		size_t nl = strlen(p->name);
		bool size = strcmp(p->name, "seed") != 0 && strcmp(p->name, "slowmo") != 0 &&
			    !(nl > 3 && (strcmp(p->name + nl - 3, "_ms") == 0 ||
					 strcmp(p->name + nl - 3, "_us") == 0));
		long long v = size && p->def > 2 ? 2 : p->def;
		if (v < p->min)
			v = p->min;
		args[i] = xasprintf("%s=%lld", p->name, v);
		sbuf_addf(&said, " %s", args[i]);
	}
	if (app_open(a, VIEW_STEP,
		     &(struct view_arg){.name = name, .args = args, .nargs = d->nparams,
					.index = -1}) == 0 && !a->msg)
		app_message(a, false, "stepping %s with%s (:step %s VARIANT key=value chooses)",
			    name, said.buf ? said.buf : " its defaults", name);
	sbuf_release(&said);
	command_list_free(args);
}

static void run_command(struct app *a, const char *line)
{
	int argc;
	const char **argv;
	if (prompt_split(a, line, &argc, &argv) != 0) {
		app_message(a, true, "unclosed quote in '%s'", util_shown(line));
		return;
	}
	struct session_focus f = app_focus(a);
	struct session_outcome out;
	char *err = NULL;
	if (session_execute(&a->ses, &f, argc, argv, &out, &err) != 0) {
		app_message(a, true, "%s", err);
		free(err);
		return;
	}
	switch (out.kind) {
	case CMD_NONE:
		break;
	case CMD_RUN: /* :run runs once; R runs K times */
		out.run.k = 1;
		app_open(a, VIEW_DEMO, &(struct view_arg){.run = &out.run, .k = 1, .index = -1});
		break;
	case CMD_RUNS:
		app_message(a, false, "K = %d: R runs a demo %d times and shows the spread",
			    out.runs, out.runs);
		break;
	case CMD_SET: {
		struct sbuf sb = {0};
		if (out.demo && out.nargs) {
			sbuf_addf(&sb, "%s:", out.demo);
			for (size_t i = 0; i < out.nargs; i++)
				sbuf_addf(&sb, " %s", out.args[i]);
			sbuf_adds(&sb, " (r runs it)");
		}
		if (out.runs_changed)
			sbuf_addf(&sb, "%sK = %d", sb.len ? "; " : "", out.runs);
		app_message(a, false, "%s", sb.buf ? sb.buf : "");
		sbuf_release(&sb);
		break;
	}
	case CMD_GOTO:
	case CMD_NEXT:
	case CMD_PREV:
		app_open_lesson(a, out.lesson);
		app_open(a, VIEW_READER, NULL);
		break;
	case CMD_SOURCE:
		app_open(a, VIEW_SOURCE, &(struct view_arg){.name = out.demo, .index = -1});
		break;
	case CMD_HELP:
		if (out.topic) {
			const struct command_info *ci = command_lookup(out.topic);
			app_message(a, false, "%s: %s", ci->usage, ci->help);
		} else {
			app_open(a, VIEW_HELP, NULL);
		}
		break;
	case CMD_QUIT:
		a->quit = true;
		break;
	case CMD_EXERCISES:
		app_open(a, VIEW_EXERCISES, NULL);
		break;
	case CMD_STEP:
		app_open(a, VIEW_STEP,
			 &(struct view_arg){.name = out.demo, .args = out.args, .nargs = out.nargs,
					    .variant = out.variant, .index = -1});
		break;
	case CMD_VERIFY:
		app_open(a, VIEW_EXERCISES,
			 &(struct view_arg){.verb = VERB_VERIFY, .name = out.exercise, .index = -1});
		break;
	}
	session_outcome_release(&out);
}

void app_command_done(struct app *a, enum prompt_mode mode, const char *text)
{
	switch (mode) {
	case PROMPT_SEARCH: {
		struct pager *p = app_search_pager(a);
		if (!text || !*text || !p) {
			app_search_clear(a);
			break;
		}
		size_t n = pager_search(p, text);
		if (n == 0) {
			app_search_clear(a);
			app_message(a, true, "no match for '%s'", util_shown(text));
			break;
		}
		free(a->search);
		a->search = xstrdup(text);
		a->searching = true;
		a->search_view = a->view;
		app_message(a, false, "%zu match%s for '%s': n next, N previous, Esc ends the search",
			    n, n == 1 ? "" : "es", util_shown(text));
		break;
	}
	case PROMPT_GOTO: {
		if (!text || !*text)
			break;
		char *t = xstrdup(text);
		for (size_t n = strlen(t); n && t[n - 1] == ' '; n--)
			t[n - 1] = '\0';
		int i = catalog_find(&a->cat, t);
		if (i < 0)
			app_message(a, true, "no lesson '%s' (lessons %d..%d)", util_shown(t),
				    a->cat.v[0].number,
				    a->cat.v[a->cat.n - 1].number);
		else {
			app_open_lesson(a, i);
			app_open(a, VIEW_READER, NULL);
		}
		free(t);
		break;
	}
	case PROMPT_COMMAND:
		if (text)
			run_command(a, text);
		break;
	}
}
