/*
 * machine.c - measures other programs' CPU use over a window (machine.h),
 * the same way as the tests' load guard, for the app itself.
 */
#define _GNU_SOURCE
#include "core/machine.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

bool machine_parse_stat(const char *text, unsigned long long *busy, unsigned long long *total)
{
	/* cpu  user nice system idle iowait irq softirq steal ... */
	unsigned long long v[8] = {0};
	if (strncmp(text, "cpu ", 4) != 0)
		return false;
	int n = sscanf(text + 4, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		       &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n < 4)
		return false;
	*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	*total = *busy + v[3] + v[4];
	return true;
}

static bool read_stat(unsigned long long *busy, unsigned long long *total)
{
	char buf[512];
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return false;
	bool ok = fgets(buf, sizeof buf, f) && machine_parse_stat(buf, busy, total);
	fclose(f);
	return ok;
}

static long long tv_ns(struct timeval tv) { return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL; }

static long long own_cpu_ns(void)
{
	struct rusage self, kids;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return tv_ns(self.ru_utime) + tv_ns(self.ru_stime) + tv_ns(kids.ru_utime) +
	       tv_ns(kids.ru_stime);
}

void machine_begin(struct machine_mark *m)
{
	memset(m, 0, sizeof *m);
	m->own_ns = own_cpu_ns();
	m->ok = read_stat(&m->busy, &m->total);
}

bool machine_end(const struct machine_mark *m, double *others, int *ncpu)
{
	unsigned long long busy, total;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), hz = sysconf(_SC_CLK_TCK);
	*ncpu = cpus > 0 ? (int)cpus : 1;
	*others = 0;
	if (!m->ok || !read_stat(&busy, &total) || total <= m->total || hz <= 0)
		return false;
	/* ticks -> ns; the window's wall time is the total ticks over the CPUs */
	double tick_ns = 1e9 / (double)hz;
	double busy_ns = (double)(busy - m->busy) * tick_ns;
	double wall_ns = (double)(total - m->total) * tick_ns / *ncpu;
	/* /proc/stat counts whole ticks, sampled; our own time is exact. Give
	 * the others one tick per CPU less, so that sampling alone never makes
	 * a short run look busy (over a run of seconds the margin is nothing). */
	double theirs = busy_ns - (double)(own_cpu_ns() - m->own_ns) - tick_ns * *ncpu;
	*others = theirs > 0 ? theirs / wall_ns : 0;
	return true;
}
