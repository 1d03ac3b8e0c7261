/* flaky.c - test child: a well-formed run each time, except the Nth time it
 * is started, which goes wrong in the way asked. The count lives in a file,
 * so a series of runs can fail in the middle.
 *
 *   flaky COUNTFILE N exit|hang|segv
 *   flaky COUNTFILE N remove PROGRAM   run N is fine, then removes PROGRAM
 *
 * Run number i (1-based) reports variant "a" with observed = i. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	bool remove = argc == 5 && strcmp(argv[3], "remove") == 0;
	if (argc != 4 && !remove) {
		fprintf(stderr, "usage: flaky COUNTFILE N exit|hang|segv|remove PROGRAM\n");
		return 2;
	}
	int count = 0;
	FILE *f = fopen(argv[1], "r");
	if (f) {
		if (fscanf(f, "%d", &count) != 1)
			count = 0;
		fclose(f);
	}
	count++;
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d\n", count) < 0 || fclose(f) != 0) {
		perror(argv[1]);
		return 2;
	}
	printf("{\"event\":\"hello\",\"demo\":\"flaky\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	fflush(stdout);
	if (remove && count == atoi(argv[2]) && unlink(argv[4]) != 0) {
		perror(argv[4]);
		return 2;
	}
	if (!remove && count == atoi(argv[2])) {
		fprintf(stderr, "flaky: run %d goes wrong (%s)\n", count, argv[3]);
		if (strcmp(argv[3], "hang") == 0) {
			signal(SIGTERM, SIG_IGN); /* only the SIGKILL after the grace ends it */
			for (;;)
				pause();
		}
		if (strcmp(argv[3], "segv") == 0)
			raise(SIGSEGV);
		return 3;
	}
	printf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":%d,\"observed\":%d,"
	       "\"correct\":true,\"elapsed_ns\":5}\n", count, count);
	printf("{\"event\":\"end\"}\n");
	return 0;
}
