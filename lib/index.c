/*
 * index.c - finding, opening and describing a Dossier index.
 */
#define _GNU_SOURCE  /* renameat2 */
#include "lib/index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/schema.h"
#include "util/hashmap.h"
#include "util/path.h"
#include "util/xalloc.h"

static int
is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is dir one of $DOSSIER_CEILING_DIRECTORIES (colon-separated absolute
 * paths, like git's GIT_CEILING_DIRECTORIES)? */
static int
is_ceiling(const char *dir)
{
    const char *env = getenv("DOSSIER_CEILING_DIRECTORIES");
    if (!env || !*env)
        return 0;
    char *copy = xstrdup(env), *save = NULL;
    int hit = 0;
    for (char *c = strtok_r(copy, ":", &save); c && !hit; c = strtok_r(NULL, ":", &save)) {
        if (c[0] != '/')
            continue;
        char *norm = path_normalize(c);
        hit = strcmp(norm, dir) == 0;
        free(norm);
    }
    free(copy);
    return hit;
}

int
index_locate(const char *explicit_dir, index_mode_t mode, char **dir, char **err)
{
    *dir = NULL;
    *err = NULL;
    const char *given = explicit_dir;
    if (!given || !*given) {
        const char *env = getenv("DOSSIER_INDEX");
        if (env && *env)
            given = env;
    }
    if (given) {
        char *abs = path_absolute(given);
        if (mode != INDEX_CREATE && !is_dir(abs)) {
            *err = xasprintf("%s: no index there (create one with 'dossier add')", given);
            free(abs);
            return -1;
        }
        *dir = abs;
        return 0;
    }
    /* Walk up from the current directory, not into a ceiling. */
    char *cwd = path_absolute(".");
    char *d = xstrdup(cwd);
    for (;;) {
        if (strcmp(d, cwd) != 0 && is_ceiling(d))
            break;
        char *cand = path_join(d, INDEX_DEFAULT_NAME);
        if (is_dir(cand)) {
            *dir = cand;
            free(d);
            free(cwd);
            return 0;
        }
        free(cand);
        if (strcmp(d, "/") == 0)
            break;
        char *up = path_dirname(d);
        free(d);
        d = up;
    }
    free(d);
    if (mode == INDEX_CREATE) {
        *dir = path_join(cwd, INDEX_DEFAULT_NAME);
        free(cwd);
        return 0;
    }
    free(cwd);
    *err = xstrdup("no index found in this directory or its parents "
                   "(use --index DIR, set DOSSIER_INDEX, or run 'dossier add PATH' first)");
    return -1;
}

/* The text of the writer file, for lock messages. */
static char *
describe_writer(const char *dir)
{
    char *p = path_join(dir, "writer");
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return xstrdup("another process");
    char line[512];
    char *r = NULL;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        long pid = 0;
        long long started = 0;
        char cmd[128] = "";
        if (sscanf(line, "%ld %lld %127[^\n]", &pid, &started, cmd) >= 2) {
            char when[32] = "?";
            time_t t = (time_t)started;
            struct tm tm;
            if (localtime_r(&t, &tm))
                strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
            int alive = pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
            r = xasprintf("'%s' (pid %ld, since %s%s)", cmd[0] ? cmd : "dossier",
                          pid, when, alive ? "" : "; that process has ended");
        }
    }
    fclose(f);
    return r ? r : xstrdup("another process");
}

static void
write_writer_file(const char *dir, const char *command)
{
    char *p = path_join(dir, "writer");
    char *tmp = xasprintf("%s.%ld", p, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (f) {
        fprintf(f, "%ld %lld %s\n", (long)getpid(), (long long)time(NULL),
                command ? command : "dossier");
        if (fclose(f) == 0)
            rename(tmp, p);
        else
            unlink(tmp);
    }
    free(tmp);
    free(p);
}

/* The settings in the config file. */
typedef struct config {
    int present;             /* the file exists */
    unsigned shards;
    unsigned part_k, part_n; /* this index holds part K of N (0 of 1) */
    char **remotes;
    size_t nremotes;
} config_t;

static void
config_free(config_t *c)
{
    index_free_strings(c->remotes, c->nremotes);
    memset(c, 0, sizeof *c);
    c->part_n = 1;
}

/* Read dir/config.  Returns 0 (a missing file leaves shards 0), or -1
 * with a message. */
static int
read_config(const char *dir, config_t *c, char **err)
{
    memset(c, 0, sizeof *c);
    c->part_n = 1;
    char *p = path_join(dir, "config");
    FILE *f = fopen(p, "r");
    if (!f) {
        int e = errno;
        free(p);
        if (e == ENOENT)
            return 0;
        *err = xasprintf("%s/config: %s", dir, strerror(e));
        return -1;
    }
    char line[4096];
    int lineno = 0;
    size_t cap = 0;
    c->present = 1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        s[strcspn(s, "\r\n")] = '\0';
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(s, '=');
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            continue;
        if (!eq) {
            *err = xasprintf("%s: line %d: expected 'key = value'", p, lineno);
            break;
        }
        char *key = s, *val = eq + 1;
        *eq = '\0';
        size_t kl = strlen(key);
        while (kl && (key[kl - 1] == ' ' || key[kl - 1] == '\t'))
            key[--kl] = '\0';
        while (*val == ' ' || *val == '\t')
            val++;
        size_t vl = strlen(val);
        while (vl && (val[vl - 1] == ' ' || val[vl - 1] == '\t'))
            val[--vl] = '\0';
        if (strcmp(key, "shards") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 0 || n > INDEX_MAX_SHARDS) {
                *err = xasprintf("%s: line %d: shards must be 0 to %d", p, lineno,
                                 INDEX_MAX_SHARDS);
                break;
            }
            c->shards = (unsigned)n;
        } else if (strcmp(key, "part") == 0) {
            unsigned k, n;
            char extra;
            if (sscanf(val, "%u/%u%c", &k, &n, &extra) != 2 || n < 1 || k >= n) {
                *err = xasprintf("%s: line %d: part is K/N with K < N (e.g. 0/3)", p, lineno);
                break;
            }
            c->part_k = k;
            c->part_n = n;
        } else if (strcmp(key, "remote") == 0) {
            if (strncmp(val, "tcp://", 6) != 0) {
                *err = xasprintf("%s: line %d: a remote shard is tcp://HOST:PORT", p, lineno);
                break;
            }
            c->remotes = xgrow(c->remotes, &cap, c->nremotes + 1, sizeof *c->remotes);
            c->remotes[c->nremotes++] = xstrdup(val);
        } else {
            *err = xasprintf("%s: line %d: unknown setting '%s'", p, lineno, key);
            break;
        }
    }
    fclose(f);
    free(p);
    if (*err) {
        config_free(c);
        return -1;
    }
    return 0;
}

