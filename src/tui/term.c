/*
 * term.c - owns the terminal: curses setup and teardown, colours (or
 * attributes only under NO_COLOR), the signal handlers, and the crash path
 * that restores the terminal before the process dies. No other file calls
 * initscr/endwin or installs a signal handler.
 *
 * Signal handlers never draw: they set a bit and write a byte to a pipe the
 * event loop polls (the self-pipe trick, so a signal between the loop's
 * check and its poll() is never lost).
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "tui/ui.h"

static struct termios saved_tios;
static bool have_tios, active, colors, ascii;
static SCREEN *screen;
static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t sig_bits;

/* What the crash handler writes, captured from terminfo at init because a
 * handler cannot safely ask ncurses. */
static char crash_seq[256];
static size_t crash_len;

static attr_t style_attr[ST_NSTYLES];
static short style_pair[ST_NSTYLES];

/* Colour pairs: one per foreground we use, on the default background. */
enum { P_NONE, P_RED, P_GREEN, P_YELLOW, P_BLUE, P_MAGENTA, P_CYAN, P_MATCH, P_MATCHCUR, P_STERR };

static void wake(void)
{
	int e = errno; /* the handler must not disturb the code it interrupted */
	if (sig_pipe[1] >= 0) {
		ssize_t r = write(sig_pipe[1], "s", 1);
		(void)r;
	}
	errno = e;
}

static volatile sig_atomic_t quit_sig; /* SIGTERM or SIGHUP that ended us */

static void on_quit_signal(int sig)
{
	sig_bits |= sig == SIGINT ? SIG_INT_BIT : SIG_QUIT_BIT;
	if (sig == SIGTERM || sig == SIGHUP)
		quit_sig = sig;
	wake();
}

static void on_winch(int sig)
{
	(void)sig;
	sig_bits |= SIG_WINCH_BIT;
	wake();
}

/* A fatal signal: restore the terminal with async-signal-safe calls only,
 * then die of the same signal (SA_RESETHAND made the action default). */
static void on_crash(int sig)
{
	if (active) {
		ssize_t r = write(STDOUT_FILENO, crash_seq, crash_len);
		(void)r;
		if (have_tios)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
		static const char msg[] = "lockstep: crashed; the terminal was restored\n";
		r = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)r;
	}
	raise(sig);
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags; /* no SA_RESTART: poll() must return EINTR */
	sigaction(sig, &sa, NULL);
}

/* Back to the default actions (after the terminal is restored, or when it
 * could not be set up), so a later Ctrl-C simply ends the process. */
static void signals_default(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH,
				   SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
}

static void crash_add(const char *cap)
{
	char *s = tigetstr(cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	/* padding like $<5> is harmless to most terminals but cut it anyway */
	if (crash_len + n < sizeof crash_seq) {
		memcpy(crash_seq + crash_len, s, n);
		crash_len += n;
	}
}

static void set_style(enum ui_style s, attr_t color_attr, short pair, attr_t plain_attr)
{
	style_attr[s] = colors ? color_attr : plain_attr;
	style_pair[s] = colors ? pair : 0;
}

static void styles_init(void)
{
	set_style(ST_NORMAL, A_NORMAL, P_NONE, A_NORMAL);
	set_style(ST_STATUS, A_REVERSE, P_NONE, A_REVERSE);
	set_style(ST_STATUS_ERR, A_BOLD, P_STERR, A_REVERSE | A_BOLD | A_UNDERLINE);
	set_style(ST_MATCH, A_NORMAL, P_MATCH, A_UNDERLINE);
	set_style(ST_MATCH_CUR, A_BOLD, P_MATCHCUR, A_REVERSE | A_UNDERLINE);
	set_style(ST_CURRENT, A_BOLD | A_REVERSE, P_NONE, A_BOLD | A_REVERSE);
	set_style(ST_DONE, A_BOLD, P_GREEN, A_BOLD);
	set_style(ST_MUTED, A_DIM, P_NONE, A_DIM);
	set_style(ST_TITLE, A_BOLD, P_CYAN, A_BOLD);
	set_style(ST_OK, A_BOLD, P_GREEN, A_BOLD);
	set_style(ST_BAD, A_BOLD, P_RED, A_BOLD | A_UNDERLINE);
	set_style(ST_BAR, A_NORMAL, P_CYAN, A_NORMAL);
	set_style(ST_KEY, A_BOLD, P_YELLOW, A_BOLD);
}

static bool want_color(enum tui_color mode)
{
	if (mode == TUI_COLOR_NEVER)
		return false;
	const char *nc = getenv("NO_COLOR");
	if (mode == TUI_COLOR_AUTO && nc && *nc)
		return false;
	return has_colors();
}

int term_init(enum tui_color mode)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	const char *cs = nl_langinfo(CODESET);
	ascii = !(cs && strcmp(cs, "UTF-8") == 0);
	have_tios = tcgetattr(STDIN_FILENO, &saved_tios) == 0;

	if (sig_pipe[0] < 0 && pipe(sig_pipe) == 0) {
		for (int i = 0; i < 2; i++) {
			fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	/* Ours first: ncurses installs its own (endwin + _exit) only where the
	 * action is still the default, and ours let the loop save and clean up. */
	handle(SIGINT, on_quit_signal, 0);
	handle(SIGTERM, on_quit_signal, 0);
	handle(SIGHUP, on_quit_signal, 0);
	handle(SIGQUIT, on_quit_signal, 0);
	handle(SIGWINCH, on_winch, 0);
	signal(SIGPIPE, SIG_IGN);
	int crash_flags = SA_RESETHAND | SA_NODEFER;
	handle(SIGSEGV, on_crash, crash_flags);
	handle(SIGABRT, on_crash, crash_flags);
	handle(SIGBUS, on_crash, crash_flags);
	handle(SIGFPE, on_crash, crash_flags);
	handle(SIGILL, on_crash, crash_flags);

	set_escdelay(25);
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		signals_default();
		return -1;
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);

	crash_len = 0;
	crash_add("sgr0");
	crash_add("cnorm");
	crash_add("rmkx");
	crash_add("rmcup");

	colors = want_color(mode) && start_color() == OK;
	if (colors) {
		use_default_colors();
		init_pair(P_RED, COLOR_RED, -1);
		init_pair(P_GREEN, COLOR_GREEN, -1);
		init_pair(P_YELLOW, COLOR_YELLOW, -1);
		init_pair(P_BLUE, COLOR_BLUE, -1);
		init_pair(P_MAGENTA, COLOR_MAGENTA, -1);
		init_pair(P_CYAN, COLOR_CYAN, -1);
		init_pair(P_MATCH, COLOR_BLACK, COLOR_YELLOW);
		init_pair(P_MATCHCUR, COLOR_BLACK, COLOR_GREEN);
		init_pair(P_STERR, COLOR_WHITE, COLOR_RED);
	}
	styles_init();
	return 0;
}

void term_end(void)
{
	if (!active)
		return;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	active = false;
	if (have_tios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
	signals_default();
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

void term_suspend(void)
{
	def_prog_mode();
	endwin();
}

void term_resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	/* Ctrl-C typed in the editor reached us too: it was meant for the editor. */
	sig_bits &= ~SIG_INT_BIT;
}

int term_signal_fd(void) { return sig_pipe[0]; }

int term_quit_signal(void) { return quit_sig; }

int term_take_signals(void)
{
	char buf[64];
	while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof buf) > 0)
		;
	int bits = sig_bits;
	sig_bits = 0;
	return bits;
}

