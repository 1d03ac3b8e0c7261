/*
 * pipe_atomicity.c - several processes write messages into one pipe: which
 * messages arrive whole?
 *
 * Python: many processes putting into one multiprocessing.Queue (a pipe
 *         underneath), and why Queue takes a lock around big messages.
 *
 * POSIX promises that a write() of at most PIPE_BUF bytes (4096 on Linux)
 * lands in the pipe in one piece: no other writer's bytes in the middle.
 * A bigger write may be split: when the pipe fills up mid-message, the
 * writer sleeps with part of its message written, and another writer's
 * bytes may go in next. The reader then gets messages made of two writers'
 * pieces. A message bigger than the whole pipe (64 KiB by default on Linux)
 * can never go in at once, so it is split every time; between PIPE_BUF and
 * 64 KiB it depends on timing (try size=5000).
 *
 *   small         messages of exactly PIPE_BUF bytes, no lock  -> all whole
 *   large         messages of `size` bytes, no lock            -> corrupted
 *   large_locked  `size` bytes, one writer at a time (a mutex
 *                 shared by the processes)                     -> all whole
 *
 * Every message carries what it takes to check it: the writer's number, a
 * sequence number, its length, a payload filled with one byte per writer
 * ('A' for writer 0, 'B' for writer 1...) and a checksum. The reader (this
 * process) cuts the stream into `size`-byte messages and checks each one.
 * The writers are pinned to CPUs and start together at a spinning gate.
 *
 * Build by hand: cc -O2 -pthread pipe_atomicity.c lab.c -o pipe_atomicity
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"small", LAB_SAFE, "PIPE_BUF-byte messages, no lock: every write is atomic"},
	{"large", LAB_BROKEN, "messages above PIPE_BUF, no lock: writes interleave"},
	{"large_locked", LAB_SAFE, "messages above PIPE_BUF, one writer at a time"},
};
static const struct lab_param params[] = {
	{"writers", 3, 2, 16, "processes writing into the pipe"},
	{"messages", 100, 1, 100000, "messages per writer"},
	{"size", 100000, PIPE_BUF + 1, 1 << 20, "bytes per message in the large variants"},
};
static const struct lab_demo demo = {
	"pipe_atomicity", "pipe writes up to PIPE_BUF are atomic; larger ones interleave",
	"multiprocessing.Queue / Pipe with several writers", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): observed counts corrupted messages */
