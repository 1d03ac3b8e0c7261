/*
 * lab.h - the small helper every lockstep demo shares.
 *
 * A demo is one standalone C program. This helper does only what every demo
 * would otherwise repeat: reading `key=value` parameters with ranges, a start
 * gate so threads really overlap, a monotonic clock, and output — a readable
 * report by default, JSON Lines events with --json (see PROTOCOL.md).
 *
 * libc and pthreads only. Build a demo by hand with:
 *     cc -O2 -pthread lab/race_counter.c lab/lab.c -o race_counter
 */
#ifndef LAB_H
#define LAB_H

/* POSIX 2008 (barriers, semaphores) unless the demo asked for more first. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* How a variant is expected to behave; tools use this to know what to check. */
enum lab_kind {
	LAB_SAFE,   /* correct in every run, clean under ThreadSanitizer */
	LAB_RACY,   /* a data race between threads on purpose: TSan must flag it */
	LAB_BROKEN, /* wrong on purpose, but not a thread data race (processes,
	               a logic bug under a lock, a deadlock): not run under TSan */
};

struct lab_variant {
	const char *name;
	enum lab_kind kind;
	const char *summary; /* one line, shown in `lockstep demos` */
};

struct lab_param {
	const char *name;
	long long def, min, max;
	const char *help;
};

struct lab_demo {
	const char *name;
	const char *summary; /* one line */
	const char *python;  /* the Python construct the demo mirrors */
	const struct lab_variant *variants;
	int nvariants;
	const struct lab_param *params;
	int nparams;
};

#define LAB_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * Parse argv against the demo's table. Accepts `key=value`, `--key value`
 * and `--key=value`, plus the options every demo has: --json, --seed N,
 * --slowmo MS, --variant a,b, --describe, --help, and --step (one variant,
 * threads chosen by the controller on stdin: see "Stepping" below). On a bad parameter it
 * prints "race_counter: threads must be 1..256, got 0" and exits 2.
 * Prints the `hello` event (or a header in text mode).
 */
void lab_init(const struct lab_demo *demo, int argc, char **argv);

/* The value of a parameter declared in the table (or "seed", "slowmo"). */
long long lab_param(const char *name);

/* True when this variant was selected (all are, unless --variant was given). */
bool lab_want(const char *variant);

/* True when --json was given. */
bool lab_json(void);

/* Monotonic time in nanoseconds. */
long long lab_now_ns(void);

/* CPU time this process has used, in nanoseconds (user + system). */
long long lab_cpu_ns(void);

/* Sleep for the given number of milliseconds / nanoseconds. */
void lab_sleep_ms(long long ms);
void lab_sleep_ns(long long ns);

/* The --slowmo delay: call it inside a critical section (between the read
 * and the write of a shared variable) to widen the window a race needs.
 * Does nothing unless --slowmo was given. */
void lab_slowmo(void);

/* A spinning start gate. Each thread calls lab_gate_wait(); nobody leaves
 * until all `n` have arrived. Spinning (rather than sleeping on a barrier)
 * means every thread is already running on its core when the gate opens, so
 * their loops truly overlap. The gate also works between processes when it
 * lives in memory mapped MAP_SHARED before fork(). */
struct lab_gate {
	atomic_int arrived;
	int n;
};
void lab_gate_init(struct lab_gate *g, int n);
void lab_gate_wait(struct lab_gate *g);

/* Pin the calling thread to the i-th CPU this process may use (wrapping
 * around). Without it the scheduler may start two new threads on the same
 * core, one after the other, and a race never gets the chance to happen. */
void lab_pin_cpu(int i);

/* A small, fast pseudo-random generator (xorshift64*). Each thread keeps its
 * own state, seeded from lab_seed_for(i), so a run is repeatable by --seed. */
uint64_t lab_seed_for(int i);
uint64_t lab_rand(uint64_t *state);

/* Extra numbers reported with a result, beside expected/observed. Keep
 * names short (`lost`, `ns_per_op`, `peak_inside`): they label a column
 * row; declare how to read each with lab_declare (above). */
