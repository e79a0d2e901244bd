/*
 * walk.c - finding the files under the paths given to `add`.
 */
#include "indexer/walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"
#include "util/path.h"
#include "util/readfile.h"
#include "util/xalloc.h"

typedef struct walker {
    const walk_opts_t *opts;
    walk_list_t *list;
    const char *root_abs;     /* the root as given, made absolute */
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

/* The same, for a path already resolved. */
static int
real_in_skip_dir(const walker_t *w, const char *real)
{
    return w->skip_real && real && path_under(real, w->skip_real) != NULL;
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

/* Is the folder a search index: a Xapian database, or another Dossier
 * index (its settings file, with local shards or only remote ones)?  Its
 * files are no documents. */
static int
is_index_dir(const char *path)
{
    static const char *const marks[] = { "iamglass", "iamchert", "iamhoney" };
    struct stat st;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        char *p = path_join(path, marks[i]);
        int found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
        free(p);
        if (found)
            return 1;
    }
    char *cfg = path_join(path, "config");
    FILE *f = fopen(cfg, "r");
    free(cfg);
    if (!f)
        return 0;
    char line[64] = "";
    int dossier = fgets(line, sizeof line, f) != NULL &&
                  strncmp(line, "# Dossier index", 15) == 0;
    fclose(f);
    return dossier;
}

static void
report(walker_t *w, const char *path, const char *reason, walk_report_kind_t kind,
       const char *target)
{
    if (w->opts->report)
        w->opts->report(path, reason, kind, target, w->opts->ctx);
}

static walk_file_t *
add_file(walker_t *w, const char *path, const struct stat *st, int explicit_arg)
{
    walk_list_t *l = w->list;
    l->files = xgrow(l->files, &l->cap, l->n + 1, sizeof *l->files);
    walk_file_t *f = &l->files[l->n++];
    f->path = xstrdup(path);
    f->size = (uint64_t)st->st_size;
    f->mtime_sec = (int64_t)st->st_mtim.tv_sec;
    f->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
    f->ctime_sec = (int64_t)st->st_ctim.tv_sec;
    f->ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
    f->explicit_arg = explicit_arg;
    f->problem = NULL;
    return f;
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

static int walk_dir(walker_t *w, const char *dir, int depth);

/*
 * A symbolic link met in a folder, whose target exists (st): decide
 * whether the walk follows it (1) or not (0, reported).  See walk.h.
 */
static int
follow_link(walker_t *w, const char *path)
{
    char *real = realpath(path, NULL);
    const char *rel = real && w->root_real ? path_under(real, w->root_real) : NULL;
    int follow = 0;
    const char *home = NULL;
    for (size_t i = 0; !rel && real && !home && i < w->opts->nhomes; i++) {
        const char *in = path_under(real, w->opts->homes[i]);
        if (in && !path_has_hidden_component(in))
            home = w->opts->homes[i];
    }
    if (home && !real_in_skip_dir(w, real)) {
        /* Another folder of the corpus: read there, under its own path. */
        report(w, path, "symbolic link into another folder added: not followed", WALK_NOTE,
               real);
    } else if (!rel && !w->opts->follow_outside) {
        report(w, path, "symbolic link leads outside the corpus (use --follow to index it)",
               WALK_SKIPPED, NULL);
    } else if (real_in_skip_dir(w, real)) {
        report(w, path, "symbolic link leads into the index", WALK_SKIPPED, NULL);
    } else if (rel && !path_has_hidden_component(rel)) {
        /* The walk reaches the target under its own path: taking the link
         * too would index it twice, or under whichever name sorts
         * first. */
        char *target = *rel ? path_join(w->root_abs, rel) : xstrdup(w->root_abs);
        report(w, path, "symbolic link inside the folder walked: not followed", WALK_NOTE,
               target);
        free(target);
    } else {
        follow = 1;
    }
    free(real);
    return follow;
}

static void
walk_entry(walker_t *w, const char *path, int depth)
{
    struct stat lst, st;
    if (lstat(path, &lst) != 0) {
        report(w, path, readfile_errno_reason(errno), WALK_FAILED, NULL);
        return;
    }
    if (S_ISLNK(lst.st_mode)) {
        if (stat(path, &st) != 0) {
            /* Listed with its problem: the indexer reports it as a bad
             * path (and remembers it, as it does bad files). */
            walk_file_t *f = add_file(w, path, &lst, 0);
            f->problem = errno == ELOOP ? "symbolic link loop" : "broken symbolic link";
            return;
        }
        if (!follow_link(w, path))
            return;
    } else {
        st = lst;
    }
    if (S_ISDIR(st.st_mode)) {
        if (is_skip_dir(w, path, &st))
            return;
        if (is_index_dir(path)) {
            report(w, path, "a search index: not indexed", WALK_NOTE, NULL);
            return;
        }
        if (!mark_seen(w, &st))
            return;  /* reached again through a link: walked already */
        if (depth > 200) {
            report(w, path, "folders nested too deeply", WALK_FAILED, NULL);
            return;
        }
        walk_dir(w, path, depth + 1);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        report(w, path, "not a regular file", WALK_SKIPPED, NULL);
        return;
    }
    add_file(w, path, &st, 0);
}

/* Walk one folder; -1 if it could not be opened (reported). */
static int
walk_dir(walker_t *w, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        report(w, dir, readfile_errno_reason(errno), WALK_FAILED, NULL);
        return -1;
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
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *p = path_join(dir, names[i]);
        walk_entry(w, p, depth);
        free(p);
        free(names[i]);
    }
    free(names);
    return 0;
}

int
walk_path(const char *path, const walk_opts_t *opts, walk_list_t *list)
{
    walker_t w = { opts, list, NULL, NULL, { 0 }, 0, 0, 0, NULL };
    hashmap_init(&w.seen);
    struct stat sk;
    if (opts->skip_dir && stat(opts->skip_dir, &sk) == 0) {
        w.have_skip = 1;
        w.skip_dev = sk.st_dev;
        w.skip_ino = sk.st_ino;
        w.skip_real = realpath(opts->skip_dir, NULL);
    }
    char *abs = path_absolute(path);
    w.root_abs = abs;
    struct stat st;
    int rc = -1;
    if (stat(abs, &st) != 0) {
        report(&w, path, readfile_errno_reason(errno), WALK_FAILED, NULL);
    } else if (in_skip_dir(&w, abs)) {
        report(&w, path, "inside the index: not indexed", WALK_SKIPPED, NULL);
        rc = 1;
    } else if (S_ISDIR(st.st_mode) && is_index_dir(abs)) {
        report(&w, path, "a search index: not indexed", WALK_SKIPPED, NULL);
        rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
        w.root_real = realpath(abs, NULL);
        mark_seen(&w, &st);
        if (!is_skip_dir(&w, abs, &st))
            rc = walk_dir(&w, abs, 0);
    } else if (S_ISREG(st.st_mode)) {
        add_file(&w, abs, &st, 1);
        rc = 0;
    } else {
        report(&w, path, "not a regular file or folder", WALK_FAILED, NULL);
    }
    free(w.skip_real);
    free(w.root_real);
    hashmap_free(&w.seen);
    free(abs);
    return rc;
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