static const struct lab_metric_decl metrics[] = {
	{"size", LAB_K_COUNT, "bytes"},
	{"messages", LAB_K_COUNT, NULL},
	{"whole", LAB_K_COUNT, NULL},
	{"corrupted", LAB_K_COUNT, NULL},
	{"pipe_buf", LAB_K_COUNT, "bytes"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* The head of every message; the payload fills the rest. */
struct head {
	unsigned writer, length;
	unsigned long long seq, checksum;
};

/* Shared by the writer processes: a start gate and the writers' lock. */
struct shared {
	struct lab_gate gate;
	pthread_mutex_t lock; /* PTHREAD_PROCESS_SHARED, see main() */
};
static struct shared *sh;

/* FNV-1a over the payload, mixed with the sequence number. */
static unsigned long long checksum(const unsigned char *p, size_t n,
				   unsigned long long seq)
{
	unsigned long long h = 1469598103934665603ULL ^ seq;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

static _Noreturn void writer(pid_t parent, int id, int fd, size_t size, bool locked)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
	if (getppid() != parent)
		_exit(1);
	unsigned char *msg = malloc(size);
	if (!msg)
		_exit(1);
	struct head h = {(unsigned)id, (unsigned)size, 0, 0};
	memset(msg + sizeof h, 'A' + id, size - sizeof h);
	long long n = lab_param("messages");
	lab_pin_cpu(id);          /* writers on different cores... */
	lab_gate_wait(&sh->gate); /* ...all writing at the same time */
	for (h.seq = 0; h.seq < (unsigned long long)n; h.seq++) {
		h.checksum = checksum(msg + sizeof h, size - sizeof h, h.seq);
		memcpy(msg, &h, sizeof h);
		if (locked)
			pthread_mutex_lock(&sh->lock);
		/* One write() call per message. Above PIPE_BUF the kernel may
		 * return from it only after several turns, other writers'
		 * bytes in between. (The loop only handles a signal cutting
		 * it short; it does not change what the pipe does.) */
		for (size_t done = 0; done < size;) {
			ssize_t w = write(fd, msg + done, size - done);
			if (w < 0 && errno != EINTR)
				_exit(1);
			done += w > 0 ? (size_t)w : 0;
		}
		if (locked)
			pthread_mutex_unlock(&sh->lock);
	}
	_exit(0);
}

/* Is this `size`-byte message one writer's message, whole and intact? */
static bool whole(const unsigned char *msg, size_t size, int writers, long long n)
{
	struct head h;
	memcpy(&h, msg, sizeof h);
	if (h.writer >= (unsigned)writers || h.length != size || h.seq >= (unsigned long long)n)
		return false;
	for (size_t i = sizeof h; i < size; i++)
		if (msg[i] != 'A' + h.writer)
			return false;
	return h.checksum == checksum(msg + sizeof h, size - sizeof h, h.seq);
}

static void run(const char *name)
{
	int writers = (int)lab_param("writers"), fd[2];
	long long n = lab_param("messages");
	size_t size = name[0] == 's' ? PIPE_BUF : (size_t)lab_param("size");
	bool locked = strcmp(name, "large_locked") == 0;
	pid_t me = getpid(), pid[16];
	unsigned char *msg = malloc(size);
	if (!msg)
		lab_die("out of memory");
	if (pipe(fd) != 0)
		lab_die("pipe: %s", strerror(errno));
	lab_gate_init(&sh->gate, writers);

	long long t0 = lab_now_ns();
	for (int i = 0; i < writers; i++) {
		if ((pid[i] = fork()) < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid[i] == 0) {
			close(fd[0]);
			writer(me, i, fd[1], size, locked);
		}
	}
	close(fd[1]); /* ours too: end of file once every writer is done */

	/* Read the stream in `size`-byte messages until end of file. */
	long long total = 0, corrupted = 0, bytes = 0;
	for (;;) {
		size_t got = 0;
		while (got < size) {
			ssize_t r = read(fd[0], msg + got, size - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		bytes += (long long)got;
		if (got < size)
			break; /* end of file (a short tail would be a lost byte) */
		total++;
		corrupted += !whole(msg, size, writers, n);
		lab_progress(name, total, writers * n);
	}
	close(fd[0]);
	free(msg);
	for (int i = 0; i < writers; i++) {
		int status;
		if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			lab_die("writer %d failed", i);
	}
	long long elapsed = lab_now_ns() - t0;

	lab_log(name, "%d writers x %lld messages of %zu bytes (PIPE_BUF %d): "
		"%lld whole, %lld corrupted", writers, n, size, PIPE_BUF,
		total - corrupted, corrupted);
	struct lab_metric m[] = {
		LAB_INT("size", (long long)size), LAB_INT("messages", total),
		LAB_INT("whole", total - corrupted), LAB_INT("corrupted", corrupted),
		LAB_INT("pipe_buf", PIPE_BUF),
	};
	/* expected: no corrupted message; every byte delivered either way */
	bool all_bytes = bytes == (long long)size * writers * n;
	lab_result(name, 0, corrupted, corrupted == 0 && all_bytes, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		  -1, 0);
	if (sh == MAP_FAILED)
		lab_die("mmap: %s", strerror(errno));
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (pthread_mutex_init(&sh->lock, &attr) != 0)
		lab_die("pthread_mutex_init failed");
	pthread_mutexattr_destroy(&attr);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
