/*
 * view_exercises_task.c - the exercise view's panel: the documents it shows
 * for the selected exercise (its task, the last verify's verdict and
 * details, the hints revealed so far), built as layouts for the panel's
 * pager. What they say comes from core/exercise_status and the exercise's
 * own parsed text (e->task); nothing is parsed again here.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "tui/view_exercises.h"

const char *ex_ellipsis(void) { return term_ascii() ? "..." : "\u2026"; }

int ex_next_index(const struct app *a)
{
	const struct exercise *n = exercise_status_next(&a->ex.st);
	return n ? (int)(n - a->ex.st.set.v) : -1;
}

/* The panel's documents (task, result, hints) for exercise i, w columns
 * wide: built with doc_new, the caller owns them (panel_build hands them to
 * the panel's pager, which frees them). */
static struct layout *task_doc(struct app *a, int i, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[i];
	struct layout *d = doc_new();
	char *file = exercise_status_file(&x->st, e);
	bool there = access(file, F_OK) == 0;
	char *s = xasprintf("Your file: %s%s", file,
			    there ? "" : " (not there yet: i copies the exercises)");
	doc_wrap(d, s, there ? ROLE_MUTED : ROLE_WRONG, 0, w, 2);
	free(s);
	free(file);
	int li = x->lesson[i];
	if (li >= 0) {
		const struct catalog_entry *ce = &a->cat.v[li];
		const char *title = ce->lesson && ce->lesson->title ? ce->lesson->title : ce->id;
		s = xasprintf("From lesson %d: %s", ce->number, title ? title : "?");
		doc_wrap(d, s, ROLE_MUTED, 0, w, 2);
		free(s);
	}
	doc_line(d, "", ROLE_TEXT, 0);
	layout_markdown(d, e->task, w, 0, term_ascii());
	doc_line(d, "", ROLE_TEXT, 0);
	s = xasprintf("v verifies it. h gives a hint (%d of %d seen). s shows your file, E edits "
		      "it. S: the reference solution, once you pass or after every hint.",
		      exercise_status_hints_seen(&x->st, e), exercise_status_hint_count(&x->st, e));
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	return d;
}

static struct layout *result_doc(struct app *a, int i, int w)
{
	struct ex_view *x = &a->ex;
	const struct exercise *e = &x->st.set.v[i];
	const struct exercise_result *r = &x->items[i].result;
	const struct exercise_after *after = &x->items[i].after;
	bool pass = r->verdict == EXERCISE_PASS;
	struct layout *d = doc_new();
	doc_wrap(d, r->summary ? r->summary : exercise_verdict_name(r->verdict), ROLE_TEXT,
		 pass ? 0 : LATTR_BOLD, w, 2);
	if (r->detail && *r->detail) {
		doc_line(d, "", ROLE_TEXT, 0);
		for (const char *p = r->detail; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char *ln = xasprintf("  %.*s", (int)n, p);
			doc_wrap(d, ln, ROLE_CODEBLOCK, 0, w, 4);
			free(ln);
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	if (pass && e->threads && r->tsan_ran)
		doc_line(d, "ThreadSanitizer: no data race.", ROLE_RIGHT, 0);
	if (pass && after->why) {
		doc_line(d, "", ROLE_TEXT, 0);
		doc_line(d, "Why it works", ROLE_HEADING, LATTR_BOLD);
		layout_markdown(d, after->why, w, 0, term_ascii());
	}
	doc_line(d, "", ROLE_TEXT, 0);
	char *s;
	if (pass) {
		int nx = ex_next_index(a); /* now: passes recorded elsewhere count */
		if (nx >= 0)
			s = xasprintf("Next: %02d %s (select it, then v). S shows the reference "
				      "solution to this one.", x->st.set.v[nx].number,
				      x->st.set.v[nx].name);
		else
			s = xstrdup("That was the last pending exercise. Well done.");
	} else if (r->verdict == EXERCISE_ERROR) {
		s = xstrdup("lockstep could not try your file (see above); v tries again.");
	} else {
		int shown = exercise_status_hints_seen(&x->st, e);
		int nh = exercise_status_hint_count(&x->st, e);
		if (shown < nh)
			s = xasprintf("Stuck? h shows hint %d of %d. E edits your file.", shown + 1, nh);
		else
			s = xstrdup("You have seen every hint: S shows the reference solution.");
	}
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	return d;
}

/* The hints revealed so far; *jump is the line of the newest one. */
static struct layout *hints_doc(struct app *a, int i, int w, int *jump)
{
	const struct exercise *e = &a->ex.st.set.v[i];
	struct layout *d = doc_new();
	struct exercise_hints h;
	char *err = NULL;
	if (exercise_hints_load(e, &h, &err) != 0) {
		doc_wrap(d, err ? err : "no hints", ROLE_WRONG, 0, w, 2);
		free(err);
		return d;
	}
	int shown = exercise_status_hints_seen(&a->ex.st, e);
	if (shown > h.n)
		shown = h.n;
	for (int k = 0; k < shown; k++) {
		if (k)
			doc_line(d, "", ROLE_TEXT, 0);
		*jump = (int)d->n;
		char *t = xasprintf("Hint %d of %d", k + 1, h.n);
		doc_line(d, t, ROLE_HEADING, LATTR_BOLD);
		free(t);
		layout_markdown(d, h.hint[k], w, 2, term_ascii());
	}
	doc_line(d, "", ROLE_TEXT, 0);
	char *s = shown < h.n ? xasprintf("h again for hint %d of %d.", shown + 1, h.n)
			      : xstrdup("That was the last hint. S shows the reference solution.");
	doc_wrap(d, s, ROLE_MUTED, 0, w, 0);
	free(s);
	exercise_hints_release(&h);
	return d;
}

void ex_panel_build(struct app *a, int w)
{
	struct ex_view *x = &a->ex;
	struct ex_item *it = &x->items[x->sel];
	enum ex_panel_kind kind = it->panel == EXP_RESULT && !it->have_result ? EXP_TASK : it->panel;
	bool same = x->panel_sel == x->sel && x->panel_kind == kind && x->panel.lay;
	int top = same ? x->panel.top : 0, jump = -1;
	struct layout *d = kind == EXP_RESULT ? result_doc(a, x->sel, w)
			   : kind == EXP_HINTS ? hints_doc(a, x->sel, w, &jump)
					       : task_doc(a, x->sel, w);
	pager_set(&x->panel, d, true);
	x->panel.top = x->panel_jump && jump >= 0 ? jump : top;
	pager_clamp(&x->panel);
	x->panel_jump = false;
	x->panel_sel = x->sel;
	x->panel_kind = kind;
	x->panel_width = w;
	x->panel_stale = false;
}
