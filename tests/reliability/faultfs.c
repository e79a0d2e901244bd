/*
 * faultfs.c - a full disk on demand, for the reliability tests.
 *
 * Loaded with LD_PRELOAD, it makes writes to files under one folder fail
 * with ENOSPC ("No space left on device"), as a file system that fills
 * up would:
 *
 *   FAULTFS_DIR=/abs/folder   only files under this folder are affected
 *   FAULTFS_BYTES=N           writes fail once N bytes have been written
 *                             there (a disk with N bytes free)
 *   FAULTFS_FAIL_AT=K         the K-th write call there fails, and every
 *                             later one (1 = the first)
 *   FAULTFS_COUNT=FILE        at exit, append "WRITES BYTES" (the write
 *                             calls and bytes written there) to FILE
 *
 * write, pwrite, pwrite64, writev, ftruncate and fallocate calls are
 * counted; fsync and fdatasync of an affected file fail once the disk is
 * full.  A file is "under the folder" if /proc/self/fd/N says so.
 */
/* Both pwrite and pwrite64 are defined here: without the 64-bit file
 * offset aliases. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *dir;
static size_t dirlen;
static long long budget = -1, fail_at = -1;
static long long calls, bytes;
static int full;

static void __attribute__((constructor))
faultfs_init(void)
{
    dir = getenv("FAULTFS_DIR");
    if (dir)
        dirlen = strlen(dir);
    const char *b = getenv("FAULTFS_BYTES");
    if (b)
        budget = atoll(b);
    const char *k = getenv("FAULTFS_FAIL_AT");
    if (k)
        fail_at = atoll(k);
}

static void __attribute__((destructor))
faultfs_fini(void)
{
    const char *f = getenv("FAULTFS_COUNT");
    if (!f)
        return;
    FILE *out = fopen(f, "a");
    if (out) {
        fprintf(out, "%lld %lld\n", calls, bytes);
        fclose(out);
    }
}

/* Is fd a file under the folder? */
static int
affected(int fd)
{
    if (!dir || fd < 0)
        return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return 0;
    target[n] = '\0';
    return strncmp(target, dir, dirlen) == 0 && (target[dirlen] == '/' || target[dirlen] == '\0');
}

/* Account for a write of n bytes to an affected file: 0 to let it
 * through, -1 (errno ENOSPC) when the disk is full. */
static int
charge(size_t n)
{
    long long c = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&full, __ATOMIC_SEQ_CST) || (fail_at > 0 && c >= fail_at) ||
        (budget >= 0 && __atomic_load_n(&bytes, __ATOMIC_SEQ_CST) + (long long)n > budget)) {
        __atomic_store_n(&full, 1, __ATOMIC_SEQ_CST);
        errno = ENOSPC;
        return -1;
    }
    __atomic_add_fetch(&bytes, (long long)n, __ATOMIC_SEQ_CST);
    return 0;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t
write(int fd, const void *buf, size_t n)
{
    if (affected(fd) && charge(n) != 0)
        return -1;
    return NEXT(write)(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (affected(fd) && charge(n) != 0)
        return -1;
    return NEXT(pwrite)(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    if (affected(fd) && charge(n) != 0)
        return -1;
    return NEXT(pwrite64)(fd, buf, n, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
    size_t n = 0;
    for (int i = 0; i < cnt; i++)
        n += iov[i].iov_len;
    if (affected(fd) && charge(n) != 0)
        return -1;
    return NEXT(writev)(fd, iov, cnt);
}

int
ftruncate(int fd, off_t len)
{
    if (affected(fd) && charge(0) != 0)
        return -1;
    return NEXT(ftruncate)(fd, len);
}

int
fallocate(int fd, int mode, off_t off, off_t len)
{
    if (affected(fd) && charge((size_t)len) != 0)
        return -1;
    return NEXT(fallocate)(fd, mode, off, len);
}

int
fsync(int fd)
{
    if (affected(fd) && __atomic_load_n(&full, __ATOMIC_SEQ_CST)) {
        errno = ENOSPC;
        return -1;
    }
    return NEXT(fsync)(fd);
}

int
fdatasync(int fd)
{
    if (affected(fd) && __atomic_load_n(&full, __ATOMIC_SEQ_CST)) {
        errno = ENOSPC;
        return -1;
    }
    return NEXT(fdatasync)(fd);
}
