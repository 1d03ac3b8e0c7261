/*
 * prompt.c - the line editor on the bottom row, drawn with curses: the ':'
 * command line, '/' search and 'g' go-to. libedit supplies the history
 * (history(3), persisted in <state>/history) and the tokenizer (tok_line,
 * quoting); completion candidates come from core/command. libedit's own
 * line editor is not used here: it would draw straight to the tty, behind
 * curses' back.
 */
#include <histedit.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/command.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/view.h"

#define HISTORY_SIZE 500
#define HISTORY_MAX_BYTES (1024 * 1024) /* 500 commands are a few KiB */
#define CTRL(c) ((c) & 0x1f)

struct prompt_state {
	bool active;
	enum prompt_mode mode;
	char *buf;          /* UTF-8, NUL-terminated */
	size_t len, cap, cur; /* cur: byte offset of the cursor */
	History *hist;
	HistEvent ev;
	char *hist_path;
	bool browsing;      /* walking the history with Up/Down */
	char *saved;        /* the line being typed before browsing */
	Tokenizer *tok;
	char **cands;       /* completion candidates being cycled, or NULL */
	size_t ncands;
	int cand_i;
	size_t word_start;  /* where the completed word starts */
	char *hint;         /* the row above: candidates or parameter ranges */
};

static struct prompt_state *ps(struct app *a)
{
	if (!a->prompt)
		a->prompt = xcalloc(1, sizeof *a->prompt);
	return a->prompt;
}

/* libedit opens the history file itself: use it only when it is a regular
 * file of a sensible size, or (for saving) absent. A FIFO or a device there
 * would block the lab or fill its memory. */
static bool history_file_ok(const char *path, bool loading)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return !loading;
	return S_ISREG(st.st_mode) && st.st_size <= HISTORY_MAX_BYTES;
}

/* libedit writes the history into memory; util_write_file_atomic_with
 * puts it in place, so a lab killed mid-save keeps the old history. */
static int history_fill(FILE *f, void *hist)
{
	HistEvent ev;
	return history(hist, &ev, H_SAVE_FP, f) < 0 ? -1 : 0;
}

void prompt_init(struct app *a)
{
	struct prompt_state *p = ps(a);
	p->hist = history_init();
	if (p->hist) {
		/* H_SETSIZE must come before H_LOAD, or nothing loads */
		history(p->hist, &p->ev, H_SETSIZE, HISTORY_SIZE);
		history(p->hist, &p->ev, H_SETUNIQUE, 1);
		p->hist_path = paths_join(paths_state(), "history");
		/* libedit opens the file itself: load only a regular file of a
		 * sensible size (a FIFO there would block the lab at start) */
		if (history_file_ok(p->hist_path, true))
			history(p->hist, &p->ev, H_LOAD, p->hist_path);
	}
	p->tok = tok_init(NULL);
}

int prompt_split(struct app *a, const char *line, int *argc, const char ***argv)
{
	struct prompt_state *p = ps(a);
	*argc = 0;
	*argv = NULL;
	if (!p->tok)
		return -1;
	tok_reset(p->tok);
	return tok_str(p->tok, line, argc, argv) == 0 ? 0 : -1;
}

static void cands_reset(struct prompt_state *p)
{
	command_list_free(p->cands);
	p->cands = NULL;
	p->ncands = 0;
	p->cand_i = -1;
}

void prompt_release(struct app *a)
{
	struct prompt_state *p = a->prompt;
	if (!p)
		return;
	if (p->hist)
		history_end(p->hist);
	if (p->tok)
		tok_end(p->tok);
	cands_reset(p);
	free(p->hist_path);
	free(p->buf);
	free(p->saved);
	free(p->hint);
	free(p);
	a->prompt = NULL;
}

static void set_text(struct prompt_state *p, const char *s)
{
	p->len = strlen(s);
	p->buf = xgrow(p->buf, &p->cap, p->len + 1, 1);
	memcpy(p->buf, s, p->len + 1);
	p->cur = p->len;
}

void prompt_open(struct app *a, enum prompt_mode mode, const char *init)
{
	struct prompt_state *p = ps(a);
	p->active = true;
	p->mode = mode;
	p->browsing = false;
	free(p->saved);
	p->saved = NULL;
	free(p->hint);
	p->hint = NULL;
	cands_reset(p);
	set_text(p, init ? init : "");
	a->dirty = true;
}

void prompt_hint(struct app *a, const char *hint)
{
	struct prompt_state *p = ps(a);
	free(p->hint);
	p->hint = hint ? xstrdup(hint) : NULL;
}

bool prompt_active(const struct app *a) { return a->prompt && a->prompt->active; }

void prompt_close(struct app *a)
{
	struct prompt_state *p = ps(a);
	p->active = false;
	cands_reset(p);
	free(p->hint);
	p->hint = NULL;
	a->dirty = true;
}

