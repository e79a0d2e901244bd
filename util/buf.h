/*
 * buf.h - a growable byte buffer.
 *
 * The contents are always NUL-terminated (data[len] == '\0') once anything
 * has been appended, so a buffer can be handed to functions that want a C
 * string.  The buffer owns its memory; buf_free() releases it and leaves
 * an empty buffer behind, buf_detach() hands it to the caller.
 */
#ifndef DOSSIER_UTIL_BUF_H
#define DOSSIER_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct buf {
    char *data;   /* NULL until something is appended */
    size_t len;   /* bytes in use, not counting the NUL */
    size_t cap;   /* bytes allocated */
} buf_t;

#define BUF_INIT { NULL, 0, 0 }

void buf_free(buf_t *b);
/* Forget the contents but keep the allocation. */
void buf_clear(buf_t *b);
void buf_reserve(buf_t *b, size_t extra);
void buf_append(buf_t *b, const void *data, size_t n);
void buf_putc(buf_t *b, char c);
void buf_puts(buf_t *b, const char *s);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Append an unsigned LEB128 varint. */
void buf_put_varint(buf_t *b, uint64_t v);
/* Append a varint length followed by the bytes. */
void buf_put_bytes(buf_t *b, const void *data, size_t n);
/* Drop the last n bytes (or everything if n > len). */
void buf_truncate(buf_t *b, size_t len);
/* Return the malloc'd contents (never NULL) and reset the buffer. */
char *buf_detach(buf_t *b, size_t *len);
/* A pointer to the contents that is never NULL (empty string if unused). */
const char *buf_cstr(const buf_t *b);

/*
 * Reading varints back.  A reader walks [p, end); on malformed input it
 * sets its error flag and every later read returns 0/NULL, so a decoder
 * can read a whole record and check ok once (the sticky-error pattern).
 */
typedef struct bufreader {
    const unsigned char *p;
    const unsigned char *end;
    int bad;  /* set once any read ran past the end or was malformed */
} bufreader_t;

void bufreader_init(bufreader_t *r, const void *data, size_t len);
uint64_t bufreader_varint(bufreader_t *r);
/* A length-prefixed byte string; *n gets its length.  Not NUL-terminated. */
const char *bufreader_bytes(bufreader_t *r, size_t *n);
/* Same, returned as a new malloc'd NUL-terminated string. */
char *bufreader_strdup(bufreader_t *r);

#endif
