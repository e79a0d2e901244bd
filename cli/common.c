/*
 * common.c - what the `dossier` subcommands share.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/schema.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/xalloc.h"

static dindex_t *
open_index(cli_t *cli, index_mode_t mode, int allow_partial, int quiet)
{
    char *dir = NULL, *err = NULL;
    if (cli->nshards && cli->index_dir) {
        msg_error("give either --index or --shard, not both");
        return NULL;
    }
    if (cli->index_dir && !cli->index_dir[0]) {
        /* An unset variable: never the current folder. */
        msg_error("--index was given an empty path (an unset variable?)");
        return NULL;
    }
    if (cli->nshards) {
        dir = NULL;
    } else if (index_locate(cli->index_dir, mode, &dir, &err) != 0) {
        msg_error("%s", err);
        free(err);
        return NULL;
    }
    index_open_opts_t o;
    memset(&o, 0, sizeof o);
    o.lock_wait_ms = 3000;
    o.create_shards = cli->create_shards;
    o.create_part_k = cli->part_k;
    o.create_part_n = cli->part_n;
    o.allow_partial = allow_partial;
    o.partial_hint = cli->has_partial;
    o.remote_timeout_ms = 10000;
    o.command = cli->command;
    o.specs = cli->shards;
    o.nspecs = cli->nshards;
    dindex_t *ix = NULL;
    if (index_open(dir, mode, &o, &ix, &err) != 0) {
        if (!quiet)
            msg_error("%s", err);
        free(err);
        free(dir);
        return NULL;
    }
    free(dir);
    for (size_t i = 0; i < ix->nmissing && !quiet; i++)
        msg_warn("shard %s is unreachable: answering from the other shards", ix->missing[i]);
    return ix;
}

dindex_t *
cli_open(cli_t *cli, index_mode_t mode, int allow_partial)
{
    return open_index(cli, mode, allow_partial, 0);
}

dindex_t *
cli_open_quiet(cli_t *cli, int allow_partial)
{
    return open_index(cli, INDEX_READ, allow_partial, 1);
}

int
cli_usage_error(cli_t *cli, const char *fmt, ...)
{
    va_list ap;
    buf_t b = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    msg_error("%s (try 'dossier %s --help')", buf_cstr(&b), cli->command);
    buf_free(&b);
    return EXIT_ERROR;
}

int
cli_empty_path(cli_t *cli, char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (paths[i][0] == '\0')
            return cli_usage_error(cli, "an empty path was given (an unset variable?): "
                                        "name the files or folders, '.' for this one");
    return 0;
}

int
cli_bad_option(cli_t *cli, char **argv)
{
    /* getopt leaves optind after the offending argument (or its cluster);
     * optopt is the unknown or value-less short option, 0 for long ones. */
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    /* A long option is named as written (optopt then holds the short
     * letter it stands for, which may not exist: "--index" is not -I). */
    if (strncmp(arg, "--", 2) == 0) {
        size_t n = strcspn(arg, "=");
        return cli_usage_error(cli, "option '%.*s' is unknown or needs a value", (int)n, arg);
    }
    if (optopt && optopt != '?')
        return cli_usage_error(cli, "option '-%c' is unknown or needs a value", optopt);
    return cli_usage_error(cli, "option '%s' is unknown or needs a value", arg);
}

long
cli_parse_count(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    return v;
}

int
cli_help(const char *text)
{
    fputs(text, stdout);
    return EXIT_OK;
}

int
cli_color(const char *when)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    if (strcmp(when, "auto") != 0)
        return -1;
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(1) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

/* A folder with nothing in it (hidden entries aside: a mount point may
 * hold a .keep file). */
static int
folder_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;   /* unreadable: the walk reports it */
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        if (e->d_name[0] != '.')
            empty = 0;
    closedir(d);
    return empty;
}

/* Does the index hold documents under a folder (stored form)? */
static int
has_documents_under(const dindex_t *ix, const char *stored)
{
    int any = 0;
    buf_t t = BUF_INIT;
    index_key_term(PREFIX_DIR, stored, strlen(stored), &t);
    for (size_t k = 0; k < ix->nlocal && !any; k++) {
        unsigned tf = 0;
        if (strcmp(stored, ".") == 0)
            any = dx_db_doccount(ix->wdb[k]) > 0;
        else if (dx_db_termfreq(ix->wdb[k], t.data, t.len, &tf) == DX_OK && tf > 0)
            any = 1;
    }
    buf_free(&t);
    return any;
}

int
cli_keep_if_unmounted(const dindex_t *ix, const char *abs, const char *stored, int gone)
{
    struct stat st;
    if (!gone && (stat(abs, &st) != 0 || !S_ISDIR(st.st_mode) || !folder_empty(abs)))
        return 0;
    if (!has_documents_under(ix, stored))
        return 0;
    /* Renamed, deleted, or on a drive or share not mounted now (its mount
     * point left empty): nothing under it is removed until the user says
     * it is gone for good. */
    msg_file(stored, "this folder %s; its documents are kept (dossier remove %s forgets them)",
             gone ? "no longer exists" : "is empty (not mounted?)", msg_path(stored));
    return 1;
}

size_t
cli_resync_roots(dindex_t *ix, char ***roots, size_t *nroots, char ***keep)
{
    size_t nstored = 0, n = 0, kept = 0;
    char **stored = index_roots(ix, &nstored);
    *roots = xcalloc(nstored ? nstored : 1, sizeof **roots);
    *keep = xcalloc(nstored ? nstored : 1, sizeof **keep);
    for (size_t i = 0; i < nstored; i++) {
        char *abs = index_abs_path(ix, stored[i]);
        struct stat st;
        int gone = stat(abs, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
        if (cli_keep_if_unmounted(ix, abs, stored[i], gone)) {
            (*keep)[kept++] = xstrdup(stored[i]);
            free(abs);
            continue;
        }
        if (gone) {
            /* Nothing of it left to walk, nor in the index. */
            free(abs);
            continue;
        }
        (*roots)[n++] = abs;
    }
    index_free_strings(stored, nstored);
    *nroots = n;
    return kept;
}
