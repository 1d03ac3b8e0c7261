/*
 * harness.c - exercise 07: child processes send numbered messages of random
 * length through one pipe with send_message(); the parent checks that every
 * line is one whole message, each exactly once, in each child's order.
 */
#define _POSIX_C_SOURCE 200809L
#include "07-pipe-messages.h"
#include "hx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NCHILD 4
#define MAXMSG 300

/* Message i of child c: "c<c> m<i> " then letters that depend on both, to a
 * length that does too. Any mix-up of two messages shows. */
static size_t make_message(int c, int i, char *out)
{
	int n = snprintf(out, MSG_MAX + 1, "c%d m%d ", c, i);
	size_t len = 20 + (size_t)((c * 7919 + i * 104729) % (MSG_MAX - 20 + 1));
	for (size_t k = (size_t)n; k < len; k++)
		out[k] = (char)('a' + (c * 3 + i + (int)k) % 26);
	out[len] = '\0';
	return len;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(6, 3), per_child = hx_runs(300, 150);
	struct hx_tally whole = {0}, once = {0};
	static int count[NCHILD][MAXMSG], last[NCHILD];
	char *data = malloc(1 << 20);

	for (int r = 0; r < runs; r++) {
		hx_phase("run %d of %d, %d processes x %d messages", r + 1, runs, NCHILD, per_child);
		hx_deadline(10, "the parent never got end-of-file on the pipe");
		int fds[2];
		if (pipe(fds) != 0)
			hx_fail("pipe() failed");
		for (int c = 0; c < NCHILD; c++) {
			pid_t pid = fork();
			if (pid < 0)
				hx_fail("fork() failed");
			if (pid == 0) {
				close(fds[0]);
				hx_reseed(r * NCHILD + c);
				char msg[MSG_MAX + 1];
				for (int i = 0; i < per_child; i++) {
					size_t len = make_message(c, i, msg);
					send_message(fds[1], msg, len);
				}
				_exit(0);
			}
		}
		close(fds[1]);
		size_t have = 0;
		ssize_t n;
		while (have < (1 << 20) - 1 && (n = read(fds[0], data + have, (1 << 20) - 1 - have)) > 0)
			have += (size_t)n;
		close(fds[0]);
		data[have] = '\0';
		while (wait(NULL) > 0)
			;

		memset(count, 0, sizeof count);
		for (int c = 0; c < NCHILD; c++)
			last[c] = -1;
		int broken = 0, ooo = 0;
		char first_broken[80] = "";
		for (char *line = data, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line) - 1; /* text after the last newline */
			size_t len = (size_t)(nl - line) + (*nl == '\n' ? 0 : 1);
			int c, i;
			char want[MSG_MAX + 1];
			if (sscanf(line, "c%d m%d ", &c, &i) == 2 && c >= 0 && c < NCHILD && i >= 0 &&
			    i < per_child && make_message(c, i, want) == len &&
			    memcmp(want, line, len) == 0) {
				count[c][i]++;
				if (i < last[c])
					ooo++;
				last[c] = i;
			} else if (broken++ == 0) {
				snprintf(first_broken, sizeof first_broken, "%.*s%s",
					 (int)(len < 40 ? len : 40), line, len > 40 ? "..." : "");
			}
		}
		int missing = 0;
		for (int c = 0; c < NCHILD; c++)
			for (int i = 0; i < per_child; i++)
				missing += count[c][i] != 1;
		hx_tally_add(&whole, broken == 0,
			     "%d processes sent %d lines: expected each line to be one whole "
			     "message, but %d were not (the first: \"%s\")",
			     NCHILD, NCHILD * per_child, broken, first_broken);
		hx_tally_add(&once, missing == 0 && ooo == 0,
			     "%d processes sent %d messages: expected each exactly once and in "
			     "order, but %d went missing or came twice and %d were out of order",
			     NCHILD, NCHILD * per_child, missing, ooo);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&whole);
	hx_tally_check(&once);
	free(data);
	hx_pass("%d runs, %d processes x %d messages of 20-%d bytes: every line whole, "
		"once, in order", runs, NCHILD, per_child, MSG_MAX);
}
