/*
 * hx.c - the plumbing every exercise harness shares (see hx.h): settings from
 * the environment, the ex_pause() hook, a watchdog thread, crash messages
 * and the verdict lines.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include "hx.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool quick, tsan;
static uint64_t base_seed;
static char token[64] = "-";
static bool token_gone;         /* stdin was a pipe, but the token was not in it */
static char phase[200];         /* written by main between runs */
static atomic_int next_thread_seed;

bool hx_quick(void) { return quick; }
bool hx_tsan(void) { return tsan; }
int hx_runs(int full, int q) { return quick ? q : full; }

static bool env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

/* Write a whole string from a signal handler or a dying thread. */
static void say(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void on_crash(int sig)
{
	const char *what = sig == SIGSEGV ? "a segmentation fault (a bad pointer)"
		: sig == SIGBUS ? "a bus error (a bad pointer)"
		: sig == SIGABRT ? "abort() (often a double free or corrupted memory)"
		: sig == SIGFPE ? "an arithmetic error" : "a signal";
	say("lockstep-fail: the program crashed with ");
	say(what);
	if (phase[0]) {
		say(" during ");
		say(phase);
	}
	say("\n");
	raise(sig); /* SA_RESETHAND: the default action now, so the status says it */
}

/*
 * The token that makes a pass line believable comes on stdin, never in the
 * environment: lockstep writes it to a pipe and closes it. This constructor
 * reads it before any of the learner's code can run (101 is the earliest
 * priority a program may ask for; the learner's constructors use the default
 * one, after it), then stdin becomes /dev/null. If the pipe is there but the
 * token is not, someone read it first: hx_init fails as "tampered". Run by
 * hand (stdin a terminal or a file) there is no token and no pass counts.
 * Code in the same process could still find the token in memory: verify
 * stops mistakes and casual tricks, not a determined cheat.
 */
#define START_S 10        /* what constructors may take before main starts */
static bool start_armed;  /* token_take armed the watchdog for them */

__attribute__((constructor(101))) static void token_take(void)
{
	struct stat st;
	if (fstat(0, &st) != 0 || !S_ISFIFO(st.st_mode))
		return;
	size_t n = 0;
	char c = 0;
	while (n < sizeof token - 1 && read(0, &c, 1) == 1 && c != '\n')
		token[n++] = c;
	token[n] = '\0';
	if (n == 0 || c != '\n') {
		snprintf(token, sizeof token, "-");
		token_gone = true;
	}
	int fd = open("/dev/null", O_RDONLY);
	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
	/* The learner's constructors run next, before main: the watchdog
	 * starts now, so a loop in one of them is stopped too (hx_init, the
	 * first thing main does, disarms it). */
	start_armed = true;
	hx_deadline(env_on("LOCKSTEP_EXERCISE_TSAN") ? START_S * 4 : START_S,
		    "your code ran for too long before the harness could start its checks "
		    "(a loop in a constructor, before main?)");
}

void hx_init(void)
{
	if (start_armed)
		hx_deadline(0, NULL); /* the constructors are over */
	setvbuf(stdout, NULL, _IOLBF, 0);
	quick = env_on("LOCKSTEP_EXERCISE_QUICK");
	tsan = env_on("LOCKSTEP_EXERCISE_TSAN");
	if (tsan)
		quick = true;
	const char *s = getenv("LOCKSTEP_EXERCISE_SEED");
	base_seed = s && *s ? strtoull(s, NULL, 10) : (uint64_t)time(NULL);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = (int)SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (token_gone)
		hx_fail("tampered: the token lockstep hands the harness on its standard input "
			"was gone before the harness could read it (does your code read stdin?)");
}

uint64_t hx_seed_for(int i)
{
	/* splitmix64 of (seed, i): distinct, well-mixed starting states */
	uint64_t z = base_seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z ? z : 1;
}

uint64_t hx_rand(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static _Thread_local uint64_t my_state;

long hx_between(long lo, long hi)
{
	if (my_state == 0)
		my_state = hx_seed_for(1000 + atomic_fetch_add(&next_thread_seed, 1));
	return lo + (long)(hx_rand(&my_state) % (uint64_t)(hi - lo + 1));
}

void hx_reseed(int i)
{
	my_state = hx_seed_for(100000 + i);
}

void hx_sleep_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0)
		;
}

long long hx_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void (*hx_pause_hook)(void);

void ex_pause(void)
{
	if (hx_pause_hook)
		hx_pause_hook();
	/* Half the time nothing, often a yield, now and then a real sleep: the
	 * other threads get to run in the middle of whatever the caller was
	 * doing, which is exactly where a race needs them. */
	long r = hx_between(0, 99);
	if (r < 45)
		return;
	if (r < 90)
		sched_yield();
	else
		hx_sleep_us(20);
}

