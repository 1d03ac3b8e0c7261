/*
 * highlight.h - splits one line of C or Python into tokens with a role
 * (keyword, type, string, comment, number, preprocessor, plain), carrying
 * block comments and triple-quoted strings from line to line.
 *
 * Layer: src/core. Used by the layout for code blocks and sources.
 */
#ifndef CORE_HIGHLIGHT_H
#define CORE_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/layout.h"

enum hl_lang { HL_NONE, HL_C, HL_PYTHON };

struct hl {
	enum hl_lang lang;
	bool in_comment; /* C: inside a block comment */
	char tq;         /* Python: inside a triple-quoted string of this quote */
};

struct tok {
	size_t b, n;
	enum lrole role;
};

/* The language named by a code block's info string ("c", "h", "python",
 * "py", ...); HL_NONE for anything else. */
enum hl_lang highlight_lang(const char *lang);

/* Tokens of one line of n bytes into t (room for n + 1); returns how many.
 * h carries the state between lines: start with {lang, false, 0}. */
size_t highlight_line(struct hl *h, const char *s, size_t n, struct tok *t);

#endif
