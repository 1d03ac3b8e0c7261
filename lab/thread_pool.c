/*
 * thread_pool.c - a fixed pool of worker threads, a task queue and futures.
 *
 * Python: concurrent.futures.ThreadPoolExecutor, submit, map, as_completed, `with`.
 *
 * A pool starts `workers` threads once, not a thread per task. submit() queues
 * a task and returns at once with a future: a result slot, a done flag, and a
 * mutex + condition variable to wait on. A worker runs the task, stores the
 * result, sets done and wakes whoever waits. Three ways to collect results:
 *
 *   map           wait on the futures in submission order -> input order
 *   as_completed  futures report to a queue as they finish -> completion order
 *   shutdown      submit all, shut down at once: shutdown waits for the queue
 *
 * Task i lasts a pseudo-random 1..max_ms (lab_rand, --seed): io=1 sleeps,
 * standing for I/O; io=0 computes for that much CPU time. It returns i*i.
 *
 * Build by hand: cc -O2 -pthread thread_pool.c lab.c -o thread_pool
 */
#define _GNU_SOURCE
#include "lab.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct lab_variant variants[] = {
	{"map", LAB_SAFE, "results collected in input order, like executor.map"},
	{"as_completed", LAB_SAFE, "results collected as tasks finish"},
	{"shutdown", LAB_SAFE, "submit all, then shutdown(wait=True) at once"},
};
static const struct lab_param params[] = {
	{"workers", 4, 1, 64, "worker threads in the pool"},
	{"tasks", 16, 1, 1000, "tasks submitted"},
	{"max_ms", 50, 1, 1000, "longest task, in milliseconds (each is 1..max_ms)"},
	{"io", 1, 0, 1, "1: tasks sleep (I/O); 0: tasks compute (CPU)"},
};
static const struct lab_demo demo = {
	"thread_pool", "a worker pool with a task queue and futures",
	"concurrent.futures.ThreadPoolExecutor, map, submit, as_completed",
	variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"submitted", LAB_K_COUNT, NULL},
	{"completed", LAB_K_COUNT, NULL},
	{"inversions", LAB_K_COUNT, NULL},
	{"first_ms", LAB_K_DURATION, "ms"},
	{"speedup", LAB_K_RATIO, "x"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

#define MAX_TASKS 1000
/* A future: the task's input, filled in by a worker, waited on by the caller. */
struct future {
	long long arg, ms;         /* the task: return arg*arg after ms */
	pthread_mutex_t lock;      /* guards the fields below */
	pthread_cond_t cv;         /* signalled when done becomes true */
	bool done;
	long long result;
	bool notify;               /* tell as_completed when done */
};

/* The pool: a queue of tasks under one lock, and the worker threads. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t has_work = PTHREAD_COND_INITIALIZER;
static struct future *queue[MAX_TASKS]; /* queue[head..tail) awaits a worker */
static int head, tail;
static bool shutting_down;
static long long submitted, completed;

/* as_completed's queue: each future appends itself when it is done. */
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static struct future *done_list[MAX_TASKS]; /* [taken..ndone) not handed out */
static int ndone, taken;

static bool io; /* set once in main */
static struct future fut[MAX_TASKS]; /* their locks are set up in main */

static long long thread_cpu_ns(void) /* CPU time used by this thread */
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The task itself: wait (I/O) or compute (CPU) for f->ms, then answer. */
static long long run_task(const struct future *f)
{
	unsigned long long x = (unsigned long long)f->arg;
	if (io)
		lab_sleep_ms(f->ms);
	for (long long t0 = thread_cpu_ns(); !io && thread_cpu_ns() - t0 < f->ms * 1000000LL;)
		for (int k = 0; k < 1000; k++) {
			x = x * 6364136223846793005ULL + 1;
			__asm__ volatile("" : "+r"(x)); /* keep the work */
		}
	return f->arg * f->arg;
}

/* Worker side: publish the result, wake the waiter, tell as_completed. */
static void future_set(struct future *f, long long result)
{
	pthread_mutex_lock(&f->lock);
	f->result = result;
	f->done = true;
	if (f->notify) { /* lock order: the future, then the done list */
		pthread_mutex_lock(&done_lock);
		done_list[ndone++] = f;
		pthread_cond_signal(&done_cv);
		pthread_mutex_unlock(&done_lock);
	}
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->lock);
}

/* future.result(): sleep until a worker has set it. */
static long long future_result(struct future *f)
{
	pthread_mutex_lock(&f->lock);
	while (!f->done) /* `while`, not `if`: wakeups can be spurious */
		pthread_cond_wait(&f->cv, &f->lock);
	long long r = f->result;
	pthread_mutex_unlock(&f->lock);
	return r;
}

