/*
 * spawn.h - the one way lockstep starts a child process.
 *
 * argv only, never a shell. Everything the child needs (environment, working
 * directory, stdin) is prepared before fork, so the child runs only
 * async-signal-safe calls between fork and exec. A piped child leads its own
 * session and process group; its stdout and stderr arrive through the caller's poll loop
 * (spawn_pollfds / spawn_service), or through spawn_run() which loops by
 * itself. A time limit sends SIGTERM to the group, then SIGKILL after a grace
 * period; cancel does the same at once. When the child is gone, whatever it
 * left in its group is killed and reaped, and lockstep is a child subreaper,
 * so orphaned grandchildren come back to it: no zombie, no orphan. A grandchild
 * that keeps a pipe open cannot hold the caller: the run ends when the child
 * has exited and its group is gone, whether or not the pipes reached EOF.
 *
 * Terminal programs ($EDITOR, a pager) use SPAWN_TERMINAL: they inherit the
 * terminal and stay in lockstep's process group, so they can read keys.
 *
 * Thread safety: a struct spawn belongs to the thread that started it; any
 * thread may start and reap its own children. A piped child gets SIGKILL if
 * the thread that started it exits first (PR_SET_PDEATHSIG follows the
 * thread), so start it from a thread that outlives it. Never prints.
 */
#ifndef CORE_SPAWN_H
#define CORE_SPAWN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum spawn_io {
	SPAWN_PIPED,     /* stdin /dev/null (or a pipe, see stdin_pipe); stdout, stderr on pipes */
	SPAWN_TERMINAL,  /* inherit fds 0-2 and the foreground group; spawn_run only */
};

/* Which stream a chunk of output came from. */
enum spawn_stream { SPAWN_STDOUT = 1, SPAWN_STDERR = 2 };

/* Called with each chunk read from the child's stdout or stderr (not split
 * at line boundaries; the callee buffers lines if it needs them). */
typedef void (*spawn_output_fn)(void *ctx, enum spawn_stream stream, const char *buf,
				size_t len);

/* Resource limits set in the child before exec (setrlimit); 0 leaves one
 * as inherited, and one never raises what lockstep itself has. Learner code
 * runs under them (issue 16; core/sandbox.h has the values). */
struct spawn_limits {
	long long as_bytes;    /* RLIMIT_AS: address space */
	long long cpu_s;       /* RLIMIT_CPU: CPU seconds (then SIGXCPU, SIGKILL) */
	long long fsize_bytes; /* RLIMIT_FSIZE: largest file it may write */
	long long nproc;       /* RLIMIT_NPROC: processes of this user (not for root) */
	long long nofile;      /* RLIMIT_NOFILE: open files (descriptors) at once */
	int procs;             /* processes in its tree at once, root included:
				* lockstep counts them every 100 ms
				* and past it kills the whole tree, which holds for
				* root as well (spawn_reap.c says how it counts) */
};

struct spawn_opts {
	const char *const *argv;      /* NULL-terminated; argv[0] is the program */
	const char *program;          /* what to exec when it differs from argv[0]; NULL: argv[0] */
	bool search_path;             /* look the program up in PATH when it has no '/' */
	const char *cwd;              /* NULL: inherit */
	const char *writable_dir;     /* SPAWN_PIPED: in a mount namespace of its own, the
				       * child sees every file system read-only but this
				       * directory and /dev/shm. Best effort: where no
				       * namespace can be made, it runs without one (and
				       * spawn_status.confined says so) */
	const char *const *env_set;   /* "NAME=value" to add or replace; NULL-terminated or NULL */
	const char *const *env_unset; /* names to remove; NULL-terminated or NULL */
	enum spawn_io io;
	bool stdin_pipe;              /* SPAWN_PIPED: stdin is a pipe spawn_write() feeds */
	const char *stdin_text;       /* spawn_run() with stdin_pipe: written to the
				       * pipe at once, which then closes (keep it
				       * under 4 KiB: it must fit in the pipe) */
	bool merge_stderr;            /* SPAWN_PIPED: stderr goes into the stdout pipe */
	struct spawn_limits limits;   /* zero: none */
	int timeout_ms;               /* wall-clock limit; 0 = none */
	int grace_ms;                 /* SIGTERM -> SIGKILL delay; 0 = 500 ms */
	spawn_output_fn on_output;    /* may be NULL: output is read and dropped */
	void *ctx;
	/* spawn_run() only: polled every 50 ms; true stops the child as cancel does. */
	bool (*cancelled)(void *ctx);
};

