/*
 * gil.c - a toy interpreter with a global lock: who it slows down, who not.
 *
 * Python: the GIL, sys.setswitchinterval. (Why it exists: see refcount.c.)
 *
 * Our "interpreter" runs bytecode-sized steps (a fixed chunk of arithmetic),
 * and a thread must hold the global lock to run one. As in CPython, a thread
 * that wants the lock waits one switch interval (switch_us), then asks; the
 * holder lets go between two steps and waits until the other has it. A
 * blocking read (here a sleep) runs with the lock released. The same work:
 *
 *   cpu_1thread, io_1thread   the baselines: one thread
 *   cpu_processes  N processes, each its own interpreter  -> N cores busy
 *   cpu_nogil      N threads, no global lock             -> N cores busy
 *   cpu_gil        N threads taking turns on the lock    -> one core's speed
 *   io_gil         N threads, lock released during I/O   -> the waits overlap
 *
 * Two figures per variant: speedup (one thread's time / this time) and
 * cores_busy (CPU time used / wall time: how many cores did work at once).
 * On a virtual machine the cores need not be equally fast; one thread runs
 * on one of them, two threads taking turns use both, so the GIL's speedup
 * can land a little above or below 1. cores_busy does not care: about 1
 * with the GIL, about N without. The claims rest on it.
 *
 * Build by hand: cc -O2 -pthread gil.c lab.c -o gil
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"cpu_1thread", LAB_SAFE, "CPU-bound steps in one thread: the baseline"},
	{"cpu_processes", LAB_SAFE, "the same steps split over N processes"},
	{"cpu_nogil", LAB_SAFE, "the same steps split over N threads, no GIL"},
	{"cpu_gil", LAB_SAFE, "the same steps split over N threads sharing a GIL"},
	{"io_1thread", LAB_SAFE, "I/O-bound requests in one thread: the baseline"},
	{"io_gil", LAB_SAFE, "the same requests over N threads, GIL released for I/O"},
};
static const struct lab_param params[] = {
	{"threads", 2, 2, 16, "threads (or processes) sharing the work"},
	{"steps", 1000000, 1000, 1000000000, "CPU-bound steps in total"},
	{"switch_us", 5000, 50, 1000000, "switch interval in microseconds"},
	{"requests", 40, 1, 100000, "I/O-bound requests in total"},
	{"io_ms", 3, 1, 1000, "milliseconds each request waits for I/O"},
	{"repeat", 5, 1, 20, "timed rounds; the median counts"},
};
static const struct lab_demo demo = {
	"gil", "a global interpreter lock: who it slows down, and who not",
	"the GIL, sys.setswitchinterval", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): expected and observed are
 * checksums, not counts, so no such rows; the lesson is in the speedups. */
