/*
 * cmd-add.c - `dossier add`: index files and folders, re-syncing those
 * already indexed.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "indexer/indexer.h"
#include "lib/schema.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier add [OPTIONS] PATH...\n"
    "       dossier add [OPTIONS] -        (read paths from standard input)\n"
    "\n"
    "Index text (.txt or no extension), Markdown (.md) and HTML (.html, .htm)\n"
    "documents, and any of them compressed with gzip (.gz).  Folders are walked\n"
    "recursively (hidden files and folders skipped); other files are skipped and\n"
    "counted.  A symbolic link inside a folder is not followed when it leads to a\n"
    "file or folder of that folder (indexed under its own path), nor when it\n"
    "leads out of it (unless --follow); a link given as PATH is followed.\n"
    "\n"
    "Running add again re-syncs: unchanged files are not read, a moved file is\n"
    "recognised by its content, and the documents under a folder given whose\n"
    "files are gone are removed (not when the folder itself is missing, cannot\n"
    "be read, or was added before and is empty while the index holds documents\n"
    "from it).  What 'dossier remove' took out of a folder stays out when the\n"
    "folder is added again, until the removed path itself is given.  Folders\n"
    "added are remembered; 'dossier update' re-syncs them all.  With no PATH, the\n"
    "folders added so far are re-synced.\n"
    "\n"
    "A file outside the folder that holds the index is indexed under its\n"
    "absolute path; --copy-into DIR copies such files into the corpus first.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run        report what would be added, changed or moved\n"
    "  -v, --verbose        one line per file indexed\n"
    "  -q, --quiet          no summary line and no notes: only failures, skips, errors\n"
    "  -0, --null           with '-': paths on standard input end with NUL\n"
    "      --copy-into DIR  copy the given files into DIR, then index the copies\n"
    "  -j, --threads N      worker threads (default: one per CPU)\n"
    "      --reindex        read and index the files again, changed or not\n"
    "      --batch-mb N     commit every N MB of text (default 8)\n"
    "      --memory-mb N    commit early when the heap passes N MB (default 256)\n"
    "      --compact / --no-compact  compact the index after this run (default:\n"
    "                       after a run that wrote 100 documents or more and a\n"
    "                       fifth of the index or more)\n"
    "      --max-size MB    refuse files larger than this (default 100)\n"
    "      --follow         follow symbolic links that lead out of the corpus (this\n"
    "                       and later runs, until --no-follow)\n"
    "      --date-order mdy|dmy  how to read 03/04/2017 (default mdy: March 4)\n"
    "      --shards N       a new index: number of local shards (default: 1; large\n"
    "                       runs still write with one thread per CPU)\n"
    "      --part K/N       a new index: hold only part K of a corpus split across N\n"
    "                       machines (documents whose path hashes to K)\n"
    "      --no-spelling    do not build spelling data\n"
    "      --progress / --no-progress  progress line (default: on a terminal)\n"
    "      --index DIR      the index to use\n"
    "\n"
    "Every run ends with a line of counts.  Exit status: 0 all files indexed or\n"
    "skipped, 1 some files failed (binary, empty, too large, unreadable, a broken\n"
    "symbolic link: each named with the reason; the others are indexed), 2 error.\n"
    "A file that failed is not read again until it changes.\n";

/*
 * A named path that reaches, through a symbolic link, a file or folder
 * under a folder the index already holds (a root added before, or the
 * index's own folder): the same path under that folder; or a folder that
 * holds one of those: its real path.  So documents are not indexed twice
 * under two names.  NULL when the path
 * is none of these or already in that form, or leads into the index
 * itself (the indexer refuses it by the name given).
 */