static int
write_config(const char *dir, unsigned shards, unsigned part_k, unsigned part_n, char **err)
{
    char *p = path_join(dir, "config");
    char *tmp = xasprintf("%s.tmp%ld", p, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f) {
        fprintf(f, "# Dossier index settings (see the README, \"Shards\").\n"
                   "shards = %u\n", shards);
        if (part_n > 1)
            fprintf(f, "part = %u/%u\n", part_k, part_n);
        if (fclose(f) == 0 && rename(tmp, p) == 0)
            rc = 0;
    }
    if (rc != 0) {
        *err = xasprintf("%s: cannot write: %s", p, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(p);
    return rc;
}

static char *
shard_path(const char *dir, size_t k)
{
    char name[32];
    snprintf(name, sizeof name, "shard-%zu", k);
    return path_join(dir, name);
}

/* Bytes of the files under a directory. */
static uint64_t du_sum;

static int
du_add(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        du_sum += (uint64_t)st->st_size;
    return 0;
}

static uint64_t
dir_bytes(const char *dir)
{
    du_sum = 0;
    nftw(dir, du_add, 16, FTW_PHYS);
    return du_sum;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void
remove_tree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Give a folder of the index, and the files in it, the access of want (a
 * folder's stat): the folder its mode, each file the read permissions the
 * folder grants (none taken away), and, when run as root, its owner.  Xapian and rename() make
 * files and folders with the writer's umask and owner; a run by another
 * user (root's cron job, umask 077) would otherwise leave a shard that
 * the index's users cannot read.
 */
static void
match_access(const char *dir, const struct stat *want)
{
    /* Never through a symbolic link: a folder or file swapped for one
     * must not lend the writer's rights (root's) to what it points at.
     * Every change goes through a descriptor of what was checked. */
    int root = geteuid() == 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return;
    struct stat ds;
    if (fstat(dfd, &ds) != 0 || !S_ISDIR(ds.st_mode)) {
        close(dfd);
        return;
    }
    if ((ds.st_mode & 07777) != (want->st_mode & 07777))
        (void)fchmod(dfd, want->st_mode & 07777);
    if (root && (ds.st_uid != want->st_uid || ds.st_gid != want->st_gid))
        (void)fchown(dfd, want->st_uid, want->st_gid);
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat fs;
        if (fstat(fd, &fs) == 0 && S_ISREG(fs.st_mode) && fs.st_ino == st.st_ino &&
            fs.st_dev == st.st_dev) {
            mode_t mode = (fs.st_mode & 07777) | (want->st_mode & 0444);
            if ((fs.st_mode & 07777) != mode)
                (void)fchmod(fd, mode);
            if (root && (fs.st_uid != want->st_uid || fs.st_gid != want->st_gid))
                (void)fchown(fd, want->st_uid, want->st_gid);
        }
        close(fd);
    }
    closedir(d);
}

/* The same for a folder that keeps its own access (a shard, the index),
 * unless it is a symbolic link. */
static void
keep_access(const char *dir)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        match_access(dir, &st);
}

/* Finish or undo a compaction of shard k that was interrupted: with the
 * shard missing and its new copy complete, the copy becomes the shard;
 * a leftover copy next to an intact shard is removed. */
static void
recover_compaction(const char *dir, size_t k)
{
    char *shard = shard_path(dir, k);
    char *fresh = xasprintf("%s.new", shard);
    struct stat st;
    if (stat(fresh, &st) == 0) {
        if (stat(shard, &st) != 0 && errno == ENOENT)
            rename(fresh, shard);
        else
            remove_tree(fresh);
    }
    free(fresh);
    free(shard);
}

/*
 * Xapian creates a shard's empty tables first and writes its version file
 * ("iamglass") last.  A writer killed in between leaves a folder Xapian
 * takes for a database (its postlist table exists) but cannot open, for
 * writing or reading.  Such a shard never held a committed document, since
 * every commit rewrites iamglass by a rename: when nothing in the folder
 * but the lock file, a version file being written and empty tables, it is
 * removed, and the writer creates it again.  Anything more is left for
 * the error to name.
 */
static int
half_made(const char *shard)
{
    char *version = path_join(shard, "iamglass");
    struct stat st;
    int half = 0;
    DIR *d;
    if (lstat(version, &st) != 0 && errno == ENOENT && (d = opendir(shard))) {
        half = 1;
        struct dirent *e;
        while (half && (e = readdir(d))) {
            const char *n = e->d_name;
            size_t len = strlen(n);
            if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "flintlock") == 0 ||
                strcmp(n, "v.tmp") == 0)
                continue;
            char *p = path_join(shard, n);
            half = len > 6 && strcmp(n + len - 6, ".glass") == 0 && lstat(p, &st) == 0 &&
                   S_ISREG(st.st_mode) && st.st_size == 0;
            free(p);
        }
        closedir(d);
    }
    free(version);
    return half;
}

static void
recover_creation(const char *dir, size_t k)
{
    char *shard = shard_path(dir, k);
    if (half_made(shard))
        remove_tree(shard);
    free(shard);
}

static int
exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    /* Two renames: a reader in between finds no shard for a moment, and a
     * crash in between is repaired by recover_compaction(). */
    char *tmp = xasprintf("%s.old", a);
    int rc = -1;
    if (rename(a, tmp) == 0) {
        if (rename(b, a) == 0 && rename(tmp, b) == 0)
            rc = 0;
    }
    free(tmp);
    return rc;
}

