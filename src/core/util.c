/*
 * util.c - allocation that cannot fail, growable strings, bounded whole-file
 * reads, atomic whole-file writes and display widths, shared by the core
 * modules.
 */
#define _GNU_SOURCE
#include "core/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

static void *check(void *p)
{
	if (!p) {
		fputs("lockstep: out of memory\n", stderr); /* programmer-level failure */
		abort();
	}
	return p;
}

void *xmalloc(size_t n) { return check(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return check(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return check(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return check(strndup(s, n)); }

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		check(NULL);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void *xgrow(void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return v;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / size)
		check(NULL);
	*cap = n;
	return xrealloc(v, n * size);
}

void sbuf_init(struct sbuf *sb) { memset(sb, 0, sizeof *sb); }

void sbuf_add(struct sbuf *sb, const char *s, size_t n)
{
	sb->buf = xgrow(sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s) { sbuf_add(sb, s, strlen(s)); }
void sbuf_addc(struct sbuf *sb, char c) { sbuf_add(sb, &c, 1); }

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sbuf_adds(sb, s);
	free(s);
}

char *sbuf_detach(struct sbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sbuf_init(sb);
	return s;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb);
}

/* What a non-regular file is, in words. */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO (a named pipe)"
	     : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket"
	     : "not a regular file";
}

static char *too_large(const char *path, size_t max)
{
	if (max >= 1024 * 1024 && max % (1024 * 1024) == 0)
		return xasprintf("%s: larger than %zu MiB, the most lockstep reads", path,
				 max / (1024 * 1024));
	return xasprintf("%s: larger than %zu bytes, the most lockstep reads", path, max);
}

char *util_read_file_max(const char *path, size_t max, size_t *len, char **err)
{
	/* O_NONBLOCK: opening a FIFO with no writer must not block; it is
	 * refused below anyway. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: is %s; lockstep reads only regular files", path,
				 file_kind(st.st_mode));
		close(fd);
		return NULL;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > max) {
		*err = too_large(path, max);
		close(fd);
		return NULL;
	}
	struct sbuf sb = {0};
	char chunk[8192];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			break;
		}
		if (n == 0) {
			close(fd);
			*len = sb.len;
			return sbuf_detach(&sb);
		}
		if (sb.len + (size_t)n > max) { /* it grew while we read */
			*err = too_large(path, max);
			break;
		}
		sbuf_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	sbuf_release(&sb);
	return NULL;
}

char *util_read_file(const char *path, size_t *len, char **err)
{
	return util_read_file_max(path, UTIL_READ_MAX, len, err);
}

/* Split path into its directory (caller frees) and its last component. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/* Remove BASE.tmp-PID... files in dir whose process PID no longer exists:
 * what a writer killed between create and rename left behind. */
static void remove_stale_temps(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char *prefix = xasprintf("%s.tmp-", base);
	size_t plen = strlen(prefix);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0 ||
		    !isdigit((unsigned char)de->d_name[plen]))
			continue;
		char *end;
		long pid = strtol(de->d_name + plen, &end, 10);
		if (pid <= 0 || pid > INT32_MAX || (*end != '\0' && *end != '-') ||
		    pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			unlinkat(dirfd(d), de->d_name, 0); /* unlink never follows a symlink */
	}
	free(prefix);
	closedir(d);
}

int util_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode,
			   char **err)
{
	static atomic_uint serial;
	const char *base;
	char *dir = dir_of(path, &base);
	remove_stale_temps(dir, base);

	char *tmp = NULL;
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		unsigned r = (unsigned)ts.tv_nsec ^ (atomic_fetch_add(&serial, 1) * 2654435761u);
		free(tmp);
		tmp = xasprintf("%s.tmp-%d-%08x", path, (int)getpid(), r);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	int rc = -1;
	if (fd < 0) {
		*err = xasprintf("%s: cannot create a temporary file beside it: %s", path,
				 strerror(errno));
		goto out;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = xasprintf("%s: %s", tmp, n < 0 ? strerror(errno) : "short write");
			close(fd);
			unlink(tmp);
			goto out;
		}
		off += (size_t)n;
	}
	/* Data on disk before the rename makes it visible: a crash leaves
	 * either the old file or the new one, never half of one. */
	if (fchmod(fd, (mode_t)mode) != 0 || fsync(fd) != 0) {
		*err = xasprintf("%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* And the rename itself on disk (best effort: some file systems
	 * cannot fsync a directory, and the new file is in place already). */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(dir);
	return rc;
}

