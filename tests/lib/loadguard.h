/*
 * loadguard.h - the one load guard: did other programs use the CPUs while a
 * timing test ran?
 *
 * A test whose assertion needs an idle machine (a speedup, a race showing, a
 * latency) brackets its measurement with loadguard_begin() / loadguard_end().
 * The guard reads the machine's busy time from /proc/stat and subtracts the
 * CPU time of the test's own process tree (every live process descending from
 * `root`, counting the children each has reaped), so the test's own work never
 * counts as load. What is left is other programs' use, in percent of one core
 * averaged over the window. Over LOADGUARD_LIMIT_PCT the window proves
 * nothing: the test reports SKIP with the measured load, never PASS or FAIL.
 *
 * Skips are also appended to the file named by $LOCKSTEP_SKIPS (when set), so
 * `make check` can say how many were skipped and why.
 */
#ifndef TESTS_LOADGUARD_H
#define TESTS_LOADGUARD_H

#include <stdbool.h>
#include <sys/types.h>

#define LOADGUARD_LIMIT_PCT 20

struct loadguard {
	pid_t root;                 /* whose process tree is "ours" */
	unsigned long long busy;    /* machine busy ticks at begin */
	unsigned long long total;   /* machine total ticks at begin */
	unsigned long long ours;    /* our tree's ticks at begin */
	int others_pct;             /* after end: other programs, % of one core */
};

/* Start a window. root 0 means this process. Returns 0, or -1 when /proc
 * cannot be read (then loadguard_end reports the machine as busy). */
int loadguard_begin(struct loadguard *g, pid_t root);

/* Close the window: true when other programs stayed under the limit. Sets
 * g->others_pct. */
bool loadguard_end(struct loadguard *g);

/* Record a skip: prints "SKIP: what (other programs used N% of a core)" on
 * stderr and appends it to $LOCKSTEP_SKIPS. */
void loadguard_skip(const struct loadguard *g, const char *what);

/* Snapshot parts, for the command-line wrapper. */
int loadguard_machine(unsigned long long *busy, unsigned long long *total);
unsigned long long loadguard_tree_ticks(pid_t root);
/* The same for several trees (a test and the tmux server running the lab). */
unsigned long long loadguard_trees_ticks(const pid_t *roots, int nroots);
int loadguard_others_pct(unsigned long long busy, unsigned long long total,
			 unsigned long long ours);

#endif
