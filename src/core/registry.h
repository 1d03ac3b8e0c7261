/*
 * registry.h - the demo registry: every demo's name, summary, variants and
 * parameters (default, range), read from registry.jsonl, which `make` builds
 * by asking each demo to --describe itself. One source of truth: the demo's
 * own table.
 *
 * Layer: src/core (cJSON).
 */
#ifndef CORE_REGISTRY_H
#define CORE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct reg_param {
	char *name, *help;
	long long def, min, max;
};

struct reg_variant {
	char *name, *kind, *summary; /* kind: "safe", "racy" or "broken" */
};

struct reg_demo {
	char *name, *summary, *python;
	struct reg_variant *variants;
	size_t nvariants;
	struct reg_param *params;
	size_t nparams;
	bool steppable;             /* its threads can be stepped and explored */
};

struct registry {
	struct reg_demo *v;
	size_t n;
};

/* Load path (NULL: <demos dir>/registry.jsonl). Returns 0, or -1 with *err
 * ("registry.jsonl:3: ..."; caller frees). Release with registry_release. */
int registry_load(struct registry *r, const char *path, char **err);
void registry_release(struct registry *r);

const struct reg_demo *registry_find(const struct registry *r, const char *name);
const struct reg_param *registry_param(const struct reg_demo *d, const char *name);

/* Check one "key=value" (or key and value apart) against the demo's table.
 * Returns 0, or -1 with *err (caller frees) such as
 * "threads must be 1..256, got 0" or "unknown parameter 'x' for race_counter". */
int registry_check_param(const struct reg_demo *d, const char *key, const char *value,
			 char **err);
/* Same for a "key=value" word. */
int registry_check_arg(const struct reg_demo *d, const char *arg, char **err);

#endif
