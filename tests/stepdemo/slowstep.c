/*
 * slowstep.c - a stepped program for the step view's tests: two threads,
 * each with two step points, and between them a pause of pause_ms (a real
 * nanosleep, standing in for a long computation or a call that blocks
 * outside the lab's wrappers). The lab must keep answering keys while a
 * thread is between the two points. A test fixture: it teaches nothing.
 */
#include "lab.h"

#include <pthread.h>
#include <time.h>

static const struct lab_variant variants[] = {
	{"slow", LAB_SAFE, "each thread pauses pause_ms between its two step points"},
};
static const struct lab_param params[] = {
	{"threads", 2, 2, 2, "always two"},
	{"pause_ms", 3000, 0, 60000, "the pause between the two step points"},
};
static const struct lab_demo demo = {
	"slowstep", "a long pause between two step points (test fixture)",
	"time.sleep", variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

static long long done_count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct lab_gate gate;

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	lab_step_thread(id);
	lab_gate_wait(&gate);
	LAB_STEP("before the pause");
	long long ms = lab_param("pause_ms");
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
	LAB_STEP("after the pause");
	LAB_LOCK(&lock);
	done_count++;
	LAB_UNLOCK(&lock);
	return NULL;
}

static void run(const char *name)
{
	pthread_t tid[2];
	done_count = 0;
	lab_step_shared("done", &done_count);
	lab_gate_init(&gate, 2);
	long long t0 = lab_now_ns();
	for (long i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, worker, (void *)i) != 0)
			lab_die("pthread_create failed");
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	lab_result(name, 2, done_count, done_count == 2, lab_now_ns() - t0, NULL, 0);
}

int main(int argc, char **argv)
{
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