/* Replace bytes [from, to) with s; the cursor goes after s. */
static void replace(struct prompt_state *p, size_t from, size_t to, const char *s)
{
	size_t n = strlen(s);
	p->buf = xgrow(p->buf, &p->cap, p->len - (to - from) + n + 1, 1);
	memmove(p->buf + from + n, p->buf + to, p->len - to + 1);
	memcpy(p->buf + from, s, n);
	p->len = p->len - (to - from) + n;
	p->cur = from + n;
}

static size_t prev_char(const struct prompt_state *p, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_char(const struct prompt_state *p, size_t i)
{
	if (i >= p->len)
		return p->len;
	i++;
	while (i < p->len && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void history_step(struct app *a, int dir)
{
	struct prompt_state *p = a->prompt;
	if (!p->hist || p->mode != PROMPT_COMMAND)
		return;
	int r;
	if (dir < 0) { /* Up: older */
		r = p->browsing ? history(p->hist, &p->ev, H_NEXT)
				: history(p->hist, &p->ev, H_FIRST);
		if (r == -1)
			return;
		if (!p->browsing) {
			p->saved = xstrdup(p->buf);
			p->browsing = true;
		}
	} else { /* Down: newer, then back to what was being typed */
		if (!p->browsing)
			return;
		r = history(p->hist, &p->ev, H_PREV);
		if (r == -1) {
			set_text(p, p->saved ? p->saved : "");
			free(p->saved);
			p->saved = NULL;
			p->browsing = false;
			return;
		}
	}
	char *s = xstrdup(p->ev.str ? p->ev.str : "");
	size_t n = strlen(s);
	if (n && s[n - 1] == '\n')
		s[n - 1] = '\0';
	set_text(p, s);
	free(s);
}

static void show_candidates(struct prompt_state *p)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < p->ncands; i++) {
		if (i)
			sbuf_adds(&sb, "  ");
		sbuf_adds(&sb, p->cands[i]);
	}
	free(p->hint);
	p->hint = sb.buf ? sbuf_detach(&sb) : NULL;
}

/* Tab: complete the word under the cursor; Tab again cycles through the
 * candidates (shown on the row above). */
static void complete(struct app *a)
{
	struct prompt_state *p = a->prompt;
	if (p->mode == PROMPT_SEARCH || !p->tok)
		return;
	if (p->cands && p->ncands > 1) {
		p->cand_i = (p->cand_i + 1) % (int)p->ncands;
		replace(p, p->word_start, p->cur, p->cands[p->cand_i]);
		return;
	}
	cands_reset(p);
	/* go-to completes as if the line were "goto ..." */
	const char *lead = p->mode == PROMPT_GOTO ? "goto " : "";
	size_t ll = strlen(lead);
	char *line = xasprintf("%s%s", lead, p->buf);
	LineInfo li = {line, line + ll + p->cur, line + ll + p->len};
	int argc = 0, cc = 0, co = 0;
	const char **argv = NULL;
	tok_reset(p->tok);
	if (tok_line(p->tok, &li, &argc, &argv, &cc, &co) != 0) {
		free(line);
		app_message(a, true, "cannot complete inside an open quote");
		return;
	}
	char *prefix = cc < argc ? xstrndup(argv[cc], (size_t)co) : xstrdup("");
	struct command_ctx ctx = {&a->cat, a->have_reg ? &a->reg : NULL, app_current_demo(a),
				  a->ex.loaded ? &a->ex.st.set : NULL};
	size_t n;
	char **v = command_complete(&ctx, argc, argv, cc, prefix, &n);
	size_t plen = strlen(prefix);
	p->word_start = p->cur >= plen ? p->cur - plen : 0;
	if (n == 0) {
		app_message(a, false, "no completions");
		command_list_free(v);
	} else if (n == 1) {
		size_t vl = strlen(v[0]);
		char *word = xasprintf("%s%s", v[0], vl && v[0][vl - 1] == '=' ? "" : " ");
		replace(p, p->word_start, p->cur, word);
		free(word);
		command_list_free(v);
	} else {
		char *common = command_common_prefix(v, n);
		if (strlen(common) > plen)
			replace(p, p->word_start, p->cur, common);
		free(common);
		p->cands = v;
		p->ncands = n;
		p->cand_i = -1;
		show_candidates(p);
	}
	free(prefix);
	free(line);
}

/* Enter: keep the line in the history and close; returns the line. */
static char *accept(struct app *a)
{
	struct prompt_state *p = a->prompt;
	char *text = xstrdup(p->buf);
	if (p->mode == PROMPT_COMMAND && p->hist) {
		char *t = text;
		while (*t == ' ')
			t++;
		if (*t) { /* strip the newline (there is none) and enter it */
			history(p->hist, &p->ev, H_ENTER, text);
			char *err = NULL;
			if (p->hist_path && history_file_ok(p->hist_path, false) &&
			    util_write_file_atomic_with(p->hist_path, history_fill, p->hist, 0600,
							&err) != 0)
				free(err); /* the history is a convenience: never an error */
		}
	}
	prompt_close(a);
	return text;
}

enum prompt_event prompt_key(struct app *a, wint_t ch, bool fkey, enum prompt_mode *mode,
			     char **text)
{
	struct prompt_state *p = ps(a);
	*mode = p->mode;
	*text = NULL;
	bool tab = !fkey && ch == '\t';
	if (!tab && p->cands) {
		cands_reset(p);
		free(p->hint);
		p->hint = NULL;
	}
	bool edited = false;
	a->dirty = true;
	if (fkey && ch == KEY_BACKSPACE) {
		fkey = false;
		ch = 127;
	}
	if (fkey) {
		switch (ch) {
		case KEY_ENTER:
			*text = accept(a);
			return PROMPT_DONE;
		case KEY_LEFT:
			p->cur = prev_char(p, p->cur);
			break;
		case KEY_RIGHT:
			p->cur = next_char(p, p->cur);
			break;
		case KEY_HOME:
			p->cur = 0;
			break;
		case KEY_END:
			p->cur = p->len;
			break;
		case KEY_UP:
			history_step(a, -1);
			break;
		case KEY_DOWN:
			history_step(a, +1);
			break;
		case KEY_DC:
			replace(p, p->cur, next_char(p, p->cur), "");
			edited = true;
			break;
		case KEY_RESIZE:
			break;
		default:
			break;
		}
	} else {
		switch (ch) {
		case '\r':
		case '\n':
			*text = accept(a);
			return PROMPT_DONE;
		case 27: /* Esc */
			prompt_close(a);
			return PROMPT_DONE;
		case '\t':
			complete(a);
			edited = p->mode == PROMPT_GOTO;
			break;
		case 127:
		case CTRL('H'):
			if (p->len == 0) { /* backspace on an empty line leaves it */
				prompt_close(a);
				return PROMPT_DONE;
			}
			replace(p, prev_char(p, p->cur), p->cur, "");
			edited = true;
			break;
		case CTRL('A'):
			p->cur = 0;
			break;
		case CTRL('E'):
			p->cur = p->len;
			break;
		case CTRL('B'):
			p->cur = prev_char(p, p->cur);
			break;
		case CTRL('F'):
			p->cur = next_char(p, p->cur);
			break;
		case CTRL('D'):
			replace(p, p->cur, next_char(p, p->cur), "");
			edited = true;
			break;
		case CTRL('K'):
			replace(p, p->cur, p->len, "");
			edited = true;
			break;
		case CTRL('U'):
			replace(p, 0, p->cur, "");
			edited = true;
			break;
		case CTRL('W'): {
			size_t i = p->cur;
			while (i > 0 && p->buf[i - 1] == ' ')
				i--;
			while (i > 0 && p->buf[i - 1] != ' ')
				i--;
			replace(p, i, p->cur, "");
			edited = true;
			break;
		}
		case CTRL('P'):
			history_step(a, -1);
			break;
		case CTRL('N'):
			history_step(a, +1);
			break;
		default:
			if (ch >= 0x20 && ch != 0x7f) {
				char mb[MB_LEN_MAX + 1];
				mbstate_t st;
				memset(&st, 0, sizeof st);
				size_t k = wcrtomb(mb, (wchar_t)ch, &st);
				if (k != (size_t)-1) {
					mb[k] = '\0';
					replace(p, p->cur, p->cur, mb);
					edited = true;
				}
			}
			break;
		}
	}
	if (edited && p->mode == PROMPT_SEARCH) {
		*text = xstrdup(p->buf);
		return PROMPT_LIVE;
	}
	return PROMPT_KEY;
}

static const char *label_of(enum prompt_mode m)
{
	switch (m) {
	case PROMPT_SEARCH:
		return "/";
	case PROMPT_GOTO:
		return "go to lesson: ";
	default:
		return ":";
	}
}

/* Draw the line on row y (and the hint row above); leaves the cursor where
 * the text cursor is. */
void prompt_draw(struct app *a, int y, int w)
{
	struct prompt_state *p = ps(a);
	if (p->hint && y > 0) {
		term_style(ST_STATUS);
		draw_blank(y - 1, 0, w);
		draw_text(y - 1, 1, w - 2, p->hint);
	}
	term_style(ST_NORMAL);
	draw_blank(y, 0, w);
	const char *label = label_of(p->mode);
	int lw = draw_text(y, 0, w, label);
	int room = w - lw - 1;
	if (room < 1)
		return;
	/* scroll sideways so the cursor stays in view */
	size_t start = 0;
	while (start < p->cur && util_text_width(p->buf + start, p->cur - start) > room)
		start = next_char(p, start);
	int tw = draw_text(y, lw, room, p->buf + start);
	/* a live search tells how many matches it has on the right */
	if (p->mode == PROMPT_SEARCH && a->msg) {
		int mw = util_text_width(a->msg, strlen(a->msg));
		if (lw + tw + 2 + mw < w) {
			term_style(a->msg_err ? ST_STATUS_ERR : ST_MUTED);
			draw_text(y, w - mw - 1, mw, a->msg);
			term_style(ST_NORMAL);
		}
	}
	int cx = lw + util_text_width(p->buf + start, p->cur - start);
	move(y, cx < w ? cx : w - 1);
}
