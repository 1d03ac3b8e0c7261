/*
 * process_pool.c - a pool of worker processes: one channel for tasks, one
 * for results.
 *
 * Python: with multiprocessing.Pool(workers) as pool:
 *             pool.map(f, range(n), chunksize)  # results in input order
 *             pool.imap_unordered(f, ...)       # results as they finish
 *             (pool.apply_async(f, (x,)) is the same for a single task)
 *
 * The workers start once and are reused. They all read one task pipe, so
 * whoever is free takes the next task (a chunk of `chunksize` inputs): the
 * load balances itself. Results return through a second pipe tagged with
 * their input index: map puts each in its place, imap_unordered hands them
 * over as they come. Last, one sentinel per worker stops it, and it answers
 * with how many tasks it ran.
 *
 *   map             squares of 0..n-1, in input order
 *   imap_unordered  the same tasks, results in completion order
 *   speedup         count the primes below `limit` (CPU-bound, by trial
 *                   division, in 64 pieces) with 1 worker, then `workers`:
 *                   the same answer, in less time
 *
 * Build by hand: cc -O2 -pthread process_pool.c lab.c -o process_pool
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"map", LAB_SAFE, "squares of 0..n-1, results in input order"},
	{"imap_unordered", LAB_SAFE, "the same, results in the order they finish"},
	{"speedup", LAB_SAFE, "count primes with 1 worker, then with `workers`"},
};
static const struct lab_param params[] = {
	{"workers", 0, 0, 64, "worker processes (0: one per usable CPU)"},
	{"n", 20, 1, 100000, "inputs for map and imap_unordered"},
	{"chunksize", 2, 1, 10000, "inputs per task"},
	{"limit", 1000000, 1000, 20000000, "speedup: count the primes below this"},
};
static const struct lab_demo demo = {
	"process_pool", "a pool of worker processes: map, imap_unordered, speedup",
	"multiprocessing.Pool, map, imap_unordered", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"speedup", LAB_K_RATIO, "x"},
	{"ms_1_worker", LAB_K_DURATION, "ms"},
	{"in_order", LAB_K_YESNO, NULL},
	{"workers", LAB_K_COUNT, NULL},
	{"per_worker", LAB_K_LIST, NULL},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

#define PIECES 64 /* the speedup's prime range is cut into this many tasks */

struct task { int first, count; };               /* count 0: the sentinel */
struct result { int index, worker; long long value; }; /* index -1: stats */

static pthread_mutex_t *take_lock; /* in shared memory: see main() */

static bool read_full(int fd, void *buf, size_t size)
{
	for (size_t got = 0; got < size;) {
		ssize_t n = read(fd, (char *)buf + got, size - got);
		if (n == 0 || (n < 0 && errno != EINTR))
			return false;
		got += n > 0 ? (size_t)n : 0;
	}
	return true;
}

/* The primes in piece i of [0, limit): honest CPU work, no sleeping. */
static long long primes_in_piece(int i)
{
	unsigned limit = (unsigned)lab_param("limit"), count = 0;
	unsigned lo = (unsigned)((unsigned long long)limit * i / PIECES);
	unsigned hi = (unsigned)((unsigned long long)limit * (i + 1) / PIECES);
	for (unsigned x = lo < 2 ? 2 : lo; x < hi; x++) {
		bool prime = true;
		for (unsigned d = 2; d * d <= x && prime; d++)
			prime = x % d != 0;
		count += prime;
	}
	return count;
}

static _Noreturn void worker(int id, int in, int out, bool primes)
{
	struct task t;
	struct result r = {0, id, 0};
	long long tasks = 0;
	for (;;) {
		/* One worker at a time reads the shared task pipe (Python's pool
		 * locks its task queue too), so no two split one task message. */
		pthread_mutex_lock(take_lock);
		bool ok = read_full(in, &t, sizeof t);
		pthread_mutex_unlock(take_lock);
		if (!ok || t.count == 0)
			break; /* the sentinel: no more work */
		for (r.index = t.first; r.index < t.first + t.count; r.index++) {
			r.value = primes ? primes_in_piece(r.index)
					 : (long long)r.index * r.index;
			if (write(out, &r, sizeof r) != sizeof r) /* < PIPE_BUF: whole */
				_exit(1);
		}
		tasks++;
	}
	r = (struct result){-1, id, tasks};
	_exit(write(out, &r, sizeof r) == sizeof r ? 0 : 1);
}

/*
 * Start `workers` processes, send them inputs 0..n-1 in chunks, collect the
 * n results, stop them: value[i] is input i's result, arrival[k] the input
 * whose result came k-th, per_worker[w] the tasks worker w ran. We send and
 * receive together (poll): had we written every task first, the workers
 * could fill the result pipe and stop while we still wait to write.
 */
