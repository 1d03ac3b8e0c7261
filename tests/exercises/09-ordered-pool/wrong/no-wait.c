/* Wrong: results in their places, but the workers are never waited for: they are left as zombies. */
#include "09-ordered-pool.h"

#include <stdlib.h>
#include <unistd.h>

struct answer {
	int index;
	long value;
};

void pool_map(long (*f)(long), const long *inputs, long *results, int n, int workers)
{
	int fds[2];
	if (pipe(fds) != 0)
		abort();
	for (int w = 0; w < workers; w++) {
		pid_t pid = fork();
		if (pid < 0)
			abort();
		if (pid == 0) {
			close(fds[0]);
			for (int i = w; i < n; i += workers) {
				struct answer a = {i, f(inputs[i])};
				if (write(fds[1], &a, sizeof a) != sizeof a)
					_exit(1);
			}
			_exit(0);
		}
	}
	close(fds[1]);
	struct answer a;
	for (int k = 0; k < n; k++) {
		if (read(fds[0], &a, sizeof a) != sizeof a)
			break;
		if (a.index >= 0 && a.index < n)
			results[a.index] = a.value;
	}
	close(fds[0]);
}
