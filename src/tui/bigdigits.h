/*
 * bigdigits.h - a built-in block font for numbers and a few words, big
 * enough to read from the back of a room: each glyph is BIGDIGITS_ROWS rows
 * of '#' and ' ', scaled up by a whole factor when there is room.
 *
 * Layer: src/tui, but pure text: it draws nothing and includes no curses,
 * so its unit test links it alone. The view turns '#' into blocks.
 */
#ifndef TUI_BIGDIGITS_H
#define TUI_BIGDIGITS_H

#include <stdbool.h>
#include <stddef.h>

#define BIGDIGITS_ROWS 5 /* rows of one glyph at scale 1 */

/* True when every character of text has a glyph: the digits, ", . - : % ?
 * x ×" (× is drawn as x), a blank, and the letters A C D E G I K L M N O P
 * R S T U W X in either case. */
bool bigdigits_can(const char *text);

/* Columns text takes at scale (>= 1), one blank column (times scale)
 * between glyphs; -1 when a character has no glyph. */
int bigdigits_width(const char *text, int scale);

/* Row `row` (0 .. BIGDIGITS_ROWS * scale - 1) of text at scale, as '#' and
 * ' ', bigdigits_width() characters and a NUL in buf (size bytes; cut to
 * fit). Returns the characters written, -1 when a character has no glyph
 * or the row is out of range. */
int bigdigits_row(const char *text, int scale, int row, char *buf, size_t size);

#endif
