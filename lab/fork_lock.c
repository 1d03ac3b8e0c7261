/*
 * fork_lock.c - fork() while another thread holds a mutex: the child's copy
 * of the mutex stays locked forever.
 *
 * Python: os.fork() or multiprocessing's "fork" start method in a program
 *         that already runs threads (Python 3.12+ raises a
 *         DeprecationWarning saying the process is multi-threaded and
 *         fork() may lead to deadlocks in the child); "spawn" and
 *         "forkserver" avoid it.
 *
 * fork() copies the whole address space, locks included, but only the
 * thread that called it goes on running in the child. If another thread
 * held a mutex at that instant, the child has a copy that says "locked by
 * a thread" that does not exist there. Nobody will ever unlock it: the
 * child's first pthread_mutex_lock() waits forever. The parent's thread
 * unlocking its own copy changes nothing for the child.
 *
 *   threaded_fork  a thread holds the lock when main forks; the child
 *                  locks it                        -> the child is stuck
 *   fork_first     fork before any thread starts  -> the child gets the lock
 *   exec_at_once   fork with the lock held, but the child execs at once
 *                  (a new program, new memory)     -> the new program
 *                                                     gets its own lock
 *
 * The parent waits for the child's "I have the lock" byte on a pipe, for
 * at most timeout_ms. If nothing comes it reports "stuck" and kills the
 * child with SIGKILL: nothing else would ever end it.
 *
 * Build by hand: cc -O2 -pthread fork_lock.c lab.c -o fork_lock
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"threaded_fork", LAB_BROKEN, "fork while a thread holds the lock: child stuck"},
	{"fork_first", LAB_SAFE, "fork before starting threads: child gets the lock"},
	{"exec_at_once", LAB_SAFE, "fork with the lock held, child execs at once"},
};
static const struct lab_param params[] = {
	{"timeout_ms", 1000, 50, 10000, "how long the parent waits for the child"},
};
static const struct lab_demo demo = {
	"fork_lock", "fork() copies a lock held by a thread the child does not have",
	"os.fork(), multiprocessing fork / spawn / forkserver", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): the verdict says whether the child got the lock */
static const struct lab_metric_decl metrics[] = {
	{"child", LAB_K_TEXT, NULL},
	{"wait_ms", LAB_K_DURATION, "ms"},
};
static const struct lab_claim claims[] = {
	{"threaded_fork", "observed", "<=", 0, NULL}, /* the child is stuck */
	{"fork_first", "observed", ">=", 1, NULL},
	{"exec_at_once", "observed", ">=", 1, NULL},
};
static const struct lab_decl decl = {
	.rows = "",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* The program started by exec_at_once: `fork_lock --fresh-lock FD`. A new
 * program has its own, freshly initialised mutex. */
#define FRESH_ARG "--fresh-lock"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t holding, release_it; /* holder -> main, main -> holder */

/* The other thread: takes the lock and keeps it until main says so. */
static void *holder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	sem_post(&holding);
	while (sem_wait(&release_it) != 0)
		;
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* In the child: take the lock, then tell the parent with one byte. */
static _Noreturn void child_lock(int fd)
{
	pthread_mutex_lock(&lock);          /* threaded_fork: waits forever */
	char ok = 'L';
	ssize_t n = write(fd, &ok, 1);
	pthread_mutex_unlock(&lock);
	_exit(n == 1 ? 0 : 1);
}

/* Start a child for `variant`; it writes one byte to fds[1] when it holds a
 * lock. Returns its pid. */
static pid_t start_child(const char *variant, int fds[2])
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid > 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlive the demo */
	if (getppid() != parent)
		_exit(1);
	close(fds[0]);
	if (strcmp(variant, "exec_at_once") == 0) {
		char fd[16];
		snprintf(fd, sizeof fd, "%d", fds[1]);
		execl("/proc/self/exe", "fork_lock", FRESH_ARG, fd, (char *)NULL);
		_exit(127);                 /* exec failed */
	}
	child_lock(fds[1]);
}

static void run(const char *name)
{
	int fds[2];
	pthread_t tid;
	bool threaded = strcmp(name, "fork_first") != 0;
	pid_t pid = 0;

	if (pipe(fds) != 0)
		lab_die("pipe: %s", strerror(errno));
	sem_init(&holding, 0, 0);
	sem_init(&release_it, 0, 0);
	long long t0 = lab_now_ns();
	if (!threaded)
		pid = start_child(name, fds);       /* before any thread */
	if (pthread_create(&tid, NULL, holder, NULL) != 0)
		lab_die("pthread_create failed");
	while (sem_wait(&holding) != 0)
		;                                   /* the thread holds the lock */
	if (threaded)
		pid = start_child(name, fds);       /* fork with the lock held */
	sem_post(&release_it);                      /* the parent's copy is freed */
	pthread_join(tid, NULL);
	close(fds[1]);

	/* Wait for the child's byte, at most timeout_ms. */
	long long limit = lab_param("timeout_ms");
	struct pollfd p = {.fd = fds[0], .events = POLLIN};
	char byte = 0;
	int ready = poll(&p, 1, (int)limit);
	bool got = ready == 1 && read(fds[0], &byte, 1) == 1 && byte == 'L';
	long long waited = lab_now_ns() - t0;
	if (!got) {
		lab_log(name, "child %d: no lock after %lld ms, killing it", (int)pid, limit);
		kill(pid, SIGKILL);
	}
	int status;
	waitpid(pid, &status, 0);
	close(fds[0]);
	sem_destroy(&holding);
	sem_destroy(&release_it);

	struct lab_metric m[] = {
		LAB_TEXT("child", got ? "got the lock" : "stuck"),
		LAB_REAL("wait_ms", (double)waited / 1e6),
	};
	lab_result(name, 1, got ? 1 : 0, got, waited, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], FRESH_ARG) == 0)
		child_lock(atoi(argv[2]));  /* the program exec_at_once starts */
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
