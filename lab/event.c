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
 *   lost   a broken wait: look at the flag under the lock, let go of the
 *          lock, and only then sleep. A set() that lands between the look
 *          and the sleep broadcasts to nobody, and the waiter sleeps on
 *          through the go: a lost wake-up.
 *
 * event and busy are correct; the difference is the CPU time burned while
 * waiting, measured per thread with CLOCK_THREAD_CPUTIME_ID (cores_busy: how
 * many cores that kept busy on average), and how soon a waiter sees the go. A
 * spinner that has a core sees it at once; with more spinners than cores, a
 * spinner must first wait for the scheduler to give it a turn.
 *
 * The go comes from a setter thread, after delay_ms of getting ready. The
 * lost wake-up needs the set to fall into a window of a few instructions, so
 * a free run rarely shows it (a lost waiter gives up after timeout_ms more
 * and is counted in `missed`). Step it (lockstep step event --variant lost):
 * the waits and the set go through the LAB_ wrappers, so you can put the set
 * in that window, and a waiter left asleep shows as a deadlock.
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
	{"lost", LAB_BROKEN, "workers look, unlock, then sleep: a set between is missed"},
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
	{"missed", LAB_K_COUNT, NULL},
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

/* The waits and the set that worker threads make go through the LAB_
 * wrappers (plain pthread calls, and step points when stepped: lab.h). */
struct event {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int flag; /* 0 or 1, guarded by lock */
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
	e->flag = 0;
}

static void event_set(struct event *e)
{
	LAB_LOCK(&e->lock);
	e->flag = 1;
	LAB_COND_BROADCAST(&e->cond); /* everyone waiting may go */
	LAB_UNLOCK(&e->lock);
}

static void event_clear(struct event *e)
{
	pthread_mutex_lock(&e->lock);
	e->flag = 0;
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
	LAB_LOCK(&e->lock);
	while (!e->flag) /* checked and slept on under one lock: no set slips by */
		LAB_COND_WAIT(&e->cond, &e->lock);
	LAB_UNLOCK(&e->lock);
}

/* The `lost` variant's wait, wrong: the look and the sleep are two separate
 * holds of the lock, so set() can run in between, broadcast to nobody, and
 * leave this thread asleep. Returns false when it slept through the go: a
 * free run gives up at `deadline`; a stepped one sleeps on (a deadlock). */
static bool event_wait_lost(struct event *e, const struct timespec *deadline)
{
	LAB_LOCK(&e->lock);
	int set = e->flag;         /* look ... */
	LAB_UNLOCK(&e->lock);
	if (set)
		return true;
	bool woken = true;
	LAB_LOCK(&e->lock);        /* ... then sleep, without looking again */
	if (lab_stepping)
		LAB_COND_WAIT(&e->cond, &e->lock);
	else
		woken = pthread_cond_timedwait(&e->cond, &e->lock, deadline) == 0;
	LAB_UNLOCK(&e->lock);
	return woken;
}

/* The moment ms from now on the monotonic clock, for a timed wait. */
static struct timespec deadline_in(long long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	long long ns = t.tv_nsec + ms * 1000000LL;
	t.tv_sec += ns / 1000000000LL;
	t.tv_nsec = ns % 1000000000LL;
	return t;
}

