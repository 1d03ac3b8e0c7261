/*
 * check_lesson.c - unit tests for core/lesson: the front matter, the
 * Markdown document model, the typed blocks (demo, quiz, python/c pair) and
 * every message the parser gives, with its line.
 */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson.h"
#include "core/util.h"
#include "check_run.h"

#define PATH "lessons/07-x.md"
#define FM "---\ntitle: T\nsummary: S\nobjectives:\n  - one\n  - two\n---\n"
/* FM is 7 lines: the body starts on line 8 */

static struct diags d;

static struct lesson *parse(const char *text)
{
	diags_release(&d);
	return lesson_parse(PATH, text, strlen(text), &d);
}

/* True if some diagnostic formats exactly as `want`. */
static bool has(const char *want)
{
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);
		bool eq = strcmp(s, want) == 0;
		free(s);
		if (eq)
			return true;
	}
	return false;
}

static char *all_diags(void)
{
	struct sbuf sb = {0};
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);
		sbuf_addf(&sb, "[%s] ", s);
		free(s);
	}
	return sbuf_detach(&sb);
}

#define ASSERT_DIAG(want)                                                        \
	do {                                                                     \
		char *all_ = all_diags();                                        \
		ck_assert_msg(has(want), "missing diag '%s'; got: %s", want, all_); \
		free(all_);                                                      \
	} while (0)

#define ASSERT_NO_DIAGS()                                                        \
	do {                                                                     \
		char *all_ = all_diags();                                        \
		ck_assert_msg(d.n == 0, "unexpected diags: %s", all_);           \
		free(all_);                                                      \
	} while (0)

static void setup(void) { diags_init(&d); }
static void teardown(void) { diags_release(&d); }

/* ------------------------------------------------------------ front matter */

START_TEST(fm_good)
{
	struct lesson *l = parse("---\ntitle: Race conditions\nsummary: Why it breaks.\n"
				 "objectives:\n  - explain a lost update\n  - fix it\n"
				 "python: threading.Lock\n---\n\nBody.\n");
	ASSERT_NO_DIAGS();
	ck_assert_int_eq(l->number, 7);
	ck_assert_str_eq(l->id, "x");
	ck_assert_str_eq(l->path, PATH);
	ck_assert_str_eq(l->title, "Race conditions");
	ck_assert_str_eq(l->summary, "Why it breaks.");
	ck_assert_uint_eq(l->nobjectives, 2);
	ck_assert_str_eq(l->objectives[0], "explain a lost update");
	ck_assert_str_eq(l->objectives[1], "fix it");
	ck_assert_str_eq(l->python, "threading.Lock");
	ck_assert_int_eq(l->objectives_line, 4);
	ck_assert_int_eq(l->front_end_line, 8);
	ck_assert_int_eq(l->body_line, 9);
	ck_assert_uint_eq(l->nblocks, 1);
	ck_assert_int_eq(l->blocks[0]->kind, BLK_PARAGRAPH);
	ck_assert_int_eq(l->blocks[0]->line, 10);
	lesson_free(l);
}
END_TEST

START_TEST(fm_missing_open)
{
	struct lesson *l = parse("title: T\nsummary: S\n---\n# Head\n");
	ASSERT_DIAG(PATH ":1: expected '---' on the first line, to open the front matter");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(l->title, "T"); /* still read the keys */
	ck_assert_uint_eq(l->nblocks, 1);
	ck_assert_int_eq(l->blocks[0]->kind, BLK_HEADING);
	ck_assert_int_eq(l->blocks[0]->line, 4);
	lesson_free(l);
}
END_TEST

START_TEST(fm_none_at_all)
{
	struct lesson *l = parse("# Just Markdown\n\nText.\n");
	ASSERT_DIAG(PATH ":1: expected '---' on the first line, to open the front matter");
	ck_assert_str_eq(l->title, "x"); /* falls back to the id */
	ck_assert_str_eq(l->summary, "");
	ck_assert_uint_eq(l->nblocks, 2);
	lesson_free(l);
}
END_TEST

