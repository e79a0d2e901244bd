/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Dossier is a command-line program: when memory runs out there is nothing
 * sensible to do but stop with a message, so every allocation in the
 * project goes through these helpers and callers never test for NULL.
 * Limits on untrusted input (file sizes, decompressed sizes) are enforced
 * explicitly where the input is read, not by running out of memory.
 */
#ifndef DOSSIER_UTIL_XALLOC_H
#define DOSSIER_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array of n elements of the given size to hold at least want. */
void *xgrow(void *ptr, size_t *cap, size_t want, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new malloc'd string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
