/*
 * fuzz_lesson.c - libFuzzer target for the lesson reader and the layout
 * engine: any bytes must parse without crashing, lay out at two widths in
 * both faces' modes within the width, and free cleanly (ASan checks).
 * Run with `make fuzz FUZZ_SECONDS=60`; seeds are in tests/fuzz/corpus.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout.h"
#include "core/util.h"

static int answer(void *ctx, int block, int question)
{
	(void)ctx;
	return (block + question) % 3 - 1; /* unanswered, first choice, second */
}

/* Abort (a finding) if a layout breaks its promises. */
static void check(const struct layout *lay, int width)
{
	for (size_t i = 0; i < lay->n; i++) {
		const struct lline *ln = &lay->lines[i];
		int end = 0;
		for (size_t k = 0; k < ln->nruns; k++) {
			const struct lrun *r = &ln->runs[k];
			if (r->col < end || r->width != util_text_width(r->text, strlen(r->text)))
				abort();
			end = r->col + r->width;
		}
		if (end > width)
			abort();
	}
	for (size_t i = 0; i < lay->nanchors; i++)
		if (lay->anchors[i].first > lay->anchors[i].last || lay->anchors[i].last >= lay->n)
			abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_CTYPE, "C.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	diags_init(&d);
	struct lesson *l = lesson_parse("lessons/07-fuzz.md", (const char *)data, size, &d);
	if (l) {
		static const int widths[] = {20, 73};
		for (int w = 0; w < 2; w++) {
			struct layout_opts o = {
				.width = widths[w],
				.ascii = w == 0,
				.interactive = w == 1,
				.answer = answer,
				.focus_anchor = (int)(size % 5),
				.focus_choice = (int)(size % 3),
			};
			struct layout *lay = layout_lesson(l, &o);
			check(lay, widths[w]);
			for (size_t i = 0; i < lay->n && i < 4; i++)
				free(layout_line_text(&lay->lines[i]));
			layout_free(lay);
		}
		lesson_question_count(l);
		lesson_free(l);
	}
	for (size_t i = 0; i < d.n; i++)
		free(diag_format(&d.v[i]));
	diags_release(&d);

	/* the source viewer takes lab files, but any bytes must do */
	char *text = xstrndup((const char *)data, size);
	struct layout *src = layout_source(text, size % 2 ? "c" : "python", 24, size % 3 == 0);
	check(src, 24);
	layout_free(src);
	free(text);
	return 0;
}
