/*
 * json.h - writing JSON.
 *
 * Strings are written as valid JSON whatever bytes they hold: quotes,
 * backslashes and control characters are escaped, and bytes that are not
 * UTF-8 become U+FFFD.  The writer keeps no state: callers put the commas
 * and braces; json_sep() helps with commas.
 */
#ifndef DOSSIER_UTIL_JSON_H
#define DOSSIER_UTIL_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* A quoted, escaped string. */
void json_str(buf_t *b, const char *s, size_t n);
void json_cstr(buf_t *b, const char *s);   /* NULL writes null */
/* "key": */
void json_key(buf_t *b, const char *key);
void json_int(buf_t *b, int64_t v);
/* A number with up to 6 significant decimals; non-finite values as null. */
void json_num(buf_t *b, double v);
/* A comma unless *first; clears *first. */
void json_sep(buf_t *b, int *first);

#endif
