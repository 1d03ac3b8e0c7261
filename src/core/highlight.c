/*
 * highlight.c - C and Python syntax highlighting, one line at a time, for
 * the layout's code blocks and the source view.
 */
#include "core/highlight.h"

#include <string.h>

static const char *const c_keywords[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern",
	"for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static",
	"struct", "switch", "typedef", "union", "volatile", "while", "_Alignas", "_Alignof",
	"_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "alignof",
	"static_assert", "thread_local", NULL,
};
static const char *const c_types[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "bool",
	"_Bool", "FILE", "DIR", "va_list", NULL,
};
static const char *const c_consts[] = {"NULL", "true", "false", "EOF", NULL};
static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
	"try", "while", "with", "yield", "match", "case", NULL,
};
static const char *const py_types[] = {
	"int", "float", "str", "bytes", "bool", "list", "dict", "set", "tuple", "object",
	"type", "bytearray", "frozenset", "complex", "range", "memoryview", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return true;
	return false;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void tok_add(struct tok *t, size_t *nt, size_t b, size_t n, enum lrole role)
{
	if (n == 0)
		return;
	if (*nt && t[*nt - 1].role == role && t[*nt - 1].b + t[*nt - 1].n == b) {
		t[*nt - 1].n += n;
		return;
	}
	t[*nt].b = b;
	t[*nt].n = n;
	t[*nt].role = role;
	(*nt)++;
}

/* End of a quoted string starting at i (s[i] is the quote), or n. */
static size_t string_end(const char *s, size_t n, size_t i)
{
	char q = s[i];
	size_t j = i + 1;
	while (j < n && s[j] != q)
		j += s[j] == '\\' ? 2 : 1;
	return j < n ? j + 1 : n;
}

static size_t number_end(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && (is_ident(s[j]) || s[j] == '.' ||
			 ((s[j] == '+' || s[j] == '-') && j > i &&
			  (s[j - 1] == 'e' || s[j - 1] == 'E' || s[j - 1] == 'p' || s[j - 1] == 'P') &&
			  !(s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')))))
		j++;
	return j;
}

static enum lrole c_word(const char *s, size_t n)
{
	if (in_list(c_keywords, s, n))
		return ROLE_KEYWORD;
	if (in_list(c_types, s, n) || (n > 2 && s[n - 2] == '_' && s[n - 1] == 't') ||
	    (n > 7 && memcmp(s, "atomic_", 7) == 0))
		return ROLE_TYPE;
	if (in_list(c_consts, s, n))
		return ROLE_NUMBER;
	return ROLE_CODEBLOCK;
}

static size_t hl_c(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0, i = 0;
	if (h->in_comment) {
		const char *e = NULL;
		for (size_t k = 0; k + 1 < n; k++)
			if (s[k] == '*' && s[k + 1] == '/') {
				e = s + k;
				break;
			}
		size_t end = e ? (size_t)(e - s) + 2 : n;
		tok_add(t, &nt, 0, end, ROLE_COMMENT);
		h->in_comment = e == NULL;
		i = end;
	}
	size_t lead = i;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (i == 0 && lead < n && s[lead] == '#') {
		/* a directive: up to a comment */
		size_t j = lead;
		while (j < n && !(s[j] == '/' && j + 1 < n && (s[j + 1] == '/' || s[j + 1] == '*')))
			j++;
		tok_add(t, &nt, 0, lead, ROLE_CODEBLOCK);
		tok_add(t, &nt, lead, j - lead, ROLE_PREPROC);
		i = j;
	}
	while (i < n) {
		char c = s[i];
		if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			tok_add(t, &nt, i, n - i, ROLE_COMMENT);
			break;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			size_t j = i + 2;
			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
				j++;
			bool closed = j + 1 < n;
			size_t end = closed ? j + 2 : n;
			tok_add(t, &nt, i, end - i, ROLE_COMMENT);
			h->in_comment = !closed;
			i = end;
			continue;
		}
		if (c == '"' || c == '\'') {
			size_t e = string_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_STRING);
			i = e;
			continue;
		}
		if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
			size_t e = number_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_NUMBER);
			i = e;
			continue;
		}
		if (is_ident_start(c)) {
			size_t e = i;
			while (e < n && is_ident(s[e]))
				e++;
			tok_add(t, &nt, i, e - i, c_word(s + i, e - i));
			i = e;
			continue;
		}
		tok_add(t, &nt, i, 1, ROLE_CODEBLOCK);
		i++;
	}
	return nt;
}