/*
 * Remove the copy a swap left at path (the old shard, or a failed copy).
 * It is first renamed to a name of this process's own: once the swap is
 * done, another writer may take the index and start its own compaction
 * into "shard-K.new".  A copy left by a crash is removed by the next
 * writer (remove_scratch()).
 */
static void
discard_copy(const char *path)
{
    char *gone = xasprintf("%s.gone%ld", path, (long)getpid());
    if (rename(path, gone) == 0)
        remove_tree(gone);
    else
        remove_tree(path);
    free(gone);
}

int
index_compact(dindex_t *ix, uint64_t *before, uint64_t *after, char **err)
{
    *err = NULL;
    *before = *after = 0;
    if (!ix->wdb) {
        *err = xasprintf("%s: compacting needs the index open for writing", ix->dir);
        return -1;
    }
    for (size_t k = 0; k < ix->nlocal; k++) {
        char *shard = shard_path(ix->dir, k);
        char *fresh = xasprintf("%s.new", shard);
        remove_tree(fresh);
        *before += dir_bytes(shard);
        const char *src = shard;
        int rc = 0;
        struct stat old;
        int have_old = lstat(shard, &old) == 0 && S_ISDIR(old.st_mode);
        if (dx_db_compact(&src, 1, fresh) != DX_OK) {
            *err = xasprintf("%s: cannot compact: %s", shard, dx_error_last());
            rc = -1;
        } else {
            if (have_old)
                match_access(fresh, &old);
            if (exchange(shard, fresh) != 0) {
                *err = xasprintf("%s: cannot swap in the compacted copy: %s", shard,
                                 strerror(errno));
                rc = -1;
            }
        }
        /* fresh now holds the old shard (or a failed copy). */
        discard_copy(fresh);
        *after += dir_bytes(shard);
        free(fresh);
        free(shard);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- Write parts (see index.h) ------------------------------------------ */

static char *
part_path(const char *dir, size_t k)
{
    char name[32];
    snprintf(name, sizeof name, "part-%zu", k);
    return path_join(dir, name);
}

/* Whether a folder with no config holds only what an interrupted creation
 * or run of Dossier leaves (shards, write parts, the writer file, a config
 * being written), so that an index may be created there.  Anything else
 * is somebody's folder, which must not become an index, nor lose a
 * subfolder that happens to be called shard-0. */
static int
digits_only(const char *s)
{
    if (!*s)
        return 0;
    while (*s >= '0' && *s <= '9')
        s++;
    return *s == '\0';
}

/* Is n a name an index folder holds: "lock", "writer", "config",
 * "config.tmpPID", "shard-K", "shard-K.new", "shard-K.gonePID" or
 * "part-K"? */
static int
index_entry_name(const char *n)
{
    if (strcmp(n, "lock") == 0 || strcmp(n, "writer") == 0 || strcmp(n, "config") == 0)
        return 1;
    if (strncmp(n, "config.tmp", 10) == 0)
        return digits_only(n + 10);
    if (strncmp(n, "part-", 5) == 0)
        return digits_only(n + 5);
    if (strncmp(n, "shard-", 6) != 0)
        return 0;
    const char *k = n + 6, *e = k;
    while (*e >= '0' && *e <= '9')
        e++;
    if (e == k)
        return 0;
    return *e == '\0' || strcmp(e, ".new") == 0 ||
           (strncmp(e, ".gone", 5) == 0 && digits_only(e + 5));
}

static int
only_index_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    int ok = 1;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || index_entry_name(n))
            continue;
        ok = 0;
    }
    closedir(d);
    return ok;
}

/* Remove every part-K folder, and the copies discard_copy() did not get
 * to remove (writers only: they hold the locks). */
static void
remove_scratch(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "part-", 5) != 0 &&
            !(strncmp(e->d_name, "shard-", 6) == 0 && strstr(e->d_name, ".gone")))
            continue;
        char *p = path_join(dir, e->d_name);
        remove_tree(p);
        free(p);
    }
    closedir(d);
}

static void
close_parts(dindex_t *ix)
{
    for (size_t i = 0; i < ix->nparts; i++)
        dx_db_close(ix->parts[i]);
    free(ix->parts);
    ix->parts = NULL;
    ix->nparts = 0;
}

int
index_open_parts(dindex_t *ix, size_t n, char **err)
{
    *err = NULL;
    if (!ix->wdb || ix->nparts) {
        *err = xasprintf("%s: write parts need the index open for writing, once", ix->dir);
        return -1;
    }
    ix->parts = xcalloc(n ? n : 1, sizeof *ix->parts);
    for (size_t i = 0; i < n; i++) {
        char *path = part_path(ix->dir, i + 1);
        char *msg = NULL;
        dx_status_t st = dx_db_open(path, DX_DB_CREATE | DX_DB_NO_SYNC, 0, &ix->parts[i], &msg);
        if (st != DX_OK)
            *err = xasprintf("%s: cannot create a write part: %s (%s)", path,
                             dx_status_string(st), msg ? msg : "");
        free(msg);
        free(path);
        if (st != DX_OK) {
            ix->nparts = i;
            close_parts(ix);
            remove_scratch(ix->dir);
            return -1;
        }
        ix->nparts = i + 1;
    }
    return 0;
}