START_TEST(fm_missing_title)
{
	struct lesson *l = parse("---\nsummary: S\n---\n");
	ASSERT_DIAG(PATH ":3: expected 'title:' in front matter");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(l->title, "x");
	lesson_free(l);
	l = parse("---\ntitle: T\n---\n");
	ASSERT_DIAG(PATH ":3: expected 'summary:' in front matter");
	lesson_free(l);
}
END_TEST

START_TEST(fm_bad_line)
{
	struct lesson *l = parse("---\ntitle: T\nsummary: S\nthis is not a key\n---\nBody\n");
	ASSERT_DIAG(PATH ":4: expected 'key: value' in front matter, got 'this is not a key'");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(l->nblocks, 1);
	lesson_free(l);
}
END_TEST

START_TEST(fm_unknown_and_duplicate)
{
	struct lesson *l = parse("---\ntitle: T\nsummary: S\nauthor: me\ntitle: U\n---\n");
	ASSERT_DIAG(PATH ":4: unknown key 'author' in front matter (known: title, summary, "
			 "objectives, python)");
	ASSERT_DIAG(PATH ":5: duplicate key 'title' (first on line 2)");
	ck_assert_str_eq(l->title, "T");
	lesson_free(l);
}
END_TEST

START_TEST(fm_list_errors)
{
	struct lesson *l = parse("---\ntitle: T\n  - stray\nsummary:\nobjectives: inline\n---\n");
	ASSERT_DIAG(PATH ":3: list item outside 'objectives:' in front matter");
	ASSERT_DIAG(PATH ":4: 'summary:' has no value");
	ASSERT_DIAG(PATH ":5: 'objectives:' takes a list of '  - item' lines, not a value");
	ck_assert_uint_eq(d.n, 3); /* an empty summary is one problem, not two */
	lesson_free(l);
}
END_TEST

START_TEST(fm_not_closed)
{
	struct lesson *l = parse("---\ntitle: T\nsummary: S\n\n# Heading\n\nText.\n");
	ASSERT_DIAG(PATH ":1: front matter is not closed: expected a '---' line after its keys");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(l->title, "T");
	ck_assert_uint_eq(l->nblocks, 2); /* the heading and the paragraph survive */
	ck_assert_int_eq(l->blocks[0]->kind, BLK_HEADING);
	ck_assert_int_eq(l->blocks[0]->line, 5);
	lesson_free(l);
}
END_TEST

START_TEST(fm_crlf_and_bom)
{
	struct lesson *l = parse("\xEF\xBB\xBF---\r\ntitle: T\r\nsummary: S\r\nobjectives:\r\n"
				 "  - a\r\n  - b\r\n---\r\n\r\n# H\r\n");
	ASSERT_NO_DIAGS();
	ck_assert_str_eq(l->title, "T");
	ck_assert_str_eq(l->objectives[1], "b");
	ck_assert_int_eq(l->blocks[0]->line, 9);
	lesson_free(l);
}
END_TEST

/* ---------------------------------------------------------- document model */

START_TEST(model_nested_lists)
{
	struct lesson *l = parse(FM "- a\n- b\n  1. one\n  2. two\n- c\n\n3. x\n\n4. y\n");
	ASSERT_NO_DIAGS();
	ck_assert_uint_eq(l->nblocks, 2);
	struct block *ul = l->blocks[0];
	ck_assert_int_eq(ul->kind, BLK_LIST);
	ck_assert(!ul->ordered);
	ck_assert(ul->tight);
	ck_assert_int_eq(ul->line, 8);
	ck_assert_uint_eq(ul->nchildren, 3);
	struct block *b = ul->children[1];
	ck_assert_int_eq(b->kind, BLK_ITEM);
	ck_assert_uint_eq(b->nchildren, 2);
	ck_assert_int_eq(b->children[0]->kind, BLK_PARAGRAPH);
	ck_assert_str_eq(b->children[0]->text.v[0].text, "b");
	struct block *ol = b->children[1];
	ck_assert_int_eq(ol->kind, BLK_LIST);
	ck_assert(ol->ordered);
	ck_assert_int_eq(ol->start, 1);
	ck_assert_uint_eq(ol->nchildren, 2);
	ck_assert_str_eq(ol->children[1]->children[0]->text.v[0].text, "two");
	ck_assert_int_eq(ol->children[1]->line, 11);
	struct block *loose = l->blocks[1];
	ck_assert(loose->ordered);
	ck_assert(!loose->tight);
	ck_assert_int_eq(loose->start, 3);
	lesson_free(l);
}
END_TEST

