/*
 * signal_thread.c - Ctrl-C in a program with threads: which thread gets it?
 *
 * Python: signal.signal handlers always run in the main thread;
 *         signal.pthread_sigmask and signal.sigwait exist too.
 *
 * A signal sent to a process (kill(pid, SIGINT), or Ctrl-C in a terminal)
 * is delivered to ONE of its threads: POSIX promises only "a thread that
 * does not block it". Linux picks the main thread when it can take the
 * signal, else the first thread in its list that can. The program does not
 * choose, and the handler interrupts whatever that thread was doing. The usual cure: block the signal in main before
 * starting any thread (threads inherit the mask), and let one thread take
 * it with sigwait(), in ordinary code.
 *
 *   handler      a SIGINT handler; no thread blocks SIGINT -> Linux hands
 *                it to the main thread, whatever main was doing
 *   main_blocks  the same, but main blocks SIGINT (after starting the
 *                threads)                  -> some other thread: on Linux
 *                the first started that can take it, here worker 1
 *   sigwait      every thread blocks SIGINT; thread 0 loops in sigwait
 *                                          -> always thread 0
 *
 * Each round main sends SIGINT to the whole process with kill(getpid())
 * (what Ctrl-C does) and waits until it has been taken. The demo counts
 * which thread took it; nothing is decided by the demo itself.
 *
 * Build by hand: cc -O2 -pthread signal_thread.c lab.c -o signal_thread
 */
