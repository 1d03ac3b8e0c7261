/* Wrong: each worker writes results[i] itself: it writes its own copy of the array, and the parent never sees it. */
#include "09-ordered-pool.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void pool_map(long (*f)(long), const long *inputs, long *results, int n, int workers)
{
	for (int w = 0; w < workers; w++) {
		pid_t pid = fork();
		if (pid < 0)
			abort();
		if (pid == 0) {
			for (int i = w; i < n; i += workers)
				results[i] = f(inputs[i]); /* the child's own copy */
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
}
