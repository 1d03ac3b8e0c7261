/*
 * check_loadguard.c - unit tests for the load guard (tests/lib/loadguard.c):
 * the share arithmetic, and that the test's own process tree is never counted
 * as other programs' load, while CPU used outside the tree is.
 */
#define _GNU_SOURCE
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loadguard.h"
#include "check_run.h"

/* Burn ms of this process's CPU time (not wall time: a busy machine slows
 * it down but the amount of work it accounts for stays the same). */
static void burn_cpu_ms(long ms)
{
	struct timespec t;
	volatile unsigned long x = 0;
	do {
		for (int i = 0; i < 100000; i++)
			x += (unsigned long)i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < ms);
}

START_TEST(share_arithmetic)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	/* all ticks busy, none ours: every core busy */
	ck_assert_int_eq(loadguard_others_pct(200, 200, 0), 100 * ncpu);
	/* half the machine busy, all of it ours: nobody else */
	ck_assert_int_eq(loadguard_others_pct(100, 200, 100), 0);
	/* ours measured above the machine's (tick rounding): clamps at 0 */
	ck_assert_int_eq(loadguard_others_pct(10, 200, 30), 0);
	/* a quarter of all ticks by others */
	ck_assert_int_eq(loadguard_others_pct(100, 400, 0), 25 * ncpu);
	ck_assert_int_eq(loadguard_others_pct(0, 0, 0), 0);
}
END_TEST

/* A child and a grandchild that burn CPU count as ours: first while they run
 * (live processes), then after they are reaped (their parent's cutime). */
START_TEST(own_tree_counts)
{
	long tick = sysconf(_SC_CLK_TCK);
	unsigned long long before = loadguard_tree_ticks(getpid());
	int ready[2];
	ck_assert_int_eq(pipe(ready), 0);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pid_t grand = fork();
		if (grand == 0) {
			burn_cpu_ms(300);
			_exit(0);
		}
		waitpid(grand, NULL, 0);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause(); /* stay alive: its grandchild's time is in its cutime */
		_exit(0);
	}
	char c;
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	unsigned long long live = loadguard_tree_ticks(getpid());
	/* 300 ms of CPU: at least 0.25 s worth of ticks, allowing for rounding */
	ck_assert_msg(live - before >= (unsigned long long)tick / 4,
		      "tree ticks grew by %llu while a grandchild burnt 300 ms", live - before);
	kill(child, SIGKILL); /* not TERM: Check's handler passes TERM to the group */
	waitpid(child, NULL, 0);
	unsigned long long reaped = loadguard_tree_ticks(getpid());
	ck_assert_msg(reaped >= live, "reaped children's time lost: %llu < %llu", reaped, live);
}
END_TEST

/* Our own busy work inside the window is not load: the window's share of
 * other programs is what remains after subtracting it. Measured only on a
 * machine the guard itself finds quiet, which is the point of the guard. */
START_TEST(own_work_is_not_load)
{
	struct loadguard g;
	ck_assert_int_eq(loadguard_begin(&g, 0), 0);
	burn_cpu_ms(400);
	bool quiet = loadguard_end(&g);
	ck_assert_int_ge(g.others_pct, 0);
	if (!quiet) {
		loadguard_skip(&g, "check_loadguard own_work_is_not_load");
		return;
	}
	ck_assert_int_le(g.others_pct, LOADGUARD_LIMIT_PCT);
}
END_TEST

/* CPU burnt by a process outside our tree is load. We make one by double
 * forking and letting the middle process exit: the grandchild is reparented
 * away from us (to init or a subreaper above us). */
START_TEST(outside_work_is_load)
{
	int done[2];
	ck_assert_int_eq(pipe(done), 0);
	struct loadguard g;
	pid_t mid = fork();
	ck_assert_int_ge(mid, 0);
	if (mid == 0) {
		if (fork() == 0) {
			usleep(100 * 1000); /* until the middle one is gone */
			burn_cpu_ms(500);
			if (write(done[1], "x", 1) != 1)
				_exit(1);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	ck_assert_int_eq(loadguard_begin(&g, 0), 0);
	char c;
	ck_assert_int_eq(read(done[0], &c, 1), 1);
	loadguard_end(&g);
	/* 500 ms of CPU in a window that lasted at least that long: whatever
	 * the window's length, it is a visible share of a core */
	ck_assert_msg(g.others_pct >= 5, "an outside process burnt 500 ms; others %d%%",
		      g.others_pct);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loadguard");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, share_arithmetic);
	tcase_add_test(tc, own_tree_counts);
	tcase_add_test(tc, own_work_is_not_load);
	tcase_add_test(tc, outside_work_is_load);
	suite_add_tcase(s, tc);
	return check_run(s);
}
