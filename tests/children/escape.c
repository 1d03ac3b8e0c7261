/* escape.c - test child: forks a grandchild that leaves for a session of its
 * own (setsid, so a kill of the child's group misses it) and would sleep for
 * a minute holding stdout. The child prints the grandchild's pid once the
 * grandchild has left, then exits. spawn must still leave nothing behind. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

int main(void)
{
	int ready[2];
	if (pipe(ready) != 0)
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		setsid();
		close(ready[0]);
		close(ready[1]); /* tells the parent: we have left */
		sleep(60);
		_exit(0);
	}
	close(ready[1]);
	char c;
	while (read(ready[0], &c, 1) > 0)
		;
	printf("%d\n", (int)pid);
	return 0;
}
