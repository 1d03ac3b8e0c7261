/*
 * diag.h - diagnostics: user-facing problems found in lessons, demo output or
 * state files, each with the file and line where it was found.
 *
 * Layer: src/core. Collects messages; never prints. The CLI prints them as
 * "lessons/07-x.md:12: message"; the TUI shows them in place of a lesson.
 */
#ifndef CORE_DIAG_H
#define CORE_DIAG_H

#include <stddef.h>

struct diag {
	char *file; /* as the user named it; owned */
	int line;   /* 1-based, 0 when not tied to a line */
	char *msg;  /* owned */
};

struct diags {
	struct diag *v;
	size_t n, cap;
};

void diags_init(struct diags *d);
void diags_release(struct diags *d);
void diags_add(struct diags *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "file:line: msg" (or "file: msg" when line is 0); the caller frees it. */
char *diag_format(const struct diag *g);

#endif
