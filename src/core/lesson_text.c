/*
 * lesson_text.c - the text a lesson model keeps: UTF-8 checked, control
 * characters replaced, HTML entities decoded, and inline spans grown as md4c
 * hands text over in pieces.
 */
#include <string.h>
#include <stdlib.h>

#include "core/lesson_parse.h"

/* ------------------------------------------------------------------ text */

void lesson_utf8_put(struct sbuf *sb, unsigned long cp)
{
	char b[4];
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
		cp = 0xFFFD;
	if (cp < 0x80) {
		sbuf_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 4);
	}
}

/* Length of the valid UTF-8 sequence at s (n bytes left) and its code point,
 * or 0 if the bytes there are not valid UTF-8. */
static size_t utf8_valid(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned char c = s[0];
	size_t len;
	unsigned long v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

void lesson_clean_add(struct sbuf *sb, const char *s, size_t n, bool code)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* copy the longest run of plain printable ASCII at once */
		size_t j = i;
		while (j < n && u[j] >= 0x20 && u[j] < 0x7F)
			j++;
		if (j > i) {
			sbuf_add(sb, s + i, j - i);
			i = j;
			continue;
		}
		unsigned long cp;
		size_t k = utf8_valid(u + i, n - i, &cp);
		if (k == 0) {
			lesson_utf8_put(sb, 0xFFFD);
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\t')
			sbuf_addc(sb, code ? (char)cp : ' ');
		else if (cp == '\r')
			; /* line ends are the parser's business */
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			lesson_utf8_put(sb, 0xFFFD);
		else
			sbuf_add(sb, s + i, k);
		i += k;
	}
}

char *lesson_clean(const char *s, size_t n, bool code)
{
	struct sbuf sb = {0};
	lesson_clean_add(&sb, s, n, code);
	return sbuf_detach(&sb);
}

static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
	{"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"laquo", 0xAB},
	{"raquo", 0xBB}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"lsquo", 0x2018},
	{"rsquo", 0x2019}, {"times", 0xD7}, {"divide", 0xF7}, {"middot", 0xB7},
	{"bull", 0x2022}, {"rarr", 0x2192}, {"larr", 0x2190}, {"harr", 0x2194},
	{"uarr", 0x2191}, {"darr", 0x2193}, {"rArr", 0x21D2}, {"le", 0x2264},
	{"ge", 0x2265}, {"ne", 0x2260}, {"plusmn", 0xB1}, {"deg", 0xB0},
	{"micro", 0xB5}, {"para", 0xB6}, {"sect", 0xA7}, {"euro", 0x20AC},
	{"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"check", 0x2713},
	{"infin", 0x221E}, {"asymp", 0x2248}, {"minus", 0x2212},
};

/* Append the character an entity ("&amp;", "&#65;", "&#x41;") stands for;
 * an unknown name is kept as written. */
void lesson_entity_add(struct sbuf *sb, const char *s, size_t n)
{
	if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';') {
		unsigned long v = 0;
		bool hex = s[2] == 'x' || s[2] == 'X';
		for (size_t i = hex ? 3 : 2; i < n - 1; i++) {
			char c = s[i];
			int d = c >= '0' && c <= '9' ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0 || v > 0x10FFFF) {
				v = 0xFFFD;
				break;
			}
			v = v * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (v < 0x20 || (v >= 0x7F && v < 0xA0))
			v = 0xFFFD;
		lesson_utf8_put(sb, v);
		return;
	}
	if (n >= 3 && s[0] == '&' && s[n - 1] == ';') {
		for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
			if (strlen(entities[i].name) == n - 2 &&
			    memcmp(entities[i].name, s + 1, n - 2) == 0) {
				lesson_utf8_put(sb, entities[i].cp);
				return;
			}
		}
	}
	lesson_clean_add(sb, s, n, false);
}

/* ---------------------------------------------------------------- inlines */

void inlines_add(struct inlines *in, const char *s, size_t n, unsigned style,
		 const char *href, struct grow_cache *gc)
{
	if (n == 0)
		return;
	struct span *last = in->n ? &in->v[in->n - 1] : NULL;
	bool hard = n == 1 && s[0] == '\n';
	if (last && !hard && strcmp(last->text, "\n") != 0 && last->style == style &&
	    ((!last->href && !href) || (last->href && href && strcmp(last->href, href) == 0))) {
		size_t old = gc && gc->span == last && gc->text == last->text ? gc->len
										 : strlen(last->text);
		last->text = xrealloc(last->text, old + n + 1);
		memcpy(last->text + old, s, n);
		last->text[old + n] = '\0';
		if (gc) {
			gc->span = last;
			gc->text = last->text;
			gc->len = old + n;
		}
		return;
	}
	struct span *sp = VEC_PUSH(in->v, in->n, in->cap);
	sp->text = xstrndup(s, n);
	sp->style = style;
	sp->href = href ? xstrdup(href) : NULL;
	if (gc) {
		gc->span = sp;
		gc->text = sp->text;
		gc->len = n;
	}
}

void inlines_release(struct inlines *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].text);
		free(in->v[i].href);
	}
	free(in->v);
	memset(in, 0, sizeof *in);
}

char *inlines_text(const struct inlines *in)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < in->n; i++)
		sbuf_adds(&sb, in->v[i].text);
	return sbuf_detach(&sb);
}

