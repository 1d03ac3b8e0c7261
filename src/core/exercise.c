/*
 * exercise.c - finds the exercises, copies them into the learner's
 * workspace, verifies a learner's file against its harness (build, run with
 * a time limit, ThreadSanitizer), and reads hints. See exercise.h.
 */
#define _GNU_SOURCE
#include "core/exercise.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#define OUTPUT_MAX (256 * 1024) /* keep at most this much of a child's output */

/* ------------------------------------------------------------ small helpers */

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Copy the whole line at s (without its newline) into a new string. */
static char *line_dup(const char *s)
{
	return xstrndup(s, strcspn(s, "\n"));
}

/* The start of the line after the one at s, or NULL at the last line. */
static const char *next_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? nl + 1 : NULL;
}

/* The buffer's text (the caller frees it), or NULL when it is empty. */
static char *sbuf_or_null(struct sbuf *sb)
{
	if (!sb->len) {
		sbuf_release(sb);
		return NULL;
	}
	return sbuf_detach(sb);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Write `len` bytes to `path` through a temporary file and rename(), so an
 * editor or `watch` never sees half a file. Returns 0 or -1 with *err. */
static int write_file_atomic(const char *path, const char *data, size_t len, char **err)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	fchmod(fd, 0644);
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int copy_file(const char *from, const char *to, char **err)
{
	size_t len;
	char *data = util_read_file(from, &len, err);
	if (!data)
		return -1;
	int rc = write_file_atomic(to, data, len, err);
	free(data);
	return rc;
}

/* mkdir -p. Returns 0 or -1 with *err. */
static int make_dirs(const char *dir, char **err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				*err = xasprintf("%s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	if (!is_dir(dir)) {
		*err = xasprintf("%s: not a directory", dir);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ metadata, set */

int exercise_parse_meta(struct exercise *e, const char *text, const char *file,
			struct diags *d)
{
	const char *open = strstr(text, "/*");
	const char *close = open ? strstr(open, "*/") : NULL;
	int bad = 0;
	if (!open || !close) {
		diags_add(d, file, 1, "no header comment: the first /* ... */ must hold "
				      "Title:, Lesson: and Threads: lines");
		return -1;
	}
	bool have_threads = false;
	int line = 1;
	for (const char *p = text; p < open; p++)
		line += *p == '\n';
	for (const char *s = open; s < close; line++) {
		const char *nl = memchr(s, '\n', (size_t)(close - s));
		const char *end = nl ? nl : close;
		char *l = xstrndup(s, (size_t)(end - s));
		char *t = l;
		while (*t == '/' || *t == '*' || *t == ' ' || *t == '\t')
			t++;
		char *colon = strchr(t, ':');
		if (colon) { /* "Key: value"; keys other than ours are prose */
			*colon = '\0';
			char *key = t, *val = trim(colon + 1);
			if (strcmp(key, "Title") == 0) {
				free(e->title);
				e->title = xstrdup(val);
			} else if (strcmp(key, "Lesson") == 0) {
				bool ok = isdigit((unsigned char)val[0]) &&
					  isdigit((unsigned char)val[1]) && val[2] == '-' && val[3];
				if (!ok) {
					diags_add(d, file, line, "Lesson: expected a lesson id such "
								 "as 05-race-conditions, got '%s'", val);
					bad++;
				} else {
					free(e->lesson);
					e->lesson = xstrdup(val);
				}
			} else if (strcmp(key, "Threads") == 0) {
				if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0) {
					e->threads = val[0] == 'y';
					have_threads = true;
				} else {
					diags_add(d, file, line, "Threads: expected yes or no, got '%s'",
						  val);
					bad++;
				}
			}
		}
		free(l);
		if (!nl)
			break;
		s = nl + 1;
	}
	if (!e->title || !*e->title) {
		diags_add(d, file, 1, "missing 'Title:' line in the header comment");
		bad++;
	}
	if (!e->lesson && !bad) {
		diags_add(d, file, 1, "missing 'Lesson:' line in the header comment");
		bad++;
	}
	if (!have_threads && !bad) {
		diags_add(d, file, 1, "missing 'Threads: yes|no' line in the header comment");
		bad++;
	}
	return bad ? -1 : 0;
}

static void exercise_release(struct exercise *e)
{
	free(e->id);
	free(e->title);
	free(e->lesson);
	free(e->source);
	free(e->header);
	free(e->dir);
	memset(e, 0, sizeof *e);
}

static int by_number(const void *a, const void *b)
{
	const struct exercise *x = a, *y = b;
	return x->number != y->number ? (x->number > y->number) - (x->number < y->number)
				      : strcmp(x->id, y->id);
}

/* NN-name.c with NN two digits: the id, newly allocated, or NULL. */
static char *id_from_name(const char *name)
{
	size_t n = strlen(name);
	if (n < 6 || !isdigit((unsigned char)name[0]) || !isdigit((unsigned char)name[1]) ||
	    name[2] != '-' || strcmp(name + n - 2, ".c") != 0)
		return NULL;
	return xstrndup(name, n - 2);
}

int exercise_set_load(struct exercise_set *set, const char *root, struct diags *d, char **err)
{
	struct diags scratch;
	diags_init(&scratch);
	if (!d)
		d = &scratch;
	memset(set, 0, sizeof *set);
	set->lab_dir = xasprintf("%s/lab/exercises", root);
	char *tree = xasprintf("%s/tests/exercises", root);
	char *installed = xasprintf("%s/exercises", root);
	if (is_dir(tree)) {
		set->harness_dir = tree;
		free(installed);
	} else {
		set->harness_dir = installed;
		free(tree);
	}

	DIR *dir = opendir(set->lab_dir);
	if (!dir) {
		*err = xasprintf("%s: %s (no exercises here)", set->lab_dir, strerror(errno));
		diags_release(&scratch);
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		char *id = id_from_name(de->d_name);
		if (!id)
			continue;
		struct exercise e = {0};
		e.id = id;
		e.number = atoi(id);
		e.source = xasprintf("%s/%s.c", set->lab_dir, id);
		e.header = xasprintf("%s/%s.h", set->lab_dir, id);
		e.dir = xasprintf("%s/%s", set->harness_dir, id);
		char *shown = xasprintf("lab/exercises/%s.c", id);
		char *ferr = NULL;
		size_t len;
		char *text = util_read_file(e.source, &len, &ferr);
		bool ok = text != NULL;
		if (!text) {
			diags_add(d, shown, 0, "%s", ferr);
			free(ferr);
		} else if (exercise_parse_meta(&e, text, shown, d) != 0) {
			ok = false;
		} else if (!is_file(e.header)) {
			diags_add(d, shown, 0, "no interface header %s.h beside it", id);
			ok = false;
		} else {
			char *h = xasprintf("%s/harness.c", e.dir);
			if (!is_file(h)) {
				diags_add(d, shown, 0, "no harness: %s is missing", h);
				ok = false;
			}
			free(h);
		}
		free(text);
		free(shown);
		if (ok)
			*VEC_PUSH(set->v, set->n, set->cap) = e;
		else
			exercise_release(&e);
	}
	closedir(dir);
	if (set->n)
		qsort(set->v, set->n, sizeof *set->v, by_number);
	diags_release(&scratch);
	return 0;
}

void exercise_set_release(struct exercise_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		exercise_release(&set->v[i]);
	free(set->v);
	free(set->lab_dir);
	free(set->harness_dir);
	memset(set, 0, sizeof *set);
}

const struct exercise *exercise_find(const struct exercise_set *set, const char *key)
{
	if (!key || !*key)
		return NULL;
	bool numeric = true;
	for (const char *k = key; *k; k++)
		numeric &= isdigit((unsigned char)*k) != 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct exercise *e = &set->v[i];
		if (numeric ? atoi(key) == e->number
			    : strcmp(key, e->id) == 0 || strcmp(key, e->id + 3) == 0)
			return e;
	}
	return NULL;
}

const struct exercise *exercise_next(const struct exercise_set *set,
				     bool (*passed)(const char *id, void *ctx), void *ctx)
{
	for (size_t i = 0; i < set->n; i++)
		if (!passed(set->v[i].id, ctx))
			return &set->v[i];
	return NULL;
}

/* ------------------------------------------------------------ workspace */

char *exercise_workspace_default(void)
{
	const char *env = getenv("LOCKSTEP_WORKSPACE");
	if (env && *env)
		return xstrdup(env);
	const char *home = getenv("HOME");
	return xasprintf("%s/lockstep-exercises", home && *home ? home : ".");
}

char *exercise_workspace_resolve(const char *saved)
{
	const char *env = getenv("LOCKSTEP_WORKSPACE");
	char *w = env && *env ? xstrdup(env)
		  : saved && *saved ? xstrdup(saved) : exercise_workspace_default();
	char cwd[PATH_MAX];
	if (w[0] != '/' && getcwd(cwd, sizeof cwd)) {
		char *abs = xasprintf("%s/%s", cwd, w);
		free(w);
		w = abs;
	}
	return w;
}

char *exercise_workspace_file(const struct exercise *e, const char *dir)
{
	return xasprintf("%s/%s.c", dir, e->id);
}

int exercise_workspace_init(const struct exercise_set *set, const char *dir, bool overwrite,
			    int *copied, int *kept, char **err)
{
	*copied = *kept = 0;
	if (make_dirs(dir, err) != 0)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		const struct exercise *e = &set->v[i];
		const char *from[2] = {e->source, e->header};
		for (int k = 0; k < 2; k++) {
			const char *base = strrchr(from[k], '/') + 1;
			char *to = xasprintf("%s/%s", dir, base);
			int rc = 0;
			if (!overwrite && access(to, F_OK) == 0)
				++*kept;
			else if ((rc = copy_file(from[k], to, err)) == 0)
				++*copied;
			free(to);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

int exercise_reset(const struct exercise *e, const char *dir, char **backup, char **err)
{
	*backup = NULL;
	if (make_dirs(dir, err) != 0)
		return -1;
	char *mine = exercise_workspace_file(e, dir);
	char *hdr = xasprintf("%s/%s.h", dir, e->id);
	int rc = 0;
	if (access(mine, F_OK) == 0) {
		char *bak = xasprintf("%s.bak", mine);
		if (rename(mine, bak) != 0) {
			*err = xasprintf("%s: %s", bak, strerror(errno));
			free(bak);
			rc = -1;
		} else {
			*backup = bak;
		}
	}
	if (rc == 0)
		rc = copy_file(e->source, mine, err);
	if (rc == 0)
		rc = copy_file(e->header, hdr, err);
	free(mine);
	free(hdr);
	return rc;
}

/* ------------------------------------------------------------ running children */

struct child_run {
	char *output;   /* stdout and stderr together, NUL-terminated; owned */
	size_t len;
	int status;     /* from waitpid, when !timed_out && !cancelled */
	bool timed_out, cancelled;
	int exec_errno; /* the program could not be started */
};

/*
 * Run argv[0] (found in PATH) in `cwd` with `env` added to our environment
 * ("NAME=value" strings, NULL-terminated), stdin from /dev/null, stdout and
 * stderr into one pipe. The child leads its own process group; on timeout or
 * cancel the whole group is killed. After the child exits, whatever it left
 * running in its group is killed too, so its output pipe reaches EOF.
 * Returns 0, or -1 with *err if it could not fork.
 */
static int child_run(char *const argv[], char *const env[], const char *cwd, int timeout_s,
		     const struct exercise_verify_opts *o, struct child_run *out, char **err)
{
	memset(out, 0, sizeof *out);
	int fds[2], ebuf[2];
	if (pipe2(fds, O_CLOEXEC) != 0 || pipe2(ebuf, O_CLOEXEC) != 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old); /* no handler runs in the child */
	pid_t pid = fork();
	if (pid == 0) {
		/* Child: default signals, own group, pipes, exec. Only
		 * async-signal-safe calls until exec. */
		for (int s = 1; s < NSIG; s++)
			signal(s, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		setpgid(0, 0);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (cwd && chdir(cwd) != 0)
			goto fail;
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		execvp(argv[0], argv);
	fail:;
		int e = errno;
		if (write(ebuf[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	int fork_errno = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	close(ebuf[1]);
	if (pid < 0) {
		close(fds[0]);
		close(ebuf[0]);
		*err = xasprintf("fork: %s", strerror(fork_errno));
		return -1;
	}
	setpgid(pid, pid); /* also here, so it is true before we might kill it */

	struct sbuf sb;
	sbuf_init(&sb);
	double deadline = now_s() + (timeout_s > 0 ? timeout_s : 60);
	bool exited = false, eof = false;
	while (!eof) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		int r = poll(&pfd, 1, 100);
		if (r > 0) {
			char buf[4096];
			ssize_t n = read(fds[0], buf, sizeof buf);
			if (n > 0) {
				if (sb.len < OUTPUT_MAX)
					sbuf_add(&sb, buf, (size_t)n);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				eof = true;
			}
		}
		if (!exited && waitpid(pid, &out->status, WNOHANG) == pid) {
			exited = true;
			kill(-pid, SIGKILL); /* stragglers would hold the pipe open */
		}
		bool cancelled = o && o->cancel && o->cancel(o->cancel_ctx);
		if (!exited && (cancelled || now_s() > deadline)) {
			kill(-pid, SIGKILL);
			waitpid(pid, &out->status, 0);
			exited = true;
			out->timed_out = !cancelled;
			out->cancelled = cancelled;
		}
	}
	if (!exited)
		waitpid(pid, &out->status, 0);
	kill(-pid, SIGKILL);
	close(fds[0]);
	int e = 0;
	if (read(ebuf[0], &e, sizeof e) == (ssize_t)sizeof e)
		out->exec_errno = e;
	close(ebuf[0]);
	out->len = sb.len;
	out->output = sb.buf ? sbuf_detach(&sb) : xstrdup("");
	return 0;
}

/* ------------------------------------------------------------ reading output */

/* Lines of `text` that start with `prefix`, each without the prefix. */
static void collect_lines(const char *text, const char *prefix, struct sbuf *sb, int max)
{
	size_t plen = strlen(prefix);
	int n = 0;
	for (const char *s = text; s && *s && n < max; s = next_line(s)) {
		if (strncmp(s, prefix, plen) == 0) {
			char *l = line_dup(s + plen);
			sbuf_addf(sb, "%s\n", trim(l));
			free(l);
			n++;
		}
	}
}

/* The first line beginning with prefix, without it, or NULL. Caller frees. */
static char *first_line(const char *text, const char *prefix)
{
	size_t plen = strlen(prefix);
	for (const char *s = text; s && *s; s = next_line(s)) {
		if (strncmp(s, prefix, plen) == 0) {
			char *l = line_dup(s + plen);
			char *t = xstrdup(trim(l));
			free(l);
			return t;
		}
	}
	return NULL;
}

/* Remove every occurrence of `dir` + "/" from s, in place: paths in compiler
 * and sanitizer messages become plain file names. */
static void strip_dir(char *s, const char *dir)
{
	char *pat = xasprintf("%s/", dir);
	size_t n = strlen(pat);
	char *p;
	while ((p = strstr(s, pat)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
	free(pat);
}

/* Compiler output: the first error with the few lines after it (the
 * source line and caret), up to `max` lines; NULL if there is no error. */
static char *compiler_errors(const char *out, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	int taken = 0;
	bool in_error = false;
	for (const char *s = out; s && *s && taken < max; s = next_line(s)) {
		char *l = line_dup(s);
		bool is_err = strstr(l, "error:") != NULL;
		bool is_msg = strstr(l, ": warning:") || strstr(l, ": note:") ||
			      strstr(l, "In function") || is_err;
		if (is_err)
			in_error = true;
		else if (is_msg && !strstr(l, ": note:"))
			in_error = false;
		if (in_error && !strstr(l, "In function") && !strstr(l, "each undeclared")) {
			sbuf_addf(&sb, "%s\n", l);
			taken++;
		}
		free(l);
	}
	return sbuf_or_null(&sb);
}

/* The linker's complaints, from "undefined reference ..." or "multiple
 * definition ..." on (the object file names before them are noise). */
static char *linker_errors(const char *out, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	int n = 0;
	for (const char *s = out; s && *s && n < max; s = next_line(s)) {
		char *l = line_dup(s);
		char *u = strstr(l, "undefined reference to");
		if (!u)
			u = strstr(l, "multiple definition of");
		if (u && !(sb.buf && strstr(sb.buf, u))) {
			sbuf_addf(&sb, "%s\n", u);
			n++;
		}
		free(l);
	}
	return sbuf_or_null(&sb);
}

/* Warnings about the learner's own file ("NN-id.c:L:C: warning: ..."). */
static char *compiler_warnings(const char *out, const char *file, int max)
{
	struct sbuf sb;
	sbuf_init(&sb);
	size_t flen = strlen(file);
	int n = 0;
	for (const char *s = out; s && *s && n < max; s = next_line(s)) {
		if (strncmp(s, file, flen) == 0 && s[flen] == ':') {
			char *l = line_dup(s);
			if (strstr(l, ": warning:")) {
				sbuf_addf(&sb, "%s\n", l);
				n++;
			}
			free(l);
		}
	}
	return sbuf_or_null(&sb);
}

/*
 * ThreadSanitizer's first report, cut down to what matters: its kind, and
 * for each of the first two accesses (or mutex acquisitions) who did it and
 * the first frame outside the sanitizer runtime. Sets *summary and *detail
 * (caller frees); returns false if there is no report.
 */
static bool tsan_report(const char *out, char **summary, char **detail)
{
	const char *w = strstr(out, "WARNING: ThreadSanitizer: ");
	if (!w)
		return false;
	char *kind = line_dup(w + strlen("WARNING: ThreadSanitizer: "));
	char *paren = strstr(kind, " (pid=");
	if (paren)
		*paren = '\0';

	struct sbuf sb;
	sbuf_init(&sb);
	char *where = NULL;
	int accesses = 0;
	const char *s = strchr(w, '\n');
	char *who = NULL;
	bool want_frame = false;
	while (s && *++s && accesses < 2) {
		if (strncmp(s, "==================", 18) == 0 || strncmp(s, "SUMMARY:", 8) == 0)
			break;
		char *l = line_dup(s);
		char *t = trim(l);
		if (s[0] == ' ' && s[1] == ' ' && s[2] != ' ' && *t && t[0] != '#') {
			/* "Write of size 8 at 0x7b04 by thread T2:" */
			if (strncmp(t, "Thread T", 8) == 0 || strncmp(t, "Location is", 11) == 0) {
				want_frame = false;
			} else {
				free(who);
				who = xstrdup(t);
				size_t n = strlen(who);
				if (n && who[n - 1] == ':')
					who[n - 1] = '\0';
				/* drop " at 0x..." and "(mutexes: ...)" noise */
				char *at = strstr(who, " at 0x");
				if (at) {
					char *by = strstr(at, " by ");
					memmove(at, by ? by : at + strlen(at), strlen(by ? by : "") + 1);
				}
				char *mx = strstr(who, " (mutexes:");
				if (mx)
					*mx = '\0';
				want_frame = true;
			}
		} else if (want_frame && t[0] == '#') {
			/* "#1 transfer /tmp/x/12-lock-order.c:28 (ex+0x24a7)" */
			char func[256] = "", file[512] = "";
			if (sscanf(t, "#%*d %255s %511s", func, file) == 2 &&
			    !strstr(file, "sanitizer") && !strstr(file, "tsan") &&
			    strncmp(func, "__tsan", 6) != 0) {
				const char *base = strrchr(file, '/');
				base = base ? base + 1 : file;
				char *lower = xstrdup(who);
				lower[0] = (char)tolower((unsigned char)lower[0]);
				sbuf_addf(&sb, "%s, in %s() at %s\n", lower, func, base);
				if (!where)
					where = xasprintf("%s() at %s", func, base);
				free(lower);
				want_frame = false;
				accesses++;
			}
		}
		free(l);
		s = strchr(s, '\n');
	}
	free(who);

	const char *why = strstr(kind, "data race")
		? "two threads used the same memory at the same time, at least one writing, "
		  "with nothing ordering them"
		: strstr(kind, "lock-order-inversion")
		? "two threads take the same locks in opposite orders, so they can deadlock"
		: NULL;
	*summary = xasprintf("ThreadSanitizer: %s%s%s%s%s", kind, where ? " in " : "",
			     where ? where : "", why ? ": " : "", why ? why : "");
	*detail = sb.len ? sbuf_detach(&sb) : NULL;
	sbuf_release(&sb);
	free(where);
	free(kind);
	return true;
}

static const char *signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV: return "a segmentation fault (a bad pointer)";
	case SIGBUS: return "a bus error (a bad pointer)";
	case SIGABRT: return "abort() (often a double free or corrupted memory)";
	case SIGFPE: return "an arithmetic error (division by zero?)";
	case SIGKILL: return "SIGKILL";
	default: return strsignal(sig);
	}
}

/* ------------------------------------------------------------ verify */

const char *exercise_verdict_name(enum exercise_verdict v)
{
	static const char *names[] = {"pass", "fail", "compile error", "timeout", "crash",
				      "ThreadSanitizer report", "error", "cancelled"};
	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

void exercise_result_release(struct exercise_result *res)
{
	free(res->summary);
	free(res->detail);
	memset(res, 0, sizeof *res);
}

static void set_result(struct exercise_result *res, enum exercise_verdict v, char *summary,
		       char *detail)
{
	free(res->summary);
	free(res->detail);
	res->verdict = v;
	res->summary = summary;
	res->detail = detail;
}

/* Build one binary; false (with res filled) when it did not compile. */
static bool build(const struct exercise_set *set, const struct exercise *e, const char *tmp,
		  const char *learner, bool tsan, const struct exercise_verify_opts *o,
		  struct exercise_result *res, char **warnings)
{
	const char *cc = getenv("LOCKSTEP_CC");
	char *inc_lab = xasprintf("-I%s", set->lab_dir);
	char *inc_hx = xasprintf("-I%s", set->harness_dir);
	char *harness = xasprintf("%s/harness.c", e->dir);
	char *hx = xasprintf("%s/hx.c", set->harness_dir);
	char *argv[] = {(char *)(cc && *cc ? cc : "cc"), "-std=c11", "-Wall", "-Wextra",
			"-pthread", tsan ? "-O1" : "-O2", "-g", inc_lab, inc_hx,
			(char *)learner, harness, hx, "-o", tsan ? "ex-tsan" : "ex",
			tsan ? "-fsanitize=thread" : NULL, NULL};
	struct child_run cr;
	char *err = NULL;
	bool ok = false;
	if (child_run(argv, NULL, tmp, o->timeout_s > 0 ? o->timeout_s : 60, o, &cr, &err) != 0) {
		set_result(res, EXERCISE_ERROR, xasprintf("could not run the compiler: %s", err),
			   NULL);
		free(err);
		goto out;
	}
	strip_dir(cr.output, set->harness_dir);
	strip_dir(cr.output, e->dir);
	if (cr.cancelled) {
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
	} else if (cr.exec_errno) {
		set_result(res, EXERCISE_ERROR,
			   xasprintf("could not run the C compiler '%s': %s (install gcc, or "
				     "set LOCKSTEP_CC)", argv[0], strerror(cr.exec_errno)),
			   NULL);
	} else if (cr.timed_out) {
		set_result(res, EXERCISE_ERROR, xstrdup("the compiler did not finish in time"),
			   NULL);
	} else if (WIFEXITED(cr.status) && WEXITSTATUS(cr.status) == 0) {
		ok = true;
		if (warnings)
			*warnings = compiler_warnings(cr.output, learner, 6);
	} else if (tsan && (strstr(cr.output, "tsan") || strstr(cr.output, "sanitize"))) {
		/* No libtsan here: say so and carry on without it. */
		set_result(res, EXERCISE_PASS, NULL,
			   xstrdup("ThreadSanitizer is not available here (libtsan missing): "
				   "the race check was skipped"));
	} else if (strstr(cr.output, "undefined reference to") ||
		   strstr(cr.output, "multiple definition of")) {
		set_result(res, EXERCISE_COMPILE,
			   xstrdup("your file does not link with the harness: it must define "
				   "exactly the functions in the header, and no main()"),
			   linker_errors(cr.output, 6));
	} else {
		char *errs = compiler_errors(cr.output, 12);
		bool in_harness = errs && strncmp(errs, learner, strlen(learner)) != 0 &&
				  !strstr(errs, learner);
		set_result(res, EXERCISE_COMPILE,
			   xstrdup(in_harness
				   ? "the harness does not build with your file: did an interface "
				     "in the header change? (the harness uses the original header)"
				   : "your file does not compile"),
			   errs ? errs : xstrdup(cr.output));
	}
	free(cr.output);
out:
	free(inc_lab);
	free(inc_hx);
	free(harness);
	free(hx);
	return ok;
}

/* Run one built binary and judge it; true when it passed. */
static bool run(const char *tmp, bool tsan, const struct exercise_verify_opts *o,
		struct exercise_result *res, const struct exercise *e)
{
	char token[40];
	unsigned long long r = (unsigned long long)time(NULL) ^
			       ((unsigned long long)getpid() << 20) ^ (uintptr_t)&token;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &r, sizeof r) != (ssize_t)sizeof r)
			r ^= (unsigned long long)clock();
		close(fd);
	}
	snprintf(token, sizeof token, "%016llx", r);
	char *env_token = xasprintf("LOCKSTEP_EXERCISE_TOKEN=%s", token);
	char *env[5];
	int ne = 0;
	env[ne++] = env_token;
	if (o->quick)
		env[ne++] = "LOCKSTEP_EXERCISE_QUICK=1";
	if (tsan) {
		env[ne++] = "LOCKSTEP_EXERCISE_TSAN=1";
		env[ne++] = "TSAN_OPTIONS=halt_on_error=1 exitcode=66 report_signal_unsafe=0";
	}
	env[ne] = NULL;

	struct utsname un;
	char machine[sizeof un.machine + 1] = "";
	if (uname(&un) == 0)
		snprintf(machine, sizeof machine, "%s", un.machine);
	char *plain[] = {"./ex", NULL};
	char *with_setarch[] = {"setarch", machine, "-R", "./ex-tsan", NULL};
	int limit = o->timeout_s > 0 ? o->timeout_s : 60;
	if (tsan)
		limit *= 2;

	struct child_run cr;
	char *err = NULL;
	bool passed = false;
	if (child_run(tsan ? with_setarch : plain, env, tmp, limit, o, &cr, &err) != 0) {
		set_result(res, EXERCISE_ERROR, xasprintf("could not run the harness: %s", err),
			   NULL);
		free(err);
		free(env_token);
		return false;
	}
	strip_dir(cr.output, tmp);
	strip_dir(cr.output, e->dir);

	char *pass_prefix = xasprintf("lockstep-pass %s: ", token);
	char *fail = first_line(cr.output, "lockstep-fail: ");
	char *pass = first_line(cr.output, pass_prefix);
	struct sbuf notes;
	sbuf_init(&notes);
	collect_lines(cr.output, "lockstep-note: ", &notes, 4);
	char *tsum = NULL, *tdetail = NULL;
	bool exited0 = !cr.timed_out && !cr.cancelled && WIFEXITED(cr.status) &&
		       WEXITSTATUS(cr.status) == 0;

	if (cr.cancelled) {
		set_result(res, EXERCISE_CANCELLED, xstrdup("cancelled"), NULL);
	} else if (tsan && cr.exec_errno) {
		set_result(res, EXERCISE_PASS, NULL,
			   xasprintf("could not run setarch for ThreadSanitizer (%s): the race "
				     "check was skipped", strerror(cr.exec_errno)));
	} else if (tsan && strstr(cr.output, "FATAL: ThreadSanitizer")) {
		/* e.g. "unexpected memory mapping": TSan itself could not start */
		char *why = first_line(strstr(cr.output, "FATAL: ThreadSanitizer"), "FATAL: ");
		set_result(res, EXERCISE_PASS, NULL,
			   xasprintf("ThreadSanitizer could not run here (%s): the race check "
				     "was skipped", why));
		free(why);
	} else if (tsan && tsan_report(cr.output, &tsum, &tdetail)) {
		set_result(res, EXERCISE_RACE, tsum, tdetail);
		tsum = tdetail = NULL;
	} else if (fail) {
		set_result(res, EXERCISE_FAIL, fail, notes.len ? sbuf_detach(&notes) : NULL);
		fail = NULL;
	} else if (cr.timed_out) {
		set_result(res, EXERCISE_TIMEOUT,
			   xasprintf("the harness did not finish within %d s: threads or "
				     "processes are stuck (a deadlock or a lost wake-up?)", limit),
			   NULL);
	} else if (WIFSIGNALED(cr.status)) {
		set_result(res, EXERCISE_CRASH,
			   xasprintf("the program crashed with %s",
				     signal_words(WTERMSIG(cr.status))), NULL);
	} else if (exited0 && pass) {
		passed = true;
		set_result(res, EXERCISE_PASS, pass, NULL);
		pass = NULL;
	} else if (tsan && WIFEXITED(cr.status) && WEXITSTATUS(cr.status) == 66) {
		set_result(res, EXERCISE_RACE, xstrdup("ThreadSanitizer reported a problem"),
			   NULL);
	} else {
		set_result(res, EXERCISE_FAIL,
			   xasprintf("the program ended (exit status %d) before the harness "
				     "finished its checks: does your code call exit()?",
				     WIFEXITED(cr.status) ? WEXITSTATUS(cr.status) : -1),
			   NULL);
	}
	/* What the learner's code printed itself can explain a failure. */
	if (!passed && res->verdict != EXERCISE_RACE && res->verdict != EXERCISE_CANCELLED) {
		struct sbuf own;
		sbuf_init(&own);
		int n = 0;
		for (const char *s = cr.output; s && *s && n < 6; s = next_line(s)) {
			if (strncmp(s, "lockstep-", 9) != 0 && *s != '\n') {
				char *l = line_dup(s);
				sbuf_addf(&own, "%s%s\n", n ? "" : "your program printed:\n", l);
				free(l);
				n++;
			}
		}
		if (own.len) {
			char *d = res->detail ? xasprintf("%s%s", res->detail, own.buf)
					      : sbuf_detach(&own);
			free(res->detail);
			res->detail = d;
		}
		sbuf_release(&own);
	}
	free(tsum);
	free(tdetail);
	sbuf_release(&notes);
	free(fail);
	free(pass);
	free(pass_prefix);
	free(cr.output);
	free(env_token);
	return passed;
}

/* Remove the temporary directory and the files in it (the binaries, the
 * copy, and whatever the learner's program may have created there). */
static void remove_tmp(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", tmp, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(tmp);
}

void exercise_verify(const struct exercise_set *set, const struct exercise *e,
		     const char *learner_file, const struct exercise_verify_opts *opts,
		     struct exercise_result *res)
{
	static const struct exercise_verify_opts defaults = {0};
	const struct exercise_verify_opts *o = opts ? opts : &defaults;
	double t0 = now_s();
	memset(res, 0, sizeof *res);

	char *err = NULL;
	size_t len;
	char *text = util_read_file(learner_file, &len, &err);
	if (!text) {
		set_result(res, EXERCISE_ERROR, err, NULL);
		res->seconds = now_s() - t0;
		return;
	}
	const char *tdir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/lockstep-verify-XXXXXX", tdir && *tdir ? tdir : "/tmp");
	char *base = xasprintf("%s.c", e->id);
	if (!mkdtemp(tmp)) {
		set_result(res, EXERCISE_ERROR, xasprintf("%s: %s", tmp, strerror(errno)), NULL);
		goto out;
	}
	/* The learner's file alone in the temporary directory: its #include
	 * "NN-id.h" then finds the pristine header through -I. */
	char *copy = xasprintf("%s/%s", tmp, base);
	int rc = write_file_atomic(copy, text, len, &err);
	free(copy);
	if (rc != 0) {
		set_result(res, EXERCISE_ERROR, err, NULL);
		goto out;
	}

	char *warnings = NULL;
	if (build(set, e, tmp, base, false, o, res, &warnings) && run(tmp, false, o, res, e)) {
		char *first_pass = res->summary ? xstrdup(res->summary) : NULL;
		if (e->threads && !o->no_tsan && build(set, e, tmp, base, true, o, res, NULL) &&
		    run(tmp, true, o, res, e))
			res->tsan_ran = true;
		if (res->verdict == EXERCISE_PASS) {
			/* Report the full run's summary; keep a skip note if any. */
			char *note = res->detail;
			res->detail = NULL;
			set_result(res, EXERCISE_PASS, first_pass, note);
			first_pass = NULL;
		}
		free(first_pass);
	}
	if (warnings) {
		char *d = xasprintf("%scompiler warnings in your file:\n%s",
				    res->detail ? res->detail : "", warnings);
		free(res->detail);
		res->detail = d;
		free(warnings);
	}
	remove_tmp(tmp);
out:
	if (!res->summary)
		res->summary = xstrdup(exercise_verdict_name(res->verdict));
	free(text);
	free(tmp);
	free(base);
	res->seconds = now_s() - t0;
}

/* ------------------------------------------------------------ hints */

void exercise_hints_release(struct exercise_hints *h)
{
	for (int i = 0; i < EXERCISE_HINTS; i++)
		free(h->hint[i]);
	free(h->why);
	memset(h, 0, sizeof *h);
}

/* Trim blank lines at both ends of a section body. */
static char *section_text(const char *start, const char *end)
{
	while (start < end && (*start == '\n' || *start == ' ' || *start == '\t'))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(start, (size_t)(end - start));
}

int exercise_hints_parse(struct exercise_hints *h, const char *text, const char *file,
			 char **err)
{
	memset(h, 0, sizeof *h);
	char **target = NULL; /* where the current section's body goes */
	const char *body = NULL;
	int line = 1;
	bool in_code = false;
	for (const char *s = text;; line++) {
		const char *nl = strchr(s, '\n');
		const char *end = nl ? nl : s + strlen(s);
		if (strncmp(s, "```", 3) == 0)
			in_code = !in_code;
		bool heading = !in_code && strncmp(s, "## ", 3) == 0;
		if (heading || !nl) {
			const char *stop = heading ? s : end;
			if (target)
				*target = section_text(body, stop);
			target = NULL;
		}
		if (heading) {
			char *title = xstrndup(s + 3, (size_t)(end - s - 3));
			char *t = trim(title);
			int k = 0;
			if (sscanf(t, "Hint %d", &k) == 1) {
				if (k != h->n + 1 || k > EXERCISE_HINTS) {
					*err = xasprintf("%s:%d: expected '## Hint %d', got '## %s'",
							 file, line, h->n + 1, t);
					free(title);
					exercise_hints_release(h);
					return -1;
				}
				target = &h->hint[h->n++];
			} else if (strcmp(t, "Why it works") == 0) {
				target = &h->why;
			}
			free(title);
			body = nl ? nl + 1 : end;
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	if (h->n == 0) {
		*err = xasprintf("%s: no '## Hint 1' section", file);
		exercise_hints_release(h);
		return -1;
	}
	return 0;
}

int exercise_hints_load(const struct exercise *e, struct exercise_hints *h, char **err)
{
	char *path = xasprintf("%s/hints.md", e->dir);
	size_t len;
	char *text = util_read_file(path, &len, err);
	int rc = -1;
	if (text)
		rc = exercise_hints_parse(h, text, path, err);
	else
		memset(h, 0, sizeof *h);
	free(text);
	free(path);
	return rc;
}

int exercise_hint_next(int shown, int nhints)
{
	if (shown < 0)
		shown = 0;
	return shown < nhints ? shown + 1 : 0;
}

bool exercise_solution_allowed(bool passed, int shown, int nhints)
{
	return passed || (nhints > 0 && shown >= nhints);
}

char *exercise_solution_load(const struct exercise *e, char **err)
{
	char *path = xasprintf("%s/solution.c", e->dir);
	size_t len;
	char *text = util_read_file(path, &len, err);
	free(path);
	return text;
}
