/*
 * check_layout.c - unit tests for core/layout: golden renderings of a
 * fixture lesson (byte for byte; UPDATE_GOLDEN=1 rewrites them), the
 * invariants every layout keeps (no line wider than the width, no trailing
 * blanks, ordered runs) over every real lesson at widths 20..200, and the
 * behaviour of each kind of block.
 */
#include <check.h>
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout.h"
#include "core/util.h"
#include "check_run.h"

static const char *root(void)
{
	const char *r = getenv("LOCKSTEP_ROOT");
	return r && *r ? r : ".";
}

static struct lesson *parse(const char *text)
{
	struct diags d = {0};
	struct lesson *l = lesson_parse("lessons/07-x.md", text, strlen(text), &d);
	diags_release(&d);
	return l;
}

#define FM "---\ntitle: T\nsummary: S\nobjectives:\n  - one\n  - two\n---\n"

static struct layout_opts opts(int width, bool ascii, bool interactive)
{
	struct layout_opts o = {
		.width = width,
		.ascii = ascii,
		.interactive = interactive,
		.focus_anchor = -1,
		.focus_choice = -1,
	};
	return o;
}

/* The whole layout as text, one line per line. */
static char *layout_text(const struct layout *lay)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < lay->n; i++) {
		char *s = layout_line_text(&lay->lines[i]);
		sbuf_adds(&sb, s);
		sbuf_addc(&sb, '\n');
		free(s);
	}
	return sbuf_detach(&sb);
}