START_TEST(model_quote)
{
	struct lesson *l = parse(FM "> one **two**\n>\n> - item\n");
	ck_assert_uint_eq(l->nblocks, 1);
	struct block *q = l->blocks[0];
	ck_assert_int_eq(q->kind, BLK_QUOTE);
	ck_assert_uint_eq(q->nchildren, 2);
	ck_assert_int_eq(q->children[0]->kind, BLK_PARAGRAPH);
	ck_assert_int_eq(q->children[1]->kind, BLK_LIST);
	ck_assert_int_eq(q->line, 8);
	lesson_free(l);
}
END_TEST

START_TEST(model_table)
{
	struct lesson *l = parse(FM "| a | b | c |\n|:--|:-:|--:|\n| 1 | `2` |\n| x | y | z |\n");
	ASSERT_NO_DIAGS();
	struct block *b = l->blocks[0];
	ck_assert_int_eq(b->kind, BLK_TABLE);
	ck_assert_int_eq(b->line, 8);
	const struct table *t = &b->table;
	ck_assert_int_eq(t->ncols, 3);
	ck_assert_int_eq(t->nrows, 3);
	ck_assert_int_eq(t->header_rows, 1);
	ck_assert_int_eq(t->align[0], ALIGN_LEFT);
	ck_assert_int_eq(t->align[1], ALIGN_CENTER);
	ck_assert_int_eq(t->align[2], ALIGN_RIGHT);
	ck_assert_str_eq(t->cells[0].v[0].text, "a");
	ck_assert_str_eq(t->cells[4].v[0].text, "2");
	ck_assert_uint_eq(t->cells[4].v[0].style, SPAN_CODE);
	ck_assert_uint_eq(t->cells[5].n, 0); /* the missing cell is empty */
	ck_assert_str_eq(t->cells[8].v[0].text, "z");
	lesson_free(l);
}
END_TEST

START_TEST(model_code_and_rule)
{
	struct lesson *l = parse(FM "```c\nint x;\n\n  y();\n```\n\n---\n\n~~~\nplain\n~~~\n\n    indented\n");
	ASSERT_NO_DIAGS();
	ck_assert_uint_eq(l->nblocks, 4);
	ck_assert_int_eq(l->blocks[0]->kind, BLK_CODE);
	ck_assert_str_eq(l->blocks[0]->lang, "c");
	ck_assert_str_eq(l->blocks[0]->code, "int x;\n\n  y();");
	ck_assert_int_eq(l->blocks[0]->line, 8);
	ck_assert_int_eq(l->blocks[1]->kind, BLK_RULE);
	ck_assert_str_eq(l->blocks[2]->lang, "");
	ck_assert_str_eq(l->blocks[2]->code, "plain");
	ck_assert_int_eq(l->blocks[2]->line, 16);
	ck_assert_str_eq(l->blocks[3]->code, "indented");
	ck_assert_int_eq(l->blocks[3]->line, 20);
	lesson_free(l);
}
END_TEST

