/*
 * walk.c - finding the files under the paths given to `add`.
 */
#include "indexer/walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"
#include "util/path.h"
#include "util/readfile.h"
#include "util/xalloc.h"

typedef struct walker {
    const walk_opts_t *opts;
    walk_list_t *list;
    char *root_real;          /* realpath of the root, for link checks */
    hashmap_t seen;           /* (dev, ino) of folders walked */
    int have_skip;            /* skip_dir exists: its (dev, ino) */
    dev_t skip_dev;
    ino_t skip_ino;
    char *skip_real;          /* realpath of skip_dir */
} walker_t;

/* Does path (a link followed, or a path given) lead into the folder never
 * entered?  Dossier must not index its own index. */
static int
in_skip_dir(const walker_t *w, const char *path)
{
    if (!w->skip_real)
        return 0;
    char *real = realpath(path, NULL);
    int inside = real && path_under(real, w->skip_real) != NULL;
    free(real);
    return inside;
}

/* Is this folder the one never entered (the index), by whatever path,
 * a symbolic link included? */
static int
is_skip_dir(const walker_t *w, const char *path, const struct stat *st)
{
    if (w->have_skip && st->st_dev == w->skip_dev && st->st_ino == w->skip_ino)
        return 1;
    return w->opts->skip_dir && strcmp(path, w->opts->skip_dir) == 0;
}

static void
report(walker_t *w, const char *path, const char *reason, int is_error)
{
    if (w->opts->report)
        w->opts->report(path, reason, is_error, w->opts->ctx);
}

static void
add_file(walker_t *w, const char *path, const struct stat *st, int explicit_arg)
{
    walk_list_t *l = w->list;
    l->files = xgrow(l->files, &l->cap, l->n + 1, sizeof *l->files);
    walk_file_t *f = &l->files[l->n++];
    f->path = xstrdup(path);
    f->size = (uint64_t)st->st_size;
    f->mtime_sec = (int64_t)st->st_mtim.tv_sec;
    f->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
    f->explicit_arg = explicit_arg;
}

static int
mark_seen(walker_t *w, const struct stat *st)
{
    uint64_t key[2] = { (uint64_t)st->st_dev, (uint64_t)st->st_ino };
    int created;
    hashmap_put(&w->seen, key, sizeof key, &created);
    return created;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is a link's target inside the root being walked? */
static int
link_inside(walker_t *w, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return 0;
    int inside = w->root_real && path_under(real, w->root_real) != NULL;
    free(real);
    return inside;
}

static void walk_dir(walker_t *w, const char *dir, int depth);

static void
walk_entry(walker_t *w, const char *path, int depth)
{
    struct stat lst, st;
    if (lstat(path, &lst) != 0) {
        report(w, path, readfile_errno_reason(errno), 1);
        return;
    }
    if (S_ISLNK(lst.st_mode)) {
        if (stat(path, &st) != 0) {
            report(w, path, errno == ELOOP ? "symbolic link loop" : "broken symbolic link", 0);
            return;
        }
        if (!w->opts->follow_outside && !link_inside(w, path)) {
            report(w, path, "symbolic link leads outside the corpus (use --follow to index it)", 0);
            return;
        }
        if (in_skip_dir(w, path)) {
            report(w, path, "symbolic link leads into the index", 0);
            return;
        }
    } else {
        st = lst;
    }
    if (S_ISDIR(st.st_mode)) {
        if (is_skip_dir(w, path, &st))
            return;
        if (!mark_seen(w, &st))
            return;  /* reached again through a link: walked already */
        if (depth > 200) {
            report(w, path, "folders nested too deeply", 1);
            return;
        }
        walk_dir(w, path, depth + 1);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        report(w, path, "not a regular file", 0);
        return;
    }
    add_file(w, path, &st, 0);
}

static void
walk_dir(walker_t *w, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        report(w, dir, readfile_errno_reason(errno), 1);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;  /* hidden, ".", ".." */
        names = xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *p = path_join(dir, names[i]);
        walk_entry(w, p, depth);
        free(p);
        free(names[i]);
    }
    free(names);
}

void
walk_path(const char *path, const walk_opts_t *opts, walk_list_t *list)
{
    walker_t w = { opts, list, NULL, { 0 }, 0, 0, 0, NULL };
    hashmap_init(&w.seen);
    struct stat sk;
    if (opts->skip_dir && stat(opts->skip_dir, &sk) == 0) {
        w.have_skip = 1;
        w.skip_dev = sk.st_dev;
        w.skip_ino = sk.st_ino;
        w.skip_real = realpath(opts->skip_dir, NULL);
    }
    char *abs = path_absolute(path);
    struct stat st;
    if (stat(abs, &st) != 0) {
        report(&w, path, readfile_errno_reason(errno), 1);
    } else if (in_skip_dir(&w, abs)) {
        report(&w, path, "inside the index: not indexed", 0);
    } else if (S_ISDIR(st.st_mode)) {
        w.root_real = realpath(abs, NULL);
        mark_seen(&w, &st);
        if (!is_skip_dir(&w, abs, &st))
            walk_dir(&w, abs, 0);
    } else if (S_ISREG(st.st_mode)) {
        add_file(&w, abs, &st, 1);
    } else {
        report(&w, path, "not a regular file or folder", 1);
    }
    free(w.skip_real);
    free(w.root_real);
    hashmap_free(&w.seen);
    free(abs);
}

void
walk_list_free(walk_list_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->files[i].path);
    free(list->files);
    list->files = NULL;
    list->n = list->cap = 0;
}
