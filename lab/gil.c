/*
 * gil.c - a toy interpreter with a global lock, and why CPython has one.
 *
 * Python: the GIL, sys.setswitchinterval, sys.getrefcount.
 *
 * Part 1. Our "interpreter" runs bytecode-sized steps (a fixed chunk of real
 * arithmetic); a thread must hold the global lock to run one. As in CPython,
 * a waiting thread sleeps one switch interval (switch_us), then raises a drop
 * request; the holder sees it between two steps, lets go, and waits until the
 * other thread has the lock: a fair hand-over. Blocking I/O (a sleep standing
 * for a read) runs with the lock released. Same work, compared to one thread:
 *
 *   cpu_1thread / io_1thread   the baselines
 *   cpu_processes  N processes, each its own interpreter  -> N cores busy
 *   cpu_nogil      N threads, no global lock             -> N cores busy
 *   cpu_gil        N threads taking turns on the lock    -> one core's speed
 *   io_gil         N threads, lock released during I/O   -> the waits overlap
 *
 * The variants run in rounds, each once per round; a speedup is the median
 * of the rounds' (baseline time / variant time), robust to load from others.
 *
 * Part 2. Why the lock exists: every object has a reference count that every
 * thread changes all the time. Thread 0 takes new references to an object
 * while thread 1 drops old ones. With a plain `refcount++` / `refcount--`
 * updates get lost and the count ends wrong: too high (the object leaks) or
 * too low (it would be freed while still in use; we only report that). An
 * atomic count, or one lock around it (the GIL's job), is exact.
 *
 * Build by hand: cc -O2 -pthread gil.c lab.c -o gil
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"cpu_1thread", LAB_SAFE, "CPU-bound steps in one thread: the baseline"},
	{"cpu_processes", LAB_SAFE, "the same steps split over N processes"},
	{"cpu_nogil", LAB_SAFE, "the same steps split over N threads, no GIL"},
	{"cpu_gil", LAB_SAFE, "the same steps split over N threads sharing a GIL"},
	{"io_1thread", LAB_SAFE, "I/O-bound requests in one thread: the baseline"},
	{"io_gil", LAB_SAFE, "the same requests over N threads, GIL released for I/O"},
	{"refcount_plain", LAB_RACY, "two threads change a refcount with plain ++/--"},
	{"refcount_atomic", LAB_SAFE, "two threads change a refcount atomically"},
	{"refcount_locked", LAB_SAFE, "two threads change a refcount under one lock"},
};
static const struct lab_param params[] = {
	{"threads", 2, 2, 16, "threads (or processes) sharing the work"},
	{"steps", 1000000, 1000, 1000000000, "CPU-bound steps in total"},
	{"switch_us", 5000, 50, 1000000, "switch interval in microseconds"},
	{"requests", 40, 1, 100000, "I/O-bound requests in total"},
	{"io_ms", 3, 1, 1000, "milliseconds each request waits for I/O"},
	{"repeat", 5, 1, 20, "timed rounds; the median counts"},
	{"refs", 4000000, 1, 1000000000, "references each thread takes or drops"},
};
static const struct lab_demo demo = {
	"gil", "a global interpreter lock: what it costs, and why it exists",
	"the GIL, sys.setswitchinterval, sys.getrefcount", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

#define IO_STEPS 100 /* the compute part of one I/O-bound request */
#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")

