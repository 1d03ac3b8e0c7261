/*
 * address_spaces.c - a child process changes a global: the parent never
 * sees it. A thread changes it: the parent does.
 *
 * Python: a global modified inside multiprocessing.Process versus inside
 *         threading.Thread.
 *
 * fork() gives the child a copy of the parent's whole memory (copied lazily,
 * page by page, when either side writes: "copy on write"). The child's
 * `value` lives at the same address as the parent's, but in a different
 * address space: same number, different memory. Threads share one address
 * space, so there is only one `value`.
 *
 *   process  fork; the child sets value = newvalue; the parent still sees 100
 *   thread   pthread_create; the thread sets it; after join the parent sees it
 *
 * Both are correct demonstrations: `expected` is what the parent should see.
 * (The thread writes before pthread_join returns, and join orders the two
 * threads' accesses, so there is no data race.)
 *
 * Build by hand: cc -O2 -pthread address_spaces.c lab.c -o address_spaces
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"process", LAB_SAFE, "a child process changes the global: the parent's is untouched"},
	{"thread", LAB_SAFE, "a thread changes the global: the parent sees the change"},
};
static const struct lab_param params[] = {
	{"newvalue", 200, 101, 1000000, "what the child or the thread writes (it starts at 100)"},
};
static const struct lab_demo demo = {
	"address_spaces", "processes don't share memory, threads do",
	"a global modified in multiprocessing.Process vs threading.Thread", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"other_saw", LAB_K_COUNT, NULL},
	{"parent_sees", LAB_K_COUNT, NULL},
	{"same_address", LAB_K_YESNO, NULL},
	{"same_pid", LAB_K_YESNO, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static int value = 100; /* the global everybody "changes" */

/* What the other side saw, sent back to the parent through a pipe. */
struct seen {
	void *addr;
	int value;
	int pid;
};

static void change(const char *variant, struct seen *s)
{
	value = (int)lab_param("newvalue");
	s->addr = (void *)&value;
	s->value = value;
	s->pid = (int)getpid();
	lab_log(variant, "%s (pid %d): value at %p is now %d",
		variant[0] == 'p' ? "child process" : "thread", s->pid, s->addr, value);
}

static void *thread_main(void *arg)
{
	change("thread", arg);
	return NULL;
}

static void run(const char *name)
{
	struct seen other;
	value = 100;
	lab_log(name, "parent (pid %d): value at %p is %d", (int)getpid(),
		(void *)&value, value);
	long long t0 = lab_now_ns();
	if (name[0] == 'p') {
		int fd[2];
		if (pipe(fd) != 0)
			lab_die("pipe: %s", strerror(errno));
		pid_t parent = getpid(), pid = fork();
		if (pid < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
			if (getppid() != parent)
				_exit(1);
			change(name, &other);
			/* the pipe carries a copy of what we saw: small, one write */
			_exit(write(fd[1], &other, sizeof other) == sizeof other ? 0 : 1);
		}
		close(fd[1]);
		if (read(fd[0], &other, sizeof other) != sizeof other)
			lab_die("the child sent nothing");
		close(fd[0]);
		waitpid(pid, NULL, 0);
	} else {
		pthread_t t;
		if (pthread_create(&t, NULL, thread_main, &other) != 0)
			lab_die("pthread_create failed");
		pthread_join(t, NULL);
	}
	long long elapsed = lab_now_ns() - t0;

	bool same_addr = other.addr == (void *)&value;
	lab_log(name, "parent (pid %d): value at %p is %d%s", (int)getpid(),
		(void *)&value, value, name[0] == 'p' ?
		" - same address, separate memory" : " - one memory, shared");
	int expected = name[0] == 'p' ? 100 : (int)lab_param("newvalue");
	struct lab_metric m[] = {
		LAB_INT("other_saw", other.value), LAB_INT("parent_sees", value),
		LAB_INT("same_address", same_addr),
		LAB_INT("same_pid", other.pid == (int)getpid()),
	};
	lab_result(name, expected, value, value == expected && same_addr, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	/* The process variant runs first: fork before any thread exists (a
	 * forked copy of a threaded program holds only the forking thread). */
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
