/*
 * report.c - turns a demo's JSON Lines events into a run_result. The only
 * place that parses demo output; every malformed input becomes an error
 * message in the result, never a crash.
 */
#define _GNU_SOURCE
#include "core/report.h"

#include <cJSON.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/util.h"

void report_init(struct run_result *r)
{
	memset(r, 0, sizeof *r);
	r->status = RUN_RUNNING;
}

static void release_variant(struct variant_result *v)
{
	for (size_t i = 0; i < v->nmetrics; i++) {
		free(v->metrics[i].key);
		free(v->metrics[i].text);
	}
	free(v->metrics);
	free(v->name);
}

void report_release(struct run_result *r)
{
	free(r->demo);
	for (size_t i = 0; i < r->nparams; i++)
		free(r->param_keys[i]);
	free(r->param_keys);
	free(r->param_values);
	for (size_t i = 0; i < r->nvariants; i++)
		release_variant(&r->variants[i]);
	free(r->variants);
	for (size_t i = 0; i < r->nlogs; i++)
		free(r->logs[i]);
	free(r->logs);
	free(r->error);
	free(r->stderr_text);
	for (size_t i = 0; i < r->ndecls; i++) {
		free(r->decls[i].key);
		free(r->decls[i].unit);
	}
	free(r->decls);
	for (size_t i = 0; i < r->nclaims; i++) {
		free(r->claims[i].variant);
		free(r->claims[i].metric);
		free(r->claims[i].op);
		free(r->claims[i].against);
	}
	free(r->claims);
	memset(r, 0, sizeof *r);
}

/* Keep only the first problem: it is usually the cause of the rest. */
static int fail(struct run_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct run_result *r, const char *fmt, ...)
{
	if (!r->error) {
		va_list ap;
		va_start(ap, fmt);
		char *msg = xvasprintf(fmt, ap);
		va_end(ap);
		if (r->status == RUN_RUNNING && r->nlines > 0) {
			r->error = xasprintf("output line %zu: %s", r->nlines, msg);
			free(msg);
		} else {
			r->error = msg;
		}
	}
	return -1;
}

static struct variant_result *find_variant(struct run_result *r, const char *name)
{
	for (size_t i = 0; i < r->nvariants; i++)
		if (strcmp(r->variants[i].name, name) == 0)
			return &r->variants[i];
	return NULL;
}

static struct variant_result *add_variant(struct run_result *r, const char *name)
{
	r->variants = xrealloc(r->variants, (r->nvariants + 1) * sizeof *r->variants);
	struct variant_result *v = &r->variants[r->nvariants++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	return v;
}

static const char *get_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * The integer member `key` of an `ev` event into *out. Every number a demo
 * prints must be a whole number within +-2^53 (UTIL_EXACT_INT_MAX), and at
 * least `min`: anything else (1e300, 9.2e18, 2.5, a string) is a protocol
 * error naming the member, and nothing out of range is ever converted.
 * Returns 1 when set, 0 when the member is absent, -1 on an error.
 */
static int get_int(struct run_result *r, const cJSON *o, const char *ev, const char *key,
		   long long min, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		return 0;
	long long n;
	if (!cJSON_IsNumber(v) || !util_exact_int(v->valuedouble, &n) || n < min)
		return fail(r, "'%s' member '%.40s' must be an integer in %lld..%lld", ev, key,
			    min, UTIL_EXACT_INT_MAX);
	*out = n;
	return 1;
}

/* A metric's number: finite and within +-2^53, so every reader may print
 * or convert it; `lost` is a count, so a whole number. */
static int check_metric(struct run_result *r, const char *vname, const cJSON *it)
{
	double d = it->valuedouble;
	long long n;
	bool whole = util_exact_int(d, &n);
	if (!(d >= -(double)UTIL_EXACT_INT_MAX && d <= (double)UTIL_EXACT_INT_MAX) ||
	    (strcmp(it->string, "lost") == 0 && !whole))
		return fail(r, "metric '%.40s' of '%s' is out of range or not %s", it->string, vname,
			    strcmp(it->string, "lost") == 0 ? "an integer" : "a finite number");
	return 0;
}

static enum metric_kind kind_from_name(const char *s)
{
	static const char *names[] = {"", "count", "duration", "rate", "ratio",
				      "yesno", "text", "list"};
	for (int i = 1; s && i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum metric_kind)i;
	return MK_NONE;
}

/* The optional declaration in `hello`: rows, metric kinds, claims. */
static int on_declaration(struct run_result *r, const cJSON *o)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows");
	const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(o, "metrics");
	const cJSON *claims = cJSON_GetObjectItemCaseSensitive(o, "claims");
	const cJSON *it;
	if (cJSON_IsArray(rows)) {
		r->has_rows = true;
		cJSON_ArrayForEach(it, rows) {
			const char *n = cJSON_IsString(it) ? it->valuestring : "";
			if (strcmp(n, "expected") == 0)
				r->rows |= REPORT_ROW_EXPECTED;
			else if (strcmp(n, "observed") == 0)
				r->rows |= REPORT_ROW_OBSERVED;
			else if (strcmp(n, "lost") == 0)
				r->rows |= REPORT_ROW_LOST;
			else
				return fail(r, "'hello' declares an unknown row '%.40s'", n);
		}
	}
	if (cJSON_IsArray(metrics)) {
		r->decls = xcalloc((size_t)cJSON_GetArraySize(metrics) + 1, sizeof *r->decls);
		cJSON_ArrayForEach(it, metrics) {
			const char *key = get_string(it, "key"), *kind = get_string(it, "kind");
			if (!key || kind_from_name(kind) == MK_NONE)
				return fail(r, "'hello' declares a metric without key or known kind");
			struct metric_decl *d = &r->decls[r->ndecls++];
			d->key = xstrdup(key);
			d->kind = kind_from_name(kind);
			d->unit = xstrdup(get_string(it, "unit") ? get_string(it, "unit") : "");
		}
	}
	if (cJSON_IsArray(claims)) {
		r->claims = xcalloc((size_t)cJSON_GetArraySize(claims) + 1, sizeof *r->claims);
		cJSON_ArrayForEach(it, claims) {
			const char *var = get_string(it, "variant"), *met = get_string(it, "metric");
			const char *op = get_string(it, "op"), *vs = get_string(it, "against");
			const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, "factor");
			if (!var || !met || !op || !cJSON_IsNumber(f) ||
			    (strcmp(op, ">=") != 0 && strcmp(op, "<=") != 0))
				return fail(r, "'hello' declares a claim without variant, metric, "
					       "op (>= or <=) and factor");
			struct claim *c = &r->claims[r->nclaims++];
			c->variant = xstrdup(var);
			c->metric = xstrdup(met);
			c->op = xstrdup(op);
			c->against = vs ? xstrdup(vs) : NULL;
			c->factor = f->valuedouble;
		}
	}
	return 0;
}

