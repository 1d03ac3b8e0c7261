/*
 * lesson_front.c - reads a lesson's front matter (title, summary,
 * objectives, python) by hand, reporting every malformed line.
 */
#include <string.h>
#include <stdlib.h>

#include "core/lesson_parse.h"

/* ----------------------------------------------------------- front matter */

static const char *const fm_keys[] = {"title", "summary", "objectives", "python"};

static bool key_like(const char *s, size_t n, size_t *klen)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
		i++;
	if (i == 0 || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t'))
		return false;
	*klen = i;
	return true;
}

static bool item_like(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t');
}

static bool is_dashes(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

static char *fm_value(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return lesson_clean(s, n, false);
}

/* Read the front matter; returns the first body line (1-based). */
size_t lesson_front_parse(struct parser *ps, struct lesson *l)
{
	const struct lines *li = &ps->li;
	size_t n;
	const char *s = lesson_lines_get(li, 1, &n);
	size_t first, end;      /* key lines are [first, end) */
	size_t body;            /* first body line */
	int close_line = 0;
	size_t klen;
	if (is_dashes(s, n)) {
		first = 2;
	} else {
		diags_add(ps->d, ps->path, 1,
			  "expected '---' on the first line, to open the front matter");
		if (!key_like(s, n, &klen))
			return 1; /* no front matter at all: the file is body */
		first = 1;
	}
	/* The closing line: the first '---' after it, unless Markdown (a
	 * heading or a fence) comes first, which means it was forgotten. */
	end = 0;
	for (size_t k = first; k <= li->n; k++) {
		s = lesson_lines_get(li, k, &n);
		if (is_dashes(s, n)) {
			end = k;
			break;
		}
		if (n && (s[0] == '#' || s[0] == '`' || s[0] == '~'))
			break;
	}
	if (end) {
		close_line = (int)end;
		body = end + 1;
	} else {
		diags_add(ps->d, ps->path, 1,
			  "front matter is not closed: expected a '---' line after its keys");
		end = first;
		while (end <= li->n) {
			s = lesson_lines_get(li, end, &n);
			if (!lesson_blank(s, n) && !key_like(s, n, &klen) && !item_like(s, n))
				break;
			end++;
		}
		body = end;
		close_line = (int)(end > li->n ? li->n : end);
	}

	int seen[4] = {0};
	bool in_list = false;
	size_t ocap = 0;
	for (size_t k = first; k < end && k <= li->n; k++) {
		int line = (int)k;
		s = lesson_lines_get(li, k, &n);
		if (lesson_blank(s, n))
			continue;
		if (item_like(s, n)) {
			const char *dash = memchr(s, '-', n);
			char *v = fm_value(dash + 1, n - (size_t)(dash + 1 - s));
			if (!in_list)
				diags_add(ps->d, ps->path, line,
					  "list item outside 'objectives:' in front matter");
			else if (!v[0])
				diags_add(ps->d, ps->path, line, "empty objective");
			if (in_list && v[0]) {
				*VEC_PUSH(l->objectives, l->nobjectives, ocap) = v;
				v = NULL;
			}
			free(v);
			continue;
		}
		in_list = false;
		if (!key_like(s, n, &klen)) {
			char *shown = lesson_clean(s, util_fit_width(s, n, 40), false);
			diags_add(ps->d, ps->path, line,
				  "expected 'key: value' in front matter, got '%s'", shown);
			free(shown);
			continue;
		}
		int key = -1;
		for (int i = 0; i < 4; i++)
			if (strlen(fm_keys[i]) == klen && memcmp(fm_keys[i], s, klen) == 0)
				key = i;
		if (key < 0) {
			char *shown = lesson_clean(s, klen > 40 ? 40 : klen, false);
			diags_add(ps->d, ps->path, line,
				  "unknown key '%s' in front matter (known: title, summary, "
				  "objectives, python)",
				  shown);
			free(shown);
			continue;
		}
		if (seen[key]) {
			diags_add(ps->d, ps->path, line, "duplicate key '%s' (first on line %d)",
				  fm_keys[key], seen[key]);
			continue;
		}
		seen[key] = line;
		char *v = fm_value(s + klen + 1, n - klen - 1);
		if (key == 2) {
			l->objectives_line = line;
			in_list = true;
			if (v[0])
				diags_add(ps->d, ps->path, line,
					  "'objectives:' takes a list of '  - item' lines, not a value");
			free(v);
			continue;
		}
		if (!v[0]) {
			diags_add(ps->d, ps->path, line, "'%s:' has no value", fm_keys[key]);
			free(v);
			continue;
		}
		char **dst = key == 0 ? &l->title : key == 1 ? &l->summary : &l->python;
		*dst = v;
	}
	if (!seen[0])
		diags_add(ps->d, ps->path, close_line, "expected 'title:' in front matter");
	if (!seen[1])
		diags_add(ps->d, ps->path, close_line, "expected 'summary:' in front matter");
	l->front_end_line = close_line;
	return body;
}

