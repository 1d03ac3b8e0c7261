/*
 * event.c - an event (a flag threads can sleep on) versus spinning on a flag.
 *
 * Python: threading.Event: set(), clear(), is_set(), wait(timeout).
 *
 * C has no event type, but it takes a few lines on top of a mutex, a condition
 * variable and a bool: set() raises the flag and broadcasts, wait() sleeps on
 * the condition variable until the flag is up, wait_for(ms) gives up at a
 * deadline and returns the flag, false on timeout, as Python's wait() does.
 *
 * N workers wait at a start line until main, after delay_ms of getting ready,
 * says go. Two ways to wait:
 *
 *   event  sleep in event_wait(): the kernel takes the thread off the CPU
 *   busy   spin on an atomic flag: `while (!go) ;` keeps the core busy
 *
 * Both are correct; the difference is the CPU time burned while waiting,
 * measured per thread with CLOCK_THREAD_CPUTIME_ID (cores_busy: how many
 * cores that kept busy on average), and how soon a waiter sees the go. A
 * spinner that has a core sees it at once; with more spinners than cores, a
 * spinner must first wait for the scheduler to give it a turn.
 *
 * Build by hand: cc -O2 -pthread event.c lab.c -o event
 */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

static const struct lab_variant variants[] = {
	{"event", LAB_SAFE, "workers sleep on an event until it is set"},
	{"busy", LAB_SAFE, "workers spin on an atomic flag until it is set"},
};
static const struct lab_param params[] = {
	{"workers", 4, 1, 64, "threads waiting to start"},
	{"delay_ms", 200, 1, 5000, "how long main takes before it says go"},
	{"timeout_ms", 50, 1, 5000, "the timed wait that must time out"},
};
static const struct lab_demo demo = {
	"event", "wait for a flag: sleep on an event or burn a core spinning",
	"threading.Event", variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"wait_cpu_ms", LAB_K_DURATION, "ms"},
	{"cores_busy", LAB_K_RATIO, NULL},
	{"wake_max_us", LAB_K_DURATION, "us"},
	{"timed_ms", LAB_K_DURATION, "ms"},
	{"timeout_ok", LAB_K_YESNO, NULL},
};
static const struct lab_claim claims[] = {
	{"event", "cores_busy", "<=", 0.1, NULL}, /* a sleeping waiter burns no CPU */
	{"busy", "cores_busy", ">=", 0.5, NULL}, /* a spinning one keeps cores busy */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

/* ---- the event -------------------------------------------------------- */

struct event {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool flag; /* guarded by lock */
};

static void event_init(struct event *e)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	/* deadlines on the monotonic clock: a change of the date can't move them */
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->cond, &attr);
	pthread_condattr_destroy(&attr);
	e->flag = false;
}

static void event_set(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	e->flag = true;
	pthread_cond_broadcast(&e->cond); /* everyone waiting may go */
	pthread_mutex_unlock(&e->lock);
}

static void event_clear(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	e->flag = false;
	pthread_mutex_unlock(&e->lock);
}

static bool event_is_set(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	bool flag = e->flag;
	pthread_mutex_unlock(&e->lock);
	return flag;
}

static void event_wait(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	while (!e->flag) /* a while: wake-ups can be spurious */
		pthread_cond_wait(&e->cond, &e->lock);
	pthread_mutex_unlock(&e->lock);
}

/* Wait at most ms; returns the flag: false means we timed out. */
static bool event_wait_for(struct event *e, long long ms)
{
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	long long ns = deadline.tv_nsec + ms * 1000000LL;
	deadline.tv_sec += ns / 1000000000LL;
	deadline.tv_nsec = ns % 1000000000LL;
	pthread_mutex_lock(&e->lock);
	while (!e->flag)
		if (pthread_cond_timedwait(&e->cond, &e->lock, &deadline) != 0)
			break; /* ETIMEDOUT */
	bool flag = e->flag;
	pthread_mutex_unlock(&e->lock);
	return flag;
}

/* ---- the demo ---------------------------------------------------------- */

static struct event start;
static atomic_bool go;       /* the busy variant's flag */
static bool busy;            /* which way this run waits */

struct waiter {
	int id;
	long long cpu_ns;        /* CPU this thread used while waiting */
	long long woke_at;       /* when it saw the go */
};

static long long thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *worker(void *arg)
{
	struct waiter *w = arg;
	lab_pin_cpu(w->id);
	long long cpu0 = thread_cpu_ns();
	if (busy)
		while (!atomic_load(&go))
			; /* spinning: the core does nothing useful, flat out */
	else
		event_wait(&start);
	w->woke_at = lab_now_ns();
	w->cpu_ns = thread_cpu_ns() - cpu0;
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("workers");
	long long timeout = lab_param("timeout_ms");
	pthread_t tid[64];
	struct waiter ws[64];
	bool timed_ok = true;
	double timed_ms = 0;

	busy = strcmp(name, "busy") == 0;
	event_init(&start);
	atomic_store(&go, false);
	if (!busy) {
		/* Nobody sets the event yet: a timed wait must come back false,
		 * and not before its time. */
		long long t = lab_now_ns();
		bool got = event_wait_for(&start, timeout);
		timed_ms = (lab_now_ns() - t) / 1e6;
		timed_ok = !got && timed_ms >= (double)timeout;
		lab_log(name, "wait(%lld ms) on a clear event returned %s after %.1f ms",
			timeout, got ? "true" : "false", timed_ms);
	}

	long long t0 = lab_now_ns();
	for (int i = 0; i < n; i++) {
		ws[i] = (struct waiter){.id = i};
		if (pthread_create(&tid[i], NULL, worker, &ws[i]) != 0)
			lab_die("pthread_create failed");
	}
	lab_sleep_ms(lab_param("delay_ms")); /* main getting things ready */
	long long set_at = lab_now_ns();     /* before the go, so no one beats it */
	if (busy)
		atomic_store(&go, true);
	else
		event_set(&start);
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	if (!busy) {
		/* set: a wait returns true at once; cleared: times out again */
		bool now_set = event_wait_for(&start, timeout);
		event_clear(&start);
		bool after_clear = event_wait_for(&start, timeout);
		timed_ok &= now_set && !after_clear && !event_is_set(&start);
		lab_log(name, "after set(): wait returned %s; after clear(): %s, is_set() %s",
			now_set ? "true" : "false", after_clear ? "true" : "false",
			event_is_set(&start) ? "true" : "false");
	}

	int released = 0;
	long long cpu = 0, late = 0;
	for (int i = 0; i < n; i++) {
		released += ws[i].woke_at >= set_at; /* nobody left early */
		cpu += ws[i].cpu_ns;
		if (ws[i].woke_at - set_at > late)
			late = ws[i].woke_at - set_at;
	}
	lab_log(name, "%d workers waited %lld ms and burned %.1f ms of CPU doing it",
		n, lab_param("delay_ms"), cpu / 1e6);
	struct lab_metric m[5];
	int nm = 0;
	m[nm++] = LAB_REAL("wait_cpu_ms", cpu / 1e6);
	m[nm++] = LAB_REAL("cores_busy", cpu / 1e6 / (double)lab_param("delay_ms"));
	m[nm++] = LAB_REAL("wake_max_us", late / 1e3);
	if (!busy) {
		m[nm++] = LAB_REAL("timed_ms", timed_ms);
		m[nm++] = LAB_INT("timeout_ok", timed_ok);
	}
	lab_result(name, n, released, released == n && timed_ok, elapsed, m, nm);
	pthread_cond_destroy(&start.cond);
	pthread_mutex_destroy(&start.lock);
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
