/*
 * harness.c - exercise 03: threads call download(); the harness's ex_work()
 * counts who is inside. Never more than k, each job once, and k at once at
 * some point (a limit of 1 is not a fix).
 */
#define _POSIX_C_SOURCE 200809L
#include "03-semaphore-limit.h"
#include "hx.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define MAXT 9
#define JOBS 6                       /* per thread */

static atomic_int inside, most;      /* now, and the most seen in this run */
static atomic_int done[MAXT * JOBS]; /* ex_work() calls per job id */
static struct hx_gate gate;

void ex_work(int id)
{
	int now = atomic_fetch_add(&inside, 1) + 1;
	int m = atomic_load(&most);
	while (now > m && !atomic_compare_exchange_weak(&most, &m, now))
		;
	if (id >= 0 && id < MAXT * JOBS)
		atomic_fetch_add(&done[id], 1);
	hx_sleep_us(hx_between(200, 600)); /* the slow part */
	atomic_fetch_sub(&inside, 1);
}

static void *worker(void *arg)
{
	int t = (int)(long)arg;
	hx_gate_wait(&gate);
	for (int j = 0; j < JOBS; j++)
		download(t * JOBS + j);
	return NULL;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(10, 4);
	struct hx_tally limit_kept = {0}, each_once = {0};
	int reached = 0; /* runs where k were inside at once */

	for (int r = 0; r < runs; r++) {
		int k = 2 + r % 2, n = 3 * k; /* k = 2 or 3, three threads per slot */
		pthread_t tid[MAXT];
		hx_phase("run %d of %d, limit %d, %d threads", r + 1, runs, k, n);
		hx_deadline(10, "the threads calling download() never finished");
		atomic_store(&inside, 0);
		atomic_store(&most, 0);
		for (int i = 0; i < MAXT * JOBS; i++)
			atomic_store(&done[i], 0);
		limit_init(k);
		hx_gate_init(&gate, n);
		for (int i = 0; i < n; i++)
			if (pthread_create(&tid[i], NULL, worker, (void *)(long)i) != 0)
				hx_fail("could not create thread %d", i);
		for (int i = 0; i < n; i++)
			pthread_join(tid[i], NULL);
		limit_destroy();

		int m = atomic_load(&most);
		hx_tally_add(&limit_kept, m <= k,
			     "limit %d with %d threads: expected at most %d inside ex_work() at "
			     "once, saw %d", k, n, k, m);
		int missing = 0, twice = 0, first = -1;
		for (int i = 0; i < n * JOBS; i++) {
			int c = atomic_load(&done[i]);
			if (c != 1 && first < 0)
				first = i;
			missing += c == 0;
			twice += c > 1;
		}
		hx_tally_add(&each_once, missing == 0 && twice == 0,
			     "%d jobs: expected ex_work() once for each, but %d were never done "
			     "and %d were done more than once (first: job %d)",
			     n * JOBS, missing, twice, first);
		reached += m == k;
	}
	hx_deadline(0, NULL);
	hx_tally_check(&each_once);
	hx_tally_check(&limit_kept);
	if (reached == 0)
		hx_fail("the limit is kept, but too well: up to k (2 or 3) threads may be inside "
			"ex_work() at once, and in %d runs there never were k (a mutex lets in only "
			"one; a semaphore counts)", runs);
	hx_pass("%d runs, limits 2 and 3: never more than k inside, k at once in %d runs, "
		"every job once", runs, reached);
}