struct lab_metric {
	const char *key;
	enum { LAB_M_INT, LAB_M_REAL, LAB_M_TEXT } type;
	long long i;
	double d;
	const char *s;
};
#define LAB_INT(k, v) ((struct lab_metric){.key = (k), .type = LAB_M_INT, .i = (v)})
#define LAB_REAL(k, v) ((struct lab_metric){.key = (k), .type = LAB_M_REAL, .d = (v)})
#define LAB_TEXT(k, v) ((struct lab_metric){.key = (k), .type = LAB_M_TEXT, .s = (v)})

/* ---- Declaring what the numbers mean -----------------------------------
 *
 * A demo may say, once, how its numbers are to be read, so lockstep formats
 * each by its kind (100,000,000 or 100.0M; yes/no; one duration style) and
 * checks the point the lesson makes. Call lab_declare() before lab_init();
 * the declaration goes out with --describe and in the `hello` event.
 * Undeclared metrics get a kind from their value (PROTOCOL.md). */
enum lab_mkind {
	LAB_K_COUNT = 1, /* a whole number of things: 1,234,567 */
	LAB_K_DURATION,  /* a time; unit "ns", "us", "ms" or "s" */
	LAB_K_RATE,      /* things per second; unit says of what ("req/s") */
	LAB_K_RATIO,     /* a factor or fraction: 1.93x, 0.48 */
	LAB_K_YESNO,     /* 0 or 1: shown as no / yes */
	LAB_K_TEXT,      /* words */
	LAB_K_LIST,      /* a comma-separated list */
};

struct lab_metric_decl {
	const char *key;
	enum lab_mkind kind;
	const char *unit; /* may be NULL */
};

/* A contrast the lesson is about: `variant`'s `metric` (or "time", the
 * elapsed time) compared with `op` (">=" or "<=") to `factor`, or to
 * factor x the same metric of `against` when that is given. Example:
 * {"cpu_nogil", "speedup", ">=", 1.7, NULL} or
 * {"concurrent", "time", "<=", 0.7, "sequential"}. */
struct lab_claim {
	const char *variant, *metric, *op;
	double factor;
	const char *against;
};

struct lab_decl {
	/* Which of the rows expected, observed and lost mean something here,
	 * space-separated ("expected observed lost"); "" for none, NULL for
	 * whichever each result has. */
	const char *rows;
	const struct lab_metric_decl *metrics;
	int nmetrics;
	const struct lab_claim *claims;
	int nclaims;
};

/* Declare the rows, metric kinds and claims (before lab_init). */
void lab_declare(const struct lab_decl *decl);

/* Use for `expected` or `observed` when a variant has no such number. */
#define LAB_NONE INT64_MIN

/*
 * Report one variant's outcome. Emits a `result` event with --json; in text
 * mode the results are kept and printed side by side by lab_end().
 * Thread-safe, but normally called from main.
 */
void lab_result(const char *variant, long long expected, long long observed,
		bool correct, long long elapsed_ns,
		const struct lab_metric *metrics, int nmetrics);

/* Progress of a variant. Thread-safe and rate-limited to about 20 events a
 * second, so it is cheap to call often. Text mode ignores it. */
void lab_progress(const char *variant, long long done, long long total);
/* The same, with the shared value as the calling thread last saw it (the
 * value it just wrote), so the lab can show the count climbing. */
void lab_progress_value(const char *variant, long long done, long long total, long long value);

/* A line of narration: printed as is in text mode, a `log` event with --json.
 * `variant` may be NULL. printf-style. */
