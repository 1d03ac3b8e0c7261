/*
 * daemon.c - a background child is ended when its parent goes; a normal one
 * is waited for.
 *
 * Python: Process(target=f, daemon=True) beside an ordinary Process.
 *
 * When a Python program's main code ends, multiprocessing terminates its
 * daemonic children and joins (waits for) the others. In C nothing happens
 * by itself: the parent decides whom it waits for with waitpid(), and a
 * child can ask the kernel for a signal when its parent dies:
 * prctl(PR_SET_PDEATHSIG, SIGTERM). That is our "daemon" flag.
 *
 * So that this demo stays alive to report, it plays the observer: it forks
 * a "parent" P, and P forks two children that share a scoreboard with us
 * (mmap MAP_SHARED). P's own work is nothing; it only waits for its normal
 * children, then exits.
 *
 *   P ── normal child      works work_ms              P waits for it
 *    └── background child  works daemon_ms (longer)   daemon: ended as P exits
 *
 *   daemon     the background child is a daemon: SIGTERM when P exits
 *   no_daemon  both are normal: P waits for both, both finish
 *
 * The demo becomes a "child subreaper" (PR_SET_CHILD_SUBREAPER): orphans of
 * P are handed to us instead of to init, so we reap the background child
 * and read how it ended.
 *
 * Build by hand: cc -O2 -pthread daemon.c lab.c -o daemon
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"daemon", LAB_SAFE, "background child with PR_SET_PDEATHSIG: ended with its parent"},
	{"no_daemon", LAB_SAFE, "two normal children: the parent waits for both"},
};
static const struct lab_param params[] = {
	{"work_ms", 200, 10, 2000, "work of the normal child, in milliseconds"},
	{"daemon_ms", 600, 10, 5000, "work of the background child, in milliseconds"},
};
static const struct lab_demo demo = {
	"daemon", "a daemon child ends with its parent; a normal child is waited for",
	"Process(daemon=True)", variants, LAB_COUNT(variants), params,
	LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"normal_done", LAB_K_YESNO, NULL},
	{"daemon_done", LAB_K_YESNO, NULL},
	{"daemon_did", LAB_K_COUNT, NULL},
	{"daemon_end", LAB_K_TEXT, NULL},
	{"parent_ms", LAB_K_DURATION, "ms"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

enum { NORMAL, BACKGROUND };
static const char *who[] = {"normal child", "background child"};

/* Shared by the demo, P and both children: it outlives any of them. */
struct board {
	atomic_int done_ms[2]; /* work done so far */
	atomic_int finished[2];
	pid_t pid[2];          /* written by P, read by us after P is gone */
};
static struct board *board;

/* Ask for `sig` when our parent dies; if it is already gone, act now. */
static void die_with_parent(pid_t parent, int sig)
{
	prctl(PR_SET_PDEATHSIG, sig);
	if (getppid() != parent)
		raise(sig);
}

/* A child's job, in steps of 10 ms, progress on the scoreboard. */
static _Noreturn void work(int which, long long ms)
{
	for (int done = 0; done < ms; done += 10) {
		lab_sleep_ms(ms - done < 10 ? ms - done : 10);
		atomic_store(&board->done_ms[which], done + 10 < ms ? done + 10 : (int)ms);
	}
	atomic_store(&board->finished[which], 1);
	_exit(0);
}

/* P: start both children, wait for the non-daemon ones, exit. */
static _Noreturn void parent_process(bool daemon)
{
	pid_t me = getpid();
	long long need[2] = {lab_param("work_ms"), lab_param("daemon_ms")};
	for (int c = NORMAL; c <= BACKGROUND; c++) {
		pid_t pid = fork();
		if (pid < 0)
			_exit(1);
		if (pid == 0) {
			/* The daemon flag. (The SIGKILL on a normal child is only
			 * a safety net: P always waits for it, unless P is killed.) */
			die_with_parent(me, daemon && c == BACKGROUND ? SIGTERM : SIGKILL);
			work(c, need[c]);
		}
		board->pid[c] = pid;
	}
	lab_log(daemon ? "daemon" : "no_daemon", "parent %d: main code done; "
		"waiting for my non-daemon children", (int)me);
	waitpid(board->pid[NORMAL], NULL, 0);
	if (!daemon)
		waitpid(board->pid[BACKGROUND], NULL, 0);
	_exit(0); /* a daemon child still running gets SIGTERM now */
}

static void run(const char *name)
{
	bool daemon = strcmp(name, "daemon") == 0;
	memset(board, 0, sizeof *board);
	long long t0 = lab_now_ns();

	pid_t me = getpid(), p = fork();
	if (p < 0)
		lab_die("fork: %s", strerror(errno));
	if (p == 0) {
		die_with_parent(me, SIGKILL);
		parent_process(daemon);
	}

	/* Reap everyone: P, and the background child once it is orphaned to us. */
	int status, ended = -1;
	long long p_exit_ns = 0;
	pid_t pid;
	while ((pid = waitpid(-1, &status, 0)) > 0 || errno == EINTR) {
		if (pid == p)
			p_exit_ns = lab_now_ns() - t0;
		else if (pid > 0 && pid == board->pid[BACKGROUND])
			ended = status;
	}
	long long elapsed = lab_now_ns() - t0;

	int fin[2], done_ms[2];
	for (int c = NORMAL; c <= BACKGROUND; c++) {
		fin[c] = atomic_load(&board->finished[c]);
		done_ms[c] = atomic_load(&board->done_ms[c]);
		lab_log(name, "%s (pid %d): %s after %d of %lld ms of work", who[c],
			(int)board->pid[c], fin[c] ? "finished" : "stopped", done_ms[c],
			lab_param(c == NORMAL ? "work_ms" : "daemon_ms"));
	}
	char end[64] = "waited by P";
	if (ended != -1 && WIFSIGNALED(ended))
		snprintf(end, sizeof end, WTERMSIG(ended) == SIGTERM ? "SIGTERM" :
			 "signal %d", WTERMSIG(ended));
	else if (ended != -1)
		snprintf(end, sizeof end, "exit %d", WEXITSTATUS(ended));
	lab_log(name, "parent P exited after %lld ms; background child: %s",
		p_exit_ns / 1000000, end);

	/* The teaching: a daemon still busy when P exits is ended; normal
	 * children always finish. (A daemon with less work than the normal
	 * child finishes first; equal work is a race.) */
	int expected = daemon && lab_param("daemon_ms") > lab_param("work_ms") ? 1 : 2;
	struct lab_metric m[] = {
		LAB_INT("normal_done", fin[NORMAL]), LAB_INT("daemon_done", fin[BACKGROUND]),
		LAB_INT("daemon_did", done_ms[BACKGROUND]), LAB_TEXT("daemon_end", end),
		LAB_INT("parent_ms", p_exit_ns / 1000000),
	};
	lab_result(name, expected, fin[0] + fin[1], fin[0] + fin[1] == expected,
		   elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	/* Orphaned grandchildren come to us, so none is ever left behind. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		lab_die("prctl(PR_SET_CHILD_SUBREAPER): %s", strerror(errno));
	board = mmap(NULL, sizeof *board, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (board == MAP_FAILED)
		lab_die("mmap: %s", strerror(errno));
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
