/*
 * loadguard.c - measure other programs' CPU use over a test's window (see
 * loadguard.h). Reads /proc/stat and /proc/PID/stat only.
 */
#define _POSIX_C_SOURCE 200809L
#include "loadguard.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int loadguard_machine(unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return -1;
	/* cpu  user nice system idle iowait irq softirq steal ... */
	unsigned long long v[8] = {0};
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		       &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 4)
		return -1;
	*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	*total = *busy + v[3] + v[4];
	return 0;
}

/* One process's parent and its ticks (own + reaped children's). */
static int read_proc(pid_t pid, pid_t *ppid, unsigned long long *ticks)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name is in parentheses and may hold spaces: skip past
	 * the last ')'. Then: state ppid ... utime(14) stime cutime cstime. */
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	char state;
	int pp;
	unsigned long long f14[4];
	if (sscanf(p + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu",
		   &state, &pp, &f14[0], &f14[1], &f14[2], &f14[3]) != 6)
		return -1;
	*ppid = pp;
	*ticks = f14[0] + f14[1] + f14[2] + f14[3];
	return 0;
}

unsigned long long loadguard_tree_ticks(pid_t root)
{
	return loadguard_trees_ticks(&root, 1);
}

unsigned long long loadguard_trees_ticks(const pid_t *roots, int nroots)
{
	/* Collect every process's (pid, ppid, ticks), then sum those whose
	 * ancestry reaches root. Processes come and go while we read: a missing
	 * one simply does not count. */
	size_t cap = 1024, n = 0;
	struct row { pid_t pid, ppid; unsigned long long ticks; } *rows = malloc(cap * sizeof *rows);
	DIR *d = opendir("/proc");
	if (!rows || !d) {
		free(rows);
		if (d)
			closedir(d);
		return 0;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		struct row r = { .pid = (pid_t)atoi(e->d_name) };
		if (read_proc(r.pid, &r.ppid, &r.ticks) != 0)
			continue;
		if (n == cap) {
			struct row *bigger = realloc(rows, 2 * cap * sizeof *rows);
			if (!bigger)
				break;
			rows = bigger;
			cap *= 2;
		}
		rows[n++] = r;
	}
	closedir(d);
	unsigned long long sum = 0;
	for (size_t i = 0; i < n; i++) {
		pid_t p = rows[i].pid;
		bool mine = false;
		for (int depth = 0; depth < 64 && p > 1 && !mine; depth++) {
			for (int r = 0; r < nroots; r++)
				mine = mine || p == roots[r];
			if (mine) {
				sum += rows[i].ticks;
				break;
			}
			pid_t up = 0;
			for (size_t j = 0; j < n; j++)
				if (rows[j].pid == p) {
					up = rows[j].ppid;
					break;
				}
			p = up;
		}
	}
	free(rows);
	return sum;
}

int loadguard_others_pct(unsigned long long busy, unsigned long long total,
			 unsigned long long ours)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	if (total == 0)
		return 0;
	long long others = (long long)busy - (long long)ours;
	if (others < 0)
		others = 0;
	/* total ticks cover all CPUs: one core's share is total / ncpu. */
	return (int)(100 * others * ncpu / (long long)total);
}

int loadguard_begin(struct loadguard *g, pid_t root)
{
	memset(g, 0, sizeof *g);
	g->root = root ? root : getpid();
	g->ours = loadguard_tree_ticks(g->root);
	if (loadguard_machine(&g->busy, &g->total) != 0) {
		g->total = 0;
		return -1;
	}
	return 0;
}

bool loadguard_end(struct loadguard *g)
{
	unsigned long long busy, total;
	if (g->total == 0 || loadguard_machine(&busy, &total) != 0) {
		g->others_pct = 100;
		return false;
	}
	unsigned long long ours = loadguard_tree_ticks(g->root);
	g->others_pct = loadguard_others_pct(busy - g->busy, total - g->total,
					     ours > g->ours ? ours - g->ours : 0);
	return g->others_pct <= LOADGUARD_LIMIT_PCT;
}

void loadguard_skip(const struct loadguard *g, const char *what)
{
	fprintf(stderr, "SKIP: %s (other programs used %d%% of a core, limit %d%%)\n", what,
		g->others_pct, LOADGUARD_LIMIT_PCT);
	const char *log = getenv("LOCKSTEP_SKIPS");
	if (log && *log) {
		FILE *f = fopen(log, "a");
		if (f) {
			fprintf(f, "%s: other programs used %d%% of a core\n", what, g->others_pct);
			fclose(f);
		}
	}
}
