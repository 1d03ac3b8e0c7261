/*
 * harness.c - exercise 17: run_jobs() with 2-4 workers and 40-100 jobs, a
 * random share of which fail with a code of their own. The harness's job
 * records how often each job ran and on which thread; afterwards the
 * errors run_jobs() returned must be exactly the jobs that failed, each
 * with its own code, and every job must have run once, on a worker.
 */
#define _POSIX_C_SOURCE 200809L
#include "17-worker-errors.h"
#include "hx.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#define MAXJOBS 100

static int fail_code[MAXJOBS];     /* 0: the job succeeds */
static atomic_int ran[MAXJOBS];
static atomic_int ran_on_main;
static pthread_t main_thread;

static int job(int j)
{
	if (j < 0 || j >= MAXJOBS)
		return 0;
	atomic_fetch_add(&ran[j], 1);
	if (pthread_equal(pthread_self(), main_thread))
		atomic_fetch_add(&ran_on_main, 1);
	if (j % 5 == 0)
		hx_sleep_us(hx_between(10, 100)); /* some jobs take a while */
	ex_pause();
	return fail_code[j];
}

/* The code reported for job j in errors[0 .. k-1]. */
static int errors_code(const struct job_error *errors, int k, int j)
{
	for (int i = 0; i < k; i++)
		if (errors[i].job == j)
			return errors[i].code;
	return 0;
}

int main(void)
{
	hx_init();
	main_thread = pthread_self();
	int runs = hx_runs(12, 4);
	struct hx_tally ran_once = {0}, reported = {0};

	for (int r = 0; r < runs; r++) {
		int nworkers = 2 + r % 3, njobs = (int)hx_between(40, MAXJOBS), nfail = 0;
		static struct job_error errors[MAXJOBS + 1];
		hx_phase("run %d of %d, %d workers, %d jobs", r + 1, runs, nworkers, njobs);
		hx_deadline(5, "run_jobs() never returned");
		for (int j = 0; j < njobs; j++) {
			/* about one in four fails, never none and never all */
			fail_code[j] = (hx_between(0, 3) == 0 || j == 1) && j != 0
				       ? (int)hx_between(1, 250) : 0;
			nfail += fail_code[j] != 0;
			atomic_store(&ran[j], 0);
		}
		for (int i = 0; i <= MAXJOBS; i++)
			errors[i] = (struct job_error){-1, -1};
		atomic_store(&ran_on_main, 0);
		int k = run_jobs(job, njobs, nworkers, errors);

		int never = 0, twice = 0, first = -1;
		for (int j = 0; j < njobs; j++) {
			int c = atomic_load(&ran[j]);
			if (c != 1 && first < 0)
				first = j;
			never += c == 0;
			twice += c > 1;
		}
		int on_main = atomic_load(&ran_on_main);
		if (on_main)
			hx_tally_add(&ran_once, false,
				     "%d of %d jobs ran on the thread that called run_jobs(): "
				     "expected them to run on the workers", on_main, njobs);
		else
			hx_tally_add(&ran_once, never == 0 && twice == 0,
				     "%d jobs, %d of them failing: expected each job to run once, "
				     "but %d never ran and %d ran more than once (first: job %d). "
				     "A failed job must not stop the others",
				     njobs, nfail, never, twice, first);

		/* the report: exactly the failed jobs, each once, with its code */
		int seen[MAXJOBS] = {0}, bogus = 0, wrong_code = 0, bad_job = -1;
		bool in_range = k >= 0 && k <= njobs;
		for (int i = 0; in_range && i < k; i++) {
			int j = errors[i].job;
			if (j < 0 || j >= njobs || fail_code[j] == 0 || seen[j]++) {
				if (bogus++ == 0)
					bad_job = j;
			} else if (errors[i].code != fail_code[j]) {
				if (wrong_code++ == 0)
					bad_job = j;
			}
		}
		int missing = 0;
		for (int j = 0; in_range && j < njobs; j++)
			missing += fail_code[j] != 0 && seen[j] == 0;
		if (!in_range)
			hx_tally_add(&reported, false,
				     "%d of %d jobs failed: run_jobs() returned %d, not a count of "
				     "failed jobs", nfail, njobs, k);
		else if (missing)
			hx_tally_add(&reported, false,
				     "%d of %d jobs failed, and run_jobs() reported %d of them: %d "
				     "failures were lost%s", nfail, njobs, nfail - missing, missing,
				     k == 0 ? ". An error in a worker thread reaches nobody unless "
					      "your code carries it back to run_jobs()" : "");
		else if (bogus)
			hx_tally_add(&reported, false,
				     "%d of %d jobs failed: run_jobs() returned %d errors, %d of them "
				     "not a failed job or one reported twice (first: job %d)",
				     nfail, njobs, k, bogus, bad_job);
		else
			hx_tally_add(&reported, wrong_code == 0,
				     "%d of %d jobs failed: %d were reported with another job's code "
				     "(first: job %d, reported %d, returned %d)", nfail, njobs,
				     wrong_code, bad_job, bad_job >= 0 ? errors_code(errors, k, bad_job) : 0,
				     bad_job >= 0 ? fail_code[bad_job] : 0);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&ran_once);
	hx_tally_check(&reported);
	hx_pass("%d runs, 2-4 workers, up to %d jobs: every job ran once on a worker, and "
		"every failure was reported with its code", runs, MAXJOBS);
}
