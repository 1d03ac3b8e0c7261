/*
 * check_bigdigits.c - the lab's block font (src/tui/bigdigits): every row of
 * a number as the glyphs draw it, scaling, widths, and text it cannot draw.
 */
#include <check.h>
#include <string.h>

#include "tui/bigdigits.h"
#include "check_run.h"

/* All rows of text at scale, one per line. */
static void rows_of(const char *text, int scale, char *out, size_t size)
{
	out[0] = '\0';
	char buf[512];
	for (int r = 0; r < BIGDIGITS_ROWS * scale; r++) {
		ck_assert_int_ge(bigdigits_row(text, scale, r, buf, sizeof buf), 0);
		strncat(out, buf, size - strlen(out) - 1);
		strncat(out, "\n", size - strlen(out) - 1);
	}
}

START_TEST(digits_drawn_row_by_row)
{
	char got[1024];
	rows_of("1,07", 1, got, sizeof got);
	ck_assert_str_eq(got,
			 " #     ### ###\n"
			 "##     # #   #\n"
			 " #     # #   #\n"
			 " #   # # #  # \n"
			 "### #  ###  # \n");
	/* every digit has its own shape: no two rows-sets alike */
	char a[256], b[256];
	for (char x = '0'; x <= '9'; x++)
		for (char y = (char)(x + 1); y <= '9'; y++) {
			char sx[2] = {x, 0}, sy[2] = {y, 0};
			rows_of(sx, 1, a, sizeof a);
			rows_of(sy, 1, b, sizeof b);
			ck_assert_msg(strcmp(a, b) != 0, "%c and %c look the same", x, y);
		}
}
END_TEST

START_TEST(scaling_keeps_the_shape)
{
	char got[2048];
	rows_of("7", 2, got, sizeof got);
	ck_assert_str_eq(got,
			 "######\n"
			 "######\n"
			 "    ##\n"
			 "    ##\n"
			 "    ##\n"
			 "    ##\n"
			 "  ##  \n"
			 "  ##  \n"
			 "  ##  \n"
			 "  ##  \n");
	ck_assert_int_eq(bigdigits_width("7", 1), 3);
	ck_assert_int_eq(bigdigits_width("7", 3), 9);
	/* 9 digits of 3, 2 commas of 2, 10 gaps of 1 */
	ck_assert_int_eq(bigdigits_width("100,000,000", 1), 9 * 3 + 2 * 2 + 10);
	ck_assert_int_eq(bigdigits_width("100,000,000", 2), 2 * (9 * 3 + 2 * 2 + 10));
	ck_assert_int_eq(bigdigits_width("", 1), 0);
}
END_TEST

START_TEST(words_and_signs)
{
	ck_assert(bigdigits_can("WRONG"));
	ck_assert(bigdigits_can("correct"));
	ck_assert(bigdigits_can("DEADLOCK"));
	ck_assert(bigdigits_can("100.0M"));
	ck_assert(bigdigits_can("-1,234"));
	ck_assert(bigdigits_can("1.93\xc3\x97")); /* 1.93× */
	ck_assert_int_eq(bigdigits_width("1.93\xc3\x97", 1), bigdigits_width("1.93x", 1));
	/* lower case is drawn as upper case */
	char lo[512], up[512];
	rows_of("wrong", 1, lo, sizeof lo);
	rows_of("WRONG", 1, up, sizeof up);
	ck_assert_str_eq(lo, up);
}
END_TEST

START_TEST(what_it_cannot_draw)
{
	char buf[64];
	ck_assert(!bigdigits_can("12#4"));
	ck_assert(!bigdigits_can("caf\xc3\xa9"));
	ck_assert_int_eq(bigdigits_width("12#4", 1), -1);
	ck_assert_int_eq(bigdigits_row("12#4", 1, 0, buf, sizeof buf), -1);
	ck_assert_int_eq(bigdigits_width("1", 0), -1);
	ck_assert_int_eq(bigdigits_row("1", 1, BIGDIGITS_ROWS, buf, sizeof buf), -1);
	ck_assert_int_eq(bigdigits_row("1", 1, -1, buf, sizeof buf), -1);
	/* a short buffer is cut, never overrun */
	ck_assert_int_eq(bigdigits_row("888", 1, 0, buf, 5), 4);
	ck_assert_str_eq(buf, "### ");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bigdigits");
	TCase *tc = tcase_create("font");
	tcase_add_test(tc, digits_drawn_row_by_row);
	tcase_add_test(tc, scaling_keeps_the_shape);
	tcase_add_test(tc, words_and_signs);
	tcase_add_test(tc, what_it_cannot_draw);
	suite_add_tcase(s, tc);
	return check_run(s);
}
