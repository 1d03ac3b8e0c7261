/*
 * machine.h - how much CPU other programs used while a demo ran: the whole
 * machine's busy time from /proc/stat, minus what this process and its
 * reaped children (the demo and everything it started) used over the same
 * window. Timing contrasts mean little when others held the cores.
 *
 * Layer: src/core. Reads /proc/stat and getrusage only.
 */
#ifndef CORE_MACHINE_H
#define CORE_MACHINE_H

#include <stdbool.h>

struct machine_mark {
	bool ok;                       /* /proc/stat could be read */
	unsigned long long busy, total; /* clock ticks, all CPUs */
	long long own_ns;              /* this process + reaped children, CPU */
};

/* The start of a window. */
void machine_begin(struct machine_mark *m);

/* The end of the window begun at m: other programs' CPU use in cores (0.9 =
 * 90% of one core) and the number of CPUs. Call it after the demo was
 * reaped, so that its CPU time counts as ours. /proc/stat counts sampled
 * ticks: the others are given one tick per CPU less, so that sampling never
 * makes a short run look busy. False when /proc/stat could not be read
 * (then *others is 0). */
bool machine_end(const struct machine_mark *m, double *others, int *ncpu);

/* Parse the first "cpu" line of /proc/stat text into busy and total ticks.
 * Exposed for the unit test. False when the line is not there. */
bool machine_parse_stat(const char *text, unsigned long long *busy, unsigned long long *total);

#endif
