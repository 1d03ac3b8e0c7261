/*
 * Exercise 09: ordered pool
 *
 * Title:   Make a process pool return results in input order
 * Lesson:  14-pools
 * Threads: no
 *
 * pool_map() is a small version of Python's multiprocessing.Pool.map(): it
 * forks worker processes, shares the inputs out among them, and collects
 * the results through a pipe. The results are all there, but in the wrong
 * places: results[0] is whichever result arrived first, and the workers do
 * not finish in input order (f takes longer for some inputs than others).
 *
 * Task: make results[i] hold f(inputs[i]) for every i, however the workers
 * are scheduled. Keep the work in the child processes.
 *
 * Done when: `lockstep verify 09` passes: every result in its own place,
 * f called once per input and only in the worker processes, and no child
 * left unwaited.
 */
#include "09-ordered-pool.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void pool_map(long (*f)(long), const long *inputs, long *results, int n, int workers)
{
	int fds[2];
	if (pipe(fds) != 0)
		abort();

	for (int w = 0; w < workers; w++) {
		pid_t pid = fork();
		if (pid < 0)
			abort();
		if (pid == 0) {                 /* worker w: inputs w, w+workers, ... */
			close(fds[0]);
			for (int i = w; i < n; i += workers) {
				long r = f(inputs[i]);
				if (write(fds[1], &r, sizeof r) != sizeof r)
					_exit(1);
			}
			_exit(0);
		}
	}
	close(fds[1]);                          /* so read() sees end-of-file */

	for (int k = 0; k < n; k++)             /* in the order they arrive */
		if (read(fds[0], &results[k], sizeof results[k]) != sizeof results[k])
			break;
	close(fds[0]);
	while (wait(NULL) > 0)                  /* reap every worker */
		;
}