int
index_merge_parts(dindex_t *ix, uint64_t *before, uint64_t *after, char **err)
{
    *err = NULL;
    *before = *after = 0;
    if (!ix->wdb || ix->nlocal != 1) {
        *err = xasprintf("%s: write parts merge into an index of one shard", ix->dir);
        return -1;
    }
    size_t n = ix->nparts;
    close_parts(ix);
    char *shard = shard_path(ix->dir, 0);
    char *fresh = xasprintf("%s.new", shard);
    char **srcs = xcalloc(n + 1, sizeof *srcs);
    srcs[0] = xstrdup(shard);
    for (size_t i = 0; i < n; i++)
        srcs[i + 1] = part_path(ix->dir, i + 1);
    for (size_t i = 0; i <= n; i++)
        *before += dir_bytes(srcs[i]);
    remove_tree(fresh);
    int rc = 0;
    struct stat old;
    int have_old = lstat(shard, &old) == 0 && S_ISDIR(old.st_mode);
    if (dx_db_compact_union((const char *const *)srcs, n + 1, fresh, META_STEM_PREFIX) != DX_OK) {
        *err = xasprintf("%s: cannot merge the new documents into the index: %s", shard,
                         dx_error_last());
        rc = -1;
    } else {
        /* The parts are in the copy: gone before the swap, they cannot
         * be taken for those of the next writer, who may start as soon
         * as the swap is done. */
        remove_scratch(ix->dir);
        if (have_old)
            match_access(fresh, &old);
        if (exchange(shard, fresh) != 0) {
            *err = xasprintf("%s: cannot swap in the merged copy: %s", shard, strerror(errno));
            rc = -1;
        }
    }
    /* fresh now holds the old shard (or a failed copy). */
    discard_copy(fresh);
    if (rc != 0)
        remove_scratch(ix->dir);  /* no swap: the index is still ours */
    *after = dir_bytes(shard);
    index_free_strings(srcs, n + 1);
    free(fresh);
    free(shard);
    return rc;
}

/* ---- Record dictionaries (see index.h) ---------------------------------- */

static void
zdicts_add(dindex_t *ix, const char *v, size_t len)
{
    zdict_t d;
    zdict_set(&d, v, len);
    for (size_t i = 0; i < ix->nzdicts; i++) {
        if (ix->zdicts[i].id == d.id) {
            zdict_free(&d);
            return;
        }
    }
    ix->zdicts = xrealloc(ix->zdicts, (ix->nzdicts + 1) * sizeof *ix->zdicts);
    ix->zdicts[ix->nzdicts++] = d;
}

const zdict_t *
index_zdict_lookup(void *ctx, uint32_t id)
{
    dindex_t *ix = ctx;
    if (!ix)
        return NULL;
    if (!ix->zdicts_read) {
        ix->zdicts_read = 1;
        size_t n = ix->wdb ? ix->nlocal : dx_db_shard_count(ix->db);
        for (size_t k = 0; k < n; k++) {
            char *v = NULL;
            size_t len = 0;
            dx_status_t st = ix->wdb ? dx_db_get_metadata(ix->wdb[k], META_ZDICT, &v, &len)
                                     : dx_db_shard_metadata(ix->db, k, META_ZDICT, &v, &len);
            if (st == DX_OK && v && len)
                zdicts_add(ix, v, len);
            free(v);
        }
    }
    for (size_t i = 0; i < ix->nzdicts; i++)
        if (ix->zdicts[i].id == id)
            return &ix->zdicts[i];
    return NULL;
}

const zdict_t *
index_write_zdict(dindex_t *ix)
{
    if (!ix->wdb)
        return NULL;
    if (!ix->wzdict_read) {
        ix->wzdict_read = 1;
        for (size_t k = 0; k < ix->nlocal; k++) {
            char *v = NULL;
            size_t len = 0;
            if (dx_db_get_metadata(ix->wdb[k], META_ZDICT, &v, &len) == DX_OK && v && len) {
                if (!ix->wzdict.len)
                    zdict_set(&ix->wzdict, v, len);
            } else {
                ix->wzdict_partial = 1;
            }
            free(v);
        }
    }
    return ix->wzdict.len ? &ix->wzdict : NULL;
}

int
index_set_zdict(dindex_t *ix, const zdict_t *d)
{
    if (!ix->wdb)
        return -1;
    for (size_t k = 0; k < ix->nlocal; k++)
        if (dx_db_set_metadata(ix->wdb[k], META_ZDICT, d->data, d->len) != DX_OK)
            return -1;
    if (d != &ix->wzdict) {
        zdict_free(&ix->wzdict);
        zdict_set(&ix->wzdict, d->data, d->len);
    }
    ix->wzdict_read = 1;
    ix->wzdict_partial = 0;
    zdicts_add(ix, d->data, d->len);
    return 0;
}

static unsigned
default_shards(void)
{
    /* One shard: a large run still writes with several threads, through
     * write parts merged at its end (see index.h). */
    return 1;
}

static char *
open_error(const dindex_t *ix, dx_status_t st, const char *msg)
{
    if (st == DX_ERR_LOCKED) {
        char *who = describe_writer(ix->dir);
        char *e = xasprintf("%s: index is locked by %s; try again when it has finished",
                            ix->dir, who);
        free(who);
        return e;
    }
    /* (A shard not found is named by its callers, which know which.) */
    return xasprintf("%s: %s (%s)", ix->dir, dx_status_string(st), msg ? msg : "");
}

char *
index_dir_of_shard(const char *path)
{
    if (strncmp(path_basename(path), "shard-", 6) != 0)
        return NULL;
    char *parent = path_dirname(path);
    char *cfg = path_join(parent, "config");
    struct stat st;
    int found = stat(cfg, &st) == 0;
    free(cfg);
    if (!found) {
        free(parent);
        return NULL;
    }
    return parent;
}

/* Take the index's write lock (see index.h), waiting up to wait_ms for
 * another writer to finish.  Returns 0, or -1 with a malloc'd message. */
static int
take_lock(dindex_t *ix, unsigned wait_ms, char **err)
{
    char *p = path_join(ix->dir, "lock");
    int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(p);
    if (fd < 0) {
        *err = xasprintf("%s: cannot write to the index (%s)", ix->dir, strerror(errno));
        return -1;
    }
    for (unsigned waited = 0;; waited += 20) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            ix->lock_fd = fd;
            return 0;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            *err = xasprintf("%s: cannot lock the index (%s)", ix->dir, strerror(errno));
            close(fd);
            return -1;
        }
        if (waited >= wait_ms) {
            close(fd);
            *err = open_error(ix, DX_ERR_LOCKED, NULL);
            return -1;
        }
        struct timespec ts = { 0, 20 * 1000000L };
        nanosleep(&ts, NULL);
    }
}