static const struct lab_metric_decl metrics[] = {
	{"workers", LAB_K_COUNT, NULL},
	{"speedup", LAB_K_RATIO, "x"},
	{"switches", LAB_K_COUNT, NULL},
	{"cores_busy", LAB_K_RATIO, NULL},
};
static const struct lab_claim claims[] = {
	{"cpu_nogil", "cores_busy", ">=", 1.5, NULL},     /* threads without a GIL use the cores */
	{"cpu_processes", "cores_busy", ">=", 1.5, NULL}, /* so do processes */
	{"cpu_gil", "cores_busy", "<=", 1.2, NULL},       /* with the GIL: one core at a time */
	{"io_gil", "speedup", ">=", 1.5, NULL},        /* waits overlap despite the GIL */
};
static const struct lab_decl decl = {
	.rows = "",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* ---- the GIL: a flag under a mutex, handed over on request ---- */
static struct {
	pthread_mutex_t mutex;
	pthread_cond_t released, switched; /* the holder let go; another took it */
	bool locked;
	int holder;
	long long switches;      /* times it changed hands */
	atomic_int drop_request; /* a waiter asks the holder to let go */
} gil = {.mutex = PTHREAD_MUTEX_INITIALIZER, .released = PTHREAD_COND_INITIALIZER,
	 .switched = PTHREAD_COND_INITIALIZER};

struct job { int id, n; bool io, with_gil; uint64_t sum; pthread_t tid; }; /* one worker's */

static void gil_take(const struct job *j)
{
	if (!j->with_gil)
		return;
	pthread_mutex_lock(&gil.mutex);
	while (gil.locked) { /* wait one interval; if the GIL did not move, ask */
		long long seen = gil.switches, t = lab_now_ns() + lab_param("switch_us") * 1000;
		struct timespec until = {t / 1000000000, t % 1000000000};
		int rc = pthread_cond_clockwait(&gil.released, &gil.mutex, CLOCK_MONOTONIC, &until);
		if (rc == ETIMEDOUT && gil.locked && gil.switches == seen)
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

/* Let go. When asked to (forced), wait until another thread has it: else we,
 * still running, would take it straight back and the woken thread starve. */
static void gil_drop(const struct job *j, bool forced)
{
	if (!j->with_gil)
		return;
	pthread_mutex_lock(&gil.mutex);
	gil.locked = false;
	pthread_cond_signal(&gil.released);
	while (forced && gil.holder == j->id)
		pthread_cond_wait(&gil.switched, &gil.mutex);
	pthread_mutex_unlock(&gil.mutex);
}

/* The eval loop: steps [from, to), a drop request honoured between two. */
static uint64_t run_steps(const struct job *j, long long from, long long to)
{
	uint64_t sum = 0;
	for (long long k = from; k < to; k++) {
		if (j->with_gil && atomic_load_explicit(&gil.drop_request, memory_order_relaxed)) {
			gil_drop(j, true);
			gil_take(j);
		}
		uint64_t x = (uint64_t)k; /* a step: arithmetic the compiler cannot skip */
		for (int i = 0; i < 48; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			x ^= x >> 29;
			__asm__ volatile("" : "+r"(x));
		}
		sum += x; /* a checksum of the work */
	}
	return sum;
}

/* One worker: its share of the steps, or of the requests (100 steps, then I/O). */
static void *worker(void *arg)
{
	struct job *j = arg;
	long long total = lab_param(j->io ? "requests" : "steps");
	long long from = total * j->id / j->n, to = total * (j->id + 1) / j->n;
	gil_take(j);
	if (!j->io)
		j->sum = run_steps(j, from, to);
	for (long long r = from; j->io && r < to; r++) {
		j->sum += run_steps(j, r * 100, (r + 1) * 100);
		gil_drop(j, false);
		lab_sleep_ms(lab_param("io_ms")); /* stands for a blocking read */
		gil_take(j);
	}
	gil_drop(j, false);
	return NULL;
}

/* N processes, like multiprocessing.Process: each runs the worker in its own
 * interpreter, so none waits for another, and sends its checksum back. */
static uint64_t run_processes(int n)
{
	int fd[2];
	uint64_t sum = 0, part;
	if (pipe(fd) != 0)
		lab_die("pipe: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid == 0) {
			struct job me = {.id = i, .n = n};
			worker(&me);
			_exit(write(fd[1], &me.sum, sizeof me.sum) == sizeof me.sum ? 0 : 1);
		}
	}
	close(fd[1]); /* so that if a child dies, read() sees end-of-file */
	for (int i = 0; i < n; i++, sum += part)
		if (read(fd[0], &part, sizeof part) != sizeof part)
			lab_die("a worker process died");
	close(fd[0]);
	while (wait(NULL) > 0) /* reap the children */
		;
	return sum;
}

/* ---- timing: every variant once per round, beside its baseline ---- */
static struct run {
	const char *name;
	int base, workers; /* its baseline's index in runs[]; threads or processes */
	enum { ONE_THREAD, PROCESSES, THREADS } how;
	bool io, with_gil;
	long long ns[20], cpu[20], switches; /* each round's wall and CPU time; hand-overs in the last */
	uint64_t sum;
} runs[] = {
	{.name = "cpu_1thread", .base = 0, .how = ONE_THREAD},
	{.name = "cpu_processes", .base = 0, .how = PROCESSES},
	{.name = "cpu_nogil", .base = 0, .how = THREADS},
	{.name = "cpu_gil", .base = 0, .how = THREADS, .with_gil = true},
	{.name = "io_1thread", .base = 4, .how = ONE_THREAD, .io = true},
	{.name = "io_gil", .base = 4, .how = THREADS, .io = true, .with_gil = true},
};

/* CPU time of this process's threads and of its reaped children (the
 * processes variant's workers), in nanoseconds. */
static long long cpu_ns_all(void)
{
	struct rusage kids;
	getrusage(RUSAGE_CHILDREN, &kids);
	return lab_cpu_ns() + kids.ru_utime.tv_sec * 1000000000LL + kids.ru_utime.tv_usec * 1000LL +
	       kids.ru_stime.tv_sec * 1000000000LL + kids.ru_stime.tv_usec * 1000LL;
}

static void time_once(struct run *v, int n, int round)
{
	struct job jobs[16];
	n = v->workers = v->how == ONE_THREAD ? 1 : n;
	gil.switches = 0, gil.holder = -1; /* no thread runs now: no lock needed */
	long long t0 = lab_now_ns(), c0 = cpu_ns_all();
	if (v->how == PROCESSES) {
		v->sum = run_processes(n);
	} else { /* a new thread even for one, placed by the scheduler like the rest */
		for (int i = 0; i < n; i++) {
			jobs[i] = (struct job){.id = i, .n = n, .io = v->io, .with_gil = v->with_gil};
			if (pthread_create(&jobs[i].tid, NULL, worker, &jobs[i]) != 0)
				lab_die("pthread_create failed");
		}
		v->sum = 0;
		for (int i = 0; i < n; i++) {
			pthread_join(jobs[i].tid, NULL);
			v->sum += jobs[i].sum;
		}
	}
	v->ns[round] = lab_now_ns() - t0;
	v->cpu[round] = cpu_ns_all() - c0;
	v->switches = gil.switches;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Medians over the rounds: of this variant's times, and of the ratios baseline
 * time / its time within a round (same load): a burst of load moves neither. */
static void report(const struct run *v, int rounds)
{
	const struct run *base = &runs[v->base];
	double ratio[20], ns[20], busy[20];
	for (int r = 0; r < rounds; r++) {
		ratio[r] = (double)base->ns[r] / (double)v->ns[r], ns[r] = (double)v->ns[r];
		busy[r] = (double)v->cpu[r] / (double)v->ns[r];
	}
	qsort(ratio, (size_t)rounds, sizeof ratio[0], by_value);
	qsort(ns, (size_t)rounds, sizeof ns[0], by_value);
	qsort(busy, (size_t)rounds, sizeof busy[0], by_value);
	double speedup = ratio[rounds / 2], cores = busy[rounds / 2];
	lab_log(v->name, "%d worker%s: median run %.1f ms, %.2fx the speed of one thread, %.2f cores busy",
		v->workers, v->workers > 1 ? "s" : "", ns[rounds / 2] / 1e6, speedup, cores);
	struct lab_metric m[] = {LAB_INT("workers", v->workers), LAB_REAL("speedup", speedup),
				 LAB_INT("switches", v->switches), LAB_REAL("cores_busy", cores)};
	/* The checksum of the work (its top 40 bits) must match one thread's. */
	lab_result(v->name, (long long)(base->sum >> 24), (long long)(v->sum >> 24),
		   v->sum == base->sum, (long long)ns[rounds / 2], m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	int n = (int)lab_param("threads"), rounds = (int)lab_param("repeat");
	bool run[LAB_COUNT(runs)] = {false}; /* a chosen variant and its baseline */
	for (int i = 0; i < LAB_COUNT(runs); i++)
		if (lab_want(runs[i].name))
			run[i] = run[runs[i].base] = true;
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < LAB_COUNT(runs); i++)
			if (run[i])
				time_once(&runs[i], n, r);
	for (int i = 0; i < LAB_COUNT(runs); i++)
		if (lab_want(runs[i].name))
			report(&runs[i], rounds);
	return lab_end();
}