static char *
unalias(const char *path, const char *index_dir, char *const *known, size_t nknown)
{
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;     /* missing: the indexer says so */
    char *real_index = realpath(index_dir, NULL);
    int into_index = real_index && path_under(real, real_index);
    free(real_index);
    if (into_index) {
        free(real);
        return NULL;
    }
    char *abs = path_absolute(path);
    const char *best = NULL, *best_rel = NULL;
    size_t best_len = 0;
    char **reals = xcalloc(nknown ? nknown : 1, sizeof *reals);
    for (size_t i = 0; i < nknown; i++) {
        reals[i] = realpath(known[i], NULL);
        const char *rel = reals[i] ? path_under(real, reals[i]) : NULL;
        if (rel && strlen(reals[i]) >= best_len) {
            best = known[i];
            best_rel = rel;
            best_len = strlen(reals[i]);
        }
    }
    char *out = NULL;
    if (best) {
        out = *best_rel ? path_join(best, best_rel) : xstrdup(best);
    } else {
        /* A folder that holds one the index holds: its real path, so
         * that what both hold has one name. */
        for (size_t i = 0; i < nknown && !out; i++)
            if (reals[i] && path_under(reals[i], real))
                out = xstrdup(real);
    }
    if (out && strcmp(out, abs) == 0) {
        free(out);
        out = NULL;
    }
    for (size_t i = 0; i < nknown; i++)
        free(reals[i]);
    free(reals);
    free(abs);
    free(real);
    return out;
}

/* Read paths from stdin, one per line (or NUL-terminated). */
static char **
read_stdin_paths(int nul, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getdelim(&line, &lcap, nul ? '\0' : '\n', stdin)) > 0) {
        if (line[len - 1] == (nul ? '\0' : '\n'))
            line[--len] = '\0';   /* the delimiter: an empty record is skipped */
        if (!nul && len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0)
            continue;
        v = xgrow(v, &cap, *n + 1, sizeof *v);
        v[(*n)++] = xstrdup(line);
    }
    free(line);
    return v;
}

/* 1 if two files have the same bytes. */
static int
same_content(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    char x[65536], y[65536];
    while (same) {
        size_t na = fread(x, 1, sizeof x, fa), nb = fread(y, 1, sizeof y, fb);
        if (na != nb || memcmp(x, y, na) != 0)
            same = 0;
        if (na == 0)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* mkdir -p */
static int
make_dirs(const char *dir)
{
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *s = c;
            if (!c || rc)
                break;
        }
    }
    free(p);
    return rc;
}

/* Copy a file into dir (created if missing), keeping its modification
 * time; an identical copy already there is reused, a different one is
 * never overwritten.  Returns the new path, or NULL with a message.  A
 * dry run only says what it would copy (and returns NULL, *planned set). */
static char *
copy_into(const char *src, const char *dir, int dry_run, int *planned)
{
    *planned = 0;
    struct stat st;
    if (stat(src, &st) != 0) {
        msg_file(src, "cannot copy: %s", strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        msg_file(src, "not copied: --copy-into copies files, not %s",
                 S_ISDIR(st.st_mode) ? "folders (add the folder where it is)" : "special files");
        return NULL;
    }
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    char *dst = xasprintf("%s/%s", dir, base);
    if (access(dst, F_OK) == 0) {
        if (same_content(src, dst))
            return dst;  /* copied before: index it */
        msg_file(src, "not copied: %s already exists with other content "
                      "(rename one of them)", dst);
        free(dst);
        return NULL;
    }
    if (dry_run) {
        printf("would copy %s", msg_path(src));
        printf(" to %s\n", msg_path(dst));
        free(dst);
        *planned = 1;
        return NULL;
    }
    if (make_dirs(dir) != 0) {
        msg_file(dir, "cannot create the folder: %s", strerror(errno));
        free(dst);
        return NULL;
    }
    FILE *in = fopen(src, "rb");
    if (!in) {
        msg_file(src, "cannot read: %s", strerror(errno));
        free(dst);
        return NULL;
    }
    FILE *out = fopen(dst, "wb");
    if (!out) {
        msg_file(dst, "cannot create: %s", strerror(errno));
        fclose(in);
        free(dst);
        return NULL;
    }
    char buf[65536];
    size_t k;
    int err = 0;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, k, out) != k)
            err = errno ? errno : EIO;
    if (ferror(in))
        err = errno ? errno : EIO;
    fclose(in);
    if (fclose(out) != 0 && !err)
        err = errno;
    if (err) {
        msg_file(dst, "copy failed: %s", strerror(err));
        unlink(dst);
        free(dst);
        return NULL;
    }
    /* Keep the original's modification time: it may be its date. */
    struct timespec times[2] = { st.st_atim, st.st_mtim };
    utimensat(AT_FDCWD, dst, times, 0);
    return dst;
}

