/*
 * readfile.c - reading a whole file, gzip-compressed or not.
 *
 * Both entry points share one reader: a source hands out input bytes
 * (from a file descriptor through a fixed chunk, or straight from memory),
 * the checksums of the on-disk bytes are updated as they come in, and the
 * output never grows past limit + 1 bytes, so that a file or a gzip bomb
 * larger than the limit is refused after producing at most one byte more
 * than the limit.
 */
#include "util/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/xalloc.h"

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

#define CHUNK (256u * 1024u)
/* Largest piece handed to zlib at once (its lengths are uInt). */
#define ZMAX (1u << 30)

/* Reasons that carry a number are formatted here, one per thread. */
static _Thread_local char reason_buf[96];

typedef struct source {
    int fd;                      /* -1 for memory */
    const unsigned char *mem;    /* memory source */
    size_t memlen, mempos;
    unsigned char *chunk;        /* fd source: chunk_cap bytes */
    size_t chunk_cap;
    int eof;
    int err;                     /* errno of a failed read */
    readfile_info_t *info;       /* NULL: no checksums wanted */
    uint64_t raw;
    uLong crc, adler;
} source_t;

static void
source_account(source_t *s, const unsigned char *p, size_t n)
{
    s->raw += n;
    if (!s->info)
        return;
    while (n > 0) {
        uInt k = n > ZMAX ? ZMAX : (uInt)n;
        s->crc = crc32(s->crc, p, k);
        s->adler = adler32(s->adler, p, k);
        p += k;
        n -= k;
    }
}

/*
 * Make more input available after the `keep` bytes at *p (which are kept:
 * for a file they are moved to the front of the chunk).  On return *p and
 * *n describe all available bytes.  Returns 1 if new bytes came in, 0 at
 * the end of the input, -1 on a read error (s->err set).
 */
static int
source_more(source_t *s, const unsigned char **p, size_t *n)
{
    size_t keep = *n;
    if (s->eof)
        return 0;
    if (s->fd < 0) {
        size_t rest = s->memlen - s->mempos;
        size_t k = rest < ZMAX ? rest : ZMAX;
        if (k == 0) {
            s->eof = 1;
            return 0;
        }
        const unsigned char *q = s->mem + s->mempos;
        source_account(s, q, k);
        s->mempos += k;
        /* Kept bytes directly precede the new ones in memory. */
        *p = q - keep;
        *n = keep + k;
        return 1;
    }
    if (keep && *p != s->chunk)
        memmove(s->chunk, *p, keep);
    for (;;) {
        ssize_t r = read(s->fd, s->chunk + keep, s->chunk_cap - keep);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            s->err = errno;
            return -1;
        }
        if (r == 0) {
            s->eof = 1;
            *p = s->chunk;
            return 0;
        }
        source_account(s, s->chunk + keep, (size_t)r);
        *p = s->chunk;
        *n = keep + (size_t)r;
        return 1;
    }
}

/* Read (and checksum) everything left, for info on an ignored tail. */
static int
source_drain(source_t *s)
{
    const unsigned char *p = NULL;
    size_t n = 0;
    int r;
    while ((r = source_more(s, &p, &n)) > 0)
        n = 0;
    return r;
}

static const char *
errno_reason(int e)
{
    switch (e) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case EPERM: return "operation not permitted";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "not a directory";
    case ELOOP: return "too many levels of symbolic links";
    case ENAMETOOLONG: return "file name too long";
    case EIO: return "input/output error";
    case ENOMEM: return "out of memory";
    case EMFILE: return "too many open files";
    case ENFILE: return "too many open files in system";
    case ENXIO: return "no such device or address";
    case ENODEV: return "no such device";
    case EAGAIN: return "resource temporarily unavailable";
    case ESTALE: return "stale file handle";
    default: break;
    }
    if (strerror_r(e, reason_buf, sizeof reason_buf) != 0)
        snprintf(reason_buf, sizeof reason_buf, "error %d", e);
    /* "Input/output error" -> "input/output error", but leave acronyms. */
    if (reason_buf[0] >= 'A' && reason_buf[0] <= 'Z' &&
        !(reason_buf[1] >= 'A' && reason_buf[1] <= 'Z'))
        reason_buf[0] = (char)(reason_buf[0] - 'A' + 'a');
    return reason_buf;
}

