/*
 * shared_bank.c - two processes update one balance in shared memory.
 *
 * Python: balance = multiprocessing.Value('i', 200), multiprocessing.Lock(),
 *         a deposit Process and a withdraw Process.
 *
 * Processes share nothing by default (see address_spaces). To share a
 * balance we map memory with MAP_SHARED before fork(): parent and children
 * then see the same physical page. Now the processes race exactly as
 * threads do: `balance = balance + 1` is a load, an add and a store, and a
 * deposit stored over a withdrawal (or the other way round) is lost.
 *
 *   unsafe  plain load/store on the shared balance  -> ends off 200
 *   locked  a pthread mutex *in the shared mapping*, made for processes
 *           with PTHREAD_PROCESS_SHARED             -> exactly 200
 *
 * The deposit and the withdraw process each move 1 unit, iters times, so
 * the balance must end where it started: 200. To make the race show, each
 * process is pinned to its own CPU and both wait at a spinning start gate
 * in the shared mapping (atomics work across processes when the memory is
 * shared), and again every few thousand updates, so that their loops truly
 * run at the same time.
 *
 * ThreadSanitizer watches threads of one process: it cannot see this race,
 * which is why `unsafe` is marked "broken" rather than "racy".
 *
 * Build by hand: cc -O2 -pthread shared_bank.c lab.c -o shared_bank
 */
#define _GNU_SOURCE
#include "lab.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"unsafe", LAB_BROKEN, "deposit and withdraw race on shared memory"},
	{"locked", LAB_SAFE, "a PTHREAD_PROCESS_SHARED mutex around each update"},
};
static const struct lab_param params[] = {
	{"iters", 3000000, 1, 100000000, "units each process moves"},
};
static const struct lab_demo demo = {
	"shared_bank", "a bank balance in shared memory: deposit vs withdraw processes",
	"multiprocessing.Value, multiprocessing.Lock", variants, LAB_COUNT(variants),
	params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"off_by", LAB_K_COUNT, NULL},
	{"ns_per_op", LAB_K_DURATION, "ns"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

#define START_BALANCE 200

/* Everything the processes share lives in one MAP_SHARED mapping. */
struct account {
	long long balance;
	pthread_mutex_t lock;  /* usable across processes: see main() */
	struct lab_gate gate;  /* spinning start gate, shared too */
	_Alignas(64) atomic_llong done[2]; /* progress, away from `balance` */
};
static struct account *bank;

#define COMPILER_BARRIER() __asm__ volatile("" ::: "memory")
#define STRIDE 4096

/*
 * The start gate, again every STRIDE updates: never run more than a
 * stride ahead of the other process. On a busy machine the scheduler may
 * pause one of us for a few milliseconds, long enough for the other to
 * finish alone and the race to vanish; this keeps the two loops side by
 * side. It changes nothing inside the loop: the race is as real as ever.
 */
static void keep_pace(int me, long long i)
{
	atomic_store(&bank->done[me], i);
	while (atomic_load(&bank->done[!me]) + STRIDE < i)
		; /* spin: the other process is behind */
}

/* A deposit (+1) or withdraw (-1) process: iters updates, then leave. */
static _Noreturn void teller(pid_t parent, int cpu, int sign, bool locked)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the demo */
	if (getppid() != parent)
		_exit(1);
	long long iters = lab_param("iters");
	lab_pin_cpu(cpu);           /* each process on its own core */
	lab_gate_wait(&bank->gate); /* and both start together */
	for (long long i = 0; i < iters; i++) {
		if (!locked && i % STRIDE == 0)
			keep_pace(cpu, i); /* (the locked run is exact anyway) */
		if (locked)
			pthread_mutex_lock(&bank->lock);
		long long v = bank->balance;   /* load */
		COMPILER_BARRIER();            /* keep -O2 from merging the loop */
		lab_slowmo();
		bank->balance = v + sign;      /* store: may undo the other's */
		if (locked)
			pthread_mutex_unlock(&bank->lock);
	}
	atomic_store(&bank->done[cpu], iters); /* nobody waits for us now */
	_exit(0);
}

static void run(const char *name)
{
	bool locked = strcmp(name, "locked") == 0;
	long long iters = lab_param("iters");
	pid_t me = getpid(), pid[2];
	bank->balance = START_BALANCE;
	lab_gate_init(&bank->gate, 2);
	atomic_store(&bank->done[0], 0);
	atomic_store(&bank->done[1], 0);

	long long t0 = lab_now_ns();
	for (int i = 0; i < 2; i++) {
		if ((pid[i] = fork()) < 0)
			lab_die("fork: %s", strerror(errno));
		if (pid[i] == 0)
			teller(me, i, i == 0 ? +1 : -1, locked);
	}
	for (int i = 0; i < 2; i++) {
		int status;
		if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			lab_die("%s process failed", i == 0 ? "deposit" : "withdraw");
	}
	long long elapsed = lab_now_ns() - t0;

	/* waitpid() returned: both processes are gone, their stores are done. */
	long long observed = bank->balance;
	lab_log(name, "deposit +%lld, withdraw -%lld: balance %d -> %lld", iters, iters,
		START_BALANCE, observed);
	struct lab_metric m[] = {
		LAB_INT("off_by", observed - START_BALANCE),
		LAB_REAL("ns_per_op", (double)elapsed / (double)(2 * iters)),
	};
	lab_result(name, START_BALANCE, observed, observed == START_BALANCE, elapsed, m,
		   LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	bank = mmap(NULL, sizeof *bank, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (bank == MAP_FAILED)
		lab_die("mmap: %s", strerror(errno));

	/* A default mutex may only be used by threads of one process; this
	 * attribute makes it work for any process that maps its memory. */
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (pthread_mutex_init(&bank->lock, &attr) != 0)
		lab_die("pthread_mutex_init failed");
	pthread_mutexattr_destroy(&attr);

	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
