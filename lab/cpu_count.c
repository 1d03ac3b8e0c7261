/*
 * cpu_count.c - how many CPUs are there, and how many may *this* process use?
 *
 * Python: multiprocessing.cpu_count(), os.sched_getaffinity(0),
 *         os.process_cpu_count() (3.13).
 *
 * "The number of CPUs" is really three numbers, plus a fourth limit:
 *
 *   configured  CPUs the kernel knows about       sysconf(_SC_NPROCESSORS_CONF)
 *   online      CPUs switched on right now        sysconf(_SC_NPROCESSORS_ONLN)
 *   usable      CPUs this process may run on      sched_getaffinity + CPU_COUNT
 *   quota       CPU time a container may use      cgroup v2 cpu.max (v1: cfs_quota)
 *
 * `taskset -c 0 ./cpu_count` or a container's cpuset makes `usable` smaller
 * than `online`; a container's CPU quota (docker --cpus=1.5) leaves every CPU
 * usable but limits the time spent on them. A pool that starts one worker
 * per *online* CPU then starts more workers than it can run at once.
 * multiprocessing.cpu_count() counts online CPUs; os.process_cpu_count()
 * (Python 3.13) counts usable ones; a careful pool takes min(usable,
 * ceil(quota)).
 *
 *   counts   the four numbers and the pool size they suggest
 *   taskset  restrict ourselves to `cpus` CPUs (what taskset does) and count again
 *
 * Build by hand: cc -O2 -pthread cpu_count.c lab.c -o cpu_count
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"counts", LAB_SAFE, "configured, online, usable CPUs and the cgroup CPU quota"},
	{"taskset", LAB_SAFE, "limit our affinity to `cpus` CPUs, then count again"},
};
static const struct lab_param params[] = {
	{"cpus", 1, 1, 1024, "CPUs the taskset variant keeps"},
};
static const struct lab_demo demo = {
	"cpu_count", "configured, online and usable CPUs, and why they differ",
	"multiprocessing.cpu_count(), os.sched_getaffinity(0)", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"configured", LAB_K_COUNT, NULL},
	{"online", LAB_K_COUNT, NULL},
	{"usable", LAB_K_COUNT, NULL},
	{"quota_cpus", LAB_K_RATIO, NULL},
	{"pool_workers", LAB_K_COUNT, NULL},
	{"usable_was", LAB_K_COUNT, NULL},
};
static const struct lab_decl decl = {
	.rows = "observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* The CPUs our affinity mask allows: what the scheduler will really use. */
static int usable_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		lab_die("sched_getaffinity: %s", strerror(errno));
	return CPU_COUNT(&set);
}

/*
 * The cgroup CPU quota as a number of CPUs (1.5 = one and a half CPUs of
 * time per period), or 0 when there is none. cgroup v2 keeps it in cpu.max
 * as "QUOTA PERIOD" or "max PERIOD", in our cgroup's directory, which
 * /proc/self/cgroup names on its "0::" line. cgroup v1 splits it in two files.
 */
static double cgroup_quota(char *where, size_t size)
{
	char line[512], path[600] = "", word[32];
	long long quota = -1, period = 0;
	FILE *f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", line + 3);
		}
	if (f)
		fclose(f);
	snprintf(where, size, "no quota file");
	if (path[0] && (f = fopen(path, "r")) != NULL) {         /* cgroup v2 */
		if (fscanf(f, "%31s %lld", word, &period) == 2 && strcmp(word, "max") != 0)
			sscanf(word, "%lld", &quota);
		fclose(f);
		snprintf(where, size, "%s", path);
	} else if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r")) != NULL) {
		if (fscanf(f, "%lld", &quota) != 1)                 /* cgroup v1 */
			quota = -1;
		fclose(f);
		if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r")) != NULL) {
			if (fscanf(f, "%lld", &period) != 1)
				period = 0;
			fclose(f);
		}
		snprintf(where, size, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
	}
	return quota > 0 && period > 0 ? (double)quota / (double)period : 0.0;
}

static void counts(void)
{
	long long t0 = lab_now_ns();
	long conf = sysconf(_SC_NPROCESSORS_CONF), onln = sysconf(_SC_NPROCESSORS_ONLN);
	int usable = usable_cpus();
	char where[640];
	double quota = cgroup_quota(where, sizeof where);

	/* A pool should not start more workers than can run at the same time. */
	int pool = usable;
	if (quota > 0 && (int)(quota + 0.999) < pool)
		pool = (int)(quota + 0.999);
	if (pool < 1)
		pool = 1;

	lab_log("counts", "configured %ld, online %ld, usable by this process %d",
		conf, onln, usable);
	if (quota > 0)
		lab_log("counts", "cgroup quota: %.2f CPUs of time (%s)", quota, where);
	else
		lab_log("counts", "cgroup quota: none (%s)", where);
	if (usable < onln)
		lab_log("counts", "usable < online: our affinity mask is narrower "
			"(taskset, a container's cpuset)");
	lab_log("counts", "a pool sized by online CPUs would start %ld workers; "
		"by what we may really use, %d", onln, pool);

	bool sane = usable >= 1 && usable <= onln && onln <= conf;
	struct lab_metric m[] = {
		LAB_INT("configured", conf), LAB_INT("online", onln),
		LAB_INT("usable", usable), LAB_REAL("quota_cpus", quota),
		LAB_INT("pool_workers", pool),
	};
	lab_result("counts", LAB_NONE, usable, sane, lab_now_ns() - t0, m,
		   LAB_COUNT(m));
}

static void taskset(void)
{
	long long t0 = lab_now_ns();
	int keep = (int)lab_param("cpus"), before = usable_cpus();
	long onln_before = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t old, narrow;
	if (sched_getaffinity(0, sizeof old, &old) != 0)
		lab_die("sched_getaffinity: %s", strerror(errno));

	/* Keep the first `keep` CPUs of our mask, as `taskset -c 0,1` would. */
	CPU_ZERO(&narrow);
	for (int cpu = 0, kept = 0; cpu < CPU_SETSIZE && kept < keep; cpu++)
		if (CPU_ISSET(cpu, &old)) {
			CPU_SET(cpu, &narrow);
			kept++;
		}
	if (sched_setaffinity(0, sizeof narrow, &narrow) != 0)
		lab_die("sched_setaffinity: %s", strerror(errno));
	int after = usable_cpus();
	long onln_after = sysconf(_SC_NPROCESSORS_ONLN);
	sched_setaffinity(0, sizeof old, &old); /* and give them back */

	int want = keep < before ? keep : before;
	lab_log("taskset", "usable %d -> %d, online %ld -> %ld: the machine did not "
		"change, only where we may run", before, after, onln_before, onln_after);
	struct lab_metric m[] = {
		LAB_INT("usable_was", before), LAB_INT("usable", after),
		LAB_INT("online", onln_after),
	};
	lab_result("taskset", want, after, after == want && onln_after == onln_before,
		   lab_now_ns() - t0, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	if (lab_want("counts"))
		counts();
	if (lab_want("taskset"))
		taskset();
	return lab_end();
}