static size_t triple_end(const char *s, size_t n, size_t from, char q)
{
	for (size_t k = from; k + 2 < n; k++) {
		if (s[k] == '\\') {
			k++;
			continue;
		}
		if (s[k] == q && s[k + 1] == q && s[k + 2] == q)
			return k + 3;
	}
	return 0;
}

static size_t hl_py(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0, i = 0;
	if (h->tq) {
		size_t e = triple_end(s, n, 0, h->tq);
		tok_add(t, &nt, 0, e ? e : n, ROLE_STRING);
		if (!e)
			return nt;
		h->tq = 0;
		i = e;
	}
	size_t lead = i;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (i == 0 && lead < n && s[lead] == '@') {
		size_t e = lead + 1;
		while (e < n && (is_ident(s[e]) || s[e] == '.'))
			e++;
		tok_add(t, &nt, 0, lead, ROLE_CODEBLOCK);
		tok_add(t, &nt, lead, e - lead, ROLE_PREPROC);
		i = e;
	}
	while (i < n) {
		char c = s[i];
		if (c == '#') {
			tok_add(t, &nt, i, n - i, ROLE_COMMENT);
			break;
		}
		size_t q = i; /* where a quote would be, after a string prefix */
		if (is_ident_start(c)) {
			size_t e = i;
			while (e < n && is_ident(s[e]))
				e++;
			bool prefix = e - i <= 2 && e < n && (s[e] == '"' || s[e] == '\'');
			for (size_t k = i; prefix && k < e; k++)
				prefix = strchr("rRbBfFuU", s[k]) != NULL;
			if (!prefix) {
				enum lrole r = in_list(py_keywords, s + i, e - i) ? ROLE_KEYWORD
					       : in_list(py_types, s + i, e - i) ? ROLE_TYPE
										 : ROLE_CODEBLOCK;
				tok_add(t, &nt, i, e - i, r);
				i = e;
				continue;
			}
			q = e;
		}
		if (s[q] == '"' || s[q] == '\'') {
			char qc = s[q];
			if (q + 2 < n && s[q + 1] == qc && s[q + 2] == qc) {
				size_t e = triple_end(s, n, q + 3, qc);
				if (!e) {
					tok_add(t, &nt, i, n - i, ROLE_STRING);
					h->tq = qc;
					break;
				}
				tok_add(t, &nt, i, e - i, ROLE_STRING);
				i = e;
				continue;
			}
			size_t e = string_end(s, n, q);
			tok_add(t, &nt, i, e - i, ROLE_STRING);
			i = e;
			continue;
		}
		if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
			size_t e = number_end(s, n, i);
			tok_add(t, &nt, i, e - i, ROLE_NUMBER);
			i = e;
			continue;
		}
		tok_add(t, &nt, i, 1, ROLE_CODEBLOCK);
		i++;
	}
	return nt;
}

enum hl_lang highlight_lang(const char *lang)
{
	if (!lang)
		return HL_NONE;
	if (!strcmp(lang, "c") || !strcmp(lang, "C") || !strcmp(lang, "h"))
		return HL_C;
	if (!strcmp(lang, "python") || !strcmp(lang, "py") || !strcmp(lang, "python3"))
		return HL_PYTHON;
	return HL_NONE;
}

size_t highlight_line(struct hl *h, const char *s, size_t n, struct tok *t)
{
	size_t nt = 0;
	if (h->lang == HL_C)
		return hl_c(h, s, n, t);
	if (h->lang == HL_PYTHON)
		return hl_py(h, s, n, t);
	tok_add(t, &nt, 0, n, ROLE_CODEBLOCK);
	return nt;
}
