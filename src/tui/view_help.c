/*
 * view_help.c - '?': every key, generated from the keymap table, and the
 * prompt's commands, generated from core/command's table, so the help can
 * never disagree with what the keys and commands do.
 */
#include <stdlib.h>
#include <string.h>

#include "core/command.h"
#include "core/util.h"
#include "tui/view.h"

static int key_col = 20; /* widest key name + room, set by help_doc */

static const char *section_of(unsigned where)
{
	if (where & K_SEARCHING)
		return "While a search is shown";
	if (where == K_ALL)
		return "Everywhere";
	if ((where & K_DEMO) && (where & K_READER))
		return "Demos (a focused card, or the demo panel)";
	if (where & K_READER)
		return "Reading";
	if (where == K_EXERCISES)
		return "Exercises (x, or :exercises)";
	if (where == K_STEP)
		return "Step view (S on a card, or :step)";
	return "Demo panel, source and help";
}

static const char *const sections[] = {
	"Everywhere", "Reading", "While a search is shown",
	"Demos (a focused card, or the demo panel)", "Demo panel, source and help",
	"Exercises (x, or :exercises)", "Step view (S on a card, or :step)",
};

/* Add "key  help", the help wrapped to the width in the column after the
 * keys. */
static void add_entry(struct layout *d, const char *key, const char *help, int width)
{
	struct layout *text = layout_new();
	/* a key wider than its column (a narrow screen) pushes the first line right */
	int key_end = 2 + util_text_width(key, strlen(key)) + 1;
	layout_wrap(text, help, ROLE_TEXT, 0, width, key_end > key_col ? key_end : key_col,
		    key_col);
	for (size_t i = 0; i < text->n; i++) {
		struct lline *ln = layout_add_line(d);
		if (i == 0)
			layout_put(ln, 2, key, ROLE_STRONG, 0);
		const struct lline *src = &text->lines[i];
		for (size_t r = 0; r < src->nruns; r++)
			layout_put(ln, src->runs[r].col, src->runs[r].text, src->runs[r].role,
				   src->runs[r].attr);
	}
	layout_free(text);
}

static const char *const prompt_keys[][2] = {
	{"Tab", "complete a command, lesson id, demo or parameter; Tab again cycles through the candidates"},
	{"Up Down", "walk the history (kept across sessions)"},
	{"Left Right Home End", "move; Ctrl-A/E/B/F work too"},
	{"Ctrl-U Ctrl-K Ctrl-W", "delete to the start, to the end, the word before"},
	{"Enter Esc", "run the command; leave the prompt"},
};

static struct layout *help_doc(int width)
{
	struct layout *d = doc_new();
	size_t n;
	const struct command_info *t = command_table(&n);
	int widest = 0;
	for (const struct keybind *b = keymap; b->where || b->name; b++)
		if (b->name && (int)strlen(b->name) > widest)
			widest = (int)strlen(b->name);
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(t[i].usage) > widest)
			widest = (int)strlen(t[i].usage);
	key_col = widest + 4 > 28 ? 28 : widest + 4;
	if (key_col > width / 2)
		key_col = width / 2;

	doc_line(d, "Keys", ROLE_HEADING, LATTR_BOLD);
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		doc_line(d, "", ROLE_TEXT, 0);
		doc_line(d, sections[s], ROLE_HEADING, 0);
		for (const struct keybind *b = keymap; b->where || b->name; b++)
			if (b->name && strcmp(section_of(b->where), sections[s]) == 0)
				add_entry(d, b->name, b->help, width);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	doc_line(d, "Commands (type : first)", ROLE_HEADING, 0);
	for (size_t i = 0; i < n; i++)
		add_entry(d, t[i].usage, t[i].help, width);
	doc_line(d, "", ROLE_TEXT, 0);
	doc_line(d, "Editing the prompt", ROLE_HEADING, 0);
	for (size_t i = 0; i < sizeof prompt_keys / sizeof prompt_keys[0]; i++)
		add_entry(d, prompt_keys[i][0], prompt_keys[i][1], width);
	doc_line(d, "", ROLE_TEXT, 0);
	char *marks = xasprintf("Marks in the lesson list: %s done, %s current lesson, ! a lesson "
				"with problems. A lesson is done when its quiz is passed, or with d.",
				term_glyph_ok(), term_glyph_cur());
	doc_wrap(d, marks, ROLE_MUTED, 0, width, 0);
	free(marks);
	return d;
}

static void help_draw(struct app *a)
{
	int x = a->main_x + 1, w = a->main_w - 2;
	if (a->help_width != w || !a->help.lay) {
		int top = a->help.top;
		pager_set(&a->help, help_doc(w), true);
		a->help.top = top;
		a->help_width = w;
		if (app_searching(a, VIEW_HELP))
			pager_search(&a->help, a->search);
	}
	pager_draw(&a->help, 0, x, w, a->main_h);
}

static bool help_key(struct app *a, enum action act, wint_t ch, bool fkey)
{
	(void)ch;
	(void)fkey;
	struct pager *p = &a->help;
	switch (act) {
	case A_BACK:
	case A_HELP:
		app_back(a);
		return true;
	default:
		return pager_key(p, act);
	}
}

static const char *help_hints(const struct app *a)
{
	(void)a;
	return "Esc back";
}

static struct pager *help_pager(struct app *a) { return &a->help; }

static void help_release(struct app *a) { pager_release(&a->help); }

const struct view view_help = {
	.name = "help",
	.id = VIEW_HELP,
	.keys = K_HELP,
	.draw = help_draw,
	.key = help_key,
	.hints = help_hints,
	.pager = help_pager,
	.release = help_release,
};
