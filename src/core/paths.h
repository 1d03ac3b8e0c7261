/*
 * paths.h - where lockstep finds its data and keeps its state.
 *
 * Data root, in order: $LOCKSTEP_DATA; the source tree when the binary runs
 * from <tree>/build/ (the tree has lessons/ and lab/lab.h); <bin>/../share/
 * lockstep beside an installed binary (so a moved or staged install works);
 * the configured prefix's share/lockstep. Demo binaries: <root>/build/lab in
 * a tree, else <root>/demos if present, else <bin>/../libexec/lockstep, else
 * the configured libexec/lockstep.
 * State: $XDG_STATE_HOME/lockstep, default ~/.local/state/lockstep.
 *
 * Layer: src/core. Strings returned are owned by this module and live until
 * exit.
 */
#ifndef CORE_PATHS_H
#define CORE_PATHS_H

/* Resolve everything once, from argv[0] and the environment. */
void paths_init(const char *argv0);

const char *paths_root(void);    /* lessons/, lab/, assets/ live here */
const char *paths_lessons(void); /* <root>/lessons */
const char *paths_lab(void);     /* <root>/lab: demo and exercise sources */
const char *paths_demos(void);   /* built demos and registry.jsonl */
const char *paths_state(void);   /* state dir; created (0700) on first call */

/* "a/b", newly allocated; the caller frees it. */
char *paths_join(const char *a, const char *b);

#endif