/* One bytecode step: a fixed chunk of arithmetic the compiler cannot skip. */
static uint64_t step(uint64_t x)
{
	for (int i = 0; i < 48; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		x ^= x >> 29;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

/* ---- the GIL: a flag under a mutex, handed over on request ---- */
static struct {
	pthread_mutex_t mutex;
	pthread_cond_t released; /* signalled when the holder lets go */
	pthread_cond_t switched; /* signalled when another thread took it */
	bool locked;
	int holder;
	long long switches;      /* times it changed hands */
	atomic_int drop_request; /* a waiter asks the holder to let go */
} gil = {.mutex = PTHREAD_MUTEX_INITIALIZER, .holder = -1};
static long long switch_ns;
struct job { int id, n; bool io, with_gil; uint64_t sum; }; /* one thread's */

static void gil_take(const struct job *j)
{
	if (!j->with_gil)
		return;
	pthread_mutex_lock(&gil.mutex);
	while (gil.locked) {
		long long seen = gil.switches, ns;
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		ns = until.tv_nsec + switch_ns;
		until.tv_sec += ns / 1000000000LL, until.tv_nsec = ns % 1000000000LL;
		/* Wait one switch interval; if the GIL did not move meanwhile, ask. */
		if (pthread_cond_timedwait(&gil.released, &gil.mutex, &until) == ETIMEDOUT &&
		    gil.locked && gil.switches == seen)
			atomic_store(&gil.drop_request, 1);
	}
	gil.locked = true;
	if (gil.holder != j->id) {
		gil.holder = j->id, gil.switches++;
		pthread_cond_broadcast(&gil.switched);
	}
	atomic_store(&gil.drop_request, 0);
	pthread_mutex_unlock(&gil.mutex);
}

/* Let go. When asked to (forced), wait until another thread has the GIL:
 * otherwise we, still running, would take it straight back before the woken
 * thread is even scheduled, and it would starve. */
static void gil_drop(const struct job *j, bool forced)
{
	if (!j->with_gil)
		return;
	pthread_mutex_lock(&gil.mutex);
	gil.locked = false;
	pthread_cond_signal(&gil.released);
	for (long long seen = gil.switches; forced && gil.switches == seen;)
		pthread_cond_wait(&gil.switched, &gil.mutex);
	pthread_mutex_unlock(&gil.mutex);
}

/* The eval loop: run steps [from, to). With the GIL, look for a drop request
 * between two steps. The result is a checksum of the work. */
static uint64_t run_steps(const struct job *j, long long from, long long to)
{
	uint64_t sum = 0;
	for (long long k = from; k < to; k++) {
		if (j->with_gil && atomic_load_explicit(&gil.drop_request, memory_order_relaxed)) {
			gil_drop(j, true);
			gil_take(j);
		}
		sum += step((uint64_t)k);
	}
	return sum;
}

/* ---- part 1: threads, processes, timed runs ---- */
static long long total_steps, requests, io_ms;

static void *worker(void *arg)
{
	struct job *j = arg;
	long long steps = j->io ? requests : total_steps; /* my share of them */
	long long from = steps * j->id / j->n, to = steps * (j->id + 1) / j->n;
	gil_take(j);
	if (!j->io)
		j->sum = run_steps(j, from, to);
	for (long long r = from; j->io && r < to; r++) { /* compute, then wait */
		j->sum += run_steps(j, r * IO_STEPS, (r + 1) * IO_STEPS);
		gil_drop(j, false);
		lab_sleep_ms(io_ms); /* stands for a blocking read: GIL released */
		gil_take(j);
	}
	gil_drop(j, false);
	return NULL;
}

/* A pool of worker processes, like multiprocessing.Pool, forked at the start
 * before any thread exists (ThreadSanitizer cannot follow a child forked from
 * a threaded parent). They read ranges of steps from one task pipe and write
 * checksums to one result pipe; they exit when the task pipe is closed. */
static int tasks[2], results[2];
static pid_t child[16];

static void procs_start(int n)
{
	pid_t parent = getpid();
	if (pipe(tasks) != 0 || pipe(results) != 0)
		lab_die("pipe: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		if ((child[i] = fork()) < 0)
			lab_die("fork: %s", strerror(errno));
		if (child[i] > 0)
			continue;
		long long range[2];
		struct job me = {i, n, false, false, 0}; /* its own interpreter */
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
		if (getppid() != parent)
			_exit(1);
		close(tasks[1]); /* or the pipe would never close */
		while (read(tasks[0], range, sizeof range) == sizeof range) {
			uint64_t sum = run_steps(&me, range[0], range[1]);
			if (write(results[1], &sum, sizeof sum) != sizeof sum)
				_exit(1);
		}
		_exit(0);
	}
	close(tasks[0]);
	close(results[1]);
}

static uint64_t procs_run(int n)
{
	uint64_t sum = 0, part;
	for (int i = 0; i < n; i++) { /* one task per process; 16-byte writes */
		long long range[2] = {total_steps * i / n, total_steps * (i + 1) / n};
		if (write(tasks[1], range, sizeof range) != sizeof range)
			lab_die("task pipe: %s", strerror(errno));
	}
	for (int i = 0; i < n; i++) {
		if (read(results[0], &part, sizeof part) != sizeof part)
			lab_die("a worker process died");
		sum += part;
	}
	return sum;
}

static void procs_stop(int n)
{
	close(tasks[1]); /* each worker reads end-of-file and exits */
	for (int i = 0; i < n; i++)
		waitpid(child[i], NULL, 0);
	close(results[0]);
}

/* Part 1's variants. workers: 0 = one thread, -1 = the processes,
 * 1 = `threads` threads. Entries 0 and 4 are the baselines. */
static struct run {
	const char *name;
	int workers;
	bool io, with_gil;
	long long ns[20], switches; /* the time of each round's run */
	uint64_t sum;
} runs[] = {
	{.name = "cpu_1thread"},
	{.name = "cpu_processes", .workers = -1},
	{.name = "cpu_nogil", .workers = 1},
	{.name = "cpu_gil", .workers = 1, .with_gil = true},
	{.name = "io_1thread", .io = true},
	{.name = "io_gil", .workers = 1, .io = true, .with_gil = true},
};

static void time_once(struct run *v, int n, int round)
{
	struct job jobs[16];
	pthread_t tid[16];
	long long switches0 = gil.switches; /* no thread runs: no lock needed */
	n = v->workers == 0 ? 1 : n;
	long long t0 = lab_now_ns();
	if (v->workers < 0) {
		v->sum = procs_run(n);
	} else { /* the 1-thread baseline too runs in a new thread, so that the
		  * scheduler places it the way it places the others */
		for (int i = 0; i < n; i++) {
			jobs[i] = (struct job){i, n, v->io, v->with_gil, 0};
			if (pthread_create(&tid[i], NULL, worker, &jobs[i]) != 0)
				lab_die("pthread_create failed");
		}
		v->sum = 0;
		for (int i = 0; i < n; i++) {
			pthread_join(tid[i], NULL);
			v->sum += jobs[i].sum;
		}
	}
	v->ns[round] = lab_now_ns() - t0;
	v->switches = gil.switches - switches0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median of the rounds: of this variant's times, and of the ratios
 * (baseline time / this variant's time) within one round, measured under
 * the same load. A burst of load from other programs moves neither much. */
static void report(const struct run *v, const struct run *base, int n)
{
	int workers = v->workers == 0 ? 1 : n, rounds = (int)lab_param("repeat");
	double ratio[20], ns[20];
	for (int r = 0; r < rounds; r++)
		ratio[r] = (double)base->ns[r] / (double)v->ns[r], ns[r] = (double)v->ns[r];
	qsort(ratio, (size_t)rounds, sizeof ratio[0], by_value);
	qsort(ns, (size_t)rounds, sizeof ns[0], by_value);
	double speedup = ratio[rounds / 2];
	lab_log(v->name, "%d %s: median run %.1f ms, %.2fx the speed of one thread",
		workers, v->workers < 0 ? "processes" : workers > 1 ? "threads" : "thread",
		ns[rounds / 2] / 1e6, speedup);
	if (v->with_gil)
		lab_log(v->name, "the GIL changed hands %lld times in the last run", v->switches);
	struct lab_metric m[] = {
		LAB_INT("workers", workers),
		LAB_REAL("speedup", speedup),
		LAB_INT("switches", v->switches),
	};
	/* The checksum of the work (low 40 bits) must match one thread's. */
	long long mask = (1LL << 40) - 1;
	lab_result(v->name, (long long)base->sum & mask, (long long)v->sum & mask,
		   v->sum == base->sum, (long long)ns[rounds / 2], m, LAB_COUNT(m));
}

/* ---- part 2: reference counts ---- */
static long refcount;           /* refcount_plain and refcount_locked */
static atomic_long arefcount;   /* refcount_atomic */
static pthread_mutex_t refcount_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lab_gate gate;
static char how;                /* 'p'lain, 'a'tomic or 'l'ocked */

/* Py_INCREF (+1) or Py_DECREF (-1), three ways. */
static void refchange(long delta)
{
	if (how == 'a') {
		atomic_fetch_add(&arefcount, delta);
	} else if (how == 'l') {
		pthread_mutex_lock(&refcount_lock);
		refcount += delta;
		pthread_mutex_unlock(&refcount_lock);
	} else {
		long v = refcount;      /* load ... */
		COMPILER_BARRIER();     /* (keeps -O2 from merging the loop) */
		refcount = v + delta;   /* ... store: may overwrite the other's */
	}
}

/* Thread 0 puts the object in a list `refs` times (a new reference each);
 * thread 1 empties another list that held `refs` references to it. */
static void *ref_worker(void *arg)
{
	long id = (long)arg;
	lab_pin_cpu((int)id); /* one thread per core, so they truly overlap */
	lab_gate_wait(&gate); /* and start together */
	for (long long i = lab_param("refs"); i > 0; i--)
		refchange(id == 0 ? +1 : -1);
	return NULL;
}

static void run_refcount(const char *name)
{
	pthread_t tid[2];
	long live = 1 + (long)lab_param("refs"); /* main's + one full list */
	how = name[9];
	refcount = live;
	atomic_store(&arefcount, live);
	lab_gate_init(&gate, 2);
	long long t0 = lab_now_ns();
	for (long i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, ref_worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;
	long count = how == 'a' ? atomic_load(&arefcount) : refcount;
	/* There are `live` references again: main's and the other list's. */
	lab_log(name, "count %ld for %ld references: %s", count, live,
		count > live ? "it never gets to 0, the object leaks"
		: count < live ? "it gets to 0 with references left: freed while in use"
		: "right");
	struct lab_metric m[] = {
		LAB_INT("leaked", count > live ? count - live : 0),
		LAB_INT("live_at_free", count < live ? live - count : 0),
	};
	lab_result(name, live, count, count == live, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_init(&demo, argc, argv);
	int n = (int)lab_param("threads");
	bool run[LAB_COUNT(runs)];
	total_steps = lab_param("steps");
	requests = lab_param("requests");
	io_ms = lab_param("io_ms");
	switch_ns = lab_param("switch_us") * 1000;
	pthread_condattr_t ca; /* timed waits use the monotonic clock */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&gil.released, &ca);
	pthread_cond_init(&gil.switched, &ca);

	/* Part 1 runs the chosen variants plus their baseline, in rounds: every
	 * variant once per round, so each is compared with a baseline measured
	 * moments before it. */
	for (int i = 0; i < LAB_COUNT(runs); i++)
		run[i] = lab_want(runs[i].name);
	run[0] = run[0] || run[1] || run[2] || run[3];
	run[4] = run[4] || run[5];
	if (run[1])
		procs_start(n); /* first: no thread exists yet */
	for (int r = 0; r < lab_param("repeat"); r++)
		for (int i = 0; i < LAB_COUNT(runs); i++)
			if (run[i])
				time_once(&runs[i], n, r);
	if (run[1])
		procs_stop(n);
	for (int i = 0; i < LAB_COUNT(runs); i++)
		if (lab_want(runs[i].name))
			report(&runs[i], &runs[i < 4 ? 0 : 4], n);
	for (int i = LAB_COUNT(runs); i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run_refcount(variants[i].name);
	return lab_end();
}
