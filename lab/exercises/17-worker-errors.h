/*
 * 17-worker-errors.h - the interface of exercise 17. The harness includes
 * this file too: change 17-worker-errors.c, not this file.
 */
#ifndef EX_17_WORKER_ERRORS_H
#define EX_17_WORKER_ERRORS_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

/* A failed job: which one, and the error code it returned. */
struct job_error {
	int job;
	int code;
};

/* A job: returns 0 on success, an error code (> 0) on failure. */
typedef int (*job_fn)(int job);

/* Run jobs 0 .. njobs-1, each exactly once, on `nworkers` threads that
 * run_jobs() creates (and joins before it returns). A failed job must not
 * stop the others. Fill errors[0 .. k-1] with one entry per failed job
 * (in any order; errors has room for njobs) and return k. */
int run_jobs(job_fn job, int njobs, int nworkers, struct job_error *errors);

/* Provided by the harness: gives other threads a chance to run right here. */
void ex_pause(void);

#endif