const char *
readfile_errno_reason(int e)
{
    return errno_reason(e);
}

static const char *
too_big_reason(uint64_t limit, int gz)
{
    const char *tail = gz ? " after decompression" : "";
    const uint64_t mib = 1024 * 1024, mb = 1000 * 1000;
    unsigned long long l = (unsigned long long)limit;
    if (limit >= mib && limit % mib == 0)
        snprintf(reason_buf, sizeof reason_buf, "larger than %llu MB%s",
                 l / mib, tail);
    else if (limit >= mb && limit % mb == 0)
        snprintf(reason_buf, sizeof reason_buf, "larger than %llu MB%s",
                 l / mb, tail);
    else if (limit >= mib)
        snprintf(reason_buf, sizeof reason_buf, "larger than %.1f MB%s",
                 (double)limit / (double)mib, tail);
    else if (limit >= 1024 && limit % 1024 == 0)
        snprintf(reason_buf, sizeof reason_buf, "larger than %llu KB%s",
                 l / 1024, tail);
    else
        snprintf(reason_buf, sizeof reason_buf, "larger than %llu bytes%s",
                 l, tail);
    return reason_buf;
}

static voidpf
zalloc_x(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return xcalloc(items, size);
}

static void
zfree_x(voidpf opaque, voidpf p)
{
    (void)opaque;
    free(p);
}

/*
 * Inflate from s (whose first available bytes are *p, *n) into out,
 * member after member, until the input ends or something that is not a
 * gzip member follows a complete member (ignored, as gzip(1) does).
 */
static readfile_status_t
read_gzip(source_t *s, const unsigned char *p, size_t n, uint64_t limit,
          buf_t *out, const char **reason)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = zalloc_x;
    z.zfree = zfree_x;
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        *reason = "cannot initialise zlib";
        return READFILE_GZIP;
    }
    readfile_status_t st = READFILE_OK;
    int in_member = 1;
    int out_full = 0;   /* the last inflate() filled its output */
    size_t step = 64 * 1024;

    for (;;) {
        if (!in_member) {
            /* Between members: another one, the end, or a tail. */
            while (n < 2) {
                int r = source_more(s, &p, &n);
                if (r < 0)
                    goto read_error;
                if (r == 0)
                    break;
            }
            if (n == 0)
                break;
            if (n < 2 || p[0] != 0x1f || p[1] != 0x8b) {
                if (source_drain(s) < 0)
                    goto read_error;
                break;
            }
            inflateReset(&z);
            in_member = 1;
            out_full = 0;
        }
        /* With a full output last time, zlib may hold more output and
         * needs no input to deliver it. */
        if (n == 0 && !out_full) {
            int r = source_more(s, &p, &n);
            if (r < 0)
                goto read_error;
            if (r == 0) {
                *reason = "truncated gzip data";
                st = READFILE_GZIP;
                break;
            }
        }
        /* Room for at most limit + 1 bytes in all. */
        uint64_t room = limit - (uint64_t)out->len;
        if (room < UINT64_MAX)
            room++;
        size_t want = step;
        if ((uint64_t)want > room)
            want = (size_t)room;
        buf_reserve(out, want);
        z.next_in = (Bytef *)p;
        z.avail_in = n > ZMAX ? ZMAX : (uInt)n;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)want;
        uInt before_in = z.avail_in;
        int zr = inflate(&z, Z_NO_FLUSH);
        size_t used = before_in - z.avail_in;
        p += used;
        n -= used;
        out->len += want - z.avail_out;
        if ((uint64_t)out->len > limit) {
            *reason = too_big_reason(limit, 1);
            st = READFILE_TOO_BIG;
            break;
        }
        out_full = z.avail_out == 0;
        if (step < 4 * 1024 * 1024 && out_full)
            step *= 2;
        if (zr == Z_STREAM_END) {
            in_member = 0;
        } else if (zr == Z_OK || zr == Z_BUF_ERROR) {
            /* Z_BUF_ERROR: no progress; more input is needed, and the
             * next turn reads it or reports truncation. */
            if (zr == Z_BUF_ERROR && n > 0 && z.avail_out > 0) {
                *reason = "corrupt gzip data";
                st = READFILE_GZIP;
                break;
            }
        } else if (zr == Z_MEM_ERROR) {
            *reason = "out of memory";
            st = READFILE_GZIP;
            break;
        } else {
            *reason = "corrupt gzip data";
            st = READFILE_GZIP;
            break;
        }
    }
    inflateEnd(&z);
    return st;