void term_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

bool term_ascii(void) { return ascii; }
bool term_color(void) { return colors; }

void term_style(enum ui_style s)
{
	attr_set(style_attr[s], style_pair[s], NULL);
}

void term_role(enum lrole role, unsigned lattr)
{
	attr_t at = A_NORMAL;
	short pair = P_NONE;
	switch (role) {
	case ROLE_TEXT:
	case ROLE_CODEBLOCK:
	case ROLE_CHOICE:
		break;
	case ROLE_HEADING:
		at = A_BOLD;
		pair = P_CYAN;
		break;
	case ROLE_EMPH:
		at = A_ITALIC;
		break;
	case ROLE_STRONG:
		at = A_BOLD;
		break;
	case ROLE_CODE:
		pair = P_YELLOW;
		break;
	case ROLE_LINK:
		at = A_UNDERLINE;
		pair = P_BLUE;
		break;
	case ROLE_MUTED:
	case ROLE_BORDER:
		at = A_DIM;
		break;
	case ROLE_KEYWORD:
		at = A_BOLD;
		pair = P_MAGENTA;
		break;
	case ROLE_TYPE:
		pair = P_CYAN;
		break;
	case ROLE_STRING:
		pair = P_GREEN;
		break;
	case ROLE_COMMENT:
		at = A_DIM;
		pair = P_BLUE;
		break;
	case ROLE_NUMBER:
		pair = P_RED;
		break;
	case ROLE_PREPROC:
		pair = P_YELLOW;
		break;
	case ROLE_DEMO:
		at = A_BOLD;
		pair = P_YELLOW;
		break;
	case ROLE_QUIZ:
		at = A_BOLD;
		break;
	case ROLE_RIGHT:
		at = A_BOLD;
		pair = P_GREEN;
		break;
	case ROLE_WRONG:
		at = A_BOLD;
		pair = P_RED;
		break;
	}
	if (!colors) {
		/* Attributes only: keep what carries meaning without colour. */
		pair = P_NONE;
		if (role == ROLE_WRONG)
			at |= A_UNDERLINE;
		if (role == ROLE_LINK || role == ROLE_HEADING)
			at |= A_UNDERLINE;
	}
	if (lattr & LATTR_BOLD)
		at |= A_BOLD;
	if (lattr & LATTR_ITALIC)
		at |= A_ITALIC;
	if (lattr & LATTR_UNDERLINE)
		at |= A_UNDERLINE;
	if (lattr & LATTR_REVERSE)
		at |= A_REVERSE;
	attr_set(at, pair, NULL);
}

const char *term_glyph_ok(void) { return ascii ? "+" : "\u2713"; }
const char *term_glyph_bad(void) { return ascii ? "x" : "\u2717"; }
const char *term_glyph_cur(void) { return ascii ? ">" : "\u25cf"; }
const char *term_glyph_vbar(void) { return ascii ? "|" : "\u2502"; }
