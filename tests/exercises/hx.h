/*
 * hx.h - what every exercise harness shares: stress settings, the pause hook
 * the learner's code calls, a watchdog, and the verdict lines lockstep reads.
 *
 * A harness is one program built from three files: the learner's exercise,
 * tests/exercises/NN-id/harness.c and this helper (hx.c). It owns main(),
 * creates the threads or processes itself, calls the learner's functions and
 * checks what came out. It writes its verdict on stdout as one line:
 *
 *     lockstep-fail: <what was expected, what happened, how often>
 *     lockstep-pass <token>: <what was checked>
 *
 * with optional "lockstep-note: ..." lines before it. The token comes on
 * stdin, read before the learner's code runs (hx.c), so a learner's printf
 * cannot fake a pass. lockstep links hx.c and harness.c into one object
 * whose symbols are local but main and ex_*: the learner's code cannot call
 * hx_pass().
 *
 * Environment: LOCKSTEP_EXERCISE_QUICK=1 or LOCKSTEP_EXERCISE_TSAN=1 ask for
 * fewer runs (tests; ThreadSanitizer is 5-15x slower); LOCKSTEP_EXERCISE_SEED
 * fixes the seed (default: from the clock, printed in a note on failure).
 */
#ifndef HX_H
#define HX_H

#include <stdbool.h>
#include <stdint.h>

/* Read the environment, install the crash handlers. Call first in main. */
void hx_init(void);

/* True in quick mode (tests, ThreadSanitizer). */
bool hx_quick(void);
bool hx_tsan(void);
/* `full` normally, `quick` in quick mode. */
int hx_runs(int full, int quick);

/* Per-thread pseudo-random numbers (xorshift64*), repeatable by seed. */
uint64_t hx_seed_for(int i);
uint64_t hx_rand(uint64_t *state);
/* A number in [lo, hi] from the calling thread's own generator. */
long hx_between(long lo, long hi);
/* Give the calling thread a fresh generator: call it first in a forked
 * child, which would otherwise repeat its parent's numbers. */
void hx_reseed(int i);

/* The hook the exercises call where a race window is: nothing, a yield, or a
 * short sleep, picked at random. Declared again in each exercise header. */
void ex_pause(void);

/* If set, ex_pause() calls it first, on the learner's thread: a harness can
 * look at what the learner's code holds at its race window (exercise 01
 * checks that the mutex is held there). */
extern void (*hx_pause_hook)(void);

/* What the calling thread has used so far: CPU time (CLOCK_THREAD_CPUTIME_ID)
 * and context switches, voluntary and not (getrusage RUSAGE_THREAD). A
 * thread asleep on a condition variable adds neither; one that spins adds
 * CPU time, one that polls (sleep, look, sleep) adds switches. Both are
 * counts, not wall time, so a loaded machine does not make a sleeper look
 * like a spinner. */
struct hx_usage {
	double cpu_s;
	long switches;
};
void hx_usage_self(struct hx_usage *u);
/* True when `before` to `after` shows spinning or polling, with a sentence
 * in `why`: more than 10% of `wall_s` on the CPU, or more than 20 switches
 * (a thread asleep until it is woken once switches once or twice). */
bool hx_usage_spun(const struct hx_usage *before, const struct hx_usage *after,
		   double wall_s, char *why, unsigned long why_size);

/* Wait up to `ms` milliseconds until every thread of this process but the
 * caller is asleep (state S in /proc/self/task); the number of threads
 * asleep then, or -1 on timeout. */
int hx_wait_others_asleep(int ms);

void hx_sleep_us(long us);
long long hx_now_ms(void);

/* Say what is running now ("run 3 of 20, 4 threads"): crash and watchdog
 * messages end with it. */
void hx_phase(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Arm the watchdog: if it is not re-armed or disarmed (seconds = 0) within
 * `seconds` (x4 under ThreadSanitizer), print "lockstep-fail: <what> (stuck
 * for N s, in <phase>)" and exit 1. For deadlocks and lost wake-ups: `what`
 * says what did not happen, e.g. "the workers never finished". */
void hx_deadline(int seconds, const char *what);

void hx_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void hx_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void hx_pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Counting a check over many runs: hx_tally_add() once per run, with the
 * description of what went wrong when !ok (only the first is kept).
 * hx_tally_check() fails with "<first>, in B of R runs" if any run was bad. */
struct hx_tally {
	int bad, runs;
	char first[400];
};
void hx_tally_add(struct hx_tally *t, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void hx_tally_check(const struct hx_tally *t);

/* A spinning start gate, so the threads of one run really overlap. */
struct hx_gate {
	int n;
	_Atomic int arrived;
};
void hx_gate_init(struct hx_gate *g, int n);
void hx_gate_wait(struct hx_gate *g);

#endif