read_error:
    inflateEnd(&z);
    *reason = errno_reason(s->err);
    return READFILE_ERRNO;
}

static int
is_gzip(const unsigned char *p, size_t n)
{
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Memory: everything is available at once. */
static readfile_status_t
read_mem(source_t *s, uint64_t limit, buf_t *out, const char **reason)
{
    const unsigned char *p = s->mem;
    size_t n = 0;
    source_more(s, &p, &n);
    if (is_gzip(p, n)) {
        if (s->info)
            s->info->gzip = 1;
        return read_gzip(s, p, n, limit, out, reason);
    }
    if ((uint64_t)s->memlen > limit) {
        *reason = too_big_reason(limit, 0);
        return READFILE_TOO_BIG;
    }
    buf_reserve(out, s->memlen);
    buf_append(out, p, n);
    n = 0;
    while (source_more(s, &p, &n) > 0) {
        buf_append(out, p, n);
        n = 0;
    }
    return READFILE_OK;
}

/*
 * A regular file of (about) size bytes.  The first bytes are read straight
 * into out; for a plain file the rest follows them there, with room for
 * the whole file and the read that sees its end reserved at once, so a
 * plain file costs one allocation.  Only gzip data goes through a chunk.
 */
static readfile_status_t
read_fd(source_t *s, uint64_t size, uint64_t limit, buf_t *out,
        const char **reason)
{
    size_t first = size < CHUNK ? (size_t)size + 1 : CHUNK;
    if (first < 2)
        first = 2;
    buf_reserve(out, first);
    while (out->len < 2) {
        ssize_t r = read(s->fd, out->data + out->len, first - out->len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *reason = errno_reason(errno);
            return READFILE_ERRNO;
        }
        if (r == 0) {
            s->eof = 1;
            break;
        }
        source_account(s, (unsigned char *)out->data + out->len, (size_t)r);
        out->len += (size_t)r;
    }
    out->data[out->len] = '\0';

    if (is_gzip((unsigned char *)out->data, out->len)) {
        if (s->info)
            s->info->gzip = 1;
        /* A small file needs no big chunk (it must hold what was read
         * and leave room to see the end). */
        s->chunk_cap = size < CHUNK - 64 ? (size_t)size + 64 : CHUNK;
        if (s->chunk_cap < out->len + 1)
            s->chunk_cap = out->len + 1;
        s->chunk = xmalloc(s->chunk_cap);
        size_t n = out->len;
        memcpy(s->chunk, out->data, n);
        buf_clear(out);
        return read_gzip(s, s->chunk, n, limit, out, reason);
    }
    if (size > limit || (uint64_t)out->len > limit) {
        *reason = too_big_reason(limit, 0);
        return READFILE_TOO_BIG;
    }
    if (s->eof)
        return READFILE_OK;
    if (size > out->len)
        buf_reserve(out, (size_t)(size - out->len) + 1);
    for (;;) {
        size_t room = out->cap - out->len - 1;
        if (room == 0) {
            /* The file grew since fstat(). */
            buf_reserve(out, CHUNK);
            room = out->cap - out->len - 1;
        }
        uint64_t left = limit - (uint64_t)out->len;
        if (left < UINT64_MAX && (uint64_t)room > left + 1)
            room = (size_t)(left + 1);
        ssize_t r = read(s->fd, out->data + out->len, room);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *reason = errno_reason(errno);
            return READFILE_ERRNO;
        }
        if (r == 0)
            break;
        source_account(s, (unsigned char *)out->data + out->len, (size_t)r);
        out->len += (size_t)r;
        out->data[out->len] = '\0';
        if ((uint64_t)out->len > limit) {
            *reason = too_big_reason(limit, 0);
            return READFILE_TOO_BIG;
        }
    }
    return READFILE_OK;
}