static int on_hello(struct run_result *r, const cJSON *o)
{
	const char *demo = get_string(o, "demo");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(o, "params");
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(o, "variants");
	const cJSON *proto = cJSON_GetObjectItemCaseSensitive(o, "protocol");
	if (r->got_hello)
		return fail(r, "a second 'hello' event");
	if (!demo || !cJSON_IsObject(params) || !cJSON_IsArray(vars) || !cJSON_IsNumber(proto))
		return fail(r, "'hello' needs demo, protocol, params and variants");
	long long version = 0;
	if (get_int(r, o, "hello", "protocol", 0, &version) < 0)
		return -1;
	if (version != 1)
		return fail(r, "protocol version %lld is not supported (expected 1)", version);
	const cJSON *it;
	cJSON_ArrayForEach(it, params) {
		long long val;
		if (get_int(r, params, "hello", it->string, -UTIL_EXACT_INT_MAX, &val) < 0)
			return -1;
	}
	r->got_hello = true;
	r->demo = xstrdup(demo);
	r->protocol = (int)version;
	size_t n = (size_t)cJSON_GetArraySize(params), i = 0;
	r->param_keys = xcalloc(n, sizeof *r->param_keys);
	r->param_values = xcalloc(n, sizeof *r->param_values);
	cJSON_ArrayForEach(it, params) {
		r->param_keys[i] = xstrdup(it->string ? it->string : "");
		util_exact_int(it->valuedouble, &r->param_values[i]); /* checked above */
		i++;
	}
	r->nparams = i;
	cJSON_ArrayForEach(it, vars) {
		if (!cJSON_IsString(it))
			return fail(r, "'hello' variants must be strings");
		if (!find_variant(r, it->valuestring))
			add_variant(r, it->valuestring);
	}
	return on_declaration(r, o);
}

static struct variant_result *variant_of(struct run_result *r, const cJSON *o, const char *ev)
{
	const char *name = get_string(o, "variant");
	if (!name) {
		fail(r, "'%s' event without a variant", ev);
		return NULL;
	}
	struct variant_result *v = find_variant(r, name);
	if (!v)
		fail(r, "'%s' for variant '%s', which 'hello' did not announce", ev, name);
	return v;
}