/* A writer takes the lock before it reads or repairs anything in the
 * index folder.  Creating: the folder is made first, and the settings
 * read again under the lock (another writer may have created the index
 * meanwhile).  Where there is no index to write, nothing is locked: the
 * caller says why. */
static int
lock_for_writing(dindex_t *ix, index_mode_t mode, config_t *cfg, unsigned wait_ms, char **err)
{
    if (!cfg->present) {
        if (mode != INDEX_CREATE || !only_index_leftovers(ix->dir))
            return 0;
        if (mkdir(ix->dir, 0777) != 0 && errno != EEXIST)
            return 0;
    }
    if (take_lock(ix, wait_ms, err) != 0)
        return -1;
    if (!cfg->present) {
        config_free(cfg);
        return read_config(ix->dir, cfg, err);
    }
    return 0;
}

/* The message for a shard folder that is gone.  Shard 0 also held the
 * list of folders added, which 'dossier add' with no paths re-syncs. */
static char *
missing_shard(const char *path)
{
    size_t n = strlen(path);
    if (n >= 8 && strcmp(path + n - 8, "/shard-0") == 0)
        return xasprintf("%s: this shard of the index is missing, with its documents and "
                         "the list of folders added ('dossier add FOLDER...' makes it "
                         "again and indexes them again)", path);
    return xasprintf("%s: this shard of the index is missing ('dossier add' makes it "
                     "again and indexes its documents again)", path);
}

/* Open every spec as one group.  Local shards must open; remote ones may
 * be skipped with allow_partial. */
static int
open_group(dindex_t *ix, char **specs, const int *remote, size_t n,
           const index_open_opts_t *opts, char **err)
{
    ix->db = dx_db_group_new();
    for (size_t i = 0; i < n; i++) {
        dx_status_t st = dx_db_group_add(ix->db, specs[i], opts->remote_timeout_ms);
        if (st == DX_OK) {
            if (opts->nspecs) {
                /* A shard of a Dossier index given with --shard: its
                 * paths are stored relative to that index's base. */
                char *base = NULL;
                char *dir = remote[i] ? NULL : index_dir_of_shard(specs[i]);
                if (dir)
                    base = path_dirname(dir);
                free(dir);
                ix->shard_base = xrealloc(ix->shard_base,
                                          (ix->nshard_base + 1) * sizeof *ix->shard_base);
                ix->shard_base[ix->nshard_base++] = base;
            }
            continue;
        }
        if (opts->allow_partial && remote[i]) {
            ix->missing = xrealloc(ix->missing, (ix->nmissing + 1) * sizeof *ix->missing);
            ix->missing[ix->nmissing++] = xstrdup(specs[i]);
            continue;
        }
        struct stat sst;
        int there = !remote[i] && stat(specs[i], &sst) == 0;
        if (there && st == DX_ERR_NOT_FOUND && access(specs[i], R_OK | X_OK) != 0)
            *err = xasprintf("%s: cannot read this shard of the index (%s)", specs[i],
                             strerror(errno));
        else if (!remote[i] && st == DX_ERR_NOT_FOUND && opts->nspecs)
            *err = xasprintf("%s: no index or shard there", specs[i]);
        else if (there && st == DX_ERR_NOT_FOUND && half_made(specs[i]))
            *err = xasprintf("%s: this shard of the index was left half made by an interrupted "
                             "run ('dossier add' makes it again)", specs[i]);
        else if (there && st == DX_ERR_NOT_FOUND)
            *err = xasprintf("%s: this shard of the index is damaged (%s); 'xapian-check' "
                             "tells what is wrong with it", specs[i], dx_db_error(ix->db));
        else if (!remote[i] && st == DX_ERR_NOT_FOUND)
            *err = missing_shard(specs[i]);
        else if (!remote[i])
            *err = open_error(ix, st, dx_db_error(ix->db));
        else
            *err = xasprintf("shard %s is unreachable: %s%s", specs[i], dx_db_error(ix->db),
                             opts->partial_hint
                                 ? " (use --partial to answer from the other shards)"
                                 : "");
        return -1;
    }
    if (dx_db_shard_count(ix->db) == 0) {
        *err = xasprintf("%s: no shard of the index could be opened", ix->dir);
        return -1;
    }
    return 0;
}

typedef struct speclist {
    char **v;
    int *remote;
    size_t n, cap, capr;
} speclist_t;

static void
spec_add(speclist_t *l, char *spec, int remote)
{
    /* The same shard named twice (an index and one of its shards, or a
     * spec repeated) is searched once: twice would count its documents
     * twice and double their statistics. */
    char *real = remote ? NULL : realpath(spec, NULL);
    for (size_t i = 0; i < l->n; i++) {
        if (l->remote[i] != remote)
            continue;
        char *other = remote ? NULL : realpath(l->v[i], NULL);
        int same = remote ? strcmp(l->v[i], spec) == 0
                          : real && other && strcmp(real, other) == 0;
        free(other);
        if (same) {
            free(real);
            free(spec);
            return;
        }
    }
    free(real);
    l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->remote = xgrow(l->remote, &l->capr, l->n + 1, sizeof *l->remote);
    l->v[l->n] = spec;
    l->remote[l->n] = remote;
    l->n++;
}

/* The shards of an index directory: its local shards, then its remotes. */
static void
spec_add_index(speclist_t *l, const char *dir, const config_t *cfg)
{
    for (size_t i = 0; i < cfg->shards; i++)
        spec_add(l, shard_path(dir, i), 0);
    for (size_t i = 0; i < cfg->nremotes; i++)
        spec_add(l, xstrdup(cfg->remotes[i]), 1);
}

static int
open_readers(dindex_t *ix, const config_t *cfg, const index_open_opts_t *opts, char **err)
{
    speclist_t l = { NULL, NULL, 0, 0, 0 };
    spec_add_index(&l, ix->dir, cfg);
    int rc = open_group(ix, l.v, l.remote, l.n, opts, err);
    index_free_strings(l.v, l.n);
    free(l.remote);
    return rc;
}