void hx_usage_self(struct hx_usage *u)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	u->cpu_s = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	struct rusage ru;
	u->switches = getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nvcsw + ru.ru_nivcsw : 0;
}

bool hx_usage_spun(const struct hx_usage *before, const struct hx_usage *after,
		   double wall_s, char *why, unsigned long why_size)
{
	double cpu = after->cpu_s - before->cpu_s;
	long sw = after->switches - before->switches;
	if (cpu > 0.1 * wall_s)
		snprintf(why, why_size, "it used %.2f s of CPU while it waited %.2f s", cpu,
			 wall_s);
	else if (sw > 20)
		snprintf(why, why_size, "it woke up %ld times while it waited %.2f s (a thread "
			 "asleep on a condition variable wakes once)", sw, wall_s);
	else
		return false;
	return true;
}

/* The state letter of /proc/self/task/TID/stat: the first one after ") ". */
static char task_state(const char *tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/self/task/%s/stat", tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

int hx_wait_others_asleep(int ms)
{
	char me[32];
	snprintf(me, sizeof me, "%ld", (long)gettid());
	long long end = hx_now_ms() + ms;
	do {
		DIR *d = opendir("/proc/self/task");
		if (!d)
			return -1;
		int asleep = 0, awake = 0;
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' || strcmp(de->d_name, me) == 0)
				continue;
			char st = task_state(de->d_name);
			if (st == 'S' || st == 'Z' || st == 'X' || st == '?')
				asleep++; /* sleeping, or gone (exited, not yet joined) */
			else
				awake++;
		}
		closedir(d);
		if (awake == 0)
			return asleep;
		hx_sleep_us(2000);
	} while (hx_now_ms() < end);
	return -1;
}

void hx_phase(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(phase, sizeof phase, fmt, ap);
	va_end(ap);
}

/* ---- watchdog: a thread that sleeps until the deadline */

static pthread_mutex_t dog_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dog_cond;
static long long dog_due_ms; /* 0: disarmed */
static char dog_msg[600];
static bool dog_started;

static void *watchdog(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&dog_lock);
	for (;;) {
		if (dog_due_ms == 0) {
			pthread_cond_wait(&dog_cond, &dog_lock);
			continue;
		}
		long long due = dog_due_ms;
		if (hx_now_ms() >= due) {
			say(dog_msg);
			/* Run by lockstep we lead our own process group: take any
			 * stuck child processes down with us. */
			if (getpgrp() == getpid())
				kill(0, SIGKILL);
			_exit(1);
		}
		struct timespec ts = {due / 1000, (due % 1000) * 1000000};
		pthread_cond_timedwait(&dog_cond, &dog_lock, &ts);
	}
	return NULL;
}

void hx_deadline(int seconds, const char *what)
{
	pthread_mutex_lock(&dog_lock);
	if (!dog_started) {
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&dog_cond, &ca);
		pthread_condattr_destroy(&ca);
		pthread_t t;
		pthread_create(&t, NULL, watchdog, NULL);
		pthread_detach(t);
		dog_started = true;
	}
	if (seconds <= 0) {
		dog_due_ms = 0;
	} else {
		int s = tsan ? seconds * 4 : seconds;
		snprintf(dog_msg, sizeof dog_msg, "lockstep-fail: %s (stuck for %d s%s%s)\n",
			 what, s, phase[0] ? ", in " : "", phase);
		dog_due_ms = hx_now_ms() + 1000LL * s;
	}
	pthread_cond_signal(&dog_cond);
	pthread_mutex_unlock(&dog_lock);
}

/* ---- verdicts */

void hx_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("lockstep-note: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

void hx_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("lockstep-fail: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	printf("lockstep-note: seed %llu (LOCKSTEP_EXERCISE_SEED=%llu repeats this run)\n",
	       (unsigned long long)base_seed, (unsigned long long)base_seed);
	fflush(stdout);
	_exit(1);
}

void hx_pass(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("lockstep-pass %s: ", token);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	_exit(0);
}

void hx_tally_add(struct hx_tally *t, bool ok, const char *fmt, ...)
{
	t->runs++;
	if (ok)
		return;
	if (t->bad++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(t->first, sizeof t->first, fmt, ap);
		va_end(ap);
	}
}

void hx_tally_check(const struct hx_tally *t)
{
	if (t->bad > 0)
		hx_fail("%s (wrong in %d of %d runs)", t->first, t->bad, t->runs);
}

void hx_gate_init(struct hx_gate *g, int n)
{
	g->n = n;
	atomic_store(&g->arrived, 0);
}

void hx_gate_wait(struct hx_gate *g)
{
	atomic_fetch_add(&g->arrived, 1);
	while (atomic_load(&g->arrived) < g->n)
		sched_yield();
}
