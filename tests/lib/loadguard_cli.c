/*
 * loadguard_cli.c - the load guard for shell tests (tests/lib/guard.sh).
 *
 *   loadguard begin ROOTS       print a token: the machine's ticks and those of the
 *                               trees under ROOTS (pids, comma-separated)
 *   loadguard end TOKEN...      print other programs' use in % of one core;
 *                               exit 0 when under the limit, 1 when busy
 */
#define _POSIX_C_SOURCE 200809L
#include "loadguard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "12,345" -> pids; returns how many (at most max). */
static int parse_roots(const char *arg, pid_t *roots, int max)
{
	int n = 0;
	for (const char *p = arg; *p && n < max;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		roots[n++] = (pid_t)v;
		p = *end == ',' ? end + 1 : end;
	}
	return n;
}

int main(int argc, char **argv)
{
	pid_t roots[8];
	if (argc == 3 && strcmp(argv[1], "begin") == 0) {
		int n = parse_roots(argv[2], roots, 8);
		unsigned long long ours = loadguard_trees_ticks(roots, n), busy, total;
		if (loadguard_machine(&busy, &total) != 0) {
			fprintf(stderr, "loadguard: cannot read /proc/stat\n");
			return 2;
		}
		printf("%s %llu %llu %llu\n", argv[2], busy, total, ours);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "end") == 0) {
		int n = parse_roots(argv[2], roots, 8);
		unsigned long long b0 = strtoull(argv[3], NULL, 10), t0 = strtoull(argv[4], NULL, 10),
				   o0 = strtoull(argv[5], NULL, 10), busy, total;
		if (loadguard_machine(&busy, &total) != 0) {
			printf("100\n");
			return 1;
		}
		unsigned long long ours = loadguard_trees_ticks(roots, n);
		int pct = loadguard_others_pct(busy - b0, total - t0, ours > o0 ? ours - o0 : 0);
		printf("%d\n", pct);
		return pct <= LOADGUARD_LIMIT_PCT ? 0 : 1;
	}
	fprintf(stderr, "usage: loadguard begin ROOT | loadguard end ROOT BUSY TOTAL OURS\n");
	return 2;
}