static long long pool_map(int workers, bool primes, int n, int chunk,
			  long long *value, long long *arrival, long long *per_worker)
{
	int tasks[2], results[2], sent = 0, got = 0;
	pid_t me = getpid(), pid[64];
	struct result r;
	long long t0 = lab_now_ns();
	if (pipe(tasks) != 0 || pipe(results) != 0)
		lab_die("pipe: %s", strerror(errno));
	for (int i = 0; i < workers; i++) {
		if ((pid[i] = fork()) < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid[i] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
			if (getppid() != me)
				_exit(1);
			close(tasks[1]);
			close(results[0]);
			worker(i, tasks[0], results[1], primes);
		}
	}
	close(tasks[0]);
	close(results[1]);
	while (got < n + workers) { /* n results, then each worker's last word */
		struct pollfd pf[2] = {{tasks[1], sent < n ? POLLOUT : 0, 0},
				       {results[0], POLLIN, 0}};
		if (poll(pf, 2, -1) < 0 && errno != EINTR)
			lab_die("poll: %s", strerror(errno));
		if (pf[0].revents & POLLOUT) {
			struct task t = {sent, n - sent < chunk ? n - sent : chunk};
			if (write(tasks[1], &t, sizeof t) != sizeof t)
				lab_die("write: %s", strerror(errno));
			sent += t.count;
		}
		if (!(pf[1].revents & (POLLIN | POLLHUP)))
			continue;
		if (!read_full(results[0], &r, sizeof r))
			lab_die("a worker died");
		if (r.index < 0)
			per_worker[r.worker] = r.value;
		else
			value[r.index] = r.value, arrival[got] = r.index;
		if (++got == n) /* all results in: one sentinel per worker */
			for (int i = 0; i < workers; i++)
				if (write(tasks[1], &(struct task){0, 0}, sizeof(struct task)) < 0)
					lab_die("write: %s", strerror(errno));
	}
	close(tasks[1]);
	close(results[0]);
	for (int i = 0; i < workers; i++)
		waitpid(pid[i], NULL, 0);
	return lab_now_ns() - t0;
}

/* "0 1 4 9": the first numbers of a list, as text. */
static void list(char *buf, size_t size, const long long *v, int n)
{
	buf[0] = '\0';
	for (int i = 0; i < n && strlen(buf) + 24 < size; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%lld", i ? " " : "", v[i]);
}

static void run(const char *name, int workers)
{
	bool speed = name[0] == 's', map = name[0] == 'm', in_order = true;
	int n = speed ? PIECES : (int)lab_param("n");
	long long *value = malloc(n * sizeof(long long)), *arrival = malloc(n * sizeof(long long));
	long long per[64] = {0}, t1 = 0, want = speed ? 0 : n, got = 0;
	char text[256], tally[256];
	if (!value || !arrival)
		lab_die("out of memory");
	if (speed) { /* the same work on one worker first, for comparison */
		t1 = pool_map(1, true, n, 1, value, arrival, per);
		for (int i = 0; i < n; i++)
			want += value[i]; /* more workers must not change the answer */
	}
	long long elapsed = pool_map(workers, speed, n, speed ? 1 :
				     (int)lab_param("chunksize"), value, arrival, per);
	list(tally, sizeof tally, per, workers);
	for (int i = 0; i < n; i++) {
		got += speed ? value[i] : value[i] == (long long)i * i; /* in its place? */
		in_order &= arrival[i] == i;
	}
	double speedup = (double)t1 / (double)elapsed;
	if (speed) {
		lab_log(name, "primes below %lld: %lld; 1 worker %.0f ms, %d workers %.0f ms: "
			"%.2fx as fast", lab_param("limit"), got, t1 / 1e6, workers,
			elapsed / 1e6, speedup);
	} else {
		list(text, sizeof text, map ? value : arrival, n);
		lab_log(name, map ? "results, in input order: %s" :
			"inputs, in the order their results came: %s", text);
		lab_log(name, "results arrived in input order: %s%s", in_order ? "yes" : "no",
			map ? "; map returns them by input index either way" : "");
	}
	lab_log(name, "tasks per worker: %s", tally);
	struct lab_metric m[] = {
		speed ? LAB_REAL("speedup", speedup) : LAB_TEXT(map ? "results" : "arrival", text),
		speed ? LAB_REAL("ms_1_worker", t1 / 1e6) : LAB_INT("in_order", in_order),
		LAB_INT("workers", workers), LAB_TEXT("per_worker", tally),
	};
	lab_result(name, want, got, got == want, elapsed, m, LAB_COUNT(m));
	free(value);
	free(arrival);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	int workers = (int)lab_param("workers");
	cpu_set_t set;
	if (workers == 0) /* like Pool(): one per CPU we may use */
		workers = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
	workers = workers > 64 ? 64 : workers;
	/* Shared by the worker processes: in shared memory, made for processes. */
	take_lock = mmap(NULL, sizeof *take_lock, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (take_lock == MAP_FAILED)
		lab_die("mmap: %s", strerror(errno));
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(take_lock, &attr);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name, workers);
	return lab_end();
}