START_TEST(model_inline_styles)
{
	struct lesson *l = parse(FM "# Head *em*\n\nA *e* **s** `c` [l](http://x.org) ~~d~~ "
				    "***both***\\\nnext &amp; &#65; &copy;\n");
	ASSERT_NO_DIAGS();
	struct block *h = l->blocks[0];
	ck_assert_int_eq(h->kind, BLK_HEADING);
	ck_assert_int_eq(h->level, 1);
	ck_assert_str_eq(h->text.v[1].text, "em");
	ck_assert_uint_eq(h->text.v[1].style, SPAN_EMPH);
	const struct inlines *in = &l->blocks[1]->text;
	struct {
		const char *text;
		unsigned style;
	} want[] = {
		{"A ", 0}, {"e", SPAN_EMPH}, {" ", 0}, {"s", SPAN_STRONG}, {" ", 0},
		{"c", SPAN_CODE}, {" ", 0}, {"l", SPAN_LINK}, {" ", 0}, {"d", SPAN_STRIKE},
		{" ", 0}, {"both", SPAN_EMPH | SPAN_STRONG}, {"\n", 0},
		{"next & A \xC2\xA9", 0},
	};
	ck_assert_uint_eq(in->n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < in->n; i++) {
		ck_assert_str_eq(in->v[i].text, want[i].text);
		ck_assert_uint_eq(in->v[i].style, want[i].style);
	}
	ck_assert_str_eq(in->v[7].href, "http://x.org");
	ck_assert_ptr_null(in->v[0].href);
	char *plain = inlines_text(in);
	ck_assert_str_eq(plain, "A e s c l d both\nnext & A \xC2\xA9");
	free(plain);
	lesson_free(l);
}
END_TEST

START_TEST(model_clean_text)
{
	/* invalid UTF-8, a control character and a C1 control all become U+FFFD */
	struct lesson *l = parse(FM "bad \xFF byte \x01 and \xC2\x9B end\n");
	ck_assert_str_eq(l->blocks[0]->text.v[0].text,
			 "bad \xEF\xBF\xBD byte \xEF\xBF\xBD and \xEF\xBF\xBD end");
	lesson_free(l);
	char *s = lesson_clean("a\tb\nc\r", 6, true);
	ck_assert_str_eq(s, "a\tb\nc");
	free(s);
	s = lesson_clean("a\tb\nc", 5, false);
	ck_assert_str_eq(s, "a b c");
	free(s);
}
END_TEST

/* ------------------------------------------------------------------ demo */

START_TEST(demo_block)
{
	struct lesson *l = parse(FM "```demo race_counter threads=2 iters=1000000\n"
				    "Predict first.\n```\n");
	ASSERT_NO_DIAGS();
	struct block *b = l->blocks[0];
	ck_assert_int_eq(b->kind, BLK_DEMO);
	ck_assert_int_eq(b->line, 8);
	ck_assert_str_eq(b->demo.name, "race_counter");
	ck_assert_uint_eq(b->demo.nparams, 2);
	ck_assert_str_eq(b->demo.params[0].key, "threads");
	ck_assert_str_eq(b->demo.params[0].value, "2");
	ck_assert_str_eq(b->demo.params[1].key, "iters");
	ck_assert_str_eq(b->demo.params[1].value, "1000000");
	ck_assert_str_eq(b->demo.caption, "Predict first.");
	ck_assert_ptr_null(b->code);
	lesson_free(l);

	l = parse(FM "```demo gil\n```\n");
	ASSERT_NO_DIAGS();
	ck_assert_str_eq(l->blocks[0]->demo.caption, "");
	ck_assert_uint_eq(l->blocks[0]->demo.nparams, 0);
	lesson_free(l);
}
END_TEST

START_TEST(demo_errors)
{
	struct lesson *l = parse(FM "```demo\n```\n\n```demo x threads\n```\n");
	ASSERT_DIAG(PATH ":8: demo block needs a demo name: ```demo NAME key=value ...");
	ASSERT_DIAG(PATH ":11: demo parameter 'threads' is not key=value");
	lesson_free(l);
	l = parse(FM "- item\n\n  ```demo x\n  ```\n");
	ASSERT_DIAG(PATH ":10: a demo block must be at the top level of the lesson, not inside "
			 "a list or quote");
	lesson_free(l);
}
END_TEST

