/*
 * bigdigits.c - the lab's own block font (our glyphs, five rows tall) and
 * its scaling: a glyph's cell becomes scale x scale characters, so the
 * shapes stay the same at every size.
 */
#include <string.h>

#include "tui/bigdigits.h"

struct glyph {
	const char *ch;                  /* the UTF-8 character(s) it draws */
	const char *rows[BIGDIGITS_ROWS]; /* all rows the same width */
};

static const struct glyph font[] = {
	{"0", {"###", "# #", "# #", "# #", "###"}},
	{"1", {" # ", "## ", " # ", " # ", "###"}},
	{"2", {"###", "  #", "###", "#  ", "###"}},
	{"3", {"###", "  #", " ##", "  #", "###"}},
	{"4", {"# #", "# #", "###", "  #", "  #"}},
	{"5", {"###", "#  ", "###", "  #", "###"}},
	{"6", {"###", "#  ", "###", "# #", "###"}},
	{"7", {"###", "  #", "  #", " # ", " # "}},
	{"8", {"###", "# #", "###", "# #", "###"}},
	{"9", {"###", "# #", "###", "  #", "###"}},
	{",", {"  ", "  ", "  ", " #", "# "}},
	{".", {" ", " ", " ", " ", "#"}},
	{":", {" ", "#", " ", "#", " "}},
	{"-", {"   ", "   ", "###", "   ", "   "}},
	{"%", {"# #", "  #", " # ", "#  ", "# #"}},
	{"?", {"###", "  #", " ##", "   ", " # "}},
	{" ", {"  ", "  ", "  ", "  ", "  "}},
	{"\xc3\x97", {"   ", "# #", " # ", "# #", "   "}}, /* × */
	{"x", {"   ", "# #", " # ", "# #", "   "}},
	{"A", {" # ", "# #", "###", "# #", "# #"}},
	{"C", {"###", "#  ", "#  ", "#  ", "###"}},
	{"D", {"## ", "# #", "# #", "# #", "## "}},
	{"E", {"###", "#  ", "## ", "#  ", "###"}},
	{"G", {"####", "#   ", "# ##", "#  #", "####"}},
	{"I", {"###", " # ", " # ", " # ", "###"}},
	{"K", {"# #", "# #", "## ", "# #", "# #"}},
	{"L", {"#  ", "#  ", "#  ", "#  ", "###"}},
	{"M", {"#   #", "## ##", "# # #", "#   #", "#   #"}},
	{"N", {"#  #", "## #", "# ##", "#  #", "#  #"}},
	{"O", {"###", "# #", "# #", "# #", "###"}},
	{"P", {"###", "# #", "###", "#  ", "#  "}},
	{"R", {"## ", "# #", "## ", "# #", "# #"}},
	{"S", {"###", "#  ", "###", "  #", "###"}},
	{"T", {"###", " # ", " # ", " # ", " # "}},
	{"U", {"# #", "# #", "# #", "# #", "###"}},
	{"W", {"#   #", "#   #", "# # #", "## ##", "#   #"}},
	{"X", {"# #", "# #", " # ", "# #", "# #"}},
};

/* The glyph at the start of s (*len: the bytes it covers), or NULL. */
static const struct glyph *glyph_at(const char *s, size_t *len)
{
	char up[2] = {s[0] >= 'a' && s[0] <= 'z' && s[0] != 'x' ? (char)(s[0] - 'a' + 'A') : s[0], 0};
	for (size_t i = 0; i < sizeof font / sizeof font[0]; i++) {
		size_t n = strlen(font[i].ch);
		const char *want = n == 1 ? up : s;
		if (strncmp(want, font[i].ch, n) == 0) {
			*len = n;
			return &font[i];
		}
	}
	return NULL;
}

bool bigdigits_can(const char *text) { return bigdigits_width(text, 1) >= 0; }

int bigdigits_width(const char *text, int scale)
{
	if (scale < 1)
		return -1;
	int w = 0;
	for (const char *p = text; *p;) {
		size_t len;
		const struct glyph *g = glyph_at(p, &len);
		if (!g)
			return -1;
		w += (w ? scale : 0) + (int)strlen(g->rows[0]) * scale;
		p += len;
	}
	return w;
}

int bigdigits_row(const char *text, int scale, int row, char *buf, size_t size)
{
	if (scale < 1 || row < 0 || row >= BIGDIGITS_ROWS * scale || size == 0)
		return -1;
	if (bigdigits_width(text, scale) < 0)
		return -1;
	size_t n = 0;
	for (const char *p = text; *p;) {
		size_t len;
		const struct glyph *g = glyph_at(p, &len);
		const char *r = g->rows[row / scale];
		if (p != text)
			for (int k = 0; k < scale && n + 1 < size; k++)
				buf[n++] = ' ';
		for (const char *c = r; *c; c++)
			for (int k = 0; k < scale && n + 1 < size; k++)
				buf[n++] = *c;
		p += len;
	}
	buf[n] = '\0';
	return (int)n;
}
