/*
 * threads_basic.c - start N threads, let each say who it is, wait for them.
 *
 * Python: threading.Thread(target=f, args=(i,), name=...), t.start(),
 *         t.join(), threading.current_thread(), subclassing Thread.
 *
 * pthread_create() is Thread(...).start() and pthread_join() is join().
 * Every thread runs in the same process (same getpid()) but has its own
 * kernel thread id (gettid) and its own name, which it sets and reads back
 * itself: pthread_self() plays the part of current_thread(). Two ways:
 *
 *   target      pthread_create(worker, &args[i]): a function and its argument,
 *               like Thread(target=worker, args=(i,))
 *   run_method  an object carrying a `run` function pointer and its state,
 *               started by one generic trampoline: what subclassing Thread
 *               and overriding run() does in Python
 *
 * Each thread writes only its own slot of a table; main reads the table after
 * pthread_join, which guarantees it sees everything the thread wrote.
 *
 * Build by hand: cc -O2 -pthread threads_basic.c lab.c -o threads_basic
 */
#define _GNU_SOURCE /* pthread_setname_np, pthread_getname_np, syscall */
#include "lab.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"target", LAB_SAFE, "pthread_create with a function and an argument"},
	{"run_method", LAB_SAFE, "an object with a run() pointer, like a Thread subclass"},
};
static const struct lab_param params[] = {
	{"threads", 4, 1, 64, "threads to start"},
};
static const struct lab_demo demo = {
	"threads_basic", "create, name and join threads; who is the current thread",
	"threading.Thread(target=, name=), current_thread(), Thread subclass",
	variants, LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"same_pid", LAB_K_YESNO, NULL},
	{"distinct_tid", LAB_K_YESNO, NULL},
	{"names_ok", LAB_K_YESNO, NULL},
	{"main_tid", LAB_K_TEXT, NULL},
	{"us_each", LAB_K_DURATION, "us"},
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
};

/* What one thread found out about itself. */
struct report {
	int index;
	pid_t pid, tid;
	char name[16]; /* Linux thread names are at most 15 bytes + NUL */
	char work[48]; /* what the thread's body computed */
};

static struct report reports[64];
static const char *variant; /* the one running now */

/* The "current_thread()" part: every thread asks about itself. */
static void introduce(int index, const char *name)
{
	struct report *r = &reports[index];
	r->index = index;
	r->pid = getpid();
	r->tid = (pid_t)syscall(SYS_gettid); /* the kernel's id for this thread */
	pthread_setname_np(pthread_self(), name);
	if (pthread_getname_np(pthread_self(), r->name, sizeof r->name) != 0)
		snprintf(r->name, sizeof r->name, "?");
	lab_log(variant, "thread %d: pid %d, tid %d, name \"%s\"", index,
		(int)r->pid, (int)r->tid, r->name);
}

/* ---- style 1: a target function and its argument ---------------------- */

struct args {
	int index;
	char name[16];
};

static void *worker(void *arg)
{
	struct args *a = arg;
	introduce(a->index, a->name);
	snprintf(reports[a->index].work, sizeof reports[a->index].work,
		 "%d squared is %d", a->index, a->index * a->index);
	return NULL;
}

/* ---- style 2: an object with a run() method --------------------------- */

/* The "base class": a thread object knows how to run itself. */
struct thread_obj {
	void (*run)(struct thread_obj *self);
	pthread_t handle;
	int index;
	char name[16];
};

/* The one function pthread_create ever sees: it calls the object's method. */
static void *trampoline(void *arg)
{
	struct thread_obj *self = arg;
	introduce(self->index, self->name);
	self->run(self);
	return NULL;
}

static int thread_obj_start(struct thread_obj *t)
{
	return pthread_create(&t->handle, NULL, trampoline, t);
}

/* A "subclass": the base struct first, then its own state. */
struct counter_thread {
	struct thread_obj base;
	int upto;     /* input */
	long long sum; /* output, read by main after join */
};

static void counter_run(struct thread_obj *self)
{
	struct counter_thread *c = (struct counter_thread *)self; /* downcast */
	c->sum = 0;
	for (int i = 1; i <= c->upto; i++)
		c->sum += i;
	snprintf(reports[self->index].work, sizeof reports[self->index].work,
		 "1+..+%d is %lld", c->upto, c->sum);
}

/* ---- running and checking ------------------------------------------- */

static void run(const char *name)
{
	int n = (int)lab_param("threads");
	pthread_t tid[64];
	struct args args[64];
	struct counter_thread objs[64];
	bool objects = strcmp(name, "run_method") == 0;

	variant = name;
	memset(reports, 0, sizeof reports);
	long long t0 = lab_now_ns();
	/* Names get i % 100 (i < 64 anyway) so the compiler can see they fit
	 * the kernel's 15 characters. */
	for (int i = 0; i < n; i++) {
		int rc;
		if (objects) {
			struct thread_obj *base = &objs[i].base;
			objs[i] = (struct counter_thread){.upto = 10 * (i + 1)};
			base->run = counter_run; /* "override run()" */
			base->index = i;
			snprintf(base->name, sizeof base->name, "counter-%d", i % 100);
			rc = thread_obj_start(base);
		} else {
			args[i].index = i;
			snprintf(args[i].name, sizeof args[i].name, "worker-%d", i % 100);
			rc = pthread_create(&tid[i], NULL, worker, &args[i]);
		}
		if (rc != 0)
			lab_die("pthread_create failed");
	}
	/* join = wait for the thread to finish; afterwards its writes are ours */
	for (int i = 0; i < n; i++)
		pthread_join(objects ? objs[i].base.handle : tid[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	/* Check what the threads reported: one process, distinct thread ids,
	 * none of them main's, names read back as set, the work done. */
	pid_t pid = getpid(), main_tid = (pid_t)syscall(SYS_gettid);
	int ok = 0, same_pid = 0, distinct = 0, names_ok = 0;
	for (int i = 0; i < n; i++) {
		const struct report *r = &reports[i];
		const char *want = objects ? objs[i].base.name : args[i].name;
		bool unique = r->tid != 0 && r->tid != main_tid;
		for (int j = 0; j < i; j++)
			unique &= reports[j].tid != r->tid;
		char work[48];
		if (objects) /* main redoes the sum with Gauss's formula */
			snprintf(work, sizeof work, "1+..+%d is %d", 10 * (i + 1),
				 5 * (i + 1) * (10 * (i + 1) + 1));
		else
			snprintf(work, sizeof work, "%d squared is %d", i, i * i);
		bool work_ok = strcmp(r->work, work) == 0;
		same_pid += r->pid == pid;
		distinct += unique;
		names_ok += strcmp(r->name, want) == 0;
		ok += r->pid == pid && unique && strcmp(r->name, want) == 0 && work_ok;
		lab_log(name, "joined thread %d: %s", i, r->work);
	}
	struct lab_metric m[] = {
		LAB_INT("same_pid", same_pid),
		LAB_INT("distinct_tid", distinct),
		LAB_INT("names_ok", names_ok),
		LAB_INT("main_tid", main_tid),
		LAB_REAL("us_each", (double)elapsed / 1e3 / n), /* start to join */
	};
	lab_result(name, n, ok, ok == n, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	char main_name[16] = "?";
	pthread_getname_np(pthread_self(), main_name, sizeof main_name);
	lab_log(NULL, "main thread: pid %d, tid %d, name \"%s\" (Python calls it MainThread)",
		(int)getpid(), (int)syscall(SYS_gettid), main_name);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