START_TEST(challenge_block)
{
	struct lesson *l = parse(FM "```challenge ends-at-2 race_counter threads=2 iters=3 "
				    "variant=unsafe fixed=mutex\n"
				    "goal: end counter == 2\ntitle: Lose four\n"
				    "python: counter += 1, no Lock\n\nMake it end\nat 2.\n```\n");
	ASSERT_NO_DIAGS();
	const struct block *b = l->blocks[0];
	ck_assert_int_eq(b->kind, BLK_CHALLENGE);
	const struct challenge_block *c = &b->challenge;
	ck_assert_str_eq(c->id, "ends-at-2");
	ck_assert_str_eq(c->demo, "race_counter");
	ck_assert_str_eq(c->variant, "unsafe");
	ck_assert_str_eq(c->fixed, "mutex");
	ck_assert_uint_eq(c->nparams, 2);
	ck_assert_str_eq(c->params[1], "iters=3");
	ck_assert_str_eq(c->goal, "end counter == 2");
	ck_assert_str_eq(c->title, "Lose four");
	ck_assert_str_eq(c->python, "counter += 1, no Lock");
	ck_assert_str_eq(c->task, "Make it end\nat 2.");
	lesson_free(l);

	/* no id; a bad goal; no task and no python */
	l = parse(FM "```challenge race_counter variant=unsafe fixed=mutex\ngoal: end x == 1\n"
		     "title: T\n```\n\n"
		     "```challenge g race_counter variant=unsafe fixed=mutex\ngoal: sometime\n"
		     "title: T\n```\n\n"
		     "```challenge h race_counter variant=unsafe fixed=mutex\ngoal: deadlock\n"
		     "title: T\n```\n");
	ASSERT_DIAG(PATH ":8: challenge block needs an id (a-z, 0-9, '-') and a demo: "
			 "```challenge ID DEMO key=value... variant=BROKEN fixed=FIXED");
	ck_assert_ptr_null(l->blocks[0]->challenge.demo);
	char *all = all_diags();
	ck_assert_msg(strstr(all, PATH ":13: challenge 'g': challenge line 1: "), "%s", all);
	ck_assert_msg(strstr(all, PATH ":18: challenge 'h' has no task"), "%s", all);
	ck_assert_msg(strstr(all, PATH ":18: challenge 'h' has no 'python:' line"), "%s", all);
	free(all);
	lesson_free(l);
}
END_TEST

/* ------------------------------------------------------------------ quiz */

START_TEST(quiz_block)
{
	struct lesson *l = parse(FM "```quiz\n"
				    "? Two threads each run `counter++`. What can the\n"
				    "? final count be?\n"
				    "- exactly 2000\n"
				    "+ anything from 2 to 2000\n"
				    "> Each lost update\n"
				    "> removes one.\n"
				    "\n"
				    "? Fastest?\n"
				    "+ local\n"
				    "- mutex\n"
				    "> No sharing.\n"
				    "```\n");
	ASSERT_NO_DIAGS();
	struct block *b = l->blocks[0];
	ck_assert_int_eq(b->kind, BLK_QUIZ);
	ck_assert_int_eq(b->line, 8);
	ck_assert_uint_eq(b->quiz.n, 2);
	struct quiz_question *q = &b->quiz.q[0];
	ck_assert_str_eq(q->text, "Two threads each run `counter++`. What can the final count be?");
	ck_assert_uint_eq(q->nchoices, 2);
	ck_assert_str_eq(q->choices[0], "exactly 2000");
	ck_assert_int_eq(q->answer, 1);
	ck_assert_str_eq(q->explanation, "Each lost update removes one.");
	ck_assert_int_eq(q->line, 9);
	q = &b->quiz.q[1];
	ck_assert_int_eq(q->line, 16);
	ck_assert_int_eq(q->answer, 0);
	ck_assert_uint_eq(lesson_question_count(l), 2);
	ck_assert_int_eq(lesson_question_index(l, 0, 1), 1);
	ck_assert_int_eq(lesson_question_index(l, 0, 2), -1);
	ck_assert_int_eq(lesson_question_index(l, 5, 0), -1);
	lesson_free(l);
}
END_TEST