/* --shard SPEC...: each a remote shard, a shard directory, or a Dossier
 * index directory (all its shards). */
static int
open_specs(dindex_t *ix, const index_open_opts_t *opts, char **err)
{
    speclist_t l = { NULL, NULL, 0, 0, 0 };
    int rc = 0;
    for (size_t i = 0; i < opts->nspecs && rc == 0; i++) {
        const char *s = opts->specs[i];
        if (strncmp(s, "tcp://", 6) == 0) {
            const char *colon = strrchr(s + 6, ':');
            char *end = NULL;
            long port = colon ? strtol(colon + 1, &end, 10) : 0;
            if (!colon || colon == s + 6 || !end || *end || end == colon + 1 || port < 1 ||
                port > 65535) {
                *err = xasprintf("%s: not a remote shard: give tcp://HOST:PORT", s);
                rc = -1;
                break;
            }
            spec_add(&l, xstrdup(s), 1);
            continue;
        }
        char *abs = path_absolute(s);
        config_t cfg;
        rc = read_config(abs, &cfg, err);
        if (rc == 0 && cfg.present)
            spec_add_index(&l, abs, &cfg);
        else if (rc == 0)
            spec_add(&l, xstrdup(abs), 0);
        config_free(&cfg);
        free(abs);
    }
    if (rc == 0)
        rc = open_group(ix, l.v, l.remote, l.n, opts, err);
    index_free_strings(l.v, l.n);
    free(l.remote);
    return rc;
}

static int
open_writers(dindex_t *ix, int flags, const index_open_opts_t *opts, char **err)
{
    ix->wdb = xcalloc(ix->nlocal, sizeof *ix->wdb);
    for (size_t k = 0; k < ix->nlocal; k++) {
        char *path = shard_path(ix->dir, k);
        char *msg = NULL;
        struct stat sst;
        dx_status_t st = dx_db_open(path, flags, opts->lock_wait_ms, &ix->wdb[k], &msg);
        if (st == DX_ERR_IO)
            *err = xasprintf("%s: cannot write to the index (%s)", ix->dir, msg ? msg : "");
        else if (st == DX_ERR_NOT_FOUND && stat(path, &sst) != 0)
            *err = missing_shard(path);
        else if (st == DX_ERR_NOT_FOUND)
            /* There, but not a database Xapian can open: a half-made
             * shard was removed by recover_creation(). */
            *err = xasprintf("%s: this shard of the index is damaged (%s); 'xapian-check' "
                             "tells what is wrong with it", path, msg ? msg : "");
        else if (st != DX_OK)
            *err = open_error(ix, st, msg);
        free(msg);
        free(path);
        if (st != DX_OK)
            return -1;
    }
    ix->db = ix->wdb[0];
    return 0;
}

int
index_open(const char *dir, index_mode_t mode, const index_open_opts_t *opts,
           dindex_t **out, char **err)
{
    index_open_opts_t defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.lock_wait_ms = 2000;
    defaults.remote_timeout_ms = 10000;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    *err = NULL;

    dindex_t *ix = xcalloc(1, sizeof *ix);
    ix->cwd = path_absolute(".");
    ix->writable = mode != INDEX_READ;
    ix->lock_fd = -1;
    ix->date_order = DATE_ORDER_MDY;
    ix->part_n = 1;

    if (opts->nspecs) {
        /* Explicit shards: no index directory; paths show relative to
         * the current folder. */
        ix->dir = xstrdup("(shards given with --shard)");
        ix->base = xstrdup(ix->cwd);
        if (mode != INDEX_READ) {
            *err = xstrdup("--shard is for searching; write to an index with --index");
            index_close(ix);
            return -1;
        }
        if (open_specs(ix, opts, err) != 0) {
            index_close(ix);
            return -1;
        }
        *out = ix;
        return 0;
    }

    ix->dir = path_absolute(dir);
    ix->base = path_dirname(ix->dir);
    config_t cfg;
    int rc = read_config(ix->dir, &cfg, err);
    if (rc == 0 && mode != INDEX_READ)
        rc = lock_for_writing(ix, mode, &cfg, opts->lock_wait_ms, err);
    int creating = 0;
    if (rc == 0 && !cfg.present) {
        if (mode == INDEX_CREATE) {
            /* A new index.  The config file is written last, once every
             * shard exists: an index whose creation was interrupted has no
             * config and is simply created again. */
            if (!only_index_leftovers(ix->dir)) {
                *err = xasprintf("%s: a folder with other files in it, not a Dossier index: "
                                 "give a new or empty folder for the index (for example "
                                 "%s/.dossier)", ix->dir, ix->dir);
                rc = -1;
            } else if (mkdir(ix->dir, 0777) != 0 && errno != EEXIST) {
                *err = xasprintf("%s: cannot create index directory: %s", ix->dir,
                                 strerror(errno));
                rc = -1;
            } else {
                cfg.shards = opts->create_shards ? opts->create_shards : default_shards();
                cfg.part_k = opts->create_part_k;
                cfg.part_n = opts->create_part_n ? opts->create_part_n : 1;
                creating = 1;
                /* Shards left by an interrupted creation never held a
                 * committed document (documents come after the config),
                 * and may be half made: start afresh. */
                for (size_t k = 0; k < INDEX_MAX_SHARDS; k++) {
                    char *extra = shard_path(ix->dir, k);
                    remove_tree(extra);
                    free(extra);
                }
            }
        } else {
            struct stat st;
            if (stat(ix->dir, &st) != 0)
                *err = xasprintf("%s: no index there (create one with 'dossier add')", ix->dir);
            else
                *err = xasprintf("%s: not a Dossier index, or its creation was interrupted "
                                 "(no config file; 'dossier add' creates it)", ix->dir);
            rc = -1;
        }
    }
    if (rc == 0 && mode != INDEX_READ && cfg.shards == 0) {
        *err = xasprintf("%s: this index has no local shards to write to (only remote ones)",
                         ix->dir);
        rc = -1;
    }
    if (rc == 0 && mode != INDEX_READ)
        for (size_t k = 0; k < cfg.shards; k++) {
            recover_compaction(ix->dir, k);
            recover_creation(ix->dir, k);
        }
    if (rc == 0) {
        ix->nlocal = cfg.shards;
        ix->part_k = cfg.part_k;
        ix->part_n = cfg.part_n;
        if (mode == INDEX_READ) {
            rc = open_readers(ix, &cfg, opts, err);
        } else {
            int flags = mode == INDEX_CREATE ? DX_DB_CREATE : DX_DB_WRITE;
            if (getenv("DOSSIER_NO_SYNC"))
                flags |= DX_DB_NO_SYNC;
            rc = open_writers(ix, flags, opts, err);
            if (rc == 0 && creating)
                rc = write_config(ix->dir, cfg.shards, cfg.part_k, cfg.part_n, err);
        }
    }
    config_free(&cfg);
    if (rc != 0) {
        index_close(ix);
        return -1;
    }

    /* Settings recorded in the index. */
    char *v = NULL;
    size_t vlen = 0;
    if (dx_db_get_metadata(ix->db, META_DATE_ORDER, &v, &vlen) == DX_OK && v &&
        strcmp(v, "dmy") == 0)
        ix->date_order = DATE_ORDER_DMY;
    free(v);

    if (ix->writable) {
        write_writer_file(ix->dir, opts->command);
        /* Parts of a run that did not merge them (we hold the locks now,
         * so no run is writing them). */
        remove_scratch(ix->dir);
        /* An empty shard takes this version's schema: what it will hold is
         * written by this code.  A shard with documents keeps the version
         * it has (none: older than schema 2). */
        for (size_t k = 0; k < ix->nlocal; k++) {
            char *schema = NULL;
            if (dx_db_doccount(ix->wdb[k]) == 0 &&
                dx_db_get_metadata(ix->wdb[k], META_SCHEMA, &schema, &vlen) == DX_OK &&
                schema && atoi(schema) != SCHEMA_VERSION) {
                char num[16];
                snprintf(num, sizeof num, "%d", SCHEMA_VERSION);
                dx_db_set_metadata(ix->wdb[k], META_SCHEMA, num, strlen(num));
            }
            free(schema);
        }
    }
    *out = ix;
    return 0;
}

