/*
 * spawn_join.c - start N processes, one after the other or all at once.
 *
 * Python: multiprocessing.Process(target=f, args=(i,)), p.start(), p.join().
 *
 * fork() makes a copy of this process; the copy (the child) runs the work
 * and leaves with _exit(). waitpid() is join(): it waits for one child to
 * finish and collects its exit status. Where you put the waits decides
 * everything:
 *
 *   sequential  start one, wait for it, start the next  -> N x work_ms
 *   concurrent  start them all, then wait for them all  -> about work_ms
 *
 * Each child stands for a job that takes work_ms (it sleeps; the time is the
 * point here, not the CPU). It reports its number and pid when it starts,
 * and writes its number into a pipe when it is done, so the parent learns
 * the order in which the children finished. In the concurrent run their
 * lines interleave, and the finishing order is whatever the kernel made it.
 *
 * Build by hand: cc -O2 -pthread spawn_join.c lab.c -o spawn_join
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
	{"sequential", LAB_SAFE, "start a process, wait for it, then start the next"},
	{"concurrent", LAB_SAFE, "start every process, then wait for them all"},
};
static const struct lab_param params[] = {
	{"procs", 4, 1, 64, "processes to start"},
	{"work_ms", 200, 1, 2000, "how long each process works, in milliseconds"},
};
static const struct lab_demo demo = {
	"spawn_join", "processes started one at a time or all together",
	"multiprocessing.Process, start(), join()", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"finish_order", LAB_K_LIST, NULL},
	{"work_ms", LAB_K_DURATION, "ms"},
	{"processes", LAB_K_COUNT, NULL},
};
static const struct lab_claim claims[] = {
	{"concurrent", "time", "<=", 0.5, "sequential"}, /* started together, the processes overlap */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* First thing in every child: if the demo dies, the kernel kills us too
 * (PR_SET_PDEATHSIG), so no child outlives a crashed or killed demo. */
static void child_init(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent died before prctl took effect */
		_exit(1);
}

/* The child's whole life: announce, work, report, leave. */
static _Noreturn void child(const char *variant, int number, int done_fd)
{
	unsigned char n = (unsigned char)number;
	lab_log(variant, "process %d (pid %d) started", number, (int)getpid());
	lab_sleep_ms(lab_param("work_ms"));
	if (write(done_fd, &n, 1) != 1) /* 1 byte: always written whole */
		_exit(1);
	lab_log(variant, "process %d (pid %d) done", number, (int)getpid());
	_exit(0); /* never exit(): that would run the parent's atexit and stdio */
}

static pid_t start(const char *variant, int number, int done_fd)
{
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid == 0) {
		child_init(parent);
		child(variant, number, done_fd);
	}
	return pid;
}

/* join(): wait for this child and check it ended well. */
static void join(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			lab_die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		lab_die("child %d failed (status %#x)", (int)pid, status);
}

static void run(const char *name)
{
	int n = (int)lab_param("procs");
	long long work = lab_param("work_ms");
	bool sequential = strcmp(name, "sequential") == 0;
	pid_t pid[64];
	int fd[2];
	if (pipe(fd) != 0)
		lab_die("pipe: %s", strerror(errno));

	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++) {
		pid[i] = start(name, i, fd[1]);
		if (sequential)
			join(pid[i]); /* synchronous: nothing else starts meanwhile */
	}
	if (!sequential)
		for (int i = 0; i < n; i++)
			join(pid[i]); /* asynchronous: they all ran at once */
	long long elapsed = lab_now_ns() - t0;

	/* The pipe holds the children's numbers in the order they finished. */
	close(fd[1]);
	unsigned char order[64];
	ssize_t got = read(fd[0], order, sizeof order);
	close(fd[0]);
	char text[256] = "";
	for (ssize_t i = 0; i < got; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%d",
			 i ? " " : "", order[i]);

	long long expected = sequential ? n * work : work; /* milliseconds */
	long long observed = elapsed / 1000000;
	long long off = observed > expected ? observed - expected : expected - observed;
	lab_log(name, "finished in the order: %s", text);
	lab_log(name, "%d processes x %lld ms of work took %lld ms", n, work, observed);
	struct lab_metric m[] = {
		LAB_TEXT("finish_order", text),
		LAB_INT("work_ms", work),
		LAB_INT("processes", got),
	};
	/* correct: within 25% of what the teaching predicts, and all reported */
	lab_result(name, expected, observed, off * 4 <= expected && got == n, elapsed,
		   m, LAB_COUNT(m));
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
