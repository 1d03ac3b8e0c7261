/*
 * util.h - small helpers the core modules share: allocation that cannot
 * return NULL, a growable string buffer, reading a whole file.
 *
 * Layer: src/core. libc/POSIX only. No printing, no curses.
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
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

/* Read a whole file. Returns a NUL-terminated buffer the caller frees and
 * sets *len; on failure returns NULL and sets *err (caller frees) to
 * "PATH: reason". */
char *util_read_file(const char *path, size_t *len, char **err);

/* Display width in terminal columns of UTF-8 text (wcwidth per character;
 * invalid bytes count as one column). */
int util_text_width(const char *s, size_t n);

/* Byte length of the longest prefix of s (n bytes) that fits in `cols`. */
size_t util_fit_width(const char *s, size_t n, int cols);

/* True if s ends with suffix. */
bool util_ends_with(const char *s, const char *suffix);

#endif
