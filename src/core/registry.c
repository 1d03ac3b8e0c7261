/*
 * registry.c - reads the demo registry (one JSON object per line, written by
 * each demo's --describe) and checks parameters against it.
 */
#define _GNU_SOURCE
#include "core/registry.h"

#include <cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "core/util.h"

static char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
}

static long long json_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	long long n = 0;
	if (cJSON_IsNumber(v))
		util_exact_int(v->valuedouble, &n); /* out of range stays 0, never converted */
	return n;
}

/* Fill d from one --describe object. Returns false if it is not one. */
static bool demo_from_json(struct reg_demo *d, const cJSON *obj)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(obj, "variants");
	const cJSON *pars = cJSON_GetObjectItemCaseSensitive(obj, "params");
	if (!cJSON_IsString(name) || !cJSON_IsArray(vars) || !cJSON_IsArray(pars))
		return false;
	d->name = json_str(obj, "name");
	d->summary = json_str(obj, "summary");
	d->python = json_str(obj, "python");
	d->steppable = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "steppable"));
	d->nvariants = (size_t)cJSON_GetArraySize(vars);
	d->variants = xcalloc(d->nvariants, sizeof *d->variants);
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, vars) {
		d->variants[i].name = json_str(it, "name");
		d->variants[i].kind = json_str(it, "kind");
		d->variants[i].summary = json_str(it, "summary");
		i++;
	}
	d->nparams = (size_t)cJSON_GetArraySize(pars);
	d->params = xcalloc(d->nparams, sizeof *d->params);
	i = 0;
	cJSON_ArrayForEach(it, pars) {
		struct reg_param *p = &d->params[i++];
		p->name = json_str(it, "name");
		p->help = json_str(it, "help");
		p->def = json_int(it, "default");
		p->min = json_int(it, "min");
		p->max = json_int(it, "max");
	}
	return true;
}

int registry_load(struct registry *r, const char *path, char **err)
{
	memset(r, 0, sizeof *r);
	char *own = path ? NULL : paths_join(paths_demos(), "registry.jsonl");
	const char *file = path ? path : own;
	size_t len;
	char *text = util_read_file(file, &len, err);
	if (!text) {
		free(own);
		return -1;
	}
	size_t cap = 0;
	int lineno = 0, rc = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		cJSON *obj = cJSON_Parse(line);
		struct reg_demo d = {0};
		if (!obj || !demo_from_json(&d, obj)) {
			*err = xasprintf("%s:%d: not a demo description", file, lineno);
			cJSON_Delete(obj);
			rc = -1;
			break;
		}
		cJSON_Delete(obj);
		*(struct reg_demo *)VEC_PUSH(r->v, r->n, cap) = d;
	}
	free(text);
	free(own);
	if (rc)
		registry_release(r);
	return rc;
}

void registry_release(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct reg_demo *d = &r->v[i];
		for (size_t k = 0; k < d->nvariants; k++) {
			free(d->variants[k].name);
			free(d->variants[k].kind);
			free(d->variants[k].summary);
		}
		for (size_t k = 0; k < d->nparams; k++) {
			free(d->params[k].name);
			free(d->params[k].help);
		}
		free(d->variants);
		free(d->params);
		free(d->name);
		free(d->summary);
		free(d->python);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

const struct reg_demo *registry_find(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

const struct reg_param *registry_param(const struct reg_demo *d, const char *name)
{
	for (size_t i = 0; i < d->nparams; i++)
		if (strcmp(d->params[i].name, name) == 0)
			return &d->params[i];
	return NULL;
}

int registry_check_param(const struct reg_demo *d, const char *key, const char *value,
			 char **err)
{
	const struct reg_param *p = registry_param(d, key);
	if (!p) {
		*err = xasprintf("unknown parameter '%s' for %s", util_shown(key), d->name);
		return -1;
	}
	char *end;
	errno = 0;
	long long v = strtoll(value, &end, 10);
	if (!*value || *end || errno == ERANGE) {
		*err = xasprintf("%s must be an integer, got '%s'", key, util_shown(value));
		return -1;
	}
	if (v < p->min || v > p->max) {
		*err = xasprintf("%s must be %lld..%lld, got %lld", key, p->min, p->max, v);
		return -1;
	}
	return 0;
}

int registry_check_arg(const struct reg_demo *d, const char *arg, char **err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		*err = xasprintf("expected key=value, got '%s'", util_shown(arg));
		return -1;
	}
	char *key = xstrndup(arg, (size_t)(eq - arg));
	int rc = registry_check_param(d, key, eq + 1, err);
	free(key);
	return rc;
}