int
cmd_add(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dry-run", no_argument, NULL, 'n' },
        { "verbose", no_argument, NULL, 'v' },
        { "null", no_argument, NULL, '0' },
        { "threads", required_argument, NULL, 'j' },
        { "batch-mb", required_argument, NULL, 'B' },
        { "memory-mb", required_argument, NULL, 'm' },
        { "compact", no_argument, NULL, 'K' },
        { "no-compact", no_argument, NULL, 'k' },
        { "max-size", required_argument, NULL, 'M' },
        { "follow", no_argument, NULL, 'F' },
        { "no-follow", no_argument, NULL, 'f' },
        { "date-order", required_argument, NULL, 'D' },
        { "no-spelling", no_argument, NULL, 'S' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'Q' },
        { "copy-into", required_argument, NULL, 'C' },
        { "shards", required_argument, NULL, 'H' },
        { "part", required_argument, NULL, 'T' },
        { "reindex", no_argument, NULL, 'R' },
        { "quiet", no_argument, NULL, 'q' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    indexer_opts_t o;
    indexer_opts_init(&o);
    o.progress = isatty(2);
    int nul = 0, quiet = 0;
    const char *date_order = NULL, *copy_dir = NULL;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, "nvq0j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': o.dry_run = 1; break;
        case 'v': o.verbose = 1; break;
        case 'q': quiet = 1; break;
        case '0': nul = 1; break;
        case 'j':
            if ((v = cli_parse_count(optarg)) < 1 || v > 64)
                return cli_usage_error(cli, "--threads needs a number from 1 to 64, not '%s'", optarg);
            o.threads = (int)v;
            break;
        case 'B':
            if ((v = cli_parse_count(optarg)) < 1 || v > 4096)
                return cli_usage_error(cli, "--batch-mb needs a number from 1 to 4096, not '%s'", optarg);
            o.batch_bytes = (uint64_t)v << 20;
            break;
        case 'm':
            if ((v = cli_parse_count(optarg)) < 16 || v > 1048576)
                return cli_usage_error(cli, "--memory-mb needs a number of at least 16, not '%s'", optarg);
            o.memory_bytes = (uint64_t)v << 20;
            break;
        case 'K': o.compact = 1; break;
        case 'k': o.compact = -1; break;
        case 'M':
            if ((v = cli_parse_count(optarg)) < 1 || v > 65536)
                return cli_usage_error(cli, "--max-size needs a number of MB, not '%s'", optarg);
            o.max_file_bytes = (uint64_t)v << 20;
            break;
        case 'F': o.follow_outside = 1; break;
        case 'f': o.follow_outside = -1; break;
        case 'D':
            if (strcmp(optarg, "mdy") != 0 && strcmp(optarg, "dmy") != 0)
                return cli_usage_error(cli, "--date-order is mdy or dmy, not '%s'", optarg);
            date_order = optarg;
            break;
        case 'S': o.spelling = 0; break;
        case 'P': o.progress = 1; break;
        case 'Q': o.progress = 0; break;
        case 'C': copy_dir = optarg; break;
        case 'H':
            if ((v = cli_parse_count(optarg)) < 1 || v > INDEX_MAX_SHARDS)
                return cli_usage_error(cli, "--shards needs a number from 1 to %d, not '%s'",
                                       INDEX_MAX_SHARDS, optarg);
            cli->create_shards = (unsigned)v;
            break;
        case 'T': {
            unsigned k, n;
            char extra;
            if (sscanf(optarg, "%u/%u%c", &k, &n, &extra) != 2 || n < 1 || k >= n)
                return cli_usage_error(cli, "--part is K/N with K < N, not '%s'", optarg);
            cli->part_k = k;
            cli->part_n = n;
            break;
        }
        case 'R': o.reindex = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (quiet) {
        msg_set_quiet(1);
        o.progress = 0;
    }
    char **paths = argv + optind;
    size_t npaths = (size_t)(argc - optind);
    if (cli_empty_path(cli, paths, npaths))
        return EXIT_ERROR;
    if (copy_dir && npaths == 0)
        return cli_usage_error(cli, "--copy-into %s: give the files to copy", copy_dir);
    char **owned = NULL;
    size_t nowned = 0;
    /* "-" among the paths: the paths on standard input, in its place. */
    int dash = 0;
    for (size_t i = 0; i < npaths; i++)
        dash |= strcmp(paths[i], "-") == 0;
    if (dash) {
        size_t nin = 0;
        char **in = read_stdin_paths(nul, &nin);
        if (nin == 0) {
            index_free_strings(in, nin);
            msg_error("no paths on standard input");
            return EXIT_ERROR;
        }
        owned = xcalloc(npaths + nin, sizeof *owned);
        for (size_t i = 0; i < npaths; i++) {
            if (strcmp(paths[i], "-") != 0) {
                owned[nowned++] = xstrdup(paths[i]);
            } else if (in) {
                for (size_t k = 0; k < nin; k++)
                    owned[nowned++] = in[k];
                free(in);
                in = NULL;  /* a second "-" reads nothing more */
            }
        }
        paths = owned;
        npaths = nowned;
    } else if (nul) {
        msg_warn("-0 reads NUL-separated paths from standard input: give '-' for them");
    }
    size_t not_copied = 0;   /* failed files, counted in the summary */
    if (copy_dir) {
        char **copies = xcalloc(npaths ? npaths : 1, sizeof *copies);
        size_t nc = 0;
        for (size_t i = 0; i < npaths; i++) {
            int planned;
            char *dst = copy_into(paths[i], copy_dir, o.dry_run, &planned);
            if (dst)
                copies[nc++] = dst;
            else if (!planned)
                not_copied++;
        }
        index_free_strings(owned, nowned);
        owned = copies;
        nowned = nc;
        paths = copies;
        npaths = nc;
        if (!npaths) {
            free(copies);
            return not_copied ? EXIT_NONE : EXIT_OK;   /* a dry run: said */
        }
    }

    dindex_t *ix = cli_open(cli, INDEX_CREATE, 0);
    if (!ix) {
        index_free_strings(owned, nowned);
        return EXIT_ERROR;
    }
    if (cli->create_shards && cli->create_shards != ix->nlocal)
        msg_warn("%s: the index already has %zu shard%s; --shards applies to a new index only",
                 ix->dir, ix->nlocal, ix->nlocal == 1 ? "" : "s");
    if (cli->part_n && (cli->part_n != ix->part_n || cli->part_k != ix->part_k))
        msg_warn("%s: the index holds part %u/%u; --part applies to a new index only",
                 ix->dir, ix->part_k, ix->part_n);
    if (date_order) {
        date_order_t want = strcmp(date_order, "dmy") == 0 ? DATE_ORDER_DMY : DATE_ORDER_MDY;
        unsigned docs = 0;
        for (size_t k = 0; k < ix->nlocal; k++)
            docs += dx_db_doccount(ix->wdb[k]);
        if (docs > 0 && want != ix->date_order) {
            /* Its documents were dated the other way: mixing the two
             * readings in one index would make 03/04 mean two things. */
            msg_error("%s: the index reads numeric dates as %s; --date-order applies to a "
                      "new index", ix->dir, ix->date_order == DATE_ORDER_DMY ? "dmy" : "mdy");
            index_close(ix);
            index_free_strings(owned, nowned);
            return EXIT_ERROR;
        }
        ix->date_order = want;
        if (!o.dry_run)
            dx_db_set_metadata(ix->db, META_DATE_ORDER, date_order, 3);
    }
    char **roots = NULL, **keep = NULL;
    size_t nroots = 0, nkeep = 0;
    if (npaths == 0) {
        /* Re-sync the folders added so far (those gone or empty kept). */
        nkeep = cli_resync_roots(ix, &roots, &nroots, &keep);
        if (nroots + nkeep == 0) {
            index_free_strings(roots, 0);
            index_free_strings(keep, 0);
            index_close(ix);
            return cli_usage_error(cli, "nothing to add: no folder was added before; give "
                                        "files or folders ('dossier update' re-reads the "
                                        "files indexed)");
        }
        paths = roots;
        npaths = nroots;
        o.keep = keep;
        o.nkeep = nkeep;
    }
    if (roots == NULL) {
        /* Named paths through links to what the index holds: read there. */
        size_t nstored = 0;
        char **stored = index_roots(ix, &nstored);
        char **known = xcalloc(nstored + 1, sizeof *known);
        for (size_t i = 0; i < nstored; i++)
            known[i] = index_abs_path(ix, stored[i]);
        known[nstored] = xstrdup(ix->base);
        for (size_t i = 0; i < npaths; i++) {
            char *same = unalias(paths[i], ix->dir, known, nstored + 1);
            if (!same)
                continue;
            msg_file(paths[i], "note: the same as %s (through a symbolic link): read there",
                     msg_path(same));
            if (paths != owned) {
                owned = xcalloc(npaths, sizeof *owned);
                for (size_t k = 0; k < npaths; k++)
                    owned[k] = xstrdup(paths[k]);
                nowned = npaths;
                paths = owned;
            }
            free(owned[i]);
            owned[i] = same;
        }
        index_free_strings(known, nstored + 1);
        /* A folder added before, named again while empty when the index
         * holds documents from it: an unmounted share, as for a re-sync.
         * (A subfolder of one, emptied, is synced as update would.) */
        keep = xcalloc(npaths ? npaths : 1, sizeof *keep);
        for (size_t i = 0; i < npaths; i++) {
            if (strcmp(paths[i], "-") == 0)
                continue;
            char *abs = path_absolute(paths[i]);
            char *path = index_store_path(ix, abs);
            int root = 0;
            for (size_t k = 0; k < nstored && !root; k++)
                root = strcmp(stored[k], path) == 0;
            if (root && cli_keep_if_unmounted(ix, abs, path, 0))
                keep[nkeep++] = path;
            else
                free(path);
            free(abs);
        }
        index_free_strings(stored, nstored);
        o.keep = keep;
        o.nkeep = nkeep;
    }
    o.named = roots == NULL;  /* paths the user named take back exclusions */
    o.prune = INDEXER_PRUNE_WALKED;  /* a re-sync of the folders given */
    indexer_counts_t counts;
    indexer_catch_interrupts(o.progress);
    int rc = indexer_sync(ix, paths, npaths, &o, &counts);
    counts.failed += not_copied + nkeep;
    if (!quiet || counts.interrupted)
        indexer_print_counts(stderr, &counts, o.dry_run);
    index_close(ix);
    index_free_strings(roots, nroots);
    index_free_strings(keep, nkeep);
    index_free_strings(owned, nowned);
    if (rc != 0)
        return EXIT_ERROR;
    if (counts.interrupted)
        return 128 + counts.interrupted;   /* as the shell reports a signal */
    return counts.failed ? EXIT_NONE : EXIT_OK;
}