/* Index of the first line containing `needle`, or -1. */
static long find_line(const struct layout *lay, const char *needle)
{
	for (size_t i = 0; i < lay->n; i++) {
		char *s = layout_line_text(&lay->lines[i]);
		bool hit = strstr(s, needle) != NULL;
		free(s);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* The run holding `needle` on line i, or NULL. */
static const struct lrun *find_run(const struct layout *lay, size_t i, const char *needle)
{
	for (size_t k = 0; k < lay->lines[i].nruns; k++)
		if (strstr(lay->lines[i].runs[k].text, needle))
			return &lay->lines[i].runs[k];
	return NULL;
}

/* Fail unless cond; plain `if` first, because every passing ck_assert costs
 * Check a write, and the sweeps below make millions of checks. */
#define REQUIRE(cond, ...)                                                      \
	do {                                                                    \
		if (!(cond))                                                    \
			ck_abort_msg(__VA_ARGS__);                              \
	} while (0)

static void check_invariants(const struct layout *lay, int width, long nblocks, const char *what)
{
	for (size_t i = 0; i < lay->n; i++) {
		const struct lline *ln = &lay->lines[i];
		int end = 0;
		for (size_t k = 0; k < ln->nruns; k++) {
			const struct lrun *r = &ln->runs[k];
			REQUIRE(r->col >= end, "%s: line %zu: runs overlap or are out of order", what, i);
			REQUIRE(r->text[0], "%s: line %zu: empty run", what, i);
			REQUIRE(r->width == util_text_width(r->text, strlen(r->text)),
				"%s: line %zu: run width is wrong", what, i);
			for (const char *p = r->text; *p; p++)
				REQUIRE((unsigned char)*p >= 0x20 && *p != 0x7F,
					"%s: line %zu: control character", what, i);
			end = r->col + r->width;
		}
		if (end > width) {
			char *s = layout_line_text(ln);
			ck_abort_msg("%s: line %zu is %d columns wide: '%s'", what, i, end, s);
		}
		if (ln->nruns) {
			const char *t = ln->runs[ln->nruns - 1].text;
			REQUIRE(t[strlen(t) - 1] != ' ', "%s: line %zu ends in a blank", what, i);
		}
		REQUIRE(ln->block >= -1 && ln->block < nblocks, "%s: line %zu: block %d", what, i,
			ln->block);
		if (i > 0 && ln->block >= 0 && lay->lines[i - 1].block >= 0)
			REQUIRE(ln->block >= lay->lines[i - 1].block,
				"%s: line %zu: blocks go backwards", what, i);
	}
	for (size_t i = 0; i < lay->nanchors; i++) {
		const struct lanchor *a = &lay->anchors[i];
		REQUIRE(a->first <= a->last && a->last < lay->n, "%s: anchor %zu out of range", what,
			i);
		REQUIRE(a->block >= 0 && a->block < nblocks, "%s: anchor %zu block", what, i);
		REQUIRE(a->kind != ANCHOR_QUESTION || a->question >= 0, "%s: anchor %zu question",
			what, i);
	}
}

/* ----------------------------------------------------------------- golden */

static int answer_first(void *ctx, int block, int question)
{
	(void)ctx;
	(void)block;
	return question == 0 ? 0 : -1; /* a wrong answer to the first question */
}

static void golden(const char *name, int width, bool ascii, bool interactive)
{
	char *path = xasprintf("%s/tests/fixtures/07-fixture.md", root());
	struct diags d = {0};
	struct lesson *l = lesson_load(path, &d);
	ck_assert_msg(l && d.n == 0, "the fixture does not parse cleanly");
	struct layout_opts o = opts(width, ascii, interactive);
	o.answer = answer_first;
	struct layout *lay = layout_lesson(l, &o);
	check_invariants(lay, width, (long)l->nblocks, name);
	char *got = layout_text(lay);
	char *gpath = xasprintf("%s/tests/golden/%s", root(), name);
	const char *update = getenv("UPDATE_GOLDEN");
	if (update && *update && strcmp(update, "0") != 0) {
		FILE *f = fopen(gpath, "w");
		ck_assert_msg(f != NULL, "cannot write %s", gpath);
		fputs(got, f);
		fclose(f);
	} else {
		size_t len;
		char *err = NULL;
		char *want = util_read_file(gpath, &len, &err);
		ck_assert_msg(want != NULL, "%s (make it with UPDATE_GOLDEN=1)", err ? err : gpath);
		if (strcmp(want, got) != 0) {
			/* name the first line that differs */
			size_t line = 1, i = 0;
			while (want[i] && want[i] == got[i]) {
				line += want[i] == '\n';
				i++;
			}
			ck_abort_msg("%s differs from the layout at line %zu (UPDATE_GOLDEN=1 "
				     "rewrites it; review the diff)",
				     gpath, line);
		}
		free(want);
		free(err);
	}
	free(gpath);
	free(got);
	layout_free(lay);
	lesson_free(l);
	diags_release(&d);
	free(path);
}

START_TEST(golden_ascii_40) { golden("fixture-ascii-40.txt", 40, true, false); }
END_TEST
START_TEST(golden_ascii_80) { golden("fixture-ascii-80.txt", 80, true, false); }
END_TEST
START_TEST(golden_utf8_interactive_100) { golden("fixture-utf8-interactive-100.txt", 100, false, true); }
END_TEST

/* ------------------------------------------------------------- invariants */

static int answer_all(void *ctx, int block, int question)
{
	(void)ctx;
	return (block + question) % 3; /* right, wrong, out of range: all shapes */
}

START_TEST(invariants_real_lessons)
{
	char *pat = xasprintf("%s/lessons/[0-9][0-9]-*.md", root());
	glob_t g;
	int rc = glob(pat, 0, NULL, &g);
	/* no lessons found means a wrong LOCKSTEP_ROOT or a broken tree, not a pass */
	ck_assert_msg(rc == 0 && g.gl_pathc > 0, "no lessons match %s (glob returned %d)", pat, rc);
	free(pat);
	for (size_t f = 0; f < g.gl_pathc; f++) {
		struct diags d = {0};
		struct lesson *l = lesson_load(g.gl_pathv[f], &d);
		REQUIRE(l != NULL, "%s does not load", g.gl_pathv[f]);
		for (int w = 20; w <= 200; w++) {
			for (int mode = 0; mode < 2; mode++) {
				struct layout_opts o = opts(w, mode == 0, mode == 1);
				o.answer = answer_all;
				o.focus_anchor = w % 7;
				o.focus_choice = w % 3;
				struct layout *lay = layout_lesson(l, &o);
				char *what = xasprintf("%s at %d%s", g.gl_pathv[f], w,
						       mode ? " (utf8, interactive)" : " (ascii)");
				check_invariants(lay, w, (long)l->nblocks, what);
				free(what);
				layout_free(lay);
			}
		}
		lesson_free(l);
		diags_release(&d);
	}
	globfree(&g);
}
END_TEST

START_TEST(invariants_odd_input)
{
	/* wide characters, long words, deep nesting, many columns, at tiny widths */
	const char *text =
		FM "# 中文标题很长很长很长很长很长很长很长很长很长很长\n\n"
		   "全角文字全角文字全角文字全角文字全角文字全角文字全角文字全角文字全角文字\n\n"
		   "- > - > - > - > - > - > - > deep **nested** words words words words\n\n"
		   "| a | b | c | d | e | f | g | h | i | j |\n|---|---|---|---|---|---|---|---|---|---|\n"
		   "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |\n\n"
		   "123456789. item with a very large number\n\n"
		   "```c\n\tint\tx; /* 中文中文中文中文中文中文中文中文中文中文中文中文 */\n```\n\n"
		   "[a link with a long target](http://example.org/a/very/long/path/that/does/not/fit)\n";
	struct lesson *l = parse(text);
	for (int w = 1; w <= 60; w++) {
		for (int mode = 0; mode < 2; mode++) {
			struct layout_opts o = opts(w, mode == 0, mode == 1);
			struct layout *lay = layout_lesson(l, &o);
			char *what = xasprintf("odd input at %d", w);
			check_invariants(lay, w < 20 ? 20 : w, (long)l->nblocks, what);
			free(what);
			layout_free(lay);
		}
	}
	lesson_free(l);
}
END_TEST

/* ------------------------------------------------------------- behaviour */

START_TEST(wrap_words)
{
	struct lesson *l = parse(FM "alpha beta gamma delta epsilon zeta eta theta iota kappa\n");
	struct layout_opts o = opts(20, true, false);
	struct layout *lay = layout_lesson(l, &o);
	long first = find_line(lay, "alpha");
	ck_assert_int_ge(first, 0);
	const char *want[] = {"alpha beta gamma", "delta epsilon zeta", "eta theta iota kappa"};
	for (size_t i = 0; i < 3; i++) {
		char *s = layout_line_text(&lay->lines[first + (long)i]);
		ck_assert_str_eq(s, want[i]);
		free(s);
	}
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(wrap_long_word_and_styles)
{
	struct lesson *l = parse(FM "x abcdefghijklmnopqrstuvwxyzabcdefghij **bold** `code` *em*\n");
	struct layout_opts o = opts(20, true, false);
	struct layout *lay = layout_lesson(l, &o);
	long i = find_line(lay, "abcdefghijklmnopqrst");
	ck_assert_int_ge(i, 0);
	char *s = layout_line_text(&lay->lines[i]);
	ck_assert_str_eq(s, "abcdefghijklmnopqrst"); /* broken at exactly 20 */
	free(s);
	i = find_line(lay, "bold");
	const struct lrun *r = find_run(lay, (size_t)i, "bold");
	ck_assert_int_eq(r->role, ROLE_STRONG);
	ck_assert(r->attr & LATTR_BOLD);
	r = find_run(lay, (size_t)i, "code");
	ck_assert_int_eq(r->role, ROLE_CODE);
	r = find_run(lay, (size_t)i, "em");
	ck_assert_int_eq(r->role, ROLE_EMPH);
	ck_assert(r->attr & LATTR_ITALIC);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(title_and_headings)
{
	struct lesson *l = parse(FM "# One\n\n## Two\n\n### Three\n");
	struct layout_opts o = opts(40, true, false);
	struct layout *lay = layout_lesson(l, &o);
	char *s = layout_line_text(&lay->lines[0]);
	ck_assert_str_eq(s, "T");
	free(s);
	ck_assert_int_eq(lay->lines[0].level, 1);
	ck_assert_int_eq(lay->lines[0].block, -1);
	ck_assert_int_eq(lay->lines[0].runs[0].role, ROLE_HEADING);
	long i = find_line(lay, "One");
	s = layout_line_text(&lay->lines[i + 1]);
	ck_assert_str_eq(s, "===");
	free(s);
	i = find_line(lay, "Two");
	s = layout_line_text(&lay->lines[i + 1]);
	ck_assert_str_eq(s, "---");
	free(s);
	ck_assert_int_eq(lay->lines[i].level, 2);
	i = find_line(lay, "Three");
	ck_assert_int_eq(lay->lines[i].level, 3);
	ck_assert_uint_eq((size_t)i + 1, lay->n); /* no underline at level 3 */
	ck_assert_int_ge(find_line(lay, "You will be able to:"), 0);
	ck_assert_int_eq(lay->nanchors, 3);
	for (size_t k = 0; k < 3; k++) {
		ck_assert_int_eq(lay->anchors[k].kind, ANCHOR_HEADING);
		ck_assert_int_eq(lay->anchors[k].block, (int)k);
	}
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(lists_and_quotes)
{
	struct lesson *l = parse(FM "- a\n  - b\n\n8. eight\n9. nine\n10. ten\n\n> quoted\n");
	struct layout_opts o = opts(40, false, false);
	struct layout *lay = layout_lesson(l, &o);
	char *text = layout_text(lay);
	ck_assert_msg(strstr(text, "• a\n  ◦ b\n"), "nested bullets: %s", text);
	ck_assert_msg(strstr(text, " 8. eight\n 9. nine\n10. ten\n"), "numbers align: %s", text);
	ck_assert_msg(strstr(text, "│ quoted\n"), "quote bar: %s", text);
	free(text);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(table_box_and_alignment)
{
	struct lesson *l = parse(FM "| a | b |\n|:--|--:|\n| x | 1 |\n| long cell | 22 |\n");
	struct layout_opts o = opts(60, false, false);
	struct layout *lay = layout_lesson(l, &o);
	char *text = layout_text(lay);
	ck_assert_msg(strstr(text, "┌───────────┬────┐\n"
				   "│ a         │  b │\n"
				   "├───────────┼────┤\n"
				   "│ x         │  1 │\n"
				   "│ long cell │ 22 │\n"
				   "└───────────┴────┘\n"),
		      "table: %s", text);
	long i = find_line(lay, "│ a");
	ck_assert(find_run(lay, (size_t)i, "a")->attr & LATTR_BOLD); /* the header */
	ck_assert_int_eq(find_run(lay, (size_t)i, "│")->role, ROLE_BORDER);
	free(text);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(table_shrinks_then_falls_back)
{
	struct lesson *l = parse(FM "| head | other |\n|---|---|\n"
				    "| one two three four five six seven | eight nine ten eleven |\n");
	struct layout_opts o = opts(30, true, false);
	struct layout *lay = layout_lesson(l, &o);
	check_invariants(lay, 30, (long)l->nblocks, "shrunk table");
	ck_assert_int_ge(find_line(lay, "+--"), 0);
	layout_free(lay);
	lesson_free(l);

	l = parse(FM "| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n"
		     "| 1 | 2 | 3 | 4 | 5 | 6 |\n");
	o = opts(20, true, false);
	lay = layout_lesson(l, &o);
	char *text = layout_text(lay);
	ck_assert_msg(strstr(text, "a: 1\nb: 2\n"), "records when no grid fits: %s", text);
	free(text);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(code_cut_and_highlight)
{
	struct lesson *l = parse(FM "```c\nint x = 42; /* a comment that is long enough to be cut */\n"
				    "#include <stdio.h>\n```\n");
	struct layout_opts o = opts(30, true, false);
	struct layout *lay = layout_lesson(l, &o);
	long i = find_line(lay, "int x");
	char *s = layout_line_text(&lay->lines[i]);
	ck_assert_str_eq(s, "  int x = 42; /* a comment th>"); /* 30 columns */
	free(s);
	const struct lline *ln = &lay->lines[i];
	ck_assert_int_eq(ln->runs[ln->nruns - 1].role, ROLE_MUTED); /* the marker */
	ck_assert_int_eq(find_run(lay, (size_t)i, "int")->role, ROLE_TYPE);
	ck_assert_int_eq(find_run(lay, (size_t)i, "42")->role, ROLE_NUMBER);
	ck_assert_int_eq(find_run(lay, (size_t)i, "/*")->role, ROLE_COMMENT);
	ck_assert_int_eq(find_run(lay, (size_t)i + 1, "#include")->role, ROLE_PREPROC);
	layout_free(lay);
	o = opts(30, false, false);
	lay = layout_lesson(l, &o);
	s = layout_line_text(&lay->lines[i]);
	ck_assert_str_eq(s, "  int x = 42; /* a comment th…");
	free(s);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

static const struct lrun *run_at(const struct layout *lay, size_t line, const char *text)
{
	const struct lrun *r = find_run(lay, line, text);
	ck_assert_msg(r != NULL, "no run '%s' on line %zu", text, line);
	return r;
}

START_TEST(source_highlighting)
{
	const char *c = "/* one\n   two */\nstatic const char *s = \"str\"; // c\n"
			"while (n-- > 0.5e-3) return NULL;\nsize_t k; pthread_mutex_t m;\n";
	struct layout *lay = layout_source(c, "c", 80, true);
	ck_assert_uint_eq(lay->n, 5);
	char *s = layout_line_text(&lay->lines[0]);
	ck_assert_str_eq(s, "  1 | /* one");
	free(s);
	ck_assert_int_eq(run_at(lay, 1, "two */")->role, ROLE_COMMENT);
	ck_assert_int_eq(run_at(lay, 2, "static")->role, ROLE_KEYWORD);
	ck_assert_int_eq(run_at(lay, 2, "char")->role, ROLE_TYPE);
	ck_assert_int_eq(run_at(lay, 2, "\"str\"")->role, ROLE_STRING);
	ck_assert_int_eq(run_at(lay, 2, "// c")->role, ROLE_COMMENT);
	ck_assert_int_eq(run_at(lay, 3, "while")->role, ROLE_KEYWORD);
	ck_assert_int_eq(run_at(lay, 3, "0.5e-3")->role, ROLE_NUMBER);
	ck_assert_int_eq(run_at(lay, 3, "NULL")->role, ROLE_NUMBER);
	ck_assert_int_eq(run_at(lay, 4, "size_t")->role, ROLE_TYPE);
	ck_assert_int_eq(run_at(lay, 4, "pthread_mutex_t")->role, ROLE_TYPE);
	ck_assert_int_eq(run_at(lay, 0, "1")->role, ROLE_MUTED);
	layout_free(lay);

	const char *py = "@decorator\ndef f(x: int) -> str:\n    s = \"\"\"doc\n    more\"\"\" # c\n"
			 "    return rb'x' + f\"{x}\"  # 'not a string'\n";
	lay = layout_source(py, "python", 80, false);
	ck_assert_int_eq(run_at(lay, 0, "@decorator")->role, ROLE_PREPROC);
	ck_assert_int_eq(run_at(lay, 1, "def")->role, ROLE_KEYWORD);
	ck_assert_int_eq(run_at(lay, 1, "int")->role, ROLE_TYPE);
	ck_assert_int_eq(run_at(lay, 2, "\"\"\"doc")->role, ROLE_STRING);
	ck_assert_int_eq(run_at(lay, 3, "more\"\"\"")->role, ROLE_STRING);
	ck_assert_int_eq(run_at(lay, 3, "# c")->role, ROLE_COMMENT);
	ck_assert_int_eq(run_at(lay, 4, "rb'x'")->role, ROLE_STRING);
	ck_assert_int_eq(run_at(lay, 4, "f\"{x}\"")->role, ROLE_STRING);
	ck_assert_int_eq(run_at(lay, 4, "# 'not a string'")->role, ROLE_COMMENT);
	ck_assert_ptr_nonnull(run_at(lay, 0, "│"));
	layout_free(lay);

	/* tabs expand to 8, long lines are cut, numbers widen past 999 */
	struct sbuf sb = {0};
	for (int i = 0; i < 1000; i++)
		sbuf_adds(&sb, "\tx = 1; /* a rather long line, longer than the width */\n");
	lay = layout_source(sb.buf, "c", 40, true);
	ck_assert_uint_eq(lay->n, 1000);
	s = layout_line_text(&lay->lines[999]);
	ck_assert_str_eq(s, "1000 |         x = 1; /* a rather long >");
	free(s);
	check_invariants(lay, 40, 0, "source");
	layout_free(lay);
	sbuf_release(&sb);
}
END_TEST

START_TEST(pair_side_by_side_or_stacked)
{
	struct lesson *l = parse(FM "```python pair\nwith lock:\n    n += 1\n```\n"
				    "```c pair\nlock(&m);\nn++;\nunlock(&m);\n```\n");
	struct layout_opts o = opts(80, false, false);
	struct layout *lay = layout_lesson(l, &o);
	long i = find_line(lay, "Python");
	char *s = layout_line_text(&lay->lines[i]);
	ck_assert_msg(strstr(s, "│ C"), "side by side: '%s'", s);
	free(s);
	s = layout_line_text(&lay->lines[i + 2]);
	ck_assert_str_eq(s, "  with lock:                     │ lock(&m);");
	free(s);
	ck_assert_int_eq(run_at(lay, (size_t)i + 2, "with")->role, ROLE_KEYWORD);
	layout_free(lay);

	o = opts(60, false, false);
	lay = layout_lesson(l, &o);
	i = find_line(lay, "Python");
	s = layout_line_text(&lay->lines[i]);
	ck_assert_str_eq(s, "  Python"); /* stacked: 2 + 30 + 3 + 30 > 60 */
	free(s);
	ck_assert_int_gt(find_line(lay, "  C"), i);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(demo_card)
{
	struct lesson *l = parse(FM "```demo race_counter threads=2 iters=1000\nPredict first.\n```\n");
	struct layout_opts o = opts(80, false, false);
	struct layout *lay = layout_lesson(l, &o);
	long i = find_line(lay, "▶ demo race_counter");
	ck_assert_int_ge(i, 1);
	ck_assert_int_eq(run_at(lay, (size_t)i, "▶ demo")->role, ROLE_DEMO);
	ck_assert_int_ge(find_line(lay, "│ $ lockstep demo race_counter threads=2 iters=1000 │"), 0);
	ck_assert_int_lt(find_line(lay, "press r"), 0);
	ck_assert_int_eq(run_at(lay, (size_t)i + 1, "Predict")->role, ROLE_MUTED);
	ck_assert_uint_eq(lay->nanchors, 1);
	ck_assert_int_eq(lay->anchors[0].kind, ANCHOR_DEMO);
	ck_assert_int_eq(lay->anchors[0].first, (size_t)i - 1);
	ck_assert_int_eq(lay->anchors[0].last, (size_t)i + 3);
	layout_free(lay);

	o = opts(80, true, true);
	o.focus_anchor = 0;
	lay = layout_lesson(l, &o);
	i = find_line(lay, "r runs it, S steps it - lockstep demo race_counter threads=2");
	ck_assert_int_ge(i, 0);
	i = find_line(lay, "> demo race_counter");
	ck_assert(run_at(lay, (size_t)i, "demo")->attr & LATTR_REVERSE);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

struct answers {
	int pick[2];
};

static int answer_from(void *ctx, int block, int question)
{
	(void)block;
	return ((struct answers *)ctx)->pick[question];
}

START_TEST(quiz_interactive)
{
	struct lesson *l = parse(FM "Text.\n\n```quiz\n? Q one?\n- wrong\n+ right\n> Because.\n\n"
				    "? Q two?\n+ yes\n- no\n> Why.\n```\n");
	struct answers a = {{0, -1}};
	struct layout_opts o = opts(60, true, true);
	o.answer = answer_from;
	o.answer_ctx = &a;
	o.focus_anchor = 1;
	o.focus_choice = 1;
	struct layout *lay = layout_lesson(l, &o);
	long w = find_line(lay, "(*) wrong [wrong]");
	long r = find_line(lay, "( ) right [right]");
	ck_assert_int_ge(w, 0);
	ck_assert_int_eq(r, w + 1);
	ck_assert_int_eq(run_at(lay, (size_t)w, "wrong")->role, ROLE_WRONG);
	ck_assert_int_eq(run_at(lay, (size_t)r, "right")->role, ROLE_RIGHT);
	ck_assert_int_eq(find_line(lay, "Because."), r + 1);
	ck_assert_int_lt(find_line(lay, "Why."), 0); /* not answered yet */
	long no = find_line(lay, "( ) no");
	ck_assert(run_at(lay, (size_t)no, "no")->attr & LATTR_REVERSE);
	ck_assert(!(run_at(lay, (size_t)no - 1, "yes")->attr & LATTR_REVERSE));
	ck_assert_int_lt(find_line(lay, "Answers"), 0);
	ck_assert_uint_eq(lay->nanchors, 2);
	ck_assert_int_eq(lay->anchors[1].kind, ANCHOR_QUESTION);
	ck_assert_int_eq(lay->anchors[1].block, 1);
	ck_assert_int_eq(lay->anchors[1].question, 1);
	ck_assert_uint_eq(lay->anchors[1].first, (size_t)find_line(lay, "2. Q two?"));
	ck_assert_uint_eq(lay->anchors[1].last, (size_t)no);
	for (size_t k = lay->anchors[0].first; k <= lay->anchors[1].last; k++)
		ck_assert_int_eq(lay->lines[k].block, 1);
	layout_free(lay);

	o = opts(60, false, true);
	o.answer = answer_from;
	o.answer_ctx = &a;
	lay = layout_lesson(l, &o);
	ck_assert_int_ge(find_line(lay, "(•) wrong ✗"), 0);
	ck_assert_int_ge(find_line(lay, "( ) right ✓"), 0);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(quiz_printed_with_answer_key)
{
	struct lesson *l = parse(FM "```quiz\n? Q `one`?\n- wrong\n+ right\n> Because `x`.\n```\n\n"
				    "```quiz\n? Q two?\n+ yes\n- no\n> Why.\n```\n");
	struct layout_opts o = opts(60, true, false);
	struct layout *lay = layout_lesson(l, &o);
	char *text = layout_text(lay);
	ck_assert_msg(strstr(text, "1. Q one?\n   a) wrong\n   b) right\n"), "%s", text);
	ck_assert_msg(strstr(text, "2. Q two?\n   a) yes\n   b) no\n"), "%s", text);
	ck_assert_msg(strstr(text, "Answers\n-------\n\n1. b - Because x.\n2. a - Why.\n"), "%s",
		      text);
	long i = find_line(lay, "1. Q one?");
	ck_assert_int_eq(run_at(lay, (size_t)i, "one")->role, ROLE_CODE);
	ck_assert_int_eq(lay->lines[find_line(lay, "Answers")].block, -1);
	free(text);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(links_show_their_target)
{
	struct lesson *l = parse(FM "See [the docs](https://x.org/d) or <https://y.org> or [here](#q).\n");
	struct layout_opts o = opts(80, true, false);
	struct layout *lay = layout_lesson(l, &o);
	long i = find_line(lay, "See the docs (https://x.org/d) or https://y.org or here.");
	ck_assert_int_ge(i, 0);
	const struct lrun *r = run_at(lay, (size_t)i, "the docs");
	ck_assert_int_eq(r->role, ROLE_LINK);
	ck_assert(r->attr & LATTR_UNDERLINE);
	ck_assert_int_eq(run_at(lay, (size_t)i, "(https://x.org/d)")->role, ROLE_MUTED);
	layout_free(lay);
	lesson_free(l);
}
END_TEST

START_TEST(line_text_fills_gaps)
{
	struct lrun runs[2] = {{(char *)"ab", 2, 2, ROLE_TEXT, 0}, {(char *)"é", 6, 1, ROLE_TEXT, 0}};
	struct lline ln = {runs, 2, 2, -1, 0};
	char *s = layout_line_text(&ln);
	ck_assert_str_eq(s, "  ab  é");
	free(s);
}
END_TEST

/* The layout built by hand, as the lab's small documents are. */
START_TEST(built_by_hand)
{
	struct layout *lay = layout_new();
	struct lline *ln = layout_add_line(lay);
	ck_assert_int_eq(ln->block, -1);
	layout_put(ln, 2, "key", ROLE_STRONG, 0);
	layout_add_run(ln, "value", ROLE_TEXT, 0);
	layout_add_run(ln, "s", ROLE_TEXT, 0); /* continues the run: joins it */
	layout_put(ln, 20, "far", ROLE_MUTED, 0);
	ck_assert_uint_eq(ln->nruns, 3);
	ck_assert_int_eq(ln->runs[1].col, 5);
	ck_assert_str_eq(ln->runs[1].text, "values");
	ck_assert_int_eq(ln->runs[1].width, 6);
	char *s = layout_line_text(ln);
	ck_assert_str_eq(s, "  keyvalues         far");
	free(s);

	/* wrap: first line at first_col, the rest at cont_col, none past the width */
	size_t first = layout_wrap(lay, "alpha beta  gamma delta epsilon", ROLE_TEXT, LATTR_BOLD, 20,
				   4, 2);
	ck_assert_uint_eq(first, 1);
	ck_assert_uint_eq(lay->n, 3);
	const char *want[] = {"    alpha beta gamma", "  delta epsilon"}; /* blanks collapse */
	for (size_t i = 0; i < 2; i++) {
		s = layout_line_text(&lay->lines[1 + i]);
		ck_assert_str_eq(s, want[i]);
		free(s);
		ck_assert_uint_eq(lay->lines[1 + i].runs[0].attr, LATTR_BOLD);
	}
	/* empty text still takes a line; a word longer than the line is broken;
	 * a width leaving under 10 columns is raised */
	first = layout_wrap(lay, "", ROLE_TEXT, 0, 40, 0, 0);
	ck_assert_uint_eq(lay->n, first + 1);
	ck_assert_uint_eq(lay->lines[first].nruns, 0);
	first = layout_wrap(lay, "abcdefghijklmnopqrstuvwxyz", ROLE_TEXT, 0, 5, 0, 2);
	ck_assert_uint_eq(lay->n - first, 3);
	s = layout_line_text(&lay->lines[first + 1]);
	ck_assert_str_eq(s, "  mnopqrstuv"); /* width raised to 2 + 10 */
	free(s);
	layout_free(lay);
}
END_TEST

/* A Markdown text that is not a lesson, appended as a lesson's body would be. */
START_TEST(markdown_appended)
{
	struct layout *lay = layout_new();
	layout_wrap(lay, "Task:", ROLE_MUTED, 0, 40, 0, 0);
	size_t first = layout_markdown(lay,
				       "Make `counter_add()` **exact**.\n\n"
				       "- lock the mutex\n- unlock it\n\n"
				       "```c\nint n;\n```\n\n"
				       "```quiz\nnot a quiz: no front matter needed\n",
				       40, 2, false);
	ck_assert_uint_eq(first, 1);
	char *text = layout_text(lay);
	ck_assert_str_eq(text, "Task:\n"
			       "  Make counter_add() exact.\n"
			       "\n"
			       "  \u2022 lock the mutex\n"
			       "  \u2022 unlock it\n"
			       "\n"
			       "    int n;\n"
			       "\n"
			       "    not a quiz: no front matter needed\n");
	free(text);
	ck_assert_int_eq(run_at(lay, 1, "counter_add()")->role, ROLE_CODE);
	ck_assert_int_eq(run_at(lay, 1, "exact")->role, ROLE_STRONG);
	ck_assert_int_eq(run_at(lay, 6, "int")->role, ROLE_TYPE);
	ck_assert_uint_eq(lay->nanchors, 0);
	for (size_t i = 0; i < lay->n; i++)
		ck_assert_int_eq(lay->lines[i].block, -1);
	/* never past the width, the indent kept on every line */
	first = layout_markdown(lay, "one two three four five six seven eight nine ten", 24, 4,
				true);
	for (size_t i = first; i < lay->n; i++) {
		ck_assert_int_eq(lay->lines[i].runs[0].col, 4);
		const struct lline *ln = &lay->lines[i];
		ck_assert_int_le(ln->runs[ln->nruns - 1].col + ln->runs[ln->nruns - 1].width, 24);
	}
	ck_assert_uint_gt(lay->n - first, 1);
	layout_free(lay);
}
END_TEST

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("golden");
	tcase_add_test(tc, golden_ascii_40);
	tcase_add_test(tc, golden_ascii_80);
	tcase_add_test(tc, golden_utf8_interactive_100);
	suite_add_tcase(s, tc);

	tc = tcase_create("invariants");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, invariants_real_lessons);
	tcase_add_test(tc, invariants_odd_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("blocks");
	tcase_add_test(tc, wrap_words);
	tcase_add_test(tc, wrap_long_word_and_styles);
	tcase_add_test(tc, title_and_headings);
	tcase_add_test(tc, lists_and_quotes);
	tcase_add_test(tc, table_box_and_alignment);
	tcase_add_test(tc, table_shrinks_then_falls_back);
	tcase_add_test(tc, code_cut_and_highlight);
	tcase_add_test(tc, source_highlighting);
	tcase_add_test(tc, pair_side_by_side_or_stacked);
	tcase_add_test(tc, demo_card);
	tcase_add_test(tc, quiz_interactive);
	tcase_add_test(tc, quiz_printed_with_answer_key);
	tcase_add_test(tc, links_show_their_target);
	tcase_add_test(tc, line_text_fills_gaps);
	tcase_add_test(tc, built_by_hand);
	tcase_add_test(tc, markdown_appended);
	suite_add_tcase(s, tc);

	return check_run(s);
}
