/*
 * process_names.c - give processes names, and read name, pid and ppid back.
 *
 * Python: Process(name="worker-1"), multiprocessing.current_process().name,
 *         os.getpid(), os.getppid().
 *
 * The kernel keeps a short name for every process ("comm", at most 15
 * characters), shown by ps, top and /proc/PID/comm. A forked child starts
 * with its parent's name; prctl(PR_SET_NAME) changes it. (Python's
 * Process.name lives only inside Python; the C name is the kernel's, so
 * every tool on the machine sees it.)
 *
 *   inherited  children keep the name fork gave them: the parent's
 *   named      each child calls prctl(PR_SET_NAME, "worker-N")
 *
 * Each child reads its own name, pid and ppid from /proc/self/stat. While
 * the children wait, the parent reads /proc/PID/comm and /proc/PID/stat of
 * each from the outside, and draws the family tree.
 *
 * Build by hand: cc -O2 -pthread process_names.c lab.c -o process_names
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"inherited", LAB_SAFE, "children keep the name they were forked with"},
	{"named", LAB_SAFE, "each child names itself with prctl(PR_SET_NAME)"},
};
static const struct lab_param params[] = {
	{"children", 3, 1, 16, "child processes to start"},
};
static const struct lab_demo demo = {
	"process_names", "naming processes; name, pid and ppid from /proc",
	"Process(name=...), current_process().name, os.getppid()", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"parent", LAB_K_TEXT, NULL},
	{"names", LAB_K_LIST, NULL},
	{"parent_pid", LAB_K_TEXT, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* First thing in every child: die with the demo, never outlive it. */
static void child_init(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
}

/*
 * Read "PID (COMM) STATE PPID ..." from /proc/PID/stat (pid 0: ourselves).
 * The name sits in parentheses and may itself hold spaces or ')', so look
 * for the *last* ')'. Returns false if the process is gone.
 */
static bool read_stat(pid_t pid, char name[16], int *ppid)
{
	char path[64], buf[512];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/stat");
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = '\0';
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (!open || !close || close < open)
		return false;
	snprintf(name, 16, "%.*s", (int)(close - open - 1), open + 1);
	return sscanf(close + 1, " %*c %d", ppid) == 1;
}

/* The same name, the way `ps -o comm` and `cat /proc/PID/comm` see it. */
static void read_comm(pid_t pid, char name[16])
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "r");
	name[0] = '\0';
	if (f) {
		if (fgets(name, 16, f))
			name[strcspn(name, "\n")] = '\0';
		fclose(f);
	}
}

static _Noreturn void child(const char *variant, int i, int ready_fd, int go_fd)
{
	char name[32], stat_name[16]; /* the kernel keeps 15 characters */
	int ppid = 0;
	if (variant[0] == 'n') {
		snprintf(name, sizeof name, "worker-%d", i);
		prctl(PR_SET_NAME, name); /* the kernel's name for this process */
	}
	if (!read_stat(0, stat_name, &ppid)) /* and read it back */
		_exit(1);
	lab_log(variant, "child %d: I am '%s', pid %d, my parent is pid %d", i,
		stat_name, (int)getpid(), ppid);
	/* Tell the parent we are named, then stay alive until it has looked:
	 * read() returns 0 (end of file) when the parent closes its end. */
	char c = 1;
	if (write(ready_fd, &c, 1) != 1)
		_exit(1);
	while (read(go_fd, &c, 1) > 0)
		;
	_exit(0);
}

static void run(const char *name)
{
	int n = (int)lab_param("children");
	pid_t me = getpid(), pid[16];
	int ready[2], go[2];
	char my_name[16], got[16], names[16 * 17] = "";
	int my_ppid, matched = 0;
	if (pipe(ready) != 0 || pipe(go) != 0)
		lab_die("pipe: %s", strerror(errno));

	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++) {
		if ((pid[i] = fork()) < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid[i] == 0) {
			child_init(me);
			close(ready[0]);
			close(go[1]);
			child(name, i, ready[1], go[0]);
		}
	}
	close(ready[1]);
	close(go[0]);
	char c;
	for (int i = 0; i < n; i++) /* wait until every child has named itself */
		if (read(ready[0], &c, 1) != 1)
			lab_die("a child died before it was ready");

	/* Look at the children from the outside, the way ps does. */
	read_stat(0, my_name, &my_ppid);
	lab_log(name, "%s (pid %d, parent %d)", my_name, (int)me, my_ppid);
	for (int i = 0; i < n; i++) {
		int ppid = 0;
		char stat_name[16];
		read_comm(pid[i], got);
		read_stat(pid[i], stat_name, &ppid);
		char want[32];
		if (name[0] == 'n')
			snprintf(want, sizeof want, "worker-%d", i);
		else
			snprintf(want, sizeof want, "%s", my_name);
		matched += strcmp(got, want) == 0 && ppid == (int)me;
		lab_log(name, "  %s %s (pid %d, ppid %d)", i == n - 1 ? "`-" : "|-",
			got, (int)pid[i], ppid);
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			 i ? "," : "", got);
	}

	close(go[1]); /* end of file for the children: they exit */
	close(ready[0]);
	for (int i = 0; i < n; i++)
		waitpid(pid[i], NULL, 0);
	struct lab_metric m[] = {
		LAB_TEXT("parent", my_name), LAB_TEXT("names", names),
		LAB_INT("parent_pid", me),
	};
	/* expected: children whose name is as predicted and whose ppid is us */
	lab_result(name, n, matched, matched == n, lab_now_ns() - t0, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
