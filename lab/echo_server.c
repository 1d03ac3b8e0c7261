/*
 * echo_server.c - one TCP echo server written three ways, under the same load.
 *
 * Python: socketserver.TCPServer (one client at a time), ThreadingMixIn (a
 * thread per client), and a server handing clients to a fixed thread pool.
 *
 *   iterative          accept one client, serve it until it leaves, then the
 *                      next: everyone else waits in the kernel's backlog
 *   thread_per_client  accept, start a thread for that client, accept again
 *   thread_pool        `pool` threads, each accepting and serving clients
 *
 * The load is built in: `clients` client threads connect to 127.0.0.1 (the
 * server binds port 0, so the kernel picks a free one), one after the other,
 * the slow ones first, as if they happened to arrive first. Each sends
 * `requests` fixed-size requests, waiting for each echo; a slow client also
 * pauses slow_ms between requests, standing for a slow network. Latency is
 * measured per request, from send to the complete reply; every reply must
 * equal its request. Every socket has a timeout, and at the end the server
 * stops, its threads are joined and the listening socket is closed.
 *
 * Build by hand: cc -O2 -pthread echo_server.c lab.c -o echo_server
 */
#define _GNU_SOURCE
#include "lab.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const struct lab_variant variants[] = {
	{"iterative", LAB_SAFE, "one client at a time, like socketserver.TCPServer"},
	{"thread_per_client", LAB_SAFE, "a new thread for each client, like ThreadingMixIn"},
	{"thread_pool", LAB_SAFE, "a fixed pool of threads serving the clients"},
};
static const struct lab_param params[] = {
	{"clients", 8, 1, 64, "client threads, each with its own connection"},
	{"slow", 2, 0, 64, "how many of the clients are slow (at most clients)"},
	{"slow_ms", 20, 0, 1000, "pause of a slow client between two requests"},
	{"requests", 10, 1, 1000, "requests per client"},
	{"pool", 4, 1, 64, "threads of the thread_pool server"},
	{"timeout_ms", 3000, 100, 60000, "timeout of every socket operation"},
};
static const struct lab_demo demo = {
	"echo_server", "an echo server: iterative, thread per client, thread pool",
	"socketserver.TCPServer, socketserver.ThreadingMixIn", variants,
	LAB_COUNT(variants), params, LAB_COUNT(params),
};

/* How to read the numbers (lab.h, "Declaring"). */
static const struct lab_metric_decl metrics[] = {
	{"req_per_s", LAB_K_RATE, "req/s"},
	{"p50_ms", LAB_K_DURATION, "ms"},
	{"p99_ms", LAB_K_DURATION, "ms"},
	{"max_ms", LAB_K_DURATION, "ms"},
	{"at_once", LAB_K_COUNT, NULL},
};
static const struct lab_claim claims[] = {
	{"thread_per_client", "time", "<=", 0.7, "iterative"}, /* slow clients no longer hold up the rest */
	{"thread_pool", "time", "<=", 0.7, "iterative"}, /* nor with a pool */
};
static const struct lab_decl decl = {
	.rows = "expected observed",
	.metrics = metrics, .nmetrics = LAB_COUNT(metrics),
	.claims = claims, .nclaims = LAB_COUNT(claims),
};

#define MSG 64            /* bytes in a request and in its reply */
#define MAXC 64
static int listen_fd;
static struct sockaddr_in addr; /* where the server listens */
static atomic_bool stop;        /* the server should finish */
static atomic_int active, peak; /* clients being served right now, and the most */

static void set_timeouts(int fd)
{
	long long ms = lab_param("timeout_ms");
	struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000 * 1000)};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Send or receive exactly len bytes; false on a timeout or a closed socket. */
static bool xfer(int fd, char *buf, ssize_t len, bool sending)
{
	for (ssize_t off = 0, n; off < len; off += n)
		if ((n = sending ? send(fd, buf + off, (size_t)(len - off), MSG_NOSIGNAL)
				 : recv(fd, buf + off, (size_t)(len - off), 0)) <= 0)
			return false;
	return true;
}

/* ---- the server ---- */

/* Wait up to 50 ms for a client; -1 if none (so the caller can look at stop). */
static int accept_client(void)
{
	struct pollfd p = {listen_fd, POLLIN, 0};
	if (poll(&p, 1, 50) <= 0)
		return -1;
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC); /* blocking socket */
	if (fd >= 0)
		set_timeouts(fd);
	return fd; /* -1 too if another pool thread took this client first */
}

/* Echo everything back until the client closes (or a timeout). */
static void serve(int fd)
{
	char buf[4096];
	int now = atomic_fetch_add(&active, 1) + 1, seen = atomic_load(&peak);
	while (now > seen && !atomic_compare_exchange_weak(&peak, &seen, now))
		;
	for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0 && xfer(fd, buf, n, true);)
		; /* whatever arrived goes straight back */
	atomic_fetch_sub(&active, 1);
	close(fd);
}

static void *serve_thread(void *arg)
{
	serve((int)(long)arg);
	return NULL;
}

/* iterative, and each thread of thread_pool: accept, serve, repeat. */
static void *accept_and_serve(void *arg)
{
	while (!atomic_load(&stop)) {
		int fd = accept_client();
		if (fd >= 0)
			serve(fd);
	}
	return arg;
}