size_t
index_shard_of(const dindex_t *ix, const char *stored)
{
    if (ix->nlocal <= 1)
        return 0;
    uint64_t h = hashmap_hash(stored, strlen(stored));
    /* The hash's remainder by part_n chose the part (the machine); the
     * rest of it chooses the shard within the part. */
    return (size_t)((h / (ix->part_n ? ix->part_n : 1)) % ix->nlocal);
}

int
index_in_part(const dindex_t *ix, const char *stored)
{
    if (ix->part_n <= 1)
        return 1;
    return hashmap_hash(stored, strlen(stored)) % ix->part_n == ix->part_k;
}

void
index_close(dindex_t *ix)
{
    if (!ix)
        return;
    if (ix->nparts) {
        close_parts(ix);
        remove_scratch(ix->dir);
    }
    if (ix->wdb) {
        int opened = ix->wdb[0] != NULL;
        for (size_t k = 0; k < ix->nlocal; k++) {
            dx_db_close(ix->wdb[k]);
            /* A commit replaced the version file with the writer's umask. */
            char *shard = shard_path(ix->dir, k);
            if (opened)
                keep_access(shard);
            free(shard);
        }
        free(ix->wdb);
        if (opened) {
            char *p = path_join(ix->dir, "writer");
            unlink(p);
            free(p);
            keep_access(ix->dir);   /* the config, rewritten by rename() */
        }
    } else {
        dx_db_close(ix->db);
    }
    /* Last: the index is whole again.  The file stays (removing it would
     * let two writers lock two different files). */
    if (ix->lock_fd >= 0)
        close(ix->lock_fd);
    index_free_strings(ix->missing, ix->nmissing);
    for (size_t i = 0; i < ix->nshard_base; i++)
        free(ix->shard_base[i]);
    free(ix->shard_base);
    for (size_t i = 0; i < ix->nzdicts; i++)
        zdict_free(&ix->zdicts[i]);
    free(ix->zdicts);
    zdict_free(&ix->wzdict);
    free(ix->dir);
    free(ix->base);
    free(ix->cwd);
    free(ix);
}

char *
index_store_path(const dindex_t *ix, const char *abs_path)
{
    const char *rel = path_under(abs_path, ix->base);
    if (rel && *rel)
        return xstrdup(rel);
    return xstrdup(abs_path);
}

char *
index_abs_path(const dindex_t *ix, const char *stored)
{
    if (stored[0] == '/')
        return xstrdup(stored);
    if (strcmp(stored, ".") == 0)
        return xstrdup(ix->base);   /* a root: the index's own folder */
    return path_join(ix->base, stored);
}

/* The relative path from folder `from` to `to` (both absolute and
 * normalised), with ".." where needed. */
static char *
path_from(const char *from, const char *to)
{
    /* The longest common prefix that ends at a component boundary. */
    size_t i = 0, common = 0;
    while (from[i] && to[i] && from[i] == to[i]) {
        i++;
        if (from[i] == '/' || (from[i] == '\0' && to[i] == '/'))
            common = i;
    }
    if (from[i] == '\0' && to[i] == '\0')
        return xstrdup(".");
    buf_t b = BUF_INIT;
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            buf_puts(&b, "../");
    const char *rest = to + common;
    while (*rest == '/')
        rest++;
    buf_puts(&b, rest);
    return buf_detach(&b, NULL);
}

