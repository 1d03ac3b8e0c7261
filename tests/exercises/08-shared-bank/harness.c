/*
 * harness.c - exercise 08: child processes deposit random amounts into a
 * bank in shared memory; every balance must equal what was deposited.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "08-shared-bank.h"
#include "hx.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPROC 4

/* Deposit k of process p in run r: the same numbers in the child (who
 * makes it) and the parent (who adds it up). */
static void nth_deposit(uint64_t *rng, int *account, long *amount)
{
	uint64_t x = hx_rand(rng);
	*account = (int)(x % BANK_ACCOUNTS);
	*amount = (long)((x >> 8) % 1000) - 300;
}

int main(void)
{
	hx_init();
	int runs = hx_runs(6, 3), deposits = hx_runs(400, 300);
	struct hx_tally exact = {0};
	struct bank *bank = mmap(NULL, sizeof *bank, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (bank == MAP_FAILED)
		hx_fail("mmap() failed");

	for (int r = 0; r < runs; r++) {
		hx_phase("run %d of %d, %d processes x %d deposits", r + 1, runs, NPROC, deposits);
		hx_deadline(5, "the processes never finished their deposits: one sleeps on the "
			    "lock and is never woken (is the mutex set up to be shared between "
			    "processes?)");
		bank_init(bank);
		for (int p = 0; p < NPROC; p++) {
			pid_t pid = fork();
			if (pid < 0)
				hx_fail("fork() failed");
			if (pid == 0) {
				uint64_t rng = hx_seed_for(r * NPROC + p);
				hx_reseed(r * NPROC + p);
				for (int k = 0; k < deposits; k++) {
					int a;
					long amount;
					nth_deposit(&rng, &a, &amount);
					bank_deposit(bank, a, amount);
				}
				_exit(0);
			}
		}
		int st, crashed = 0;
		while (wait(&st) > 0)
			crashed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
		if (crashed)
			hx_fail("%d of %d processes died instead of finishing their deposits",
				crashed, NPROC);

		long want[BANK_ACCOUNTS] = {0};
		for (int p = 0; p < NPROC; p++) {
			uint64_t rng = hx_seed_for(r * NPROC + p);
			for (int k = 0; k < deposits; k++) {
				int a;
				long amount;
				nth_deposit(&rng, &a, &amount);
				want[a] += amount;
			}
		}
		int wrong = 0, first = 0;
		for (int a = 0; a < BANK_ACCOUNTS; a++)
			if (bank_balance(bank, a) != want[a] && wrong++ == 0)
				first = a;
		hx_tally_add(&exact, wrong == 0,
			     "%d processes made %d deposits: expected account %d to hold %ld, it "
			     "holds %ld (%d of %d accounts wrong)",
			     NPROC, NPROC * deposits, first, want[first], bank_balance(bank, first),
			     wrong, BANK_ACCOUNTS);
		bank_destroy(bank);
	}
	hx_deadline(0, NULL);
	hx_tally_check(&exact);
	hx_pass("%d runs, %d processes x %d deposits: every balance exact", runs, NPROC, deposits);
}