/* thread_per_client: accept, hand the client to a new thread, repeat. */
static void *accept_and_spawn(void *arg)
{
	pthread_t tid[4 * MAXC];
	int n = 0;
	while (!atomic_load(&stop)) {
		int fd = accept_client();
		if (fd >= 0 && (n == 4 * MAXC ||
				pthread_create(&tid[n++], NULL, serve_thread, (void *)(long)fd) != 0))
			close(fd); /* too many: refuse */
	}
	for (int i = 0; i < n; i++) /* the server ends when its clients have */
		pthread_join(tid[i], NULL);
	return arg;
}

/* ---- the clients ---- */
static pthread_barrier_t go;       /* clients + main: start sending together */
static atomic_int connected;       /* clients connect in turn: 0, 1, 2, ... */
static long long lat[MAXC * 1000]; /* per request latency, ns */
static int ok[MAXC];               /* replies equal to their requests */

static void *client(void *arg)
{
	int id = (int)(long)arg, requests = (int)lab_param("requests");
	bool slow = id < lab_param("slow");
	char msg[MSG], reply[MSG];
	while (atomic_load(&connected) != id)
		sched_yield(); /* my turn to connect */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		set_timeouts(fd);
	bool up = fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
	atomic_fetch_add(&connected, 1);
	pthread_barrier_wait(&go);
	for (int r = 0; up && r < requests; r++) {
		memset(msg, '.', MSG); /* "client 3 request 7 .........." */
		msg[snprintf(msg, MSG, "client %d request %d%s ", id, r, slow ? " (slow)" : "")] = '.';
		long long t0 = lab_now_ns();
		if (!xfer(fd, msg, MSG, true) || !xfer(fd, reply, MSG, false))
			break; /* a timeout or a closed connection: the rest are lost */
		lat[id * requests + r] = lab_now_ns() - t0;
		ok[id] += memcmp(msg, reply, MSG) == 0;
		if (slow)
			lab_sleep_ms(lab_param("slow_ms"));
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static void run(const char *name)
{
	int nclients = (int)lab_param("clients"), requests = (int)lab_param("requests");
	bool per_client = strcmp(name, "thread_per_client") == 0;
	int nservers = strcmp(name, "thread_pool") == 0 ? (int)lab_param("pool") : 1;
	long long total = (long long)nclients * requests, good = 0;
	pthread_t server[MAXC], clients[MAXC];
	socklen_t len = sizeof addr;
	atomic_store(&stop, false);
	atomic_store(&active, 0);
	atomic_store(&peak, 0);
	atomic_store(&connected, 0);
	memset(lat, 0, sizeof lat);
	memset(ok, 0, sizeof ok);
	addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = 0,
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
	    listen(listen_fd, 128) != 0 || getsockname(listen_fd, (struct sockaddr *)&addr, &len) != 0)
		lab_die("cannot listen on 127.0.0.1: %s", strerror(errno));
	lab_log(name, "listening on 127.0.0.1:%d with %d server thread%s", ntohs(addr.sin_port),
		nservers, nservers > 1 ? "s" : "");
	for (int i = 0; i < nservers; i++)
		if (pthread_create(&server[i], NULL, per_client ? accept_and_spawn
				   : accept_and_serve, NULL) != 0)
			lab_die("pthread_create failed");
	pthread_barrier_init(&go, NULL, (unsigned)nclients + 1);
	for (long i = 0; i < nclients; i++)
		if (pthread_create(&clients[i], NULL, client, (void *)i) != 0)
			lab_die("pthread_create failed");
	pthread_barrier_wait(&go); /* all connected: the clock starts */
	long long t0 = lab_now_ns();
	for (int i = 0; i < nclients; i++)
		pthread_join(clients[i], NULL);
	long long elapsed = lab_now_ns() - t0;

	atomic_store(&stop, true); /* shut down: no socket stays open */
	for (int i = 0; i < nservers; i++)
		pthread_join(server[i], NULL);
	close(listen_fd);
	pthread_barrier_destroy(&go);

	for (int i = 0; i < nclients; i++)
		good += ok[i];
	qsort(lat, (size_t)total, sizeof lat[0], by_value); /* lost ones count as 0 */
	long long p50 = lat[(total * 50 + 99) / 100 - 1], p99 = lat[(total * 99 + 99) / 100 - 1];
	double rps = good * 1e9 / (double)elapsed;
	lab_log(name, "%lld of %lld replies right; %.0f requests/s; latency p50 %.2f ms, "
		"p99 %.2f ms, worst %.2f ms", good, total, rps, p50 / 1e6, p99 / 1e6,
		lat[total - 1] / 1e6);
	lab_log(name, "at most %d client%s served at the same time", atomic_load(&peak),
		atomic_load(&peak) > 1 ? "s" : "");
	struct lab_metric m[] = {
		LAB_REAL("req_per_s", rps), LAB_REAL("p50_ms", p50 / 1e6),
		LAB_REAL("p99_ms", p99 / 1e6), LAB_REAL("max_ms", lat[total - 1] / 1e6),
		LAB_INT("at_once", atomic_load(&peak)),
	};
	lab_result(name, total, good, good == total, elapsed, m, LAB_COUNT(m));
}

int main(int argc, char **argv)
{
	lab_declare(&decl);
	lab_init(&demo, argc, argv);
	for (int i = 0; i < LAB_COUNT(variants); i++)
		if (lab_want(variants[i].name))
			run(variants[i].name);
	return lab_end();
}
