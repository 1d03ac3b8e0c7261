/* hang.c - test child: says hello, then never finishes (ignores SIGTERM). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN); /* so only the SIGKILL after the grace ends it */
	printf("{\"event\":\"hello\",\"demo\":\"hang\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	fflush(stdout);
	for (;;)
		pause();
}