void lab_log(const char *variant, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print the side-by-side table (text mode) or the `end` event, and flush.
 * Returns the exit status for main: 0. */
int lab_end(void);

/* ---- Stepping: being the scheduler -------------------------------------
 *
 * Run with --step (and --json), a demo runs its threads one at a time and
 * lets lockstep choose who moves next (lab/PROTOCOL.md, "Step mode"). A demo
 * takes part by
 *   - naming each worker thread: lab_step_thread(id) first thing in the
 *     thread (ids 0, 1, ... shown as A, B, ...), then lab_gate_wait();
 *   - marking the statements that matter: LAB_STEP("load") just before the
 *     statement; LAB_STEP_SHOW("store", "v", v) also shows a local's value;
 *   - blocking only through the lab's wrappers: LAB_LOCK / LAB_UNLOCK
 *     (LAB_RLOCK for a recursive mutex), LAB_TRYLOCK (true when taken), LAB_COND_WAIT / LAB_COND_SIGNAL /
 *     LAB_COND_BROADCAST, LAB_SEM_WAIT / LAB_SEM_POST, LAB_BARRIER_INIT /
 *     LAB_BARRIER_WAIT, and spin loops through LAB_SPIN_UNTIL. Then the scheduler knows who holds and waits for
 *     what, never hands the turn to a thread that would block, and reports
 *     a deadlock when nobody can move;
 *   - naming the shared variables to show: lab_step_shared("counter", &c)
 *     (long long), lab_step_shared_int, lab_step_shared_atomic (atomic_int),
 *     lab_step_shared_atomic_ll (atomic_llong).
 * In a normal run all of this costs one predictable branch per mark, and
 * each wrapper is the plain pthread call behind that branch.
 *
 * Hot loops: write LAB_STEPPING_LOCAL; at the top of the thread function. It
 * declares a local copy of the flag named lab_stepping, read once; the local
 * hides the global, so every mark after it tests a register. Without it, a
 * loop with a compiler barrier or a call in it (race_counter's) makes the
 * compiler read the global from memory again at every mark: measured here,
 * that cost +19% on a one-thread race_counter run, 0.1% with the local copy
 * (`make bench`, "step marks").
 * We chose a local copy over a second, unmarked copy of the loop: the student
 * reads one loop, and the race in it is the one that runs. */
extern bool lab_stepping; /* set by lab_init before any thread exists */

/* The global flag, for LAB_STEPPING_LOCAL (whose local has the same name). */
static inline bool lab_step_mode(void)
{
	return lab_stepping;
}

void lab_step_thread(int id);
void lab_step_shared(const char *name, const long long *value);
void lab_step_shared_int(const char *name, const int *value);
void lab_step_shared_atomic(const char *name, const atomic_int *value);
void lab_step_shared_atomic_ll(const char *name, const atomic_llong *value);
void lab_step_at(const char *label, const char *file, int line, const char *local,
		 long long value);
void lab_lock_at(pthread_mutex_t *m, const char *name, const char *file, int line,
		 bool recursive);
void lab_unlock_at(pthread_mutex_t *m, const char *name, const char *file, int line);
bool lab_trylock_at(pthread_mutex_t *m, const char *name, const char *file, int line);
void lab_cond_wait_at(pthread_cond_t *c, pthread_mutex_t *m, const char *cname,
		      const char *mname, const char *file, int line);
void lab_cond_wake_at(pthread_cond_t *c, const char *name, bool all, const char *file,
		      int line);
void lab_sem_wait_at(sem_t *s, const char *name, const char *file, int line);
void lab_sem_post_at(sem_t *s, const char *name, const char *file, int line);
int lab_barrier_init_at(pthread_barrier_t *b, const char *name, unsigned count);
int lab_barrier_wait_at(pthread_barrier_t *b, const char *name, const char *file, int line);
void lab_spin_at(bool (*until)(void *), void *arg, const char *name, const char *file,
		 int line);

/* LAB_SPIN_UNTIL(until, arg): spin, `while (!until(arg)) ;`. until() only
 * reads shared memory. Stepped, the thread is blocked (waits kind "spin")
 * until until(arg) holds, and its one step `spin` then passes the loop: the
 * empty rounds in between change nothing, so the stepper skips them. */
static inline void lab_spin_plain(bool (*until)(void *), void *arg)
{
	while (!until(arg))
		;
}

#ifdef LAB_NO_STEP /* `make bench` only: the same program without the marks */
#define LAB_STEPPING_LOCAL ((void)0)
#define LAB_STEP(label) ((void)0)
#define LAB_STEP_SHOW(label, name, v) ((void)(v))
#define LAB_LOCK(m) ((void)pthread_mutex_lock(m))
#define LAB_RLOCK(m) ((void)pthread_mutex_lock(m))
#define LAB_UNLOCK(m) ((void)pthread_mutex_unlock(m))
#define LAB_TRYLOCK(m) (pthread_mutex_trylock(m) == 0)
#define LAB_COND_WAIT(c, m) ((void)pthread_cond_wait((c), (m)))
#define LAB_COND_SIGNAL(c) ((void)pthread_cond_signal(c))
#define LAB_COND_BROADCAST(c) ((void)pthread_cond_broadcast(c))
#define LAB_SEM_WAIT(s) ((void)lab_sem_wait_plain(s))
#define LAB_SEM_POST(s) ((void)sem_post(s))
#define LAB_BARRIER_INIT(b, n) pthread_barrier_init((b), NULL, (n))
#define LAB_BARRIER_WAIT(b) pthread_barrier_wait(b)
#define LAB_SPIN_UNTIL(until, arg) lab_spin_plain((until), (arg))
#else
#define LAB_STEPPING_LOCAL const bool lab_stepping = lab_step_mode()
#define LAB_STEP(label)                                                          \
	do {                                                                     \
		if (__builtin_expect(lab_stepping, 0))                           \
			lab_step_at((label), __FILE__, __LINE__, NULL, 0);       \
	} while (0)
#define LAB_STEP_SHOW(label, name, v)                                            \
	do {                                                                     \
		if (__builtin_expect(lab_stepping, 0))                           \
			lab_step_at((label), __FILE__, __LINE__, (name), (v));   \
	} while (0)
#define LAB_LOCK(m)                                                              \
	(__builtin_expect(lab_stepping, 0) ? lab_lock_at((m), #m, __FILE__, __LINE__, false) \
					   : (void)pthread_mutex_lock(m))
#define LAB_RLOCK(m)                                                             \
	(__builtin_expect(lab_stepping, 0) ? lab_lock_at((m), #m, __FILE__, __LINE__, true) \
					   : (void)pthread_mutex_lock(m))
#define LAB_UNLOCK(m)                                                            \
	(__builtin_expect(lab_stepping, 0) ? lab_unlock_at((m), #m, __FILE__, __LINE__) \
					   : (void)pthread_mutex_unlock(m))
#define LAB_TRYLOCK(m)                                                           \
	(__builtin_expect(lab_stepping, 0) ? lab_trylock_at((m), #m, __FILE__, __LINE__) \
					   : pthread_mutex_trylock(m) == 0)
#define LAB_COND_WAIT(c, m)                                                      \
	(__builtin_expect(lab_stepping, 0)                                       \
		 ? lab_cond_wait_at((c), (m), #c, #m, __FILE__, __LINE__)        \
		 : (void)pthread_cond_wait((c), (m)))
#define LAB_COND_SIGNAL(c)                                                       \
	(__builtin_expect(lab_stepping, 0) ? lab_cond_wake_at((c), #c, false, __FILE__, __LINE__) \
					   : (void)pthread_cond_signal(c))
#define LAB_COND_BROADCAST(c)                                                    \
	(__builtin_expect(lab_stepping, 0) ? lab_cond_wake_at((c), #c, true, __FILE__, __LINE__) \
					   : (void)pthread_cond_broadcast(c))
#define LAB_SEM_WAIT(s)                                                          \
	(__builtin_expect(lab_stepping, 0) ? lab_sem_wait_at((s), #s, __FILE__, __LINE__) \
					   : (void)lab_sem_wait_plain(s))
#define LAB_SEM_POST(s)                                                          \
	(__builtin_expect(lab_stepping, 0) ? lab_sem_post_at((s), #s, __FILE__, __LINE__) \
					   : (void)sem_post(s))
#define LAB_BARRIER_INIT(b, n) lab_barrier_init_at((b), #b, (n))
#define LAB_BARRIER_WAIT(b)                                                      \
	(__builtin_expect(lab_stepping, 0) ? lab_barrier_wait_at((b), #b, __FILE__, __LINE__) \
					   : pthread_barrier_wait(b))
#define LAB_SPIN_UNTIL(until, arg)                                               \
	(__builtin_expect(lab_stepping, 0) ? lab_spin_at((until), (arg), #until, __FILE__, __LINE__) \
					   : lab_spin_plain((until), (arg)))
#endif

/* sem_wait, retried when a signal interrupts it. */
static inline int lab_sem_wait_plain(sem_t *s)
{
	int r;
	while ((r = sem_wait(s)) != 0 && errno == EINTR)
		;
	return r;
}

/* Print "demo: message" to stderr and exit 1: for a system call that failed.
 * It calls exit(), so use it in the demo's own process only; a forked child
 * reports and leaves with _exit(). */
_Noreturn void lab_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