START_TEST(quiz_errors)
{
	struct lesson *l = parse(FM "```quiz\n"   /* 8 */
				    "+ early\n"     /* 9 */
				    "> early too\n" /* 10 */
				    "? no right\n"  /* 11 */
				    "- a\n"
				    "> because\n"
				    "\n"
				    "? two right\n" /* 15 */
				    "+ a\n"
				    "+ b\n"         /* 17 */
				    "> because\n"
				    "\n"
				    "? no explanation\n" /* 20 */
				    "+ a\n"
				    "- b\n"
				    "what is this\n" /* 23 */
				    "```\n");
	ASSERT_DIAG(PATH ":9: choice before any question ('? ' line)");
	ASSERT_DIAG(PATH ":10: explanation before any question ('? ' line)");
	ASSERT_DIAG(PATH ":11: question has no right answer (a '+ ' line)");
	ASSERT_DIAG(PATH ":17: question has two right answers (exactly one '+ ' line per question)");
	ASSERT_DIAG(PATH ":20: question has no explanation (a '> ' line)");
	ASSERT_DIAG(PATH ":23: unknown line in quiz: 'what is this' (lines start with '? ', '+ ', "
			 "'- ' or '> ')");
	ck_assert_uint_eq(d.n, 6);
	ck_assert_int_eq(l->blocks[0]->quiz.q[1].answer, 0); /* the first '+' counts */
	lesson_free(l);

	l = parse(FM "```quiz\n```\n");
	ASSERT_DIAG(PATH ":8: quiz block has no questions");
	lesson_free(l);
	l = parse(FM "```quiz\n? q\n> e\n```\n");
	ASSERT_DIAG(PATH ":9: question has no choices ('+ ' and '- ' lines)");
	lesson_free(l);
}
END_TEST

START_TEST(quiz_in_quote_and_list)
{
	/* lines stay right inside containers */
	struct lesson *l = parse(FM "> ```quiz\n> ? q\n> - a\n> ```\n");
	ASSERT_DIAG(PATH ":8: a quiz block must be at the top level of the lesson, not inside "
			 "a list or quote");
	lesson_free(l);
}
END_TEST

/* ----------------------------------------------------------------- pairs */

START_TEST(pair_block)
{
	struct lesson *l = parse(FM "```python pair\nwith lock:\n    n += 1\n```\n\n"
				    "```c pair\nlock();\nn++;\n```\n");
	ASSERT_NO_DIAGS();
	ck_assert_uint_eq(l->nblocks, 1);
	struct block *p = l->blocks[0];
	ck_assert_int_eq(p->kind, BLK_PAIR);
	ck_assert_int_eq(p->line, 8);
	ck_assert_uint_eq(p->nchildren, 2);
	ck_assert_int_eq(p->children[0]->kind, BLK_CODE);
	ck_assert_str_eq(p->children[0]->lang, "python");
	ck_assert_str_eq(p->children[0]->code, "with lock:\n    n += 1");
	ck_assert_str_eq(p->children[1]->lang, "c");
	ck_assert_int_eq(p->children[1]->line, 13);
	lesson_free(l);
}
END_TEST

START_TEST(pair_errors)
{
	struct lesson *l = parse(FM "```python pair\nx\n```\n\nBetween.\n\n```c pair\ny\n```\n");
	ASSERT_DIAG(PATH ":8: 'python pair' block must be followed directly by a 'c pair' block");
	ASSERT_DIAG(PATH ":14: 'c pair' block without a 'python pair' block right before it");
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(l->nblocks, 3); /* kept as plain code */
	ck_assert_int_eq(l->blocks[0]->kind, BLK_CODE);
	lesson_free(l);
	l = parse(FM "```go pair\nx\n```\n");
	ASSERT_DIAG(PATH ":8: unknown pair language 'go' (use 'python pair' and 'c pair')");
	lesson_free(l);
	l = parse(FM "```c pair\nx\n```\n```python pair\ny\n```\n");
	ck_assert_uint_eq(d.n, 2);
	lesson_free(l);
}
END_TEST

/* ------------------------------------------------------------- fences */

