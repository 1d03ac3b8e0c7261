/* grandchild.c - test child: forks a grandchild that would sleep for a minute
#define _POSIX_C_SOURCE 200809L
 * holding the output pipe, writes its pid to the file named by argv[1], then
 * the child itself finishes normally. The runner must leave nothing behind. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		sleep(60);
		_exit(0);
	}
	if (argc > 1) {
		FILE *f = fopen(argv[1], "w");
		if (f) {
			fprintf(f, "%d\n", (int)pid);
			fclose(f);
		}
	}
	printf("{\"event\":\"hello\",\"demo\":\"grandchild\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	printf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":1,\"observed\":1,\"correct\":true,\"elapsed_ns\":5}\n");
	printf("{\"event\":\"end\"}\n");
	return 0;
}
