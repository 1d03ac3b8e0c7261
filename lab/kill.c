/*
 * kill.c - stop a running child with a signal, and read how it ended.
 *
 * Python: p.terminate() (sends SIGTERM), p.kill() (SIGKILL), p.is_alive(),
 *         p.exitcode (negative: "killed by that signal").
 *
 * A signal is a message from the kernel to a process. SIGTERM politely asks
 * it to stop: by default it ends the process, but the process may catch it
 * and tidy up first. SIGKILL cannot be caught. Signals arrive
 * asynchronously: right after kill() returns, the child may still be
 * running. Only waitpid() tells for certain that it has ended, and how.
 *
 *   terminate  SIGTERM, default action   -> killed by signal 15 (exitcode -15)
 *   caught     child catches SIGTERM,    -> exits normally   (exitcode 0)
 *              cleans up and exits
 *   kill       SIGKILL, even though the  -> killed by signal 9 (exitcode -9)
 *              child would catch SIGTERM
 *
 * Build by hand: cc -O2 -pthread kill.c lab.c -o kill
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
	{"terminate", LAB_SAFE, "SIGTERM to a child that does not handle it"},
	{"caught", LAB_SAFE, "SIGTERM to a child that catches it and exits cleanly"},
	{"kill", LAB_SAFE, "SIGKILL: cannot be caught, blocked or ignored"},
};
static const struct lab_param params[] = {
	{"alive_ms", 100, 0, 2000, "how long the child runs before we signal it"},
};
static const struct lab_demo demo = {
	"kill", "terminate a child with a signal and decode its exit status",
	"Process.terminate(), is_alive(), exitcode", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): expected and observed are exit statuses */
static const struct lab_metric_decl metrics[] = {
	{"alive_before", LAB_K_YESNO, NULL},
	{"alive_sent", LAB_K_YESNO, NULL},
	{"alive_joined", LAB_K_YESNO, NULL},
	{"ended_by", LAB_K_TEXT, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

static volatile sig_atomic_t asked_to_stop;
static void on_sigterm(int sig)
{
	(void)sig;
	asked_to_stop = 1; /* only set a flag: the main loop does the rest */
}

static _Noreturn void child(pid_t parent, bool catch_it, int ready_fd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
	if (getppid() != parent)
		_exit(1);
	sigset_t block, old;
	if (catch_it) {
		/* Block SIGTERM while we check the flag; sigsuspend() unblocks
		 * and sleeps in one step, so the signal cannot slip in between. */
		sigemptyset(&block);
		sigaddset(&block, SIGTERM);
		sigprocmask(SIG_BLOCK, &block, &old);
		struct sigaction sa = {.sa_handler = on_sigterm};
		sigaction(SIGTERM, &sa, NULL);
	}
	char c = 1;
	if (write(ready_fd, &c, 1) != 1) /* handler in place: tell the parent */
		_exit(1);
	for (;;) {
		if (catch_it) {
			sigsuspend(&old);
			if (asked_to_stop) {
				lab_log("caught", "child: got SIGTERM, cleaning up, exit(0)");
				_exit(0);
			}
		} else {
			pause(); /* waits for work that never comes: only a signal ends it */
		}
	}
}

/* is_alive(): has the child not yet ended? (WNOHANG: ask, don't wait.) */
static bool is_alive(pid_t pid, int *status, bool *reaped)
{
	if (*reaped)
		return false;
	pid_t r = waitpid(pid, status, WNOHANG);
	if (r == pid)
		*reaped = true;
	return r == 0;
}

/* Python's exitcode: the exit status, or minus the signal that killed it. */
static int exitcode(int status)
{
	return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

static void run(const char *name)
{
	int sig = name[0] == 'k' ? SIGKILL : SIGTERM, fd[2], status = 0;
	bool reaped = false;
	if (pipe(fd) != 0)
		lab_die("pipe: %s", strerror(errno));
	long long t0 = lab_now_ns();
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		child(parent, name[0] != 't', fd[1]);
	}
	close(fd[1]);
	char c;
	if (read(fd[0], &c, 1) != 1)
		lab_die("the child died before it was ready");
	close(fd[0]);

	lab_sleep_ms(lab_param("alive_ms"));
	bool before = is_alive(pid, &status, &reaped);
	lab_log(name, "child %d running: is_alive = %s", (int)pid, before ? "yes" : "no");
	if (kill(pid, sig) != 0)
		lab_die("kill: %s", strerror(errno));
	bool just_after = is_alive(pid, &status, &reaped);
	lab_log(name, "sent %s; right away is_alive = %s%s", sig == SIGKILL ?
		"SIGKILL" : "SIGTERM", just_after ? "yes" : "no",
		just_after ? " (the signal is on its way)" : "");
	if (!reaped && waitpid(pid, &status, 0) != pid) /* join() */
		lab_die("waitpid: %s", strerror(errno));
	reaped = true;
	long long elapsed = lab_now_ns() - t0;

	char how[32];
	if (WIFSIGNALED(status))
		snprintf(how, sizeof how, "signal %d", WTERMSIG(status));
	else
		snprintf(how, sizeof how, "exit %d", WEXITSTATUS(status));
	lab_log(name, "after waitpid: is_alive = no, ended by %s (%s); Python exitcode %d",
		how, WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "normal exit",
		exitcode(status));

	int expected = name[0] == 'c' ? 0 : -sig;
	struct lab_metric m[] = {
		LAB_INT("alive_before", before), LAB_INT("alive_sent", just_after),
		LAB_INT("alive_joined", is_alive(pid, &status, &reaped)),
		LAB_TEXT("ended_by", how),
	};
	lab_result(name, expected, exitcode(status), exitcode(status) == expected && before,
		   elapsed, m, LAB_COUNT(m));
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
