/*
 * harness.c - exercise 09: pool_map() over random inputs with a function
 * that takes a random time and records, in shared memory, which process
 * called it for which input. Results must be in input order, each computed
 * once, in the workers, and every worker reaped.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "09-ordered-pool.h"
#include "hx.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXN 64

struct shared {
	atomic_int calls[MAXN];      /* f() calls per input index */
	atomic_int pid_of[MAXN];     /* the process that computed it */
};
static struct shared *sh;
static long base, step, salt;        /* inputs[i] = base + i * step */

static long slow_f(long x)
{
	long i = (x - base) / step;
	if (i >= 0 && i < MAXN && (x - base) % step == 0) {
		atomic_fetch_add(&sh->calls[i], 1);
		atomic_store(&sh->pid_of[i], (int)getpid());
	}
	/* Some inputs take longer than others: the time depends on x and on
	 * the run, not on which worker computes it. */
	unsigned long h = (unsigned long)(x * 2654435761L + salt);
	hx_sleep_us((long)((h >> 7) % 500));
	return x * x + salt;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(6, 3);
	struct hx_tally in_order = {0}, once = {0}, in_workers = {0}, reaped = {0};
	int spread = 0; /* runs in which f() ran in two or more processes */
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		hx_fail("mmap() failed");

	for (int r = 0; r < runs; r++) {
		int workers = 2 + r % 3, n = (int)hx_between(24, MAXN);
		long inputs[MAXN], results[MAXN];
		base = hx_between(-1000, 1000);
		step = hx_between(1, 50);
		salt = hx_between(1, 1000000); /* f is different every run */
		for (int i = 0; i < n; i++) {
			inputs[i] = base + i * step;
			results[i] = -1;
			atomic_store(&sh->calls[i], 0);
			atomic_store(&sh->pid_of[i], 0);
		}
		hx_phase("run %d of %d, %d workers, %d inputs", r + 1, runs, workers, n);
		hx_deadline(10, "pool_map() never returned");
		pool_map(slow_f, inputs, results, n, workers);

		int misplaced = 0, at = -1, from = -1;
		for (int i = 0; i < n; i++)
			if (results[i] != inputs[i] * inputs[i] + salt && misplaced++ == 0) {
				at = i;
				for (int j = 0; j < n; j++)
					if (results[i] == inputs[j] * inputs[j] + salt)
						from = j;
			}
		if (from >= 0)
			hx_tally_add(&in_order, misplaced == 0,
				     "%d inputs, %d workers: expected results[%d] = f(inputs[%d]), "
				     "but it held f(inputs[%d]) (%d of %d results in the wrong place)",
				     n, workers, at, at, from, misplaced, n);
		else
			hx_tally_add(&in_order, misplaced == 0,
				     "%d inputs, %d workers: expected results[%d] = f(inputs[%d]) = "
				     "%ld, but it held %ld, which is f() of no input (%d of %d wrong)",
				     n, workers, at, at, at < 0 ? 0 : inputs[at] * inputs[at] + salt,
				     at < 0 ? 0 : results[at], misplaced, n);

		int bad_calls = 0, first = -1, procs = 0, in_parent = 0;
		int seen[MAXN];
		for (int i = 0; i < n; i++) {
			if (atomic_load(&sh->calls[i]) != 1 && bad_calls++ == 0)
				first = i;
			int pid = atomic_load(&sh->pid_of[i]), k;
			in_parent += pid == (int)getpid();
			if (pid == 0)
				continue; /* never computed: counted above */
			for (k = 0; k < procs && seen[k] != pid; k++)
				;
			if (k == procs)
				seen[procs++] = pid;
		}
		hx_tally_add(&once, bad_calls == 0,
			     "%d inputs: expected f() to be called once for each, but input %d had "
			     "%d calls (%d inputs wrong)", n, first,
			     first < 0 ? 0 : atomic_load(&sh->calls[first]), bad_calls);
		hx_tally_add(&in_workers, in_parent == 0,
			     "%d workers: expected f() to run in the worker processes, but it "
			     "ran in the process that called pool_map()", workers);
		spread += procs >= 2;

		pid_t left = waitpid(-1, NULL, WNOHANG);
		hx_tally_add(&reaped, left < 0 && errno == ECHILD,
			     "pool_map() returned with %s: expected every worker waited for",
			     left == 0 ? "workers still running" : "a finished worker not waited for");
		while (wait(NULL) > 0) /* tidy up for the next run */
			;
	}
	hx_deadline(0, NULL);
	hx_tally_check(&in_workers);
	if (spread == 0)
		hx_fail("in %d runs f() always ran in a single process: expected the "
			"workers to share the inputs", runs);
	hx_tally_check(&once);
	hx_tally_check(&in_order);
	hx_tally_check(&reaped);
	hx_pass("%d runs, 2-4 workers: every result in its place, each computed once in a worker",
		runs);
}