/* How a child ended. */
struct spawn_status {
	bool started;     /* false: it never ran */
	int exec_errno;   /* when it never ran: the child's errno (exec, or entering
			   * cwd, or setting limits); 0 when lockstep itself could
			   * not start it (pipe, fork) */
	bool exited;      /* exit_code is valid */
	int exit_code;
	int signal;       /* the signal that ended it, or 0 */
	bool timed_out;   /* ended by the time limit */
	bool cancelled;   /* ended by spawn_cancel() or opts.cancelled */
	bool too_many_procs; /* killed for having more than limits.procs processes */
	bool confined;    /* writable_dir was applied */
	int procs_max;    /* limits.procs it ran under (0: none), for messages */
	int limit_ms;     /* the time limit it ran under (0: none), for messages */
	long long wall_ns;
};

struct spawn;

/* Start a child. Returns NULL with *err (caller frees) and errno set when it
 * cannot: no pipes, fork failed, or (reported here, not later) the child
 * could not enter cwd, set its limits or exec (errno is then the child's). */
struct spawn *spawn_start(const struct spawn_opts *opts, char **err);

/* Fill up to max pollfds with the child's open pipes and its pidfd; returns
 * how many. The caller polls them with its own fds, then spawn_service(). */
int spawn_pollfds(const struct spawn *s, struct pollfd *fds, int max);

/* Milliseconds until spawn_service() must run even without input (time
 * limit, kill grace, reaping); -1 when there is no deadline. */
int spawn_wait_ms(const struct spawn *s);

/* Read what is available without blocking (handing it to on_output),
 * enforce the time limit, reap. Returns true once the child is over. */
bool spawn_service(struct spawn *s);

/* Write to the child's stdin pipe (stdin_pipe only). Blocks until written or
 * the child is gone; returns 0, or -1 (EPIPE when the child closed it). */
int spawn_write(struct spawn *s, const void *buf, size_t len);
/* Close the child's stdin pipe: it reads EOF. */
void spawn_close_stdin(struct spawn *s);

/* SIGTERM to the child's group now, SIGKILL after the grace period. */
void spawn_cancel(struct spawn *s);
/* Stop and resume the child's whole process group (SIGSTOP / SIGCONT).
 * Time spent paused does not count against the time limit. */
void spawn_pause(struct spawn *s, bool paused);

bool spawn_done(const struct spawn *s);
pid_t spawn_pid(const struct spawn *s);
/* Valid once spawn_done(). */
const struct spawn_status *spawn_status(const struct spawn *s);

/* Kill (if still running), reap, close, free. NULL is fine. */
void spawn_free(struct spawn *s);

/* Start and follow to the end, blocking (with SPAWN_TERMINAL: wait for it,
 * no pipes). Returns 0 and fills *st, or -1 with *err if it could not start
 * (then st->started is false, and st->exec_errno is set if the child itself
 * failed). */
int spawn_run(const struct spawn_opts *opts, struct spawn_status *st, char **err);

/* Reap children that were reparented to lockstep (it is their subreaper)
 * and that no live struct spawn owns: zombies are reaped at once; live ones
 * (a grandchild that left its group, a daemon) are killed and reaped, but
 * only while no spawned child is running, since one of those may still be
 * using it. Children lockstep started some other way (they stay in its
 * session) are never touched. spawn_free() and a finished child call this;
 * any thread may call it. Returns how many were reaped. */
int spawn_reap_orphans(void);

/* One line describing how it ended, for messages: "exited with status 1",
 * "killed by SIGSEGV", "stopped after the 60 s limit", "cancelled",
 * "stopped: it started more than 64 processes",
 * "could not start: No such file or directory". Caller frees. */
char *spawn_describe(const struct spawn_status *st);

#endif
