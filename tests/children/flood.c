/* flood.c - test child: a well-formed run buried in a flood of output: many
 * log events, megabytes on stderr, and one 1 MiB line without a newline
 * until its end. The runner must cap, report, and not hang or crash. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int overlong = argc > 1 && strcmp(argv[1], "overlong") == 0;
	printf("{\"event\":\"hello\",\"demo\":\"flood\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	for (int i = 0; i < 20000; i++)
		printf("{\"event\":\"progress\",\"variant\":\"a\",\"done\":%d,\"total\":20000}\n", i);
	for (int i = 0; i < 4000; i++)
		fprintf(stderr, "%01000d\n", i);
	if (overlong) {
		for (int i = 0; i < 1024 * 1024; i++)
			putchar('x');
		putchar('\n');
	}
	printf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":1,\"observed\":1,\"correct\":true,\"elapsed_ns\":5}\n");
	printf("{\"event\":\"end\"}\n");
	return 0;
}