static void *worker(void *arg)
{
	pthread_mutex_lock(&pool_lock);
	for (;;) {
		while (head == tail && !shutting_down)
			pthread_cond_wait(&has_work, &pool_lock);
		if (head == tail) /* shutting down and the queue is drained */
			break;
		struct future *f = queue[head++];
		pthread_mutex_unlock(&pool_lock);
		future_set(f, run_task(f)); /* the work runs unlocked */
		pthread_mutex_lock(&pool_lock);
		completed++;
	}
	pthread_mutex_unlock(&pool_lock);
	return arg;
}

/* executor.submit(): queue the task and return at once. */
static void pool_submit(long long arg, long long ms, struct future *f)
{
	f->arg = arg, f->ms = ms, f->done = false, f->notify = false;
	pthread_mutex_lock(&pool_lock);
	queue[tail++] = f, submitted++;
	pthread_cond_signal(&has_work); /* one task: wake one worker */
	pthread_mutex_unlock(&pool_lock);
}

/* shutdown(wait=True): no new work; workers drain the queue, then exit. */
static void pool_shutdown(pthread_t *tid, int nworkers)
{
	pthread_mutex_lock(&pool_lock);
	shutting_down = true;
	pthread_cond_broadcast(&has_work);
	pthread_mutex_unlock(&pool_lock);
	for (int i = 0; i < nworkers; i++)
		pthread_join(tid[i], NULL);
}

/* as_completed(): futures already done go in now, the others when they finish. */
static void as_completed_init(struct future *f, int n)
{
	ndone = taken = 0;
	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&f[i].lock);
		pthread_mutex_lock(&done_lock);
		if (f[i].done)
			done_list[ndone++] = &f[i];
		else
			f[i].notify = true;
		pthread_mutex_unlock(&done_lock);
		pthread_mutex_unlock(&f[i].lock);
	}
}

static struct future *as_completed_next(void)
{
	pthread_mutex_lock(&done_lock);
	while (taken == ndone)
		pthread_cond_wait(&done_cv, &done_lock);
	struct future *f = done_list[taken++];
	pthread_mutex_unlock(&done_lock);
	return f;
}

static void run(const char *name, const long long *ms, int n)
{
	int order[MAX_TASKS], nworkers = (int)lab_param("workers");
	char seen[MAX_TASKS] = {0}, drain = strcmp(name, "shutdown") == 0;
	long long ok = 0, busy_ms = 0, inversions = 0;
	pthread_t tid[64];
	long long t0 = lab_now_ns(); /* ThreadPoolExecutor(max_workers=nworkers) */
	head = tail = 0, submitted = completed = 0, shutting_down = false;
	for (int i = 0; i < nworkers; i++)
		if (pthread_create(&tid[i], NULL, worker, NULL) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < n; i++) /* executor.submit(task, i) */
		pool_submit(i, ms[i], &fut[i]);
	if (strcmp(name, "as_completed") == 0)
		as_completed_init(fut, n);
	for (int k = 0; k < n && !drain; k++) { /* the k-th result to come back */
		struct future *f = name[0] == 'm' ? &fut[k] : as_completed_next();
		int i = order[k] = (int)(f - fut);
		ok += seen[i]++ == 0 && future_result(f) == (long long)i * i;
	}
	pool_shutdown(tid, nworkers); /* the `with` block ends */
	long long elapsed = lab_now_ns() - t0;
	char line[256] = "";
	for (int a = 0, len = 0; a < n; a++) {
		if (drain) { /* every future must be done once shutdown returned */
			order[a] = a;
			ok += fut[a].done && fut[a].result == (long long)a * a;
		}
		busy_ms += ms[a];
		for (int b = 0; b < a; b++) /* pairs out of submission order */
			inversions += order[b] > order[a];
		if (a < 12)
			len += snprintf(line + len, sizeof line - len, " %d(%lldms)",
					order[a], ms[order[a]]);
	}
	if (!drain)
		lab_log(name, "results came back as task(length):%s%s", line, n > 12 ? " ..." : "");
	lab_log(name, "%lld submitted, %lld completed at shutdown, %.1f ms", submitted,
		completed, elapsed / 1e6);
	struct lab_metric m[] = {
		LAB_INT("submitted", submitted), LAB_INT("completed", completed),
		LAB_INT("inversions", inversions), LAB_INT("first_ms", ms[order[0]]),
		LAB_REAL("speedup", busy_ms * 1e6 / (double)elapsed),
	};
	lab_result(name, n, ok, ok == n && completed == n, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	io = lab_param("io") != 0;
	int n = (int)lab_param("tasks");
	long long ms[MAX_TASKS]; /* the same lengths for every variant */
	uint64_t rng = lab_seed_for(0);
	for (int i = 0; i < n; i++) {
		ms[i] = 1 + (long long)(lab_rand(&rng) % (uint64_t)lab_param("max_ms"));
		pthread_mutex_init(&fut[i].lock, NULL);
		pthread_cond_init(&fut[i].cv, NULL);
	}
	lab_log(NULL, "%d tasks of 1..%lld ms (%s) on %lld workers", n, lab_param("max_ms"),
		io ? "sleeping: I/O" : "computing: CPU", lab_param("workers"));
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name, ms, n);
	return lab_end();
}