static int on_progress(struct run_result *r, const cJSON *o)
{
	struct variant_result *v = variant_of(r, o, "progress");
	const cJSON *done = cJSON_GetObjectItemCaseSensitive(o, "done");
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(o, "total");
	if (!v)
		return -1;
	if (!cJSON_IsNumber(done) || !cJSON_IsNumber(total))
		return fail(r, "'progress' needs numbers done and total");
	long long d, t, val = 0;
	int has_val;
	if (get_int(r, o, "progress", "done", 0, &d) < 0 ||
	    get_int(r, o, "progress", "total", 0, &t) < 0 ||
	    (has_val = get_int(r, o, "progress", "value", -UTIL_EXACT_INT_MAX, &val)) < 0)
		return -1;
	v->done = d;
	v->total = t;
	v->has_value = has_val > 0;
	v->value = val;
	return 0;
}

static int on_result(struct run_result *r, const cJSON *o)
{
	struct variant_result *v = variant_of(r, o, "result");
	if (!v)
		return -1;
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(o, "expected");
	const cJSON *obs = cJSON_GetObjectItemCaseSensitive(o, "observed");
	const cJSON *ok = cJSON_GetObjectItemCaseSensitive(o, "correct");
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(o, "elapsed_ns");
	const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(o, "metrics");
	if (!cJSON_IsBool(ok) || !cJSON_IsNumber(ns))
		return fail(r, "'result' for '%s' needs correct and elapsed_ns", v->name);
	if (v->has_result)
		return fail(r, "a second 'result' for variant '%s'", v->name);
	/* expected/observed may be absent or null; anything else must be an integer */
	long long e = 0, ob = 0, t = 0, lo = -UTIL_EXACT_INT_MAX;
	int has_e = cJSON_IsNull(exp) ? 0 : get_int(r, o, "result", "expected", lo, &e);
	int has_o = cJSON_IsNull(obs) ? 0 : get_int(r, o, "result", "observed", lo, &ob);
	if (has_e < 0 || has_o < 0 || get_int(r, o, "result", "elapsed_ns", 0, &t) < 0)
		return -1;
	if (cJSON_IsObject(metrics)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, metrics)
			if (cJSON_IsNumber(it) && check_metric(r, v->name, it) < 0)
				return -1;
	}
	v->has_result = true;
	v->has_expected = has_e > 0;
	v->has_observed = has_o > 0;
	v->expected = e;
	v->observed = ob;
	v->correct = cJSON_IsTrue(ok);
	v->elapsed_ns = t;
	if (cJSON_IsObject(metrics)) {
		size_t n = (size_t)cJSON_GetArraySize(metrics), i = 0;
		v->metrics = xcalloc(n, sizeof *v->metrics);
		const cJSON *it;
		cJSON_ArrayForEach(it, metrics) {
			struct metric *m = &v->metrics[i];
			if (cJSON_IsNumber(it)) {
				m->num = it->valuedouble;
			} else if (cJSON_IsString(it)) {
				m->is_text = true;
				m->text = xstrdup(it->valuestring);
			} else if (cJSON_IsBool(it)) {
				m->num = cJSON_IsTrue(it);
				m->is_bool = true;
			} else {
				continue; /* arrays and objects are not metrics: skip */
			}
			m->key = xstrdup(it->string ? it->string : "");
			i++;
		}
		v->nmetrics = i;
	}
	return 0;
}

int report_feed_line(struct run_result *r, const char *line, size_t len)
{
	r->nlines++;
	if (len > REPORT_MAX_LINE)
		return fail(r, "an output line of %zu bytes (the limit is %d)", len, REPORT_MAX_LINE);
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len == 0)
		return 0; /* blank lines carry nothing */
	cJSON *o = cJSON_ParseWithLength(line, len);
	int rc;
	if (!cJSON_IsObject(o)) {
		rc = fail(r, "not a JSON object: '%.60s%s'", line, len > 60 ? "..." : "");
	} else {
		const char *ev = get_string(o, "event");
		if (!ev)
			rc = fail(r, "a line without an \"event\"");
		else if (r->got_end)
			rc = fail(r, "'%s' after 'end'", ev);
		else if (strcmp(ev, "hello") == 0)
			rc = on_hello(r, o);
		else if (!r->got_hello)
			rc = fail(r, "'%s' before 'hello'", ev);
		else if (strcmp(ev, "progress") == 0)
			rc = on_progress(r, o);
		else if (strcmp(ev, "result") == 0)
			rc = on_result(r, o);
		else if (strcmp(ev, "log") == 0) {
			const char *text = get_string(o, "text");
			const char *var = get_string(o, "variant");
			r->logs = xrealloc(r->logs, (r->nlogs + 1) * sizeof *r->logs);
			r->logs[r->nlogs++] = var ? xasprintf("[%s] %s", var, text ? text : "")
						  : xstrdup(text ? text : "");
			rc = 0;
		} else if (strcmp(ev, "end") == 0) {
			r->got_end = true;
			rc = 0;
		} else {
			rc = fail(r, "unknown event '%.40s'", ev);
		}
	}
	cJSON_Delete(o);
	return rc;
}

