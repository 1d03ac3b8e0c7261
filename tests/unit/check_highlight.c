/*
 * check_highlight.c - unit tests for core/highlight: which language an info
 * string names, the role of each token of a C or Python line, and the state
 * carried from line to line (block comments, triple-quoted strings).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/highlight.h"
#include "core/util.h"
#include "check_run.h"

/* The tokens of one line as "role:text" joined by '|' (caller frees);
 * roles by initial: k keyword, t type, s string, c comment, n number,
 * p preprocessor, . plain. */
static char *tokens(struct hl *h, const char *line)
{
	size_t n = strlen(line);
	struct tok *t = xmalloc((n + 1) * sizeof *t);
	size_t nt = highlight_line(h, line, n, t);
	struct sbuf sb = {0};
	for (size_t i = 0; i < nt; i++) {
		char r = t[i].role == ROLE_KEYWORD  ? 'k'
			 : t[i].role == ROLE_TYPE    ? 't'
			 : t[i].role == ROLE_STRING  ? 's'
			 : t[i].role == ROLE_COMMENT ? 'c'
			 : t[i].role == ROLE_NUMBER  ? 'n'
			 : t[i].role == ROLE_PREPROC ? 'p'
			 : t[i].role == ROLE_CODEBLOCK ? '.' : '?';
		sbuf_addf(&sb, "%s%c:%.*s", i ? "|" : "", r, (int)t[i].n, line + t[i].b);
	}
	free(t);
	return sbuf_detach(&sb);
}

#define ASSERT_TOKENS(h, line, want)                                               \
	do {                                                                       \
		char *g_ = tokens((h), (line));                                    \
		ck_assert_msg(strcmp(g_, (want)) == 0, "%s\nwant: %s\ngot:  %s", \
			      (line), (want), g_);                                 \
		free(g_);                                                          \
	} while (0)

START_TEST(languages)
{
	ck_assert_int_eq(highlight_lang("c"), HL_C);
	ck_assert_int_eq(highlight_lang("h"), HL_C);
	ck_assert_int_eq(highlight_lang("python"), HL_PYTHON);
	ck_assert_int_eq(highlight_lang("py"), HL_PYTHON);
	ck_assert_int_eq(highlight_lang("python3"), HL_PYTHON);
	ck_assert_int_eq(highlight_lang("sh"), HL_NONE);
	ck_assert_int_eq(highlight_lang(""), HL_NONE);
	ck_assert_int_eq(highlight_lang(NULL), HL_NONE);
	/* no language: the whole line is one plain token */
	struct hl h = {HL_NONE, false, 0};
	ASSERT_TOKENS(&h, "int x = 1; // y", ".:int x = 1; // y");
}
END_TEST

START_TEST(c_tokens)
{
	struct hl h = {HL_C, false, 0};
	ASSERT_TOKENS(&h, "static size_t n = 0x1F;",
		      "k:static|.: |t:size_t|.: n = |n:0x1F|.:;");
	ASSERT_TOKENS(&h, "atomic_int c; return NULL;",
		      "t:atomic_int|.: c; |k:return|.: |n:NULL|.:;");
	ASSERT_TOKENS(&h, "printf(\"a \\\" b\", 'x'); // done",
		      ".:printf(|s:\"a \\\" b\"|.:, |s:'x'|.:); |c:// done");
	ASSERT_TOKENS(&h, "  #include <stdio.h> // io", ".:  |p:#include <stdio.h> |c:// io");
	ASSERT_TOKENS(&h, "double d = 1.5e-3;", "t:double|.: d = |n:1.5e-3|.:;");
}
END_TEST

START_TEST(c_block_comment_spans_lines)
{
	struct hl h = {HL_C, false, 0};
	ASSERT_TOKENS(&h, "x = 1; /* starts", ".:x = |n:1|.:; |c:/* starts");
	ck_assert(h.in_comment);
	ASSERT_TOKENS(&h, "still inside", "c:still inside");
	ASSERT_TOKENS(&h, "ends */ int y;", "c:ends */|.: |t:int|.: y;");
	ck_assert(!h.in_comment);
	/* a # after a comment's end is not a directive */
	h.in_comment = true;
	ASSERT_TOKENS(&h, "*/ #x", "c:*/|.: #x");
}
END_TEST

START_TEST(python_tokens)
{
	struct hl h = {HL_PYTHON, false, 0};
	ASSERT_TOKENS(&h, "def f(x: int) -> None:",
		      "k:def|.: f(x: |t:int|.:) -> |k:None|.::");
	ASSERT_TOKENS(&h, "s = f'{x}' + b\"y\"  # two", ".:s = |s:f'{x}'|.: + |s:b\"y\"|.:  |c:# two");
	ASSERT_TOKENS(&h, "    @functools.cache", ".:    |p:@functools.cache");
	ASSERT_TOKENS(&h, "n = 10_000", ".:n = |n:10_000");
}
END_TEST

START_TEST(python_triple_string_spans_lines)
{
	struct hl h = {HL_PYTHON, false, 0};
	ASSERT_TOKENS(&h, "doc = \"\"\"first", ".:doc = |s:\"\"\"first");
	ck_assert_int_eq(h.tq, '"');
	ASSERT_TOKENS(&h, "no 'end' here", "s:no 'end' here");
	ASSERT_TOKENS(&h, "last\"\"\" if x", "s:last\"\"\"|.: |k:if|.: x");
	ck_assert_int_eq(h.tq, 0);
	ASSERT_TOKENS(&h, "t = '''one line'''", ".:t = |s:'''one line'''");
	ck_assert_int_eq(h.tq, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("highlight");
	TCase *tc = tcase_create("highlight");
	tcase_add_test(tc, languages);
	tcase_add_test(tc, c_tokens);
	tcase_add_test(tc, c_block_comment_spans_lines);
	tcase_add_test(tc, python_tokens);
	tcase_add_test(tc, python_triple_string_spans_lines);
	suite_add_tcase(s, tc);
	return check_run(s);
}