/* A stored path as shown, for the index whose base is base. */
static char *
display_path(const dindex_t *ix, const char *base, const char *stored)
{
    if (stored[0] != '/' && strncmp(stored, "tcp://", 6) != 0) {
        char *abs = path_join(base, stored);
        const char *cwd = ix->cwd;
        const char *rel = path_under(abs, cwd);
        char *r;
        if (rel && *rel) {
            r = xstrdup(rel);
        } else if (path_under(cwd, base)) {
            /* From a sub-folder of the corpus: ../news/x.txt, as a shell
             * would take it, rather than an absolute path. */
            r = path_from(cwd, abs);
        } else {
            r = xstrdup(abs);
        }
        free(abs);
        return r;
    }
    const char *rel = path_under(stored, ix->cwd);
    return rel && *rel ? xstrdup(rel) : xstrdup(stored);
}

char *
index_display_path(const dindex_t *ix, const char *stored)
{
    return display_path(ix, ix->base, stored);
}

int
index_docid_is_remote(const dindex_t *ix, dx_docid_t docid)
{
    size_t nshards = dx_db_shard_count(ix->db);
    return docid && nshards && (size_t)((docid - 1) % nshards) >= ix->nlocal;
}

char *
index_display_doc_path(const dindex_t *ix, dx_docid_t docid, const char *stored)
{
    size_t nshards = dx_db_shard_count(ix->db);
    if (ix->nshard_base && docid && nshards) {
        size_t k = (size_t)((docid - 1) % nshards);
        if (k < ix->nshard_base && ix->shard_base[k])
            return display_path(ix, ix->shard_base[k], stored);
        return xstrdup(stored);
    }
    return index_docid_is_remote(ix, docid) ? xstrdup(stored) : index_display_path(ix, stored);
}

void
index_key_term(const char *prefix, const char *key, size_t keylen, buf_t *out)
{
    buf_clear(out);
    buf_puts(out, prefix);
    if (keylen <= SCHEMA_MAX_KEY_TERM && memchr(key, '\0', keylen) == NULL) {
        buf_append(out, key, keylen);
        return;
    }
    buf_printf(out, "#%016llx", (unsigned long long)hashmap_hash(key, keylen));
}

/* A list kept in metadata as lines. */
static char **
list_get(dindex_t *ix, const char *key, size_t *n)
{
    *n = 0;
    char *v = NULL;
    size_t len = 0;
    if (dx_db_get_metadata(ix->db, key, &v, &len) != DX_OK || !v) {
        free(v);
        return NULL;
    }
    char **out = NULL;
    size_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(v, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!*line)
            continue;
        out = xgrow(out, &cap, *n + 1, sizeof *out);
        out[(*n)++] = xstrdup(line);
    }
    free(v);
    return out;
}

static int
list_set(dindex_t *ix, const char *key, char *const *v, size_t n)
{
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        buf_puts(&b, v[i]);
        buf_putc(&b, '\n');
    }
    int rc = dx_db_set_metadata(ix->db, key, buf_cstr(&b), b.len) == DX_OK ? 0 : -1;
    buf_free(&b);
    return rc;
}

/* Is p equal to dir or below it?  (Stored paths; "." is everything.) */
static int
same_or_below(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    if (strcmp(dir, ".") == 0)
        return 1;
    return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

char **
index_roots(dindex_t *ix, size_t *n)
{
    return list_get(ix, META_ROOTS, n);
}

int
index_add_root(dindex_t *ix, const char *stored_root)
{
    size_t n;
    char **roots = list_get(ix, META_ROOTS, &n);
    int present = 0, rc = 0;
    for (size_t i = 0; i < n; i++)
        if (same_or_below(stored_root, roots[i]))
            present = 1;  /* already covered */
    if (!present) {
        /* The new root replaces the roots below it. */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (same_or_below(roots[i], stored_root))
                free(roots[i]);
            else
                roots[k++] = roots[i];
        }
        n = k;
        roots = xrealloc(roots, (n + 1) * sizeof *roots);
        roots[n++] = xstrdup(stored_root);
        rc = list_set(ix, META_ROOTS, roots, n);
    }
    index_free_strings(roots, n);
    return present ? 1 : rc;
}

int
index_include(dindex_t *ix, const char *stored)
{
    size_t ne;
    char **ex = list_get(ix, META_EXCLUDED, &ne);
    size_t k = 0;
    for (size_t i = 0; i < ne; i++) {
        if (same_or_below(ex[i], stored))
            free(ex[i]);
        else
            ex[k++] = ex[i];
    }
    int rc = k != ne ? list_set(ix, META_EXCLUDED, ex, k) : 1;
    index_free_strings(ex, k);
    return rc;
}

int
index_forget_path(dindex_t *ix, const char *stored, int exclude)
{
    size_t n;
    char **roots = list_get(ix, META_ROOTS, &n);
    size_t k = 0;
    int under_root = 0;
    for (size_t i = 0; i < n; i++) {
        if (same_or_below(roots[i], stored)) {
            free(roots[i]);  /* the root itself, or a root below it */
            continue;
        }
        if (same_or_below(stored, roots[i]))
            under_root = 1;
        roots[k++] = roots[i];
    }
    int rc = 0, did = 0;
    if (k != n) {
        rc = list_set(ix, META_ROOTS, roots, k);
        did |= INDEX_FORGOT_ROOT;
    }
    index_free_strings(roots, k);
    if (exclude && under_root && rc == 0) {
        size_t ne;
        char **ex = list_get(ix, META_EXCLUDED, &ne);
        int present = 0;
        for (size_t i = 0; i < ne; i++)
            if (same_or_below(stored, ex[i]))
                present = 1;
        if (!present) {
            ex = xrealloc(ex, (ne + 1) * sizeof *ex);
            ex[ne++] = xstrdup(stored);
            rc = list_set(ix, META_EXCLUDED, ex, ne);
            did |= INDEX_EXCLUDED;
        }
        index_free_strings(ex, ne);
    }
    return rc < 0 ? -1 : did;
}

char **
index_excluded(dindex_t *ix, size_t *n)
{
    return list_get(ix, META_EXCLUDED, n);
}

int
index_is_excluded(char *const *excluded, size_t n, const char *stored)
{
    for (size_t i = 0; i < n; i++)
        if (same_or_below(stored, excluded[i]))
            return 1;
    return 0;
}

void
index_free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
