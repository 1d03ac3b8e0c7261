/*
 * diag.c - a list of user-facing problems, each with its file and line.
 */
#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void diags_init(struct diags *d) { memset(d, 0, sizeof *d); }

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	diags_init(d);
}

void diags_add(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	struct diag *g = VEC_PUSH(d->v, d->n, d->cap);
	g->file = xstrdup(file ? file : "");
	g->line = line;
	va_start(ap, fmt);
	g->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

char *diag_format(const struct diag *g)
{
	if (g->line > 0)
		return xasprintf("%s:%d: %s", util_shown_path(g->file), g->line, g->msg);
	if (g->file[0])
		return xasprintf("%s: %s", util_shown_path(g->file), g->msg);
	return xstrdup(g->msg);
}
