/*
 * util.h - small helpers the core modules share: allocation that cannot
 * return NULL, a growable string buffer, bounded whole-file reads, atomic
 * whole-file writes, file-type tests.
 *
 * Layer: src/core. libc/POSIX only. No printing, no curses.
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

/* Allocation failure is not a user error: these abort with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated printf-formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grow a dynamic array: ensure room for `need` elements of `size` bytes. */
void *xgrow(void *v, size_t *cap, size_t need, size_t size);
#define VEC_PUSH(v, n, cap) \
	((v) = xgrow((v), &(cap), (n) + 1, sizeof *(v)), &(v)[(n)++])

/* A growable NUL-terminated string. Zero-initialise, or sbuf_init(). */
struct sbuf {
	char *buf;
	size_t len, cap;
};
void sbuf_init(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const char *s, size_t n);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addc(struct sbuf *sb, char c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *sbuf_detach(struct sbuf *sb);
void sbuf_release(struct sbuf *sb);

/* The most util_read_file() reads: every file lockstep reads (lessons,
 * progress, exercise sources, sources shown) is far smaller. */
/* The exit status of a bad command line, for every front end (GNU: 2). */
#define EXIT_USAGE 2

#define UTIL_READ_MAX (8u * 1024 * 1024)

/*
 * Read a whole regular file of at most `max` bytes. Returns a NUL-terminated
 * buffer the caller frees and sets *len; on failure returns NULL and sets
 * *err (caller frees) to "PATH: reason". A FIFO, a device (/dev/zero) or a
 * directory is refused by name without reading or blocking; a larger file
 * is refused without reading more than max + 1 bytes.
 */
char *util_read_file_max(const char *path, size_t max, size_t *len, char **err);
/* util_read_file_max(path, UTIL_READ_MAX, ...). */
char *util_read_file(const char *path, size_t *len, char **err);

/*
 * Replace `path` with `len` bytes of `data` so that a reader, or a crash,
 * sees either the old file or the new one, never half of one: write a
 * temporary file beside it (created with O_EXCL|O_NOFOLLOW, so a planted
 * file or symlink is never written through), fsync it, rename it over
 * `path`, fsync the directory. The new file gets `mode`. Temporary files
 * left by dead processes (PATH.tmp-PID...) are removed first. Returns 0, or
 * -1 with *err (caller frees) naming the file.
 */
int util_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode,
			   char **err);

/* The same for a file that a library writes through a FILE * (libedit's
 * history): fill(f, ctx) writes it into an unnamed temporary file,
 * returning 0 (or -1: then nothing is written and *err says so), and
 * util_write_file_atomic puts a copy in place. */
int util_write_file_atomic_with(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx,
				unsigned mode, char **err);

/* stat() says a directory / a regular file (symlinks followed). */
bool util_is_dir(const char *path);
bool util_is_file(const char *path);

/* Trim white space at both ends, in place; returns the first non-space. */
char *util_trim(char *s);

/* Display width in terminal columns of UTF-8 text (wcwidth per character;
 * invalid bytes count as one column). */
int util_text_width(const char *s, size_t n);

/* Byte length of the longest prefix of s (n bytes) that fits in `cols`. */
size_t util_fit_width(const char *s, size_t n, int cols);

/* True if s ends with suffix. */
bool util_ends_with(const char *s, const char *suffix);

/* How many characters of an echoed value a message shows. */
#define UTIL_SHOWN_MAX 60

/*
 * `s` as a message may echo it back: control characters and bytes that are
 * not UTF-8 written as \e, \n, \t or \xNN (so a value cannot move the
 * cursor or change colours), and a value longer than UTIL_SHOWN_MAX
 * characters cut there with "...". NULL gives "". Returns a buffer owned by
 * the calling thread, valid until its fourth next call: pass it to printf,
 * never keep it.
 */
const char *util_shown(const char *s);
/* The same for a file name: cut only past UTIL_SHOWN_PATH_MAX characters,
 * since the end of a path is the part that tells files apart. */
#define UTIL_SHOWN_PATH_MAX 240
const char *util_shown_path(const char *s);

/* The largest integer a JSON number carries exactly (2^53). Every integer
 * lockstep reads from outside (demo events, stepper messages) must lie
 * within +-this, so sums and differences of two never overflow. */
#define UTIL_EXACT_INT_MAX 9007199254740992LL

/* True when d is a whole number with |d| <= UTIL_EXACT_INT_MAX; then *out
 * is set. NaN, infinities, fractions and larger values give false and
 * leave *out alone: nothing out of range is ever converted. */
bool util_exact_int(double d, long long *out);

#endif