int util_write_file_atomic_with(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx,
				unsigned mode, char **err)
{
	/* A real (unnamed, deleted) file, not a memory stream: libedit's
	 * H_SAVE_FP fchmod()s the file first and gives up on one without an fd. */
	FILE *f = tmpfile();
	if (!f) {
		*err = xasprintf("%s: no temporary file: %s", path, strerror(errno));
		return -1;
	}
	struct sbuf b;
	sbuf_init(&b);
	bool ok = fill(f, ctx) == 0 && fflush(f) == 0 && fseek(f, 0, SEEK_SET) == 0;
	char chunk[4096];
	size_t n;
	while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sbuf_add(&b, chunk, n);
	ok = ok && !ferror(f);
	fclose(f);
	int rc = -1;
	if (!ok)
		*err = xasprintf("%s: could not write it out", path);
	else
		rc = util_write_file_atomic(path, b.buf ? b.buf : "", b.len, mode, err);
	sbuf_release(&b);
	return rc;
}

bool util_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool util_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *util_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Decode one UTF-8 character; returns its byte length (>= 1) and its width. */
static size_t next_char(const char *s, size_t n, int *width)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*width = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return k;
}

int util_text_width(const char *s, size_t n)
{
	int cols = 0, w;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++; /* printable ASCII: one column, no decoding needed */
			cols++;
			continue;
		}
		i += next_char(s + i, n - i, &w);
		cols += w;
	}
	return cols;
}

size_t util_fit_width(const char *s, size_t n, int cols)
{
	int used = 0, w;
	size_t i = 0;
	while (i < n) {
		size_t k = next_char(s + i, n - i, &w);
		if (used + w > cols)
			break;
		used += w;
		i += k;
	}
	return i;
}

bool util_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool util_exact_int(double d, long long *out)
{
	/* The comparisons are false for NaN, so NaN is refused too. */
	if (!(d >= -(double)UTIL_EXACT_INT_MAX && d <= (double)UTIL_EXACT_INT_MAX))
		return false;
	long long v = (long long)d; /* in range: defined */
	if ((double)v != d)
		return false;
	*out = v;
	return true;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is not one or it
 * encodes a C1 control character (U+0080..U+009F). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (s[0] >= 0xf5 || (n == 2 && s[0] == 0xc2 && s[1] < 0xa0))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* util_shown with a cap of max characters (at most UTIL_SHOWN_PATH_MAX). */
static const char *shown(const char *s, int max)
{
	static _Thread_local char ring[4][UTIL_SHOWN_PATH_MAX * 4 + 8];
	static _Thread_local unsigned next;
	char *out = ring[next++ % 4], *o = out;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	for (int n_shown = 0; *p; n_shown++) {
		if (n_shown == max) {
			memcpy(o, "...", 3);
			o += 3;
			break;
		}
		size_t n = *p >= 0x80 ? utf8_len(p) : 1;
		if (*p == '\n' || *p == '\t' || *p == 0x1b) {
			*o++ = '\\';
			*o++ = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'e';
			p++;
		} else if (n == 0 || *p < 0x20 || *p == 0x7f) {
			o += sprintf(o, "\\x%02x", *p++);
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

const char *util_shown(const char *s) { return shown(s, UTIL_SHOWN_MAX); }
const char *util_shown_path(const char *s) { return shown(s, UTIL_SHOWN_PATH_MAX); }