START_TEST(fence_unterminated)
{
	struct lesson *l = parse(FM "Text.\n\n```quiz\n? q\n- a\nwhat\n\n## Not a heading\n");
	ASSERT_DIAG(PATH ":10: unterminated ```quiz block (opened here)");
	ck_assert_uint_eq(d.n, 1); /* no cascade of quiz errors */
	lesson_free(l);
	l = parse(FM "~~~~\ncode\n~~~\n");
	ASSERT_DIAG(PATH ":8: unterminated ~~~~ block (opened here)");
	lesson_free(l);
	/* closed by a longer fence, a fence inside a longer one, and one inside a quote */
	l = parse(FM "```c\nx\n`````\n\n````\n```\n````\n\n> ```\n> x\n\nafter\n");
	ASSERT_NO_DIAGS();
	ck_assert_int_eq(l->blocks[1]->line, 12);
	ck_assert_str_eq(l->blocks[1]->code, "```");
	lesson_free(l);
	/* a list marker before the fence, and its closing fence indented with the item */
	l = parse(FM "10. ```c\n    x\n    ```\n\nafter\n");
	ASSERT_NO_DIAGS();
	lesson_free(l);
}
END_TEST

START_TEST(fence_lines_follow_empty_blocks)
{
	/* empty blocks give md4c no text to place: the prescan does */
	struct lesson *l = parse(FM "```\n```\n\n```c\n\n\n```\n\n```demo x\n```\n");
	ASSERT_NO_DIAGS();
	ck_assert_int_eq(l->blocks[0]->line, 8);
	ck_assert_int_eq(l->blocks[1]->line, 11);
	ck_assert_int_eq(l->blocks[2]->line, 16);
	lesson_free(l);
}
END_TEST

/* ------------------------------------------------------------ odd input */

START_TEST(robust_inputs)
{
	const char *inputs[] = {"", "---", "---\n", "---\n---", "\n\n\n", "```", "> > > >",
				"| a |\n|---|\n", "- - - - -", "\0\0\0", "---\ntitle:\n---\n```quiz",
				"[x]: http://y\n[x]", "<div>html</div>\n\n<b>b</b>"};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		diags_release(&d);
		size_t n = i == 9 ? 3 : strlen(inputs[i]);
		struct lesson *l = lesson_parse(PATH, inputs[i], n, &d);
		ck_assert_ptr_nonnull(l);
		ck_assert_ptr_nonnull(l->title);
		lesson_free(l);
	}
}
END_TEST

START_TEST(robust_deep_nesting)
{
	struct sbuf sb = {0};
	sbuf_adds(&sb, FM);
	for (int i = 0; i < 2000; i++)
		sbuf_adds(&sb, "> ");
	sbuf_adds(&sb, "deep\n");
	struct lesson *l = parse(sb.buf);
	ASSERT_DIAG(PATH ": lists and quotes nested more than 24 deep");
	int depth = 0;
	for (const struct block *b = l->blocks[0]; b; b = b->nchildren ? b->children[0] : NULL)
		depth++;
	ck_assert_int_le(depth, 26);
	lesson_free(l);
	sbuf_release(&sb);
}
END_TEST

START_TEST(name_parse)
{
	int n;
	char *id;
	ck_assert(lesson_name_parse("lessons/05-race-conditions.md", &n, &id));
	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(id, "race-conditions");
	free(id);
	ck_assert(lesson_name_parse("19-x2.md", &n, &id));
	ck_assert_int_eq(n, 19);
	free(id);
	const char *bad[] = {"5-x.md", "05-.md", "05_x.md", "05-X.md", "05-x.txt", "README.md",
			     "05--x.md", "005-x.md", "05-x y.md"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!lesson_name_parse(bad[i], NULL, NULL), "accepted %s", bad[i]);
	/* a bad name is no parse error; number 0 and the base name as id */
	diags_release(&d);
	struct lesson *l = lesson_parse("dir/notes.md", FM, strlen(FM), &d);
	ASSERT_NO_DIAGS();
	ck_assert_int_eq(l->number, 0);
	ck_assert_str_eq(l->id, "notes");
	lesson_free(l);
}
END_TEST

