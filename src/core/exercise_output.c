/*
 * exercise_output.c - reads what the compiler, the harness and
 * ThreadSanitizer printed during a verify and keeps the lines that explain
 * the verdict. See exercise_output.h.
 */
#define _GNU_SOURCE
#include "core/exercise_output.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Copy the whole line at s (without its newline) into a new string. */
static char *line_dup(const char *s)
{
	return xstrndup(s, strcspn(s, "\n"));
}

/* The start of the line after the one at s, or NULL at the last line. */
static const char *next_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? nl + 1 : NULL;
}

/* The buffer's text (the caller frees it), or NULL when it is empty. */
static char *sbuf_or_null(struct sbuf *sb)
{
	if (!sb->len) {
		sbuf_release(sb);
		return NULL;
	}
	return sbuf_detach(sb);
}

/* Lines of `text` that start with `prefix`, each without the prefix. */
void exercise_output_collect(const char *text, const char *prefix, struct sbuf *sb, int max)
{
	size_t plen = strlen(prefix);
	int n = 0;
	for (const char *s = text; s && *s && n < max; s = next_line(s)) {
		if (strncmp(s, prefix, plen) == 0) {
			char *l = line_dup(s + plen);
			sbuf_addf(sb, "%s\n", util_trim(l));
			free(l);
			n++;
		}
	}
}

/* The first line beginning with prefix, without it, or NULL. Caller frees. */
char *exercise_output_first_line(const char *text, const char *prefix)
{
	size_t plen = strlen(prefix);
	for (const char *s = text; s && *s; s = next_line(s)) {
		if (strncmp(s, prefix, plen) == 0) {
			char *l = line_dup(s + plen);
			char *t = xstrdup(util_trim(l));
			free(l);
			return t;
		}
	}
	return NULL;
}

/* Remove every occurrence of `dir` + "/" from s, in place: paths in compiler
 * and sanitizer messages become plain file names. */
