/*
 * threads_timing.c - two tasks one after the other, then in two threads.
 *
 * Python: threading.Thread(target=calc_square), Thread(target=calc_cube),
 *         timed with time.time().
 *
 * Each task walks a list of numbers and prints its square (or cube), and
 * every step takes a while. What that "while" is decides what threads buy:
 *
 *   sequential      square then cube; each step sleeps step_ms  -> 2*steps*step_ms
 *   threads         both at once in two threads                 -> steps*step_ms
 *   cpu_sequential  each step computes instead (cpu_iters rounds of arithmetic)
 *   cpu_threads     the same computation in two threads
 *
 * A sleeping thread (here standing for I/O: a disk, a network reply) uses no
 * CPU, so the other thread runs meanwhile: both waits overlap, even on one
 * core. A computing thread needs a core the whole time: two of them finish in
 * half the time only because this machine has two cores and C threads really
 * run in parallel. (Python's GIL lets only one thread compute at a time: see
 * the gil demo.) cpu_util is CPU time / wall time: ~0 for sleeping, ~1 for
 * one busy thread, ~2 for two.
 *
 * Build by hand: cc -O2 -pthread threads_timing.c lab.c -o threads_timing
 */
#include "lab.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

static const struct lab_variant variants[] = {
	{"sequential", LAB_SAFE, "square then cube, each step sleeps (I/O-like)"},
	{"threads", LAB_SAFE, "square and cube in two threads, each step sleeps"},
	{"cpu_sequential", LAB_SAFE, "square then cube, each step computes"},
	{"cpu_threads", LAB_SAFE, "square and cube in two threads, each step computes"},
};
static const struct lab_param params[] = {
	{"steps", 4, 1, 20, "numbers each task handles"},
	{"step_ms", 200, 1, 1000, "sleep per step in the I/O-like variants"},
	{"cpu_iters", 50000000, 1000, 1000000000,
	 "arithmetic rounds per step in the cpu_ variants (~2 ns each)"},
};
static const struct lab_demo demo = {
	"threads_timing", "sleeping steps overlap in threads; computing steps need cores",
	"threading.Thread, time.time()", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"ideal_ms", LAB_K_DURATION, "ms"},
	{"cpu_ms", LAB_K_DURATION, "ms"},
	{"cpu_util", LAB_K_RATIO, NULL},
	{"speedup", LAB_K_RATIO, "x"},
};
static const struct lab_claim claims[] = {
	{"threads", "time", "<=", 0.7, "sequential"}, /* sleeping steps overlap */
	{"cpu_threads", "time", "<=", 0.7, "cpu_sequential"}, /* computing steps need the second core */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

struct task {
	const char *what; /* "square" or "cube" */
	int power;
	bool cpu;         /* compute each step instead of sleeping */
	long long results[20];
	uint64_t checksum; /* of the computation, identical in every variant */
};

static const char *variant; /* the one running now */
static long long t_start;   /* when the variant started, for the log */

/* One CPU-bound step: a chain of multiply-xorshift rounds. Each round needs
 * the previous one's result, so the compiler cannot skip or vectorize it. */
static uint64_t crunch(uint64_t x, long long iters)
{
	for (long long i = 0; i < iters; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		x ^= x >> 29;
	}
	return x;
}

static void task_run(struct task *t)
{
	long long steps = lab_param("steps");
	t->checksum = 0;
	for (int i = 0; i < steps; i++) {
		long long n = i + 2, r = 1;
		if (t->cpu)
			t->checksum ^= crunch((uint64_t)n, lab_param("cpu_iters"));
		else
			lab_sleep_ms(lab_param("step_ms")); /* the "I/O" */
		for (int p = 0; p < t->power; p++)
			r *= n;
		t->results[i] = r;
		lab_log(variant, "%-6s %2lld -> %6lld   at %5.0f ms", t->what, n, r,
			(lab_now_ns() - t_start) / 1e6);
	}
}

/* Not pinned to a core, on purpose: if another program keeps one core busy,
 * the scheduler can still share both cores fairly among all of us. */
static void *task_thread(void *arg)
{
	task_run(arg);
	return NULL;
}

/* Wall time of each variant, so a threaded one can report its speedup. */
static long long wall[LAB_COUNT(variants)];

static void run(int v)
{
	const char *name = variants[v].name;
	bool cpu = strncmp(name, "cpu_", 4) == 0;
	bool threaded = strstr(name, "threads") != NULL;
	struct task tasks[2] = {
		{.what = "square", .power = 2, .cpu = cpu},
		{.what = "cube", .power = 3, .cpu = cpu},
	};
	pthread_t tid[2];

	variant = name;
	long long cpu0 = lab_cpu_ns();
	t_start = lab_now_ns();
	if (threaded) {
		for (int i = 0; i < 2; i++)
			if (pthread_create(&tid[i], NULL, task_thread, &tasks[i]) != 0)
				lab_die("pthread_create failed");
		for (int i = 0; i < 2; i++)
			pthread_join(tid[i], NULL);
	} else {
		task_run(&tasks[0]); /* one after the other, in main */
		task_run(&tasks[1]);
	}
	long long elapsed = lab_now_ns() - t_start;
	long long cpu_used = lab_cpu_ns() - cpu0;
	wall[v] = elapsed;

	/* Threads or not, the answers must be the same. */
	long long steps = lab_param("steps"), right = 0;
	for (int i = 0; i < steps; i++) {
		long long n = i + 2;
		right += tasks[0].results[i] == n * n;
		right += tasks[1].results[i] == n * n * n;
	}
	uint64_t want = 0;
	static uint64_t sum_seen; /* the checksum the first cpu_ variant found */
	if (cpu) {
		want = sum_seen ? sum_seen : tasks[0].checksum;
		sum_seen = want;
	}
	bool same = !cpu || (tasks[0].checksum == want && tasks[1].checksum == want);

	long long ideal = steps * lab_param("step_ms") * (threaded ? 1 : 2);
	long long before = threaded ? wall[v - 1] : 0; /* the sequential twin */
	struct lab_metric m[4];
	int nm = 0;
	if (!cpu)
		m[nm++] = LAB_INT("ideal_ms", ideal);
	m[nm++] = LAB_REAL("cpu_ms", cpu_used / 1e6);
	m[nm++] = LAB_REAL("cpu_util", (double)cpu_used / (double)elapsed);
	if (before > 0)
		m[nm++] = LAB_REAL("speedup", (double)before / (double)elapsed);
	lab_result(name, 2 * steps, right, right == 2 * steps && same, elapsed, m, nm);
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int v = 0; v < LAB_COUNT(variants); v++)
		if (lab_want(variants[v].name))
			run(v);
	return lab_end();
}
