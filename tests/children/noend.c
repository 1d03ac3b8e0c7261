/* noend.c - test child: a run that exits 0 without its `end` event. */
#include <stdio.h>

int main(void)
{
	printf("{\"event\":\"hello\",\"demo\":\"noend\",\"protocol\":1,\"params\":{},\"variants\":[\"a\"]}\n");
	printf("{\"event\":\"result\",\"variant\":\"a\",\"expected\":1,\"observed\":1,\"correct\":true,\"elapsed_ns\":5}\n");
	return 0;
}
