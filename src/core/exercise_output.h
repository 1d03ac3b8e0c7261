/*
 * exercise_output.h - readers and filters of what the compiler, a harness
 * and ThreadSanitizer print during a verify: each keeps the few lines that
 * explain a verdict, in the learner's terms.
 *
 * Layer: src/core, private to the exercise modules. Pure functions over
 * text: no I/O. Every returned string is newly allocated; the caller frees.
 */
#ifndef CORE_EXERCISE_OUTPUT_H
#define CORE_EXERCISE_OUTPUT_H

#include <stdbool.h>

#include "core/util.h"

/* Append the lines of `text` that start with `prefix`, each without the
 * prefix, trimmed, '\n'-terminated; at most `max` of them. */
void exercise_output_collect(const char *text, const char *prefix, struct sbuf *sb, int max);

/* The first line beginning with prefix, without it and trimmed, or NULL. */
char *exercise_output_first_line(const char *text, const char *prefix);

/* Remove every occurrence of `dir` + "/" from s, in place: paths in compiler
 * and sanitizer messages become plain file names. */
void exercise_output_strip_dir(char *s, const char *dir);

/* Compiler output: the first error with the few lines after it (the source
 * line and caret), up to `max` lines; NULL if there is no error. */
char *exercise_output_compiler_errors(const char *out, int max);

/* The linker's complaints, from "undefined reference ..." or "multiple
 * definition ..." on; NULL if none. */
char *exercise_output_linker_errors(const char *out, int max);

/* Warnings about the learner's own `file` ("NN-id.c:L:C: warning: ...");
 * NULL if none. */
char *exercise_output_compiler_warnings(const char *out, const char *file, int max);

/* ThreadSanitizer's first report, cut down to its kind and, for each of the
 * first two accesses, who did it and the first frame outside the sanitizer
 * runtime. Sets *summary and *detail (either may be NULL for detail);
 * returns false if there is no report. */
bool exercise_output_tsan_report(const char *out, char **summary, char **detail);

/* What the learner's program printed itself (lines not starting with
 * "lockstep-"), up to `max` lines under "your program printed:"; or NULL. */
char *exercise_output_own_lines(const char *out, int max);

/* A signal in plain words ("a segmentation fault (a bad pointer)").
 * Static storage. */
const char *exercise_output_signal_words(int sig);

#endif
