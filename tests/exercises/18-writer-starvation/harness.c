/*
 * harness.c - exercise 18, in two parts.
 *
 * Who goes first (deterministic, round after round): reader A is inside;
 * writer W asks and waits (asleep, seen in /proc); then reader B arrives.
 * B must not get in before W: a lock that lets B in would, with readers
 * coming and going, keep W out forever. Then A leaves; W, then B, go.
 *
 * Under stress: readers and writers at random; never a reader with a
 * writer inside or two writers at once, nobody hangs, and readers do
 * overlap (a lock that admits one thread at a time is a mutex).
 */
#define _POSIX_C_SOURCE 200809L
#include "18-writer-starvation.h"
#include "hx.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

static struct rwlock rw;
static sem_t release_a;
static atomic_int a_in, order, w_at, b_at; /* w_at, b_at: 1 + when they got in */
static atomic_int readers_in, writers_in, most_readers, clash;

static void *reader_a(void *arg)
{
	(void)arg;
	rw_read_lock(&rw);
	atomic_store(&a_in, 1);
	while (sem_wait(&release_a) != 0)
		;
	rw_read_unlock(&rw);
	return NULL;
}

static void *writer_w(void *arg)
{
	(void)arg;
	rw_write_lock(&rw);
	atomic_store(&w_at, atomic_fetch_add(&order, 1) + 1);
	rw_write_unlock(&rw);
	return NULL;
}

static void *reader_b(void *arg)
{
	(void)arg;
	rw_read_lock(&rw);
	atomic_store(&b_at, atomic_fetch_add(&order, 1) + 1);
	rw_read_unlock(&rw);
	return NULL;
}

static void check_writer_first(int round, int rounds)
{
	pthread_t a, w, b;
	hx_phase("round %d of %d: a reader inside, a writer waiting, a new reader", round,
		 rounds);
	hx_deadline(3, "a reader, a waiting writer and a second reader never all finished: "
		    "when the first reader left, the writer, or after it the second reader, "
		    "was never woken");
	rw_init(&rw);
	atomic_store(&a_in, 0);
	atomic_store(&order, 0);
	atomic_store(&w_at, 0);
	atomic_store(&b_at, 0);
	pthread_create(&a, NULL, reader_a, NULL);
	while (!atomic_load(&a_in))
		hx_sleep_us(200);
	pthread_create(&w, NULL, writer_w, NULL);
	hx_wait_others_asleep(2000);  /* W waits in rw_write_lock() */
	bool w_waiting = atomic_load(&w_at) == 0;
	pthread_create(&b, NULL, reader_b, NULL);
	hx_wait_others_asleep(2000);  /* B has got in and left, or waits */
	int b_early = atomic_load(&b_at);
	sem_post(&release_a);
	pthread_join(a, NULL);
	pthread_join(w, NULL);
	pthread_join(b, NULL);
	rw_destroy(&rw);
	if (!w_waiting)
		hx_fail("a writer got in while a reader was inside (round %d)", round);
	if (b_early)
		hx_fail("a reader that arrived while a writer was waiting got in before it "
			"(round %d): with readers coming and going, one always inside, that "
			"writer never gets its turn. Once a writer waits, new readers must wait "
			"too (writers_waiting)", round);
	if (atomic_load(&w_at) > atomic_load(&b_at))
		hx_fail("when the first reader left, the second reader got in before the writer "
			"that had been waiting longer (round %d)", round);
}

/* ---- stress */

static struct hx_gate gate;
static int reads_each, writes_each;

static void *reader(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < reads_each; i++) {
		rw_read_lock(&rw);
		int n = atomic_fetch_add(&readers_in, 1) + 1;
		int most = atomic_load(&most_readers);
		while (n > most && !atomic_compare_exchange_weak(&most_readers, &most, n))
			;
		if (atomic_load(&writers_in))
			atomic_fetch_add(&clash, 1);
		ex_pause();
		atomic_fetch_sub(&readers_in, 1);
		rw_read_unlock(&rw);
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	hx_gate_wait(&gate);
	for (int i = 0; i < writes_each; i++) {
		hx_sleep_us(hx_between(50, 300));
		rw_write_lock(&rw);
		if (atomic_fetch_add(&writers_in, 1) != 0 || atomic_load(&readers_in))
			atomic_fetch_add(&clash, 1);
		ex_pause();
		atomic_fetch_sub(&writers_in, 1);
		rw_write_unlock(&rw);
	}
	return NULL;
}

int main(void)
{
	hx_init();
	sem_init(&release_a, 0, 0);
	int rounds = hx_runs(12, 4);
	for (int r = 1; r <= rounds; r++)
		check_writer_first(r, rounds);

	int runs = hx_runs(6, 3);
	for (int r = 0; r < runs; r++) {
		pthread_t t[5];
		int nr = 3, nw = 1 + r % 2;
		reads_each = (int)hx_between(300, 600);
		writes_each = (int)hx_between(10, 30);
		hx_phase("run %d of %d, %d readers and %d writers", r + 1, runs, nr, nw);
		hx_deadline(5, "the readers and writers never finished: someone waits for a "
			    "wake-up that never comes");
		rw_init(&rw);
		hx_gate_init(&gate, nr + nw);
		for (int i = 0; i < nr + nw; i++)
			pthread_create(&t[i], NULL, i < nr ? reader : writer, NULL);
		for (int i = 0; i < nr + nw; i++)
			pthread_join(t[i], NULL);
		rw_destroy(&rw);
		if (atomic_load(&clash))
			hx_fail("%d times a thread was inside with a writer (run %d): a writer must "
				"be alone", atomic_load(&clash), r + 1);
	}
	hx_deadline(0, NULL);
	if (atomic_load(&most_readers) < 2)
		hx_fail("in %d runs, no two readers were ever inside at the same time: your lock "
			"lets one thread in at a time, like a mutex; readers should share", runs);
	hx_pass("%d rounds: a reader arriving while a writer waited went after it; %d runs of "
		"3 readers and 1-2 writers: writers alone, readers together (up to %d)",
		rounds, runs, atomic_load(&most_readers));
}