static void
source_init(source_t *s, readfile_info_t *info)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->info = info;
    s->crc = crc32(0L, Z_NULL, 0);
    s->adler = adler32(0L, Z_NULL, 0);
    if (info)
        memset(info, 0, sizeof *info);
}

static readfile_status_t
finish(source_t *s, readfile_status_t st, buf_t *out, readfile_info_t *info,
       const char **reason, const char *why)
{
    if (info) {
        info->raw_bytes = s->raw;
        info->crc32 = (uint32_t)s->crc;
        info->adler32 = (uint32_t)s->adler;
    }
    if (st != READFILE_OK)
        buf_clear(out);
    /* Always leave a NUL-terminated buffer, even for an empty file. */
    buf_reserve(out, 0);
    out->data[out->len] = '\0';
    if (reason)
        *reason = st == READFILE_OK ? NULL : why;
    return st;
}

readfile_status_t
readfile_mem(const void *data, size_t len, uint64_t limit, buf_t *out,
             readfile_info_t *info, const char **reason)
{
    source_t s;
    const char *why = NULL;
    source_init(&s, info);
    s.mem = data;
    s.memlen = data ? len : 0;
    buf_clear(out);
    readfile_status_t st = read_mem(&s, limit, out, &why);
    return finish(&s, st, out, info, reason, why);
}

/* Did the file behind fd change since sb was taken (a writer at work)?
 * whole_read: the read went to the end of the file, and saw raw bytes;
 * timestamps may be too coarse to tell a quick truncate-and-rewrite, so a
 * whole read that did not see exactly the file's size counts as a change. */
static int
changed_since(int fd, const struct stat *sb, int whole_read, uint64_t raw)
{
    struct stat now;
    if (fstat(fd, &now) != 0)
        return 0;
    return (whole_read && raw != (uint64_t)now.st_size) ||
           now.st_size != sb->st_size || now.st_mtim.tv_sec != sb->st_mtim.tv_sec ||
           now.st_mtim.tv_nsec != sb->st_mtim.tv_nsec ||
           now.st_ctim.tv_sec != sb->st_ctim.tv_sec ||
           now.st_ctim.tv_nsec != sb->st_ctim.tv_nsec;
}

/* Reads of a file that keeps changing before giving up. */
#define READ_ATTEMPTS 3

readfile_status_t
readfile(const char *path, uint64_t limit, buf_t *out, readfile_info_t *info,
         const char **reason)
{
    source_t s;
    const char *why = NULL;
    readfile_status_t st;

    for (int attempt = 1;; attempt++) {
        source_init(&s, info);
        buf_clear(out);
        /* O_NONBLOCK so that opening a FIFO does not wait for a writer; it
         * has no effect on regular files. */
        int fd;
        do
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        while (fd < 0 && errno == EINTR);
        if (fd < 0)
            return finish(&s, READFILE_ERRNO, out, info, reason,
                          errno_reason(errno));
        struct stat sb;
        if (fstat(fd, &sb) != 0) {
            why = errno_reason(errno);
            close(fd);
            return finish(&s, READFILE_ERRNO, out, info, reason, why);
        }
        if (!S_ISREG(sb.st_mode)) {
            close(fd);
            why = S_ISDIR(sb.st_mode) ? "is a directory" : "not a regular file";
            return finish(&s, READFILE_NOT_REGULAR, out, info, reason, why);
        }
        s.fd = fd;
        st = read_fd(&s, sb.st_size > 0 ? (uint64_t)sb.st_size : 0, limit, out, &why);
        int changed = changed_since(fd, &sb, st == READFILE_OK, s.raw);
        free(s.chunk);
        close(fd);
        if (!changed)
            return finish(&s, st, out, info, reason, why);
        /* What was read may mix two versions (or end early, for a file
         * truncated under the read): read it again. */
        if (attempt == READ_ATTEMPTS)
            return finish(&s, READFILE_CHANGED, out, info, reason,
                          "changed while being read");
    }
}