/* Wait at most ms; returns the flag: false means we timed out. */
static bool event_wait_for(struct event *e, long long ms)
{
	struct timespec deadline = deadline_in(ms);
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
static const char *variant;  /* the one running now */
static long long set_at;     /* when the setter said go (read after joins) */
static struct lab_gate gate; /* stepped runs only: workers and the setter */

struct waiter {
	int id;
	long long cpu_ns;        /* CPU this thread used while waiting */
	long long woke_at;       /* when it saw the go */
	bool missed;             /* lost: slept through the go */
};

static long long thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Workers are threads A, B, ... when stepped; the busy variant is not
 * stepped (a spinning thread never gives the turn back). */
static bool stepped(void) { return lab_stepping && variant[0] != 'b'; }

static void *worker(void *arg)
{
	struct waiter *w = arg;
	if (stepped()) {
		lab_step_thread(w->id);
		lab_gate_wait(&gate);
	}
	lab_pin_cpu(w->id);
	long long cpu0 = thread_cpu_ns();
	if (variant[0] == 'b') {
		while (!atomic_load(&go))
			; /* spinning: the core does nothing useful, flat out */
	} else if (variant[0] == 'l') {
		struct timespec deadline =
			deadline_in(lab_param("delay_ms") + lab_param("timeout_ms"));
		w->missed = !event_wait_lost(&start, &deadline);
	} else {
		event_wait(&start);
	}
	w->woke_at = lab_now_ns();
	w->cpu_ns = thread_cpu_ns() - cpu0;
	return NULL;
}

/* Gets ready for delay_ms (not when stepped: the schedule is the timing),
 * then says go. The last thread when stepped. */
static void *setter(void *arg)
{
	int id = (int)(long)arg;
	if (stepped()) {
		lab_step_thread(id);
		lab_gate_wait(&gate);
	} else {
		lab_sleep_ms(lab_param("delay_ms"));
	}
	set_at = lab_now_ns(); /* before the go, so no one beats it */
	if (variant[0] == 'b')
		atomic_store(&go, true);
	else
		event_set(&start);
	return NULL;
}

static void run(const char *name)
{
	int n = (int)lab_param("workers");
	long long timeout = lab_param("timeout_ms");
	pthread_t tid[65];
	struct waiter ws[64];
	bool timed_ok = true;
	double timed_ms = 0;

	variant = name;
	bool ev = name[0] == 'e';
	event_init(&start);
	atomic_store(&go, false);
	lab_gate_init(&gate, n + 1);
	lab_step_shared_int("flag", &start.flag);
	if (ev) {
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
	if (pthread_create(&tid[n], NULL, setter, (void *)(long)n) != 0)
		lab_die("pthread_create failed");
	for (int i = 0; i <= n; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	if (ev) {
		/* set: a wait returns true at once; cleared: times out again */
		bool now_set = event_wait_for(&start, timeout);
		event_clear(&start);
		bool after_clear = event_wait_for(&start, timeout);
		timed_ok &= now_set && !after_clear && !event_is_set(&start);
		lab_log(name, "after set(): wait returned %s; after clear(): %s, is_set() %s",
			now_set ? "true" : "false", after_clear ? "true" : "false",
			event_is_set(&start) ? "true" : "false");
	}

	int released = 0, missed = 0;
	long long cpu = 0, late = 0;
	for (int i = 0; i < n; i++) {
		missed += ws[i].missed;
		/* nobody left early, nobody slept through the go */
		released += ws[i].woke_at >= set_at && !ws[i].missed;
		cpu += ws[i].cpu_ns;
		if (ws[i].woke_at - set_at > late)
			late = ws[i].woke_at - set_at;
	}
	lab_log(name, "%d workers waited %lld ms and burned %.1f ms of CPU doing it",
		n, lab_param("delay_ms"), cpu / 1e6);
	if (missed)
		lab_log(name, "%d of %d workers slept through the go (lost wake-ups)", missed, n);
	struct lab_metric m[6];
	int nm = 0;
	m[nm++] = LAB_REAL("wait_cpu_ms", cpu / 1e6);
	m[nm++] = LAB_REAL("cores_busy", cpu / 1e6 / (double)lab_param("delay_ms"));
	m[nm++] = LAB_REAL("wake_max_us", late / 1e3);
	if (ev) {
		m[nm++] = LAB_REAL("timed_ms", timed_ms);
		m[nm++] = LAB_INT("timeout_ok", timed_ok);
	}
	if (name[0] == 'l')
		m[nm++] = LAB_INT("missed", missed);
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
