/*
 * pipe_duplex.c - a two-way channel between a parent and a child process.
 *
 * Python: parent_conn, child_conn = multiprocessing.Pipe(duplex=True);
 *         conn.send(), conn.recv(), conn.close(), EOFError.
 *
 * A pipe carries bytes one way. For a conversation you need either two
 * pipes (one each way) or a socketpair: two connected sockets, each end
 * both readable and writable. Python's Pipe(duplex=True) is a socketpair.
 *
 * The parent sends `messages` numbers; the child answers each with its
 * square. Then the parent closes its sending side. The child's next read
 * returns 0 bytes: end of file, nothing more will ever come. It sends one
 * last message (how many it served) and closes, and the parent in turn
 * reads end of file.
 *
 *   socketpair  one duplex channel; shutdown(SHUT_WR) closes one direction
 *   two_pipes   parent->child and child->parent pipes; close() a write end
 *
 * End of file only comes when *every* copy of the write end is closed, and
 * fork copies them all: each side must close the ends it does not use, or
 * the reader waits forever.
 *
 * Build by hand: cc -O2 -pthread pipe_duplex.c lab.c -o pipe_duplex
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"socketpair", LAB_SAFE, "one socketpair: both ends read and write"},
	{"two_pipes", LAB_SAFE, "one pipe each way"},
};
static const struct lab_param params[] = {
	{"messages", 1000, 1, 1000000, "requests the parent sends"},
};
static const struct lab_demo demo = {
	"pipe_duplex", "a two-way channel between processes, and end of file",
	"multiprocessing.Pipe(duplex=True)", variants, LAB_COUNT(variants), params,
	LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"child_served", LAB_K_COUNT, NULL},
	{"eof_seen", LAB_K_YESNO, NULL},
	{"us_per_trip", LAB_K_DURATION, "us"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* One message. Fixed size, so the reader knows where each one ends. */
struct msg {
	long long seq, value;
};

/* Read exactly one message: 1, or 0 at end of file, -1 on error. A byte
 * stream may hand over part of a message: read until it is whole. */
static int recv_msg(int fd, struct msg *m)
{
	size_t got = 0;
	while (got < sizeof *m) {
		ssize_t n = read(fd, (char *)m + got, sizeof *m - got);
		if (n == 0)
			return got == 0 ? 0 : -1; /* end of file (mid-message: error) */
		if (n < 0 && errno != EINTR)
			return -1;
		got += n > 0 ? (size_t)n : 0;
	}
	return 1;
}

static bool send_msg(int fd, long long seq, long long value)
{
	struct msg m = {seq, value};
	return write(fd, &m, sizeof m) == sizeof m; /* < PIPE_BUF: one piece */
}

/* The child: answer every request, then say goodbye at end of file. */
static _Noreturn void server(const char *variant, int in, int out)
{
	struct msg m;
	long long served = 0;
	while (recv_msg(in, &m) == 1) {
		if (!send_msg(out, m.seq, m.value * m.value))
			_exit(1);
		served++;
	}
	lab_log(variant, "child: read() returned 0 - end of file after %lld requests",
		served);
	send_msg(out, -1, served); /* the other direction still works */
	_exit(0);
}

static void run(const char *name)
{
	bool sock = strcmp(name, "socketpair") == 0;
	long long n = lab_param("messages"), good = 0;
	int to_child[2], to_parent[2]; /* [0] read end, [1] write end */
	if (sock) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			lab_die("socketpair: %s", strerror(errno));
		/* the same two fds serve both directions */
		to_child[1] = to_parent[0] = sv[0];
		to_child[0] = to_parent[1] = sv[1];
	} else if (pipe(to_child) != 0 || pipe(to_parent) != 0) {
		lab_die("pipe: %s", strerror(errno));
	}

	long long t0 = lab_now_ns();
	pid_t parent = getpid(), pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
		if (getppid() != parent)
			_exit(1);
		close(to_child[1]); /* the child's own ends only */
		if (!sock)
			close(to_parent[0]);
		server(name, to_child[0], to_parent[1]);
	}
	close(to_child[0]);
	if (!sock)
		close(to_parent[1]);

	/* Request, reply, request, reply: a real conversation. */
	struct msg m;
	for (long long i = 0; i < n; i++) {
		if (!send_msg(to_child[1], i, i % 100000))
			lab_die("send failed: %s", strerror(errno));
		if (recv_msg(to_parent[0], &m) != 1)
			lab_die("the child hung up early");
		good += m.seq == i && m.value == (i % 100000) * (i % 100000);
		if (i < 3)
			lab_log(name, "parent: sent %lld, the child replied %lld", i % 100000,
				m.value);
		lab_progress(name, i + 1, n);
	}
	long long rtt = (lab_now_ns() - t0) / n;
	lab_log(name, "parent: %lld replies, %lld correct; closing my sending side",
		n, good);
	if (sock)
		shutdown(to_child[1], SHUT_WR); /* half-close: we can still read */
	else
		close(to_child[1]);

	long long served = -1;
	if (recv_msg(to_parent[0], &m) == 1 && m.seq == -1)
		served = m.value;
	bool eof = recv_msg(to_parent[0], &m) == 0;
	lab_log(name, "parent: the child says it served %lld; then %s", served,
		eof ? "read() returned 0 - end of file" : "no end of file?");
	close(to_parent[0]);
	int status;
	waitpid(pid, &status, 0);
	long long elapsed = lab_now_ns() - t0;

	struct lab_metric m2[] = {
		LAB_INT("child_served", served), LAB_INT("eof_seen", eof),
		LAB_REAL("us_per_trip", rtt / 1e3),
	};
	lab_result(name, n, good, good == n && served == n && eof && WIFEXITED(status) &&
		   WEXITSTATUS(status) == 0, elapsed, m2, LAB_COUNT(m2));
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
