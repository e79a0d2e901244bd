/*
 * fsaudit.c - record what a process writes and runs, for the security
 * tests.
 *
 * Loaded with LD_PRELOAD and FSAUDIT_LOG=FILE, it appends one line to FILE
 * for every call that could change the file system or start a program:
 *
 *   W /abs/path     a file opened for writing (or created, truncated),
 *                   a folder made, a name removed, renamed, linked, or
 *                   its mode changed (both names of a rename or link)
 *   X program       execve and its relatives, posix_spawn, system, popen
 *
 * Relative paths of files are made absolute against the current folder
 * (or the folder of an *at() call's descriptor); they are not resolved
 * further.  Programs are logged as named.
 */
/* Both open and open64 (and friends) are defined here: without the
 * 64-bit file offset aliases. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

static int logfd = -1;

static void __attribute__((constructor))
fsaudit_init(void)
{
    const char *f = getenv("FSAUDIT_LOG");
    if (f)
        logfd = NEXT(open)(f, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

/* Log KIND and path (relative to dirfd) as one line. */
static void
note(char kind, int dirfd, const char *path)
{
    if (logfd < 0 || !path)
        return;
    int e = errno;
    char base[4096] = "";
    /* (A program is looked up in PATH: logged as named.) */
    if (path[0] != '/' && kind != 'X') {
        if (dirfd == AT_FDCWD) {
            if (!getcwd(base, sizeof base))
                strcpy(base, "?");
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, base, sizeof base - 1);
            base[n > 0 ? n : 0] = '\0';
        }
    }
    char line[8400];
    int n = snprintf(line, sizeof line, "%c %s%s%s\n", kind, base, base[0] ? "/" : "", path);
    if (n > 0)
        (void)!write(logfd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    errno = e;
}

static int
writes(int flags)
{
    return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0;
}

static mode_t
mode_arg(int flags, va_list ap)
{
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    if (writes(flags))
        note('W', AT_FDCWD, path);
    return NEXT(open)(path, flags, m);
}

int
open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    if (writes(flags))
        note('W', AT_FDCWD, path);
    return NEXT(open64)(path, flags, m);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    if (writes(flags))
        note('W', dirfd, path);
    return NEXT(openat)(dirfd, path, flags, m);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    if (writes(flags))
        note('W', dirfd, path);
    return NEXT(openat64)(dirfd, path, flags, m);
}

int
creat(const char *path, mode_t m)
{
    note('W', AT_FDCWD, path);
    return NEXT(creat)(path, m);
}

FILE *
fopen(const char *path, const char *mode)
{
    if (strpbrk(mode, "wa+"))
        note('W', AT_FDCWD, path);
    return NEXT(fopen)(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
    if (strpbrk(mode, "wa+"))
        note('W', AT_FDCWD, path);
    return NEXT(fopen64)(path, mode);
}

int
mkdir(const char *path, mode_t m)
{
    note('W', AT_FDCWD, path);
    return NEXT(mkdir)(path, m);
}

int
mkdirat(int dirfd, const char *path, mode_t m)
{
    note('W', dirfd, path);
    return NEXT(mkdirat)(dirfd, path, m);
}

int
rename(const char *a, const char *b)
{
    note('W', AT_FDCWD, a);
    note('W', AT_FDCWD, b);
    return NEXT(rename)(a, b);
}

int
renameat(int da, const char *a, int db, const char *b)
{
    note('W', da, a);
    note('W', db, b);
    return NEXT(renameat)(da, a, db, b);
}

int
renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
    note('W', da, a);
    note('W', db, b);
    return NEXT(renameat2)(da, a, db, b, flags);
}

int
unlink(const char *path)
{
    note('W', AT_FDCWD, path);
    return NEXT(unlink)(path);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
    note('W', dirfd, path);
    return NEXT(unlinkat)(dirfd, path, flags);
}

int
rmdir(const char *path)
{
    note('W', AT_FDCWD, path);
    return NEXT(rmdir)(path);
}

int
link(const char *a, const char *b)
{
    note('W', AT_FDCWD, b);
    return NEXT(link)(a, b);
}

int
symlink(const char *a, const char *b)
{
    note('W', AT_FDCWD, b);
    return NEXT(symlink)(a, b);
}

int
truncate(const char *path, off_t len)
{
    note('W', AT_FDCWD, path);
    return NEXT(truncate)(path, len);
}

int
chmod(const char *path, mode_t m)
{
    note('W', AT_FDCWD, path);
    return NEXT(chmod)(path, m);
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
    note('X', AT_FDCWD, path);
    return NEXT(execve)(path, argv, envp);
}

int
execv(const char *path, char *const argv[])
{
    note('X', AT_FDCWD, path);
    return NEXT(execv)(path, argv);
}

int
execvp(const char *file, char *const argv[])
{
    note('X', AT_FDCWD, file);
    return NEXT(execvp)(file, argv);
}

int
execvpe(const char *file, char *const argv[], char *const envp[])
{
    note('X', AT_FDCWD, file);
    return NEXT(execvpe)(file, argv, envp);
}

int
posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
            const posix_spawnattr_t *at, char *const argv[], char *const envp[])
{
    note('X', AT_FDCWD, path);
    return NEXT(posix_spawn)(pid, path, fa, at, argv, envp);
}

int
posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
             const posix_spawnattr_t *at, char *const argv[], char *const envp[])
{
    note('X', AT_FDCWD, file);
    return NEXT(posix_spawnp)(pid, file, fa, at, argv, envp);
}

int
system(const char *cmd)
{
    note('X', AT_FDCWD, "/bin/sh (system)");
    return NEXT(system)(cmd);
}

FILE *
popen(const char *cmd, const char *mode)
{
    note('X', AT_FDCWD, "/bin/sh (popen)");
    return NEXT(popen)(cmd, mode);
}
