/* segv.c - test child: starts a run, then dies of a segmentation fault. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>

int main(void)
{
	printf("{\"event\":\"hello\",\"demo\":\"segv\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	fflush(stdout);
	raise(SIGSEGV); /* the same death as a bad pointer, without undefined behaviour */
	return 0;
}
