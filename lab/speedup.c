/*
 * speedup.c - measuring parallel speedup, and Amdahl's law.
 *
 * Python: timing multiprocessing.Pool(n).map (and a thread pool) for n = 1, 2, ...
 *
 * The job: count the primes below `bound` by trial division. The range is cut
 * into 1000 chunks. `serial` percent of them (every chunk whose number ends,
 * mod 100, below `serial`, so they are spread over the whole range) must be
 * done by one thread before the parallel part may start: the part of a real
 * program that cannot be split. The other chunks are dealt round-robin to
 * the workers. Big numbers cost more to test than small ones, so dealing
 * neighbouring chunks to different workers keeps their shares even.
 *
 * For n workers (threads_n, processes_n, up to max_workers) we measure:
 *   speedup     = time of the plain loop / time with n workers
 *                 (the baseline is the best serial program, a loop with no
 *                 threads, processes or chunking, not the parallel program
 *                 run with one worker, which would flatter the speedup)
 *   efficiency  = speedup / n                (1.0 would be perfect)
 *   amdahl      = 1 / (s + (1 - s) / n)      the best speedup possible when
 *                                            a fraction s must run serially
 * Times and speedups are medians over `repeat` rounds. Process runs come
 * first, before any thread exists (ThreadSanitizer cannot follow a child
 * forked from a threaded parent).
 *
 * Build by hand: cc -O2 -pthread speedup.c lab.c -o speedup
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXW 8
#define CHUNKS 1000

static struct lab_variant variants[2 * MAXW]; /* filled in by main */
static struct lab_param params[] = {
	{"bound", 1500000, 1000, 100000000, "count the primes below this"},
	{"max_workers", 2, 1, MAXW, "up to this many threads / processes (default: CPUs)"},
	{"serial", 10, 0, 100, "percent of the work that only one thread may do"},
	{"repeat", 3, 1, 20, "timed rounds; the median counts"},
};
static struct lab_demo demo = {
	"speedup", "speedup and efficiency of 1..N threads and processes, and Amdahl's law",
	"multiprocessing.Pool(n), time.perf_counter", variants, 0, params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"workers", LAB_K_COUNT, NULL},
	{"speedup", LAB_K_RATIO, "x"},
	{"efficiency", LAB_K_RATIO, NULL},
	{"amdahl", LAB_K_RATIO, "x"},
};
static const struct lab_claim claims[] = {
	{"threads_2", "speedup", ">=", 1.4, NULL}, /* two threads on two cores */
	{"processes_2", "speedup", ">=", 1.4, NULL}, /* two processes likewise */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

static long long bound, chunk_size;
static int serial;

static bool is_prime(uint32_t x)
{
	if (x < 2)
		return false;
	if (x % 2 == 0)
		return x == 2;
	for (uint32_t d = 3; d <= x / d; d += 2)
		if (x % d == 0)
			return false;
	return true;
}

static bool is_serial(int c) { return c % 100 < serial; }

/* Count the primes in the serial chunks (who = -1), or in worker who's share
 * of the parallel ones (who = 0..n-1): the k-th parallel chunk is k % n's. */
static long long count(int who, int n)
{
	long long found = 0;
	for (int c = 0, k = 0; c < CHUNKS; c++) {
		if (who < 0 ? !is_serial(c) : is_serial(c) || k++ % n != who)
			continue;
		long long end = (c + 1) * chunk_size < bound ? (c + 1) * chunk_size : bound;
		for (long long x = c * chunk_size; x < end; x++)
			found += is_prime((uint32_t)x);
	}
	return found;
}

struct worker { int id, n; long long found; };

static void *thread_main(void *arg)
{
	struct worker *w = arg;
	w->found = count(w->id, w->n);
	return NULL;
}

/* One run: the serial part here, then n workers; returns the primes found. */
static long long run_once(int n, bool processes)
{
	long long found = count(-1, 1); /* the serial part: nobody can help */
	if (processes) {
		int fd[2];
		pid_t pid[MAXW], parent = getpid();
		if (pipe(fd) != 0)
			lab_die("pipe: %s", strerror(errno));
		for (int i = 0; i < n; i++) {
			if ((pid[i] = fork()) < 0)
				lab_die("fork: %s", strerror(errno));
			if (pid[i] == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
				if (getppid() != parent)
					_exit(1);
				long long mine = count(i, n);
				_exit(write(fd[1], &mine, sizeof mine) == sizeof mine ? 0 : 1);
			}
		}
		close(fd[1]);
		for (long long part; read(fd[0], &part, sizeof part) == sizeof part;)
			found += part; /* 8-byte writes to a pipe arrive whole */
		close(fd[0]);
		for (int i = 0; i < n; i++)
			waitpid(pid[i], NULL, 0);
	} else {
		pthread_t tid[MAXW];
		struct worker w[MAXW];
		for (int i = 0; i < n; i++) {
			w[i] = (struct worker){i, n, 0};
			if (pthread_create(&tid[i], NULL, thread_main, &w[i]) != 0)
				lab_die("pthread_create failed");
		}
		for (int i = 0; i < n; i++) {
			pthread_join(tid[i], NULL);
			found += w[i].found;
		}
	}
	return found;
}

static long long ns[2 * MAXW][20], found[2 * MAXW]; /* per variant, per round */
static long long plain_ns[2][20];                    /* per kind, per round */

/* The baseline: every number tested in one plain loop, no workers at all. */
static long long plain_loop(void)
{
	long long n = 0;
	for (long long x = 0; x < bound; x++)
		n += is_prime((uint32_t)x);
	return n;
}

/* Rounds over the variants of one kind (the m from `first` on): in each
 * round the plain loop, then 1 worker, then 2, ... so each is compared with
 * a baseline measured moments before it, under the same load from other
 * programs. */
static void phase(int first, int m)
{
	bool any = false;
	for (int v = first; v < first + m; v++)
		any |= lab_want(variants[v].name);
	for (int r = 0; any && r < lab_param("repeat"); r++) {
		long long t0 = lab_now_ns();
		plain_loop();
		plain_ns[first != 0][r] = lab_now_ns() - t0;
		for (int v = first; v < first + m; v++) {
			if (!lab_want(variants[v].name))
				continue;
			t0 = lab_now_ns();
			found[v] = run_once(v - first + 1, first == 0);
			ns[v][r] = lab_now_ns() - t0;
		}
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The variants depend on max_workers, so read it before lab_init does;
 * lab_init checks it again and rejects a bad value. */
static int max_workers(int argc, char **argv)
{
	cpu_set_t cpus;
	int m = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 2;
	params[1].def = m = m < 1 ? 1 : m > MAXW ? MAXW : m;
	for (int a = 1; a < argc; a++) {
		const char *s = argv[a] + (strncmp(argv[a], "--", 2) == 0 ? 2 : 0);
		if (strncmp(s, "max_workers", 11) == 0 && s[11] == '=')
			m = atoi(s + 12);
		else if (strcmp(s, "max_workers") == 0 && a + 1 < argc)
			m = atoi(argv[a + 1]);
	}
	return m < 1 ? 1 : m > MAXW ? MAXW : m;
}

int main(int argc, char **argv)
{
	static char names[2 * MAXW][16], summaries[2 * MAXW][48];
	int m = max_workers(argc, argv);
	for (int v = 0; v < 2 * m; v++) {
		const char *kind = v < m ? "processes" : "threads";
		snprintf(names[v], sizeof names[v], "%s_%d", kind, v % m + 1);
		snprintf(summaries[v], sizeof summaries[v], "the job split over %d %s", v % m + 1,
			 v % m ? kind : v < m ? "process" : "thread");
		variants[v] = (struct lab_variant){names[v], LAB_SAFE, summaries[v]};
	}
	demo.nvariants = 2 * m;
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	bound = lab_param("bound");
	serial = (int)lab_param("serial");
	chunk_size = (bound + CHUNKS - 1) / CHUNKS;

	long long t0 = lab_now_ns(), expected = plain_loop(); /* the right count */
	lab_log(NULL, "%lld primes below %lld: %.1f ms in a plain loop; %d%% of the job "
		"is serial", expected, bound, (lab_now_ns() - t0) / 1e6, serial);
	phase(0, m); /* processes first: no thread exists yet */
	phase(m, m); /* then threads */
	int rounds = (int)lab_param("repeat");
	double s = serial / 100.0;
	for (int v = 0; v < 2 * m; v++) {
		if (!lab_want(variants[v].name))
			continue;
		int n = v % m + 1, kind = v >= m;
		double ratio[20], t[20]; /* medians over the rounds */
		for (int r = 0; r < rounds; r++)
			ratio[r] = (double)plain_ns[kind][r] / (double)ns[v][r], t[r] = (double)ns[v][r];
		qsort(ratio, (size_t)rounds, sizeof ratio[0], by_value);
		qsort(t, (size_t)rounds, sizeof t[0], by_value);
		double speedup = ratio[rounds / 2], amdahl = 1.0 / (s + (1.0 - s) / n);
		lab_log(variants[v].name, "%.1f ms: speedup %.2f (Amdahl allows %.2f), "
			"efficiency %.0f%%", t[rounds / 2] / 1e6, speedup, amdahl, 100.0 * speedup / n);
		struct lab_metric mt[] = {
			LAB_INT("workers", n),
			LAB_REAL("speedup", speedup),
			LAB_REAL("efficiency", speedup / n),
			LAB_REAL("amdahl", amdahl),
		};
		lab_result(variants[v].name, expected, found[v], found[v] == expected,
			   (long long)t[rounds / 2], mt, LAB_COUNT(mt));
	}
	return lab_end();
}