void exercise_output_strip_dir(char *s, const char *dir)
{
	char *pat = xasprintf("%s/", dir);
	size_t n = strlen(pat);
	char *p;
	while ((p = strstr(s, pat)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
	free(pat);
}

/* Compiler output: the first error with the few lines after it (the
 * source line and caret), up to `max` lines; NULL if there is no error. */
char *exercise_output_compiler_errors(const char *out, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	int taken = 0;
	bool in_error = false;
	for (const char *s = out; s && *s && taken < max; s = next_line(s)) {
		char *l = line_dup(s);
		bool is_err = strstr(l, "error:") != NULL;
		bool is_msg = strstr(l, ": warning:") || strstr(l, ": note:") ||
			      strstr(l, "In function") || is_err;
		if (is_err)
			in_error = true;
		else if (is_msg && !strstr(l, ": note:"))
			in_error = false;
		if (in_error && !strstr(l, "In function") && !strstr(l, "each undeclared")) {
			sbuf_addf(&sb, "%s\n", l);
			taken++;
		}
		free(l);
	}
	return sbuf_or_null(&sb);
}

/* The linker's complaints, from "undefined reference ..." or "multiple
 * definition ..." on (the object file names before them are noise). */
char *exercise_output_linker_errors(const char *out, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	int n = 0;
	for (const char *s = out; s && *s && n < max; s = next_line(s)) {
		char *l = line_dup(s);
		char *u = strstr(l, "undefined reference to");
		if (!u)
			u = strstr(l, "multiple definition of");
		if (u && !(sb.buf && strstr(sb.buf, u))) {
			sbuf_addf(&sb, "%s\n", u);
			n++;
		}
		free(l);
	}
	return sbuf_or_null(&sb);
}

/* Warnings about the learner's own file ("NN-id.c:L:C: warning: ..."). */
char *exercise_output_compiler_warnings(const char *out, const char *file, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	size_t flen = strlen(file);
	int n = 0;
	for (const char *s = out; s && *s && n < max; s = next_line(s)) {
		if (strncmp(s, file, flen) == 0 && s[flen] == ':') {
			char *l = line_dup(s);
			if (strstr(l, ": warning:")) {
				sbuf_addf(&sb, "%s\n", l);
				n++;
			}
			free(l);
		}
	}
	return sbuf_or_null(&sb);
}

/*
 * ThreadSanitizer's first report, cut down to what matters: its kind, and
 * for each of the first two accesses (or mutex acquisitions) who did it and
 * the first frame outside the sanitizer runtime. Sets *summary and *detail
 * (caller frees); returns false if there is no report.
 */
bool exercise_output_tsan_report(const char *out, char **summary, char **detail)
{
	const char *w = strstr(out, "WARNING: ThreadSanitizer: ");
	if (!w)
		return false;
	char *kind = line_dup(w + strlen("WARNING: ThreadSanitizer: "));
	char *paren = strstr(kind, " (pid=");
	if (paren)
		*paren = '\0';

	struct sbuf sb;
	sbuf_init(&sb);
	char *where = NULL;
	int accesses = 0;
	const char *s = strchr(w, '\n');
	char *who = NULL;
	bool want_frame = false;
	while (s && *++s && accesses < 2) {
		if (strncmp(s, "==================", 18) == 0 || strncmp(s, "SUMMARY:", 8) == 0)
			break;
		char *l = line_dup(s);
		char *t = util_trim(l);
		if (s[0] == ' ' && s[1] == ' ' && s[2] != ' ' && *t && t[0] != '#') {
			/* "Write of size 8 at 0x7b04 by thread T2:" */
			if (strncmp(t, "Thread T", 8) == 0 || strncmp(t, "Location is", 11) == 0) {
				want_frame = false;
			} else {
				free(who);
				who = xstrdup(t);
				size_t n = strlen(who);
				if (n && who[n - 1] == ':')
					who[n - 1] = '\0';
				/* drop " at 0x..." and "(mutexes: ...)" noise */
				char *at = strstr(who, " at 0x");
				if (at) {
					char *by = strstr(at, " by ");
					memmove(at, by ? by : at + strlen(at), strlen(by ? by : "") + 1);
				}
				char *mx = strstr(who, " (mutexes:");
				if (mx)
					*mx = '\0';
				want_frame = true;
			}
		} else if (want_frame && t[0] == '#') {
			/* "#1 transfer /tmp/x/12-lock-order.c:28 (ex+0x24a7)" */
			char func[256] = "", file[512] = "";
			if (sscanf(t, "#%*d %255s %511s", func, file) == 2 &&
			    !strstr(file, "sanitizer") && !strstr(file, "tsan") &&
			    strncmp(func, "__tsan", 6) != 0) {
				const char *base = strrchr(file, '/');
				base = base ? base + 1 : file;
				char *lower = xstrdup(who);
				lower[0] = (char)tolower((unsigned char)lower[0]);
				sbuf_addf(&sb, "%s, in %s() at %s\n", lower, func, base);
				if (!where)
					where = xasprintf("%s() at %s", func, base);
				free(lower);
				want_frame = false;
				accesses++;
			}
		}
		free(l);
		s = strchr(s, '\n');
	}
	free(who);

	const char *why = strstr(kind, "data race")
		? "two threads used the same memory at the same time, at least one writing, "
		  "with nothing ordering them"
		: strstr(kind, "lock-order-inversion")
		? "two threads take the same locks in opposite orders, so they can deadlock"
		: NULL;
	*summary = xasprintf("ThreadSanitizer: %s%s%s%s%s", kind, where ? " in " : "",
			     where ? where : "", why ? ": " : "", why ? why : "");
	*detail = sb.len ? sbuf_detach(&sb) : NULL;
	sbuf_release(&sb);
	free(where);
	free(kind);
	return true;
}

const char *exercise_output_signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV: return "a segmentation fault (a bad pointer)";
	case SIGBUS: return "a bus error (a bad pointer)";
	case SIGABRT: return "abort() (often a double free or corrupted memory)";
	case SIGFPE: return "an arithmetic error (division by zero?)";
	case SIGKILL: return "SIGKILL";
	case SIGXCPU: return "SIGXCPU, its CPU time limit (a loop that never ends?)";
	case SIGXFSZ: return "SIGXFSZ, its file size limit (it wrote a file far too large)";
	default: return strsignal(sig);
	}
}

char *exercise_output_own_lines(const char *out, int max)
{
	struct sbuf own;
	sbuf_init(&own);
	int n = 0;
	for (const char *s = out; s && *s && n < max; s = next_line(s)) {
		if (strncmp(s, "lockstep-", 9) != 0 && *s != '\n') {
			char *l = line_dup(s);
			if (strlen(l) > 200) /* a long line is shown shortened, saying so */
				strcpy(l + 190, " [cut]");
			sbuf_addf(&own, "%s%s\n", n ? "" : "your program printed:\n", l);
			free(l);
			n++;
		}
	}
	return sbuf_or_null(&own);
}
