/*
 * process_queue.c - a producer process and a consumer process exchange items
 * through a queue, and stop at a sentinel.
 *
 * Python: q = multiprocessing.Queue(); q.put(item); q.get(); q.put(None)
 *         to tell the consumer there is nothing more.
 *
 * Between processes a queue is a channel in the kernel. Two of them here:
 *
 *   pipe    a pipe carrying fixed-size frames (one write() each, smaller
 *           than PIPE_BUF, so never torn: see pipe_atomicity)
 *   mqueue  a POSIX message queue (mq_open): the kernel keeps message
 *           boundaries and order for us
 *
 * Both are first in, first out, and both block: the producer waits when
 * the queue is full (64 KiB of pipe, or 10 messages), the consumer when it
 * is empty. (Python's Queue never blocks put(): a hidden thread feeds the
 * pipe.) The producer sends `items` numbers from a seeded generator, then
 * a sentinel (seq = -1, Python's None). The consumer checks that the
 * sequence numbers arrive in order and sums the values into an
 * order-sensitive checksum, which we compare with our own.
 *
 * Build by hand: cc -O2 -pthread process_queue.c lab.c -o process_queue -lrt
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"pipe", LAB_SAFE, "fixed-size frames through a pipe"},
	{"mqueue", LAB_SAFE, "a POSIX message queue (mq_open)"},
};
static const struct lab_param params[] = {
	{"items", 10000, 1, 10000000, "items the producer puts"},
};
static const struct lab_demo demo = {
	"process_queue", "producer and consumer processes, FIFO order, a sentinel",
	"multiprocessing.Queue, put/get, None as sentinel", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"received", LAB_K_COUNT, NULL},
	{"sentinel", LAB_K_YESNO, NULL},
	{"checksum_ok", LAB_K_YESNO, NULL},
	{"checksum", LAB_K_TEXT, NULL},
	{"us_per_item", LAB_K_DURATION, "us"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

struct item {
	long long seq; /* -1: the sentinel, "no more items" */
	long long value;
};

/* One queue, whichever kind. */
struct queue {
	bool mq;
	int fd[2]; /* pipe: [0] read end, [1] write end */
	mqd_t q;
};

static void put(struct queue *q, struct item it)
{
	int ok = q->mq ? mq_send(q->q, (char *)&it, sizeof it, 0) == 0
		       : write(q->fd[1], &it, sizeof it) == sizeof it;
	if (!ok)
		_exit(1); /* only children put */
}

static bool get(struct queue *q, struct item *it)
{
	ssize_t n;
	do
		n = q->mq ? mq_receive(q->q, (char *)it, sizeof *it, NULL)
			  : read(q->fd[0], it, sizeof *it);
	while (n < 0 && errno == EINTR);
	return n == sizeof *it; /* a frame < PIPE_BUF is written and read whole */
}

/* The order-sensitive checksum both sides compute. */
static unsigned long long mix(unsigned long long h, long long v)
{
	return (h ^ (unsigned long long)v) * 0x100000001b3ULL;
}

/* What the consumer found, left in shared memory for the parent. */
struct report {
	long long in_order, received;
	unsigned long long checksum;
	int sentinel;
};
static struct report *rep;

static _Noreturn void producer(const char *variant, struct queue *q, long long n)
{
	if (!q->mq)
		close(q->fd[0]); /* a producer only writes */
	uint64_t rng = lab_seed_for(0);
	for (long long i = 0; i < n; i++)
		put(q, (struct item){i, (long long)(lab_rand(&rng) % 1000000)});
	put(q, (struct item){-1, 0}); /* the sentinel: "that's all" */
	lab_log(variant, "producer: put %lld items and the sentinel", n);
	_exit(0);
}

static _Noreturn void consumer(const char *variant, struct queue *q)
{
	struct item it;
	unsigned long long h = 0;
	if (!q->mq)
		close(q->fd[1]); /* a consumer only reads */
	while (get(q, &it)) {
		if (it.seq == -1) {
			rep->sentinel = 1;
			break;
		}
		rep->in_order += it.seq == rep->received; /* FIFO: next one expected */
		rep->received++;
		h = mix(h, it.value);
		if (it.seq < 3)
			lab_log(variant, "consumer: got item %lld = %lld", it.seq, it.value);
	}
	rep->checksum = h;
	lab_log(variant, "consumer: sentinel after %lld items, stopping", rep->received);
	_exit(0);
}

/* fork; in the child, arrange to die with the demo. Returns as fork does. */
static pid_t fork_child(pid_t parent)
{
	pid_t pid = fork();
	if (pid < 0)
		lab_die("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
		if (getppid() != parent)
			_exit(1);
	}
	return pid;
}

static void run(const char *name)
{
	long long n = lab_param("items");
	struct queue queue;
	memset(rep, 0, sizeof *rep);
	queue.mq = strcmp(name, "mqueue") == 0;
	if (queue.mq) {
		char qname[64];
		struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = sizeof(struct item)};
		snprintf(qname, sizeof qname, "/lockstep-queue-%d", (int)getpid());
		queue.q = mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
		if (queue.q == (mqd_t)-1)
			lab_die("mq_open: %s", strerror(errno));
		/* Remove the name at once: the queue lives on while it is open
		 * (the children inherit it), and nothing is left behind. */
		mq_unlink(qname);
	} else if (pipe(queue.fd) != 0) {
		lab_die("pipe: %s", strerror(errno));
	}

	long long t0 = lab_now_ns();
	pid_t me = getpid(), prod, cons;
	if ((prod = fork_child(me)) == 0)
		producer(name, &queue, n);
	if ((cons = fork_child(me)) == 0)
		consumer(name, &queue);
	if (queue.mq) {
		mq_close(queue.q);
	} else {
		close(queue.fd[0]);
		close(queue.fd[1]);
	}
	int st1, st2;
	waitpid(prod, &st1, 0);
	waitpid(cons, &st2, 0);
	long long elapsed = lab_now_ns() - t0;

	/* Our own checksum of what the producer should have sent. */
	uint64_t rng = lab_seed_for(0);
	unsigned long long h = 0;
	for (long long i = 0; i < n; i++)
		h = mix(h, (long long)(lab_rand(&rng) % 1000000));
	bool sums = h == rep->checksum, ok = st1 == 0 && st2 == 0;
	lab_log(name, "%lld of %lld items in FIFO order; checksum %s", rep->in_order, n,
		sums ? "matches" : "DIFFERS");
	struct lab_metric m[] = {
		LAB_INT("received", rep->received), LAB_INT("sentinel", rep->sentinel),
		LAB_INT("checksum_ok", sums), LAB_INT("checksum", (long long)(h & 0xffffffff)),
		LAB_REAL("us_per_item", elapsed / 1e3 / (double)n),
	};
	lab_result(name, n, rep->in_order, rep->in_order == n && rep->received == n &&
		   sums && rep->sentinel && ok, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	rep = mmap(NULL, sizeof *rep, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		   -1, 0);
	if (rep == MAP_FAILED)
		lab_die("mmap: %s", strerror(errno));
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
