/*
 * readfile.h - reading a whole file, gzip-compressed or not.
 *
 * Every document enters Dossier through readfile(): it reads the file
 * (through zlib when it starts with the gzip magic, whatever its name),
 * enforces a limit on the bytes produced so that a huge file or a gzip bomb
 * is refused instead of exhausting memory, and reports failures as a short
 * reason suitable for "path: reason" messages.
 *
 * A file that a writer changes while it is read (its size, modification or
 * change time differ after the read) is read again, a few times; what is
 * returned is never a mixture of two versions, or half of one (as far as
 * the file system's timestamps can tell).
 */
#ifndef DOSSIER_UTIL_READFILE_H
#define DOSSIER_UTIL_READFILE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef enum readfile_status {
    READFILE_OK = 0,
    READFILE_ERRNO,      /* open/read failed: reason from errno */
    READFILE_TOO_BIG,    /* more than the limit (after decompression) */
    READFILE_GZIP,       /* corrupt or truncated gzip stream */
    READFILE_NOT_REGULAR, /* a directory, device, FIFO... */
    READFILE_CHANGED     /* the file kept changing while it was read */
} readfile_status_t;

typedef struct readfile_info {
    int gzip;            /* 1 if the file was gzip-compressed */
    uint64_t raw_bytes;  /* bytes read from disk */
    uint32_t crc32;      /* of the bytes on disk */
    uint32_t adler32;    /* of the bytes on disk */
} readfile_info_t;

/*
 * Read path into out (replacing its contents).  limit bounds the bytes
 * produced (decompressed size for gzip).  Concatenated gzip members are
 * read as one stream, as gzip(1) does.  On failure, *reason (if not NULL)
 * is set to a static or thread-local string such as "permission denied",
 * "truncated gzip data", "larger than 100 MB", "changed while being read".
 */
readfile_status_t readfile(const char *path, uint64_t limit, buf_t *out,
                           readfile_info_t *info, const char **reason);

/* The short lower-case reason for an errno value ("permission denied",
 * "file name too long"), as readfile() reports it: for every message
 * about a file.  Static or thread-local storage. */
const char *readfile_errno_reason(int e);

/* Same, for bytes already in memory (stdin, tests, fuzzing). */
readfile_status_t readfile_mem(const void *data, size_t len, uint64_t limit,
                               buf_t *out, readfile_info_t *info,
                               const char **reason);

#endif
