/*
 * keymap.c - every key of the lab as one data table: what it does, where,
 * and how the help view (?) describes it. Views act on actions, never on
 * raw keys (except quiz choice letters and the line editor).
 */
#include "tui/ui.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

/* Entries with a NULL name share the description of the entry above;
 * entries with action A_NONE only document keys handled elsewhere. */
const struct keybind keymap[] = {
	{'?', false, K_ALL, A_HELP, "?", "show every key (this screen)"},
	{':', false, K_ALL, A_PROMPT, ":", "command prompt: run, runs, set, step, goto, next, prev, source, exercises, verify, help, quit (Tab completes, Up/Down history)"},
	{'q', false, K_READER, A_QUIT, "q", "quit (your place is saved)"},
	{'q', false, K_DEMO | K_SOURCE | K_HELP | K_EXERCISES | K_STEP | K_PRESENT, A_BACK, "q", "close this view"},
	{ESC, false, K_ALL, A_BACK, "Esc", "cancel a running demo or verify; end a search; close a view"},
	{0, false, K_ALL, A_NONE, "Ctrl-C", "cancel a running demo, verify or the prompt; otherwise quit (never while a demo runs)"},
	{'\t', false, K_ALL, A_SIDEBAR, "Tab", "show or hide the lesson list (folded on narrow terminals)"},
	{CTRL('L'), false, K_ALL, A_REDRAW, "Ctrl-L", "redraw the screen"},

	{'j', false, K_ALL, A_DOWN, "j Down", "scroll down a line"},
	{KEY_DOWN, true, K_ALL, A_DOWN, NULL, NULL},
	{'k', false, K_ALL, A_UP, "k Up", "scroll up a line (in a focused question: move between choices)"},
	{KEY_UP, true, K_ALL, A_UP, NULL, NULL},
	{KEY_NPAGE, true, K_ALL, A_PGDN, "PgDn Space Ctrl-F", "scroll down a page"},
	{' ', false, K_ALL, A_PGDN, NULL, NULL},
	{CTRL('F'), false, K_ALL, A_PGDN, NULL, NULL},
	{KEY_PPAGE, true, K_ALL, A_PGUP, "PgUp Ctrl-B", "scroll up a page"},
	{CTRL('B'), false, K_ALL, A_PGUP, NULL, NULL},
	{CTRL('D'), false, K_ALL, A_HALFDN, "Ctrl-D", "scroll down half a page"},
	{CTRL('U'), false, K_ALL, A_HALFUP, "Ctrl-U", "scroll up half a page"},
	{KEY_HOME, true, K_ALL, A_HOME, "Home <", "go to the top"},
	{'<', false, K_ALL, A_HOME, NULL, NULL},
	{KEY_END, true, K_ALL, A_END, "End >", "go to the bottom"},
	{'>', false, K_ALL, A_END, NULL, NULL},

	{'n', false, K_READER, A_LESSON_NEXT, "n", "next lesson"},
	{'p', false, K_READER, A_LESSON_PREV, "p", "previous lesson"},
	{'g', false, K_READER, A_GOTO, "g N Enter", "go to lesson N (a number or an id)"},
	{'/', false, K_READER | K_SOURCE | K_HELP, A_SEARCH, "/", "search in this lesson or view (matches highlighted)"},
	{'n', false, K_SEARCHING, A_MATCH_NEXT, "n", "while a search is shown: next match (Esc ends the search; n is 'next lesson' again)"},
	{'N', false, K_SEARCHING, A_MATCH_PREV, "N", "while a search is shown: previous match"},

	{']', false, K_READER, A_FOCUS_NEXT, "] [ Shift-Tab", "focus the next / previous demo card or quiz question"},
	{'[', false, K_READER, A_FOCUS_PREV, NULL, NULL},
	{KEY_BTAB, true, K_READER, A_FOCUS_PREV, NULL, NULL},
	{'\r', false, K_READER, A_ENTER, "Enter", "answer the focused question with the choice under the cursor; run the focused demo"},
	{'\n', false, K_READER, A_ENTER, NULL, NULL},
	{KEY_ENTER, true, K_READER, A_ENTER, NULL, NULL},
	{0, false, K_READER, A_NONE, "a b c / 1 2 3", "answer the focused question with that choice (letters as far as it has choices: d is then a choice, not 'done')"},
	{'d', false, K_READER, A_DONE, "d", "mark this lesson done (or not done)"},
	{'x', false, K_READER, A_EXERCISES, "x", "open the exercises, on this lesson's first one (the end of a lesson lists its exercises)"},

	{'r', false, K_READER | K_DEMO | K_PRESENT, A_RUN, "r", "run the focused demo (or the last one) once"},
	{'R', false, K_READER | K_DEMO | K_PRESENT, A_RUN_K, "R", "run it K times and show each variant's spread: wrong k/K, min/median/max, a ✓✗ strip and a histogram of the observed values; for a steppable demo at small parameters (:set race_counter iters=2), every interleaving's outcome beside them (K: runs K)"},
	{'p', false, K_DEMO, A_PIN, "p", "demo panel: pin this result; the next run (other parameters) shows beside it, the parameters that differ marked * and reversed; p again unpins"},
	{'e', false, K_READER | K_DEMO, A_PARAMS, "e", "edit the demo's parameters (checked against their ranges)"},
	{'s', false, K_READER | K_DEMO, A_SOURCE, "s", "show the demo's C source"},
	{'E', false, K_READER | K_DEMO | K_SOURCE, A_EDITOR, "E", "open the demo's source in $EDITOR, rebuild it, offer to rerun (on your exercise file: edit it, offer to verify)"},

	{'S', false, K_READER | K_DEMO, A_STEP, "S", "step the focused challenge or demo one statement at a time: you are the scheduler (small parameters; :step DEMO key=value chooses)"},
	{0, false, K_STEP, A_NONE, "A-P 1-9", "step view: run that thread's next statement"},
	{0, false, K_STEP, A_NONE, "u r a + - 0 < >", "step view: undo (a fresh replay), a random step, auto-play, faster, slower, restart, other threads"},

	{'P', false, K_READER | K_DEMO | K_PRESENT, A_PRESENT, "P", "present mode (lockstep --present): the demo's run full screen in big type, for a projector; P again back to the panel"},
	{0, false, K_PRESENT, A_NONE, "Space", "present mode, while a demo runs: pause or resume every process of the demo (SIGSTOP/SIGCONT to its group)"},
	{0, false, K_PRESENT, A_NONE, "+ -", "present mode: slowmo up or down (0..1000 ms inside critical sections); a demo reads it once, so a running demo restarts with it"},

	{0, false, K_EXERCISES, A_NONE, "j k Up Down", "select an exercise (PgDn PgUp Home End scroll the panel below the list)"},
	{'v', false, K_EXERCISES, A_VERIFY, "v Enter", "verify the selected exercise: build it with its harness, stress it, run ThreadSanitizer (Esc cancels)"},
	{'\r', false, K_EXERCISES, A_VERIFY, NULL, NULL},
	{'\n', false, K_EXERCISES, A_VERIFY, NULL, NULL},
	{KEY_ENTER, true, K_EXERCISES, A_VERIFY, NULL, NULL},
	{'h', false, K_EXERCISES, A_HINT, "h", "reveal the next hint, each more direct than the last (remembered in your progress)"},
	{'S', false, K_EXERCISES, A_SOLUTION, "S", "the reference solution: once you pass, or after every hint"},
	{'s', false, K_EXERCISES, A_SOURCE, "s", "show your file for the selected exercise"},
	{'E', false, K_EXERCISES, A_EDITOR, "E", "edit your file in $EDITOR, then offer to verify it"},
	{'t', false, K_EXERCISES, A_TASK, "t", "show the exercise's task again"},
	{'i', false, K_EXERCISES, A_INIT, "i", "create the workspace and copy the exercises into it, like 'lockstep exercises init' (asks first; your files are kept)"},
	{0, false, 0, A_NONE, NULL, NULL},
};

enum action keymap_find(int key, bool fkey, unsigned where)
{
	if (key == 0)
		return A_NONE;
	/* search bindings first, then the view's */
	for (int pass = 0; pass < 2; pass++) {
		unsigned mask = pass == 0 ? (where & K_SEARCHING) : (where & ~(unsigned)K_SEARCHING);
		if (!mask)
			continue;
		for (const struct keybind *b = keymap; b->where || b->name; b++)
			if (b->action != A_NONE && b->key == key && b->fkey == fkey &&
			    (b->where & mask))
				return b->action;
	}
	return A_NONE;
}
