/*
 * exec_system.c - run another program: fork + exec, or system().
 *
 * Python: os.execvp(), os.system(), subprocess.run().
 *
 * exec replaces the program running in *this* process: same pid, new code,
 * new memory; nothing after a successful execvp() ever runs. To run a
 * program and carry on, fork first and exec in the child, then waitpid()
 * for its exit status: that is what system() and subprocess do for you.
 *
 *   exec      fork, then execvp("sh", "-c", SCRIPT) in the child; the script
 *             prints the shell's pid and its name from /proc/$$/comm: the
 *             pid is the one fork gave the child, the name is now "sh"
 *   system    system("echo $$; exit 3"): a new process with a new pid runs
 *             the shell; we get its status back
 *   statuses  fork + execvp of true, false and a program that does not
 *             exist; decode each exit status
 *
 * A wait status is not the exit code: WIFEXITED/WEXITSTATUS unpack it
 * (WIFSIGNALED/WTERMSIG when a signal ended the program). By convention a
 * child whose exec failed exits with 127, as shells do.
 *
 * Build by hand: cc -O2 -pthread exec_system.c lab.c -o exec_system
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"exec", LAB_SAFE, "fork + execvp: the shell keeps the child's pid"},
	{"system", LAB_SAFE, "system(): a new shell process, its exit status back"},
	{"statuses", LAB_SAFE, "exit statuses of true, false and a missing program"},
};
static const struct lab_param params[] = {
	{"code", 3, 0, 255, "exit status the shell returns"},
};
static const struct lab_demo demo = {
	"exec_system", "replace a process image with exec; run a program with system()",
	"os.execvp(), os.system(), subprocess.run()", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): expected and observed are
 * exit statuses, not counts. */
static const struct lab_metric_decl metrics[] = {
	{"shell_pid", LAB_K_TEXT, NULL},
	{"shell_name", LAB_K_TEXT, NULL},
	{"same_pid", LAB_K_YESNO, NULL},
	{"status", LAB_K_TEXT, NULL},
	{"exit_codes", LAB_K_LIST, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/*
 * fork, then exec argv in the child with its stdout going to out_fd (or
 * left alone if -1). Returns the child's pid.
 */
static pid_t spawn(char *const argv[], int out_fd)
{
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid == 0) {
		/* Survives exec: the program dies with the demo, too. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		/* Only reached if exec failed: the old image is still here. */
		_exit(127);
	}
	return pid;
}

static int wait_for(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			lab_die("waitpid: %s", strerror(errno));
	return status;
}

/* "exit 3", "signal 9", ... */
static void decode(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "status %#x", status);
}

/* "PID NAME", as the shell printed it into our pipe. */
static long read_pid_name(int fd, char name[16])
{
	char buf[64];
	long pid = 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	if (sscanf(buf, "%ld %15s", &pid, name) != 2)
		snprintf(name, 16, "?");
	return pid;
}

static void run_shell(const char *name)
{
	int code = (int)lab_param("code"), fd[2], status;
	char script[128], how[32], shell_name[16];
	pid_t pid = 0;
	if (pipe(fd) != 0)
		lab_die("pipe: %s", strerror(errno));
	long long t0 = lab_now_ns();
	if (name[0] == 'e') {
		snprintf(script, sizeof script,
			 "read n < /proc/$$/comm; echo $$ $n; exit %d", code);
		char *argv[] = {"sh", "-c", script, NULL};
		pid = spawn(argv, fd[1]);
		lab_log(name, "fork made pid %d, a copy of us; it calls execvp(\"sh\")",
			(int)pid);
		status = wait_for(pid);
	} else {
		/* system() hands its string to /bin/sh, which inherits our open
		 * files: point its output at our pipe, not at our report. */
		snprintf(script, sizeof script,
			 "read n < /proc/$$/comm; echo $$ $n >&%d; exit %d", fd[1], code);
		status = system(script);
		if (status == -1)
			lab_die("system: %s", strerror(errno));
	}
	long long elapsed = lab_now_ns() - t0;
	close(fd[1]);
	long shell_pid = read_pid_name(fd[0], shell_name);
	close(fd[0]);
	decode(status, how, sizeof how);
	if (name[0] == 'e')
		lab_log(name, "the shell says: pid %ld, name '%s': %s", shell_pid,
			shell_name, shell_pid == pid ? "the same process, a new program"
			: "a different process?");
	else
		lab_log(name, "we are pid %d; the shell says: pid %ld, name '%s': a new "
			"process", (int)getpid(), shell_pid, shell_name);
	lab_log(name, "wait status %#x decodes to %s", status, how);

	/* exec: the same pid; system: a new one. Both: the shell's exit code. */
	bool pid_ok = name[0] == 'e' ? shell_pid == pid : shell_pid != getpid() && shell_pid > 0;
	pid_ok = pid_ok && strcmp(shell_name, "sh") == 0; /* the image did change */
	struct lab_metric m[] = {
		LAB_INT("shell_pid", shell_pid), LAB_TEXT("shell_name", shell_name),
		LAB_INT("same_pid", name[0] == 'e' ? shell_pid == pid : shell_pid == getpid()),
		LAB_TEXT("status", how),
	};
	lab_result(name, code, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		   pid_ok && WIFEXITED(status) && WEXITSTATUS(status) == code, elapsed,
		   m, LAB_COUNT(m));
}

static void statuses(void)
{
	char *progs[] = {"true", "false", "lockstep-no-such-program"};
	int want[] = {0, 1, 127}, matched = 0;
	char all[128] = "", how[32];
	long long t0 = lab_now_ns();
	for (int i = 0; i < 3; i++) {
		char *argv[] = {progs[i], NULL};
		int status = wait_for(spawn(argv, -1));
		decode(status, how, sizeof how);
		matched += WIFEXITED(status) && WEXITSTATUS(status) == want[i];
		lab_log("statuses", "%-24s -> %s%s", progs[i], how,
			i == 2 ? " (exec failed, the child exited 127)" : "");
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%d", i ? " " : "",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	struct lab_metric m[] = {LAB_TEXT("exit_codes", all)};
	lab_result("statuses", 3, matched, matched == 3, lab_now_ns() - t0, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	if (lab_want("exec"))
		run_shell("exec");
	if (lab_want("system"))
		run_shell("system");
	if (lab_want("statuses"))
		statuses();
	return lab_end();
}