START_TEST(load_missing)
{
	struct lesson *l = lesson_load("/nonexistent/07-x.md", &d);
	ck_assert_ptr_null(l);
	ASSERT_DIAG("/nonexistent/07-x.md: cannot read: No such file or directory");
}
END_TEST

START_TEST(load_fixture)
{
	const char *root = getenv("LOCKSTEP_ROOT");
	char *path = xasprintf("%s/tests/fixtures/07-fixture.md", root ? root : ".");
	struct lesson *l = lesson_load(path, &d);
	ASSERT_NO_DIAGS();
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->number, 7);
	size_t kinds[BLK_QUIZ + 1] = {0};
	for (size_t i = 0; i < l->nblocks; i++)
		kinds[l->blocks[i]->kind]++;
	ck_assert_uint_eq(kinds[BLK_PAIR], 1);
	ck_assert_uint_eq(kinds[BLK_DEMO], 1);
	ck_assert_uint_eq(kinds[BLK_QUIZ], 1);
	ck_assert_uint_eq(kinds[BLK_TABLE], 1);
	ck_assert_uint_eq(kinds[BLK_QUOTE], 1);
	lesson_free(l);
	free(path);
}
END_TEST

/* A Markdown text that is not a lesson: no front matter is looked for, the
 * first line is body, and only real problems (an open fence) are reported. */
START_TEST(markdown_without_front_matter)
{
	struct diags d;
	diags_init(&d);
	const char *md = "title: not a key\n\nText.\n\n```c\nint x;\n";
	struct lesson *l = lesson_parse_markdown("hint 2", md, strlen(md), &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->nblocks, 3);
	ck_assert_int_eq(l->blocks[0]->kind, BLK_PARAGRAPH);
	ck_assert_int_eq(l->blocks[0]->line, 1);
	char *s = inlines_text(&l->blocks[0]->text);
	ck_assert_str_eq(s, "title: not a key");
	free(s);
	ck_assert_int_eq(l->blocks[2]->kind, BLK_CODE);
	ck_assert_int_eq(l->blocks[2]->line, 5);
	ck_assert_uint_eq(d.n, 1);
	s = diag_format(&d.v[0]);
	ck_assert_str_eq(s, "hint 2:5: unterminated ```c block (opened here)");
	free(s);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("front matter");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fm_good);
	tcase_add_test(tc, fm_missing_open);
	tcase_add_test(tc, fm_none_at_all);
	tcase_add_test(tc, fm_missing_title);
	tcase_add_test(tc, fm_bad_line);
	tcase_add_test(tc, fm_unknown_and_duplicate);
	tcase_add_test(tc, fm_list_errors);
	tcase_add_test(tc, fm_not_closed);
	tcase_add_test(tc, fm_crlf_and_bom);
	suite_add_tcase(s, tc);

	tc = tcase_create("model");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, model_nested_lists);
	tcase_add_test(tc, model_quote);
	tcase_add_test(tc, model_table);
	tcase_add_test(tc, model_code_and_rule);
	tcase_add_test(tc, model_inline_styles);
	tcase_add_test(tc, model_clean_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("typed blocks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, demo_block);
	tcase_add_test(tc, demo_errors);
	tcase_add_test(tc, challenge_block);
	tcase_add_test(tc, quiz_block);
	tcase_add_test(tc, quiz_errors);
	tcase_add_test(tc, quiz_in_quote_and_list);
	tcase_add_test(tc, pair_block);
	tcase_add_test(tc, pair_errors);
	tcase_add_test(tc, fence_unterminated);
	tcase_add_test(tc, fence_lines_follow_empty_blocks);
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, robust_inputs);
	tcase_add_test(tc, robust_deep_nesting);
	tcase_add_test(tc, name_parse);
	tcase_add_test(tc, load_missing);
	tcase_add_test(tc, load_fixture);
	tcase_add_test(tc, markdown_without_front_matter);
	suite_add_tcase(s, tc);

	return check_run(s);
}
