/*
 * path.h - file name arithmetic.
 *
 * Pure string functions: none of them touches the file system except
 * path_absolute(), which only reads the current directory.
 */
#ifndef DOSSIER_UTIL_PATH_H
#define DOSSIER_UTIL_PATH_H

#include <stddef.h>

/* a + "/" + b (b absolute: b alone).  Malloc'd. */
char *path_join(const char *a, const char *b);
/* Make p absolute against the current directory and remove "." and ".."
 * components and repeated slashes, lexically (symlinks are not resolved).
 * Malloc'd. */
char *path_absolute(const char *p);
/* Lexical normalisation only (p may be relative).  Malloc'd. */
char *path_normalize(const char *p);
/* If p is dir or below it, the part of p below dir ("" for dir itself),
 * pointing into p; NULL otherwise.  Both must be normalised absolute. */
const char *path_under(const char *p, const char *dir);
/* The parent directory (malloc'd); "/" for "/" and "." for a bare name. */
char *path_dirname(const char *p);
/* The last component (pointer into p). */
const char *path_basename(const char *p);
/* The extension of the last component, lower-cased, without a final
 * ".gz" ("a.HTML.gz" -> "html", "README" -> ""), in out (size >= 16). */
void path_extension(const char *p, char out[16]);
/* 1 if any component of p (relative) starts with '.'. */
int path_has_hidden_component(const char *p);
/* p relative to dir if under it, else a copy of p (both absolute);
 * "." for dir itself.  Malloc'd. */
char *path_relative_to(const char *p, const char *dir);

#endif
