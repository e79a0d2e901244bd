/*
 * cmd-update.c - `dossier update`: re-sync every folder added so far.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "indexer/indexer.h"
#include "util/msg.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier update [OPTIONS]\n"
    "\n"
    "Re-sync every folder that 'dossier add' was given: index new and changed\n"
    "files, recognise moved ones, and remove the documents whose files are gone\n"
    "(also those added one by one).  A folder that no longer exists or is empty\n"
    "(not mounted?) fails and keeps its documents.  What 'dossier remove' took\n"
    "out stays out.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run      report what would happen\n"
    "  -v, --verbose      one line per file acted on\n"
    "  -j, --threads N    worker threads\n"
    "      --progress / --no-progress\n"
    "      --index DIR    the index to use\n";

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

int
cmd_update(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dry-run", no_argument, NULL, 'n' },
        { "verbose", no_argument, NULL, 'v' },
        { "threads", required_argument, NULL, 'j' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'Q' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    indexer_opts_t o;
    indexer_opts_init(&o);
    o.progress = isatty(2);
    o.prune = INDEXER_PRUNE_ALL;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, "nvj:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': o.dry_run = 1; break;
        case 'v': o.verbose = 1; break;
        case 'j':
            if ((v = cli_parse_count(optarg)) < 1 || v > 64)
                return cli_usage_error(cli, "--threads needs a number from 1 to 64, not '%s'", optarg);
            o.threads = (int)v;
            break;
        case 'P': o.progress = 1; break;
        case 'Q': o.progress = 0; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cli, "update takes no paths (use 'dossier add PATH')");
    dindex_t *ix = cli_open(cli, INDEX_WRITE, 0);
    if (!ix)
        return EXIT_ERROR;
    size_t nstored = 0, n = 0, missing = 0;
    char **stored = index_roots(ix, &nstored);
    char **roots = xcalloc(nstored ? nstored : 1, sizeof *roots);
    char **keep = xcalloc(nstored ? nstored : 1, sizeof *keep);
    for (size_t i = 0; i < nstored; i++) {
        char *abs = index_abs_path(ix, stored[i]);
        struct stat st;
        int found = stat(abs, &st) == 0;
        int gone = !found && (errno == ENOENT || errno == ENOTDIR);
        if (gone || (found && S_ISDIR(st.st_mode) && folder_empty(abs))) {
            /* Renamed, deleted, or on a drive or share not mounted now
             * (its mount point left empty): nothing under it is removed,
             * as by add, until the user says it is gone for good. */
            msg_file(stored[i], "this folder %s; its documents are kept "
                     "(dossier remove %s forgets them)",
                     gone ? "no longer exists" : "is empty (not mounted?)", msg_path(stored[i]));
            keep[missing++] = xstrdup(stored[i]);
            free(abs);
            continue;
        }
        roots[n++] = abs;
    }
    index_free_strings(stored, nstored);
    o.keep = keep;
    o.nkeep = missing;
    indexer_counts_t counts;
    indexer_catch_interrupts(o.progress);
    int rc = indexer_sync(ix, roots, n, &o, &counts);
    counts.failed += missing;
    indexer_print_counts(stderr, &counts, o.dry_run);
    index_free_strings(roots, n);
    index_free_strings(keep, missing);
    index_close(ix);
    if (rc != 0)
        return EXIT_ERROR;
    if (counts.interrupted)
        return 130;
    return counts.failed ? EXIT_NONE : EXIT_OK;
}