void report_finish(struct run_result *r, int ws, bool timed_out, bool cancelled)
{
	r->exit_code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	r->signal = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
	if (cancelled) {
		r->status = RUN_CANCELLED;
		fail(r, "cancelled");
	} else if (timed_out) {
		r->status = RUN_TIMEOUT;
		free(r->error); /* the time limit explains everything else */
		r->error = NULL;
		fail(r, "timed out and was killed");
	} else if (r->signal) {
		r->status = RUN_CRASHED;
		free(r->error);
		r->error = NULL;
		fail(r, "crashed: killed by SIG%s (%s)", sigabbrev_np(r->signal) ? sigabbrev_np(r->signal) : "?",
		     strsignal(r->signal));
	} else if (r->exit_code != 0) {
		r->status = RUN_FAILED;
		fail(r, "exited with status %d", r->exit_code);
	} else if (r->error) {
		r->status = RUN_FAILED;
	} else if (!r->got_end) {
		r->status = RUN_FAILED;
		fail(r, "exited without an 'end' event");
	} else {
		for (size_t i = 0; i < r->nvariants; i++)
			if (!r->variants[i].has_result) {
				r->status = RUN_FAILED;
				fail(r, "no result for variant '%s'", r->variants[i].name);
				return;
			}
		r->status = RUN_OK;
	}
}

const struct variant_result *report_variant(const struct run_result *r, const char *name)
{
	return find_variant((struct run_result *)r, name);
}

const struct metric *report_metric(const struct variant_result *v, const char *key)
{
	for (size_t i = 0; i < v->nmetrics; i++)
		if (strcmp(v->metrics[i].key, key) == 0)
			return &v->metrics[i];
	return NULL;
}

const struct metric_decl *report_decl(const struct run_result *r, const char *key)
{
	for (size_t i = 0; i < r->ndecls; i++)
		if (strcmp(r->decls[i].key, key) == 0)
			return &r->decls[i];
	return NULL;
}

bool report_row_wanted(const struct run_result *r, unsigned row)
{
	return !r || !r->has_rows || (r->rows & row);
}

bool report_lost(const struct variant_result *v, long long *lost)
{
	const struct metric *m = report_metric(v, "lost");
	if (m && !m->is_text && util_exact_int(m->num, lost)) /* report.c checked it */
		return true;
	if (v->has_expected && v->has_observed && v->observed <= v->expected) {
		*lost = v->expected - v->observed;
		return true;
	}
	return false;
}

const char *report_status_name(enum run_status s)
{
	static const char *names[] = {"running", "ok", "failed", "timeout", "crashed", "cancelled"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

void report_copy(struct run_result *dst, const struct run_result *src)
{
	*dst = *src;
	dst->demo = dup_or_null(src->demo);
	dst->error = dup_or_null(src->error);
	dst->stderr_text = dup_or_null(src->stderr_text);
	dst->param_keys = xcalloc(src->nparams, sizeof *dst->param_keys);
	dst->param_values = xcalloc(src->nparams, sizeof *dst->param_values);
	for (size_t i = 0; i < src->nparams; i++) {
		dst->param_keys[i] = xstrdup(src->param_keys[i]);
		dst->param_values[i] = src->param_values[i];
	}
	dst->logs = xcalloc(src->nlogs, sizeof *dst->logs);
	for (size_t i = 0; i < src->nlogs; i++)
		dst->logs[i] = xstrdup(src->logs[i]);
	dst->decls = xcalloc(src->ndecls + 1, sizeof *dst->decls);
	for (size_t i = 0; i < src->ndecls; i++) {
		dst->decls[i] = src->decls[i];
		dst->decls[i].key = xstrdup(src->decls[i].key);
		dst->decls[i].unit = dup_or_null(src->decls[i].unit);
	}
	dst->claims = xcalloc(src->nclaims + 1, sizeof *dst->claims);
	for (size_t i = 0; i < src->nclaims; i++) {
		const struct claim *c = &src->claims[i];
		dst->claims[i] = (struct claim){xstrdup(c->variant), xstrdup(c->metric),
						xstrdup(c->op), dup_or_null(c->against), c->factor};
	}
	dst->variants = xcalloc(src->nvariants, sizeof *dst->variants);
	for (size_t i = 0; i < src->nvariants; i++) {
		struct variant_result *d = &dst->variants[i];
		const struct variant_result *s = &src->variants[i];
		*d = *s;
		d->name = xstrdup(s->name);
		d->metrics = xcalloc(s->nmetrics, sizeof *d->metrics);
		for (size_t k = 0; k < s->nmetrics; k++) {
			d->metrics[k] = s->metrics[k];
			d->metrics[k].key = xstrdup(s->metrics[k].key);
			d->metrics[k].text = dup_or_null(s->metrics[k].text);
		}
	}
}
