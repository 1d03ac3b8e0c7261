/*
 * twolocks.c - a stepped program for the stepper's tests: two threads each
 * take two locks and move one unit. In `ordered` both take lock_a first; in
 * `crossed` thread B takes lock_b first, so some schedules deadlock (each
 * thread holds one lock and waits for the other). Built with lab/lab.c like a
 * demo, but not one: it lives with the tests and teaches nothing.
 */
#include "lab.h"

#include <pthread.h>

static const struct lab_variant variants[] = {
	{"ordered", LAB_SAFE, "both threads take lock_a, then lock_b"},
	{"crossed", LAB_BROKEN, "thread B takes lock_b first: a cycle is possible"},
};
static const struct lab_param params[] = {
	{"threads", 2, 2, 2, "always two"},
};
static const struct lab_demo demo = {
	"twolocks", "two locks taken in the same or opposite order (test fixture)",
	"threading.Lock", variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static long long moved;
static struct lab_gate gate;
static const char *variant;

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	lab_step_thread(id);
	lab_gate_wait(&gate);
	if (variant[0] == 'c' && id == 1) {
		LAB_LOCK(&lock_b);
		LAB_LOCK(&lock_a);
	} else {
		LAB_LOCK(&lock_a);
		LAB_LOCK(&lock_b);
	}
	LAB_STEP("move");
	moved++;
	LAB_UNLOCK(&lock_b);
	LAB_UNLOCK(&lock_a);
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];
	variant = name;
	moved = 0;
	lab_step_shared("moved", &moved);
	lab_gate_init(&gate, 2);
	long long t0 = lab_now_ns();
	for (long i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	lab_result(name, 2, moved, moved == 2, lab_now_ns() - t0, NULL, 0);
}

int main(int argc, char **argv)
{
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
