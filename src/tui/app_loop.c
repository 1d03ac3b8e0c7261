/*
 * app_loop.c - the lab's entry point and event loop: block in poll() on the
 * terminal, the signal pipe and whatever the views run (demo pipes, the
 * verify worker's wake-up pipe), with no timeout when nothing runs (0% CPU
 * when idle); drain get_wch() until ERR; give each key to the prompt, the
 * y/n question, the current view, then the keys every view shares; draw at
 * most 30 times a second.
 *
 * LOCKSTEP_BENCH_EXIT_AFTER_DRAW=1 (for tests/bench.sh) leaves, cleanly,
 * right after the first screen has been drawn (the first doupdate).
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "tui/app.h"

#define FRAME_NS (1000000000LL / 30)

/* A key no view took: the keys every view shares. */
static void shared_key(struct app *a, enum action act)
{
	switch (act) {
	case A_QUIT:
		a->quit = true;
		break;
	case A_HELP:
		app_open(a, VIEW_HELP, NULL);
		break;
	case A_PROMPT:
		prompt_open(a, PROMPT_COMMAND, "");
		break;
	case A_SEARCH:
		app_search_clear(a);
		prompt_open(a, PROMPT_SEARCH, "");
		break;
	case A_GOTO:
		prompt_open(a, PROMPT_GOTO, "");
		break;
	case A_SIDEBAR:
		app_geometry(a);
		a->sidebar_pref = a->sidebar_on ? 0 : 1;
		app_geometry(a);
		if (a->sidebar_pref == 1 && !a->sidebar_on)
			app_message(a, true, "too narrow for the lesson list");
		break;
	case A_REDRAW:
		clearok(curscr, TRUE);
		break;
	case A_RUN:
	case A_RUN_K:
		app_run_demo(a, app_current_demo(a), NULL, 0, act == A_RUN ? 1 : a->ses.runs);
		break;
	case A_PARAMS:
		app_command_params(a, app_current_demo(a));
		break;
	case A_SOURCE:
	case A_EDITOR: {
		const char *d = app_current_demo(a);
		if (!d) {
			app_message(a, true, "no demo here: focus a card with ] first");
			break;
		}
		char *name = xstrdup(d); /* d may live in what the view changes */
		app_open(a, VIEW_SOURCE,
			 &(struct view_arg){.verb = act == A_EDITOR ? VERB_EDIT : VERB_SHOW,
					    .name = name, .index = -1});
		free(name);
		break;
	}
	case A_EXERCISES:
		app_open(a, VIEW_EXERCISES, NULL);
		break;
	case A_PRESENT:
		app_open(a, VIEW_PRESENT, NULL);
		break;
	case A_STEP: {
		const char *d = app_current_demo(a);
		char *name = d ? xstrdup(d) : NULL; /* d may live in what the view changes */
		app_command_step(a, name);
		free(name);
		break;
	}
	default:
		break;
	}
}

static void app_key(struct app *a, wint_t ch, bool fkey)
{
	a->dirty = true;
	if (fkey && ch == KEY_RESIZE)
		return; /* the next draw lays everything out for the new size */
	if (prompt_active(a)) {
		enum prompt_mode mode;
		char *text = NULL;
		enum prompt_event ev = prompt_key(a, ch, fkey, &mode, &text);
		if (ev == PROMPT_LIVE)
			app_search_live(a, text);
		else if (ev == PROMPT_DONE)
			app_command_done(a, mode, text);
		free(text);
		return;
	}
	free(a->msg);
	a->msg = NULL;
	if (app_status_answer(a, ch, fkey))
		return;
	if (a->too_small) {
		if (!fkey && (ch == 'q' || ch == 'Q'))
			a->quit = true;
		return;
	}
	enum action act = keymap_find((int)ch, fkey, app_keys_where(a));
	if (act == A_BACK && app_searching(a, a->view)) {
		app_search_clear(a);
		return;
	}
	if (!app_view_current(a)->key(a, act, ch, fkey))
		shared_key(a, act);
}

static void app_loop(struct app *a)
{
	const char *be = getenv("LOCKSTEP_BENCH_EXIT_AFTER_DRAW");
	bool bench = be && *be && strcmp(be, "0") != 0;
	a->dirty = true;
	while (!a->quit) {
		int sig = term_take_signals();
		if (sig & SIG_WINCH_BIT) {
			term_resize();
			a->dirty = true;
		}
		if (sig & SIG_QUIT_BIT)
			break; /* SIGTERM, SIGHUP, SIGQUIT: leave cleanly */
		if (sig & SIG_INT_BIT) { /* Ctrl-C: the innermost thing going on */
			if (prompt_active(a))
				prompt_close(a);
			else if (!app_views_cancel(a))
				break;
			a->dirty = true;
		}
		int timeout = -1;
		if (a->dirty) {
			long long since = app_now_ns() - a->last_draw_ns;
			if (since >= FRAME_NS) {
				app_draw(a);
				if (bench)
					break;
			} else {
				timeout = (int)((FRAME_NS - since) / 1000000LL) + 1;
			}
		}
		struct pollfd fds[8];
		int n = 0;
		fds[n++] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
		fds[n++] = (struct pollfd){.fd = term_signal_fd(), .events = POLLIN};
		n += app_views_pollfds(a, fds + n, 8 - n, &timeout);
		int r = poll(fds, (nfds_t)n, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break; /* the terminal is gone */
		if (app_views_service(a))
			a->dirty = true;
		/* `lockstep verify` in another terminal may have recorded a pass:
		 * one stat, and a merge only when the file changed. */
		if (progress_refresh(a->prog)) {
			a->reader_width = 0; /* the lesson's exercise line */
			a->ex.panel_stale = true;
			a->dirty = true;
		}
		wint_t ch;
		int k;
		while ((k = get_wch(&ch)) != ERR)
			app_key(a, ch, k == KEY_CODE_YES);
	}
}

static bool present_at_start;

void tui_present(void) { present_at_start = true; }

int tui_run(const char *lesson, enum tui_color color, struct tui_plain *plain)
{
	setlocale(LC_ALL, "");
	static struct app app;
	struct app *a = &app;
	int rc = app_setup(a, lesson, color, plain);
	if (rc == 0) {
		prompt_init(a);
		if (present_at_start)
			app_open(a, VIEW_PRESENT, NULL);
		app_loop(a);
		app_finish(a);
	}
	prompt_release(a);
	app_release(a);
	/* Ended by SIGTERM or SIGHUP: everything is saved and the terminal
	 * restored; now end as that signal asked, so the caller sees 143 (129). */
	int sig = term_quit_signal();
	if (sig) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		signal(sig, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
	}
	return rc;
}