#define _GNU_SOURCE
#include "lab.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static const struct lab_variant variants[] = {
	/* a handler interrupting an arbitrary thread is not a data race:
	 * every shared access is atomic; not run under TSan */
	{"handler", LAB_BROKEN, "a handler, no thread blocks SIGINT: the kernel picks"},
	{"main_blocks", LAB_BROKEN, "a handler; only main blocks SIGINT: any thread"},
	{"sigwait", LAB_SAFE, "all block SIGINT; one thread takes it with sigwait"},
};
static const struct lab_param params[] = {
	{"workers", 3, 1, 16, "worker threads besides the signal thread"},
	{"rounds", 20, 1, 1000, "SIGINTs sent, one at a time"},
};
static const struct lab_demo demo = {
	"signal_thread", "which thread a process-directed signal reaches",
	"signal.signal (main thread only), signal.pthread_sigmask, signal.sigwait",
	variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"): observed counts signals the intended thread took */
static const struct lab_metric_decl metrics[] = {
	{"to_main", LAB_K_COUNT, NULL},
	{"to_workers", LAB_K_COUNT, NULL},
	{"receivers", LAB_K_COUNT, NULL},
};
static const struct lab_claim claims[] = {
	{"handler", "observed", "<=", 0, NULL}, /* not the thread meant for it */
	{"sigwait", "observed", ">=", 1, NULL},
	{"sigwait", "receivers", "<=", 1, NULL}, /* and only that one */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

#define MAIN_ID 99                  /* the receiver id that means "main" */
static _Thread_local int my_id = MAIN_ID;  /* 0: signal thread, 1..: workers */
static atomic_int taken;            /* signals taken so far */
static atomic_int last_receiver;    /* who took the last one */
static atomic_bool stop;
static atomic_int started;          /* threads that have set my_id */
static sigset_t intset;             /* { SIGINT } */

/* Runs in whichever thread the kernel chose. Only async-signal-safe work:
 * lock-free atomic stores and loads. */
static void on_sigint(int sig)
{
	(void)sig;
	atomic_store(&last_receiver, my_id);
	atomic_fetch_add(&taken, 1);
}

/* A worker: busy with its own work until told to stop. */
static void *worker(void *arg)
{
	my_id = (int)(long)arg;
	atomic_fetch_add(&started, 1);
	unsigned long long work = 0;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		work++;
	return NULL;
}

/* Thread 0, the one meant to take the signals. In `handler` and
 * `main_blocks` it works like the others and merely hopes the signal comes
 * to it; in `sigwait` it takes each signal as a return value. */
static void *signal_thread(void *arg)
{
	bool use_sigwait = arg != NULL;
	if (!use_sigwait)
		return worker((void *)0L);
	my_id = 0;
	atomic_fetch_add(&started, 1);
	for (;;) {
		int sig;
		if (sigwait(&intset, &sig) != 0)
			continue;
		if (atomic_load(&stop))
			return NULL;            /* the last SIGINT: main's "quit" */
		atomic_store(&last_receiver, my_id);
		atomic_fetch_add(&taken, 1);
	}
}

static void run(const char *name)
{
	int nw = (int)lab_param("workers"), rounds = (int)lab_param("rounds");
	bool use_sigwait = strcmp(name, "sigwait") == 0;
	bool main_blocks = strcmp(name, "main_blocks") == 0;
	pthread_t tid[17];
	int got[18] = {0};                  /* [0..nw]: threads; [17]: main */

	sigemptyset(&intset);
	sigaddset(&intset, SIGINT);
	struct sigaction sa = {.sa_handler = on_sigint};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);       /* in sigwait nobody runs it */
	if (use_sigwait)                    /* before any thread: inherited */
		pthread_sigmask(SIG_BLOCK, &intset, NULL);
	atomic_store(&taken, 0);
	atomic_store(&stop, false);
	atomic_store(&started, 0);

	long long t0 = lab_now_ns();
	for (int i = 1; i <= nw; i++)       /* the workers first, then thread 0 */
		if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
			lab_die("pthread_create failed");
	if (pthread_create(&tid[0], NULL, signal_thread, use_sigwait ? (void *)1L : NULL) != 0)
		lab_die("pthread_create failed");
	if (main_blocks)                    /* after the threads: only main */
		pthread_sigmask(SIG_BLOCK, &intset, NULL);
	while (atomic_load(&started) < nw + 1)
		lab_sleep_ms(1);            /* every thread has said who it is */
	for (int r = 0; r < rounds; r++) {
		kill(getpid(), SIGINT);     /* what Ctrl-C does */
		while (atomic_load(&taken) <= r)
			lab_sleep_ms(1);
		int who = atomic_load(&last_receiver);
		got[who == MAIN_ID ? 17 : who]++;
		lab_progress(name, r + 1, rounds);
	}
	atomic_store(&stop, true);
	if (use_sigwait)
		kill(getpid(), SIGINT);     /* wakes the sigwait thread to quit */
	for (int i = 0; i <= nw; i++)
		pthread_join(tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;
	if (use_sigwait || main_blocks)
		pthread_sigmask(SIG_UNBLOCK, &intset, NULL);
	signal(SIGINT, SIG_DFL);

	/* who took the signals, as "sig:3 main:15 w2:2" */
	char t[160] = "";
	size_t len = 0;
	for (int i = 0; i < 18; i++) {
		if (!got[i])
			continue;
		char label[16];
		if (i == 0)
			snprintf(label, sizeof label, "sig");
		else if (i == 17)
			snprintf(label, sizeof label, "main");
		else
			snprintf(label, sizeof label, "w%d", i);
		int n = snprintf(t + len, sizeof t - len, "%s%s:%d", len ? " " : "", label, got[i]);
		if (n < 0 || (size_t)n >= sizeof t - len)
			break;
		len += (size_t)n;
	}
	int distinct = 0;
	for (int i = 0; i < 18; i++)
		distinct += got[i] > 0;
	lab_log(name, "took the SIGINTs: %s", t);
	struct lab_metric m[] = {
		LAB_INT("to_main", got[17]),
		LAB_INT("to_workers", rounds - got[0] - got[17]),
		LAB_INT("receivers", distinct),
	};
	/* expected: every signal taken by the thread meant for it, thread 0 */
	lab_result(name, rounds, got[0], got[0] == rounds, elapsed, m, LAB_COUNT(m));
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
