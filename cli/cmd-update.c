/*
 * cmd-update.c - `dossier update`: re-sync every folder added so far.
 */
#include <getopt.h>
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
    "files, recognise moved ones, and remove the documents whose files are gone;\n"
    "files added one by one are read again when they changed, and removed when\n"
    "gone.  A folder that no longer exists or is empty\n"
    "(not mounted?) while the index holds documents from it fails and keeps\n"
    "them.  What 'dossier remove' took out stays out.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run      report what would happen\n"
    "  -v, --verbose      one line per file acted on\n"
    "  -j, --threads N    worker threads\n"
    "  -q, --quiet        no summary line and no notes: only failures, skips, errors\n"
    "                     (for cron)\n"
    "      --reindex      read and index every file again, changed or not (after\n"
    "                     an upgrade of Dossier); files that failed are retried\n"
    "      --progress / --no-progress\n"
    "      --index DIR    the index to use\n";

int
cmd_update(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dry-run", no_argument, NULL, 'n' },
        { "verbose", no_argument, NULL, 'v' },
        { "threads", required_argument, NULL, 'j' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'Q' },
        { "reindex", no_argument, NULL, 'R' },
        { "quiet", no_argument, NULL, 'q' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    indexer_opts_t o;
    indexer_opts_init(&o);
    o.progress = isatty(2);
    o.prune = INDEXER_PRUNE_ALL;
    int c, quiet = 0;
    long v;
    while ((c = getopt_long(argc, argv, "nvqj:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': o.dry_run = 1; break;
        case 'v': o.verbose = 1; break;
        case 'q': quiet = 1; break;
        case 'j':
            if ((v = cli_parse_count(optarg)) < 1 || v > 64)
                return cli_usage_error(cli, "--threads needs a number from 1 to 64, not '%s'", optarg);
            o.threads = (int)v;
            break;
        case 'P': o.progress = 1; break;
        case 'Q': o.progress = 0; break;
        case 'R': o.reindex = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cli, "update takes no paths (use 'dossier add PATH')");
    if (quiet) {
        msg_set_quiet(1);
        o.progress = 0;
    }
    dindex_t *ix = cli_open(cli, INDEX_WRITE, 0);
    if (!ix)
        return EXIT_ERROR;
    char **roots = NULL, **keep = NULL;
    size_t n = 0;
    size_t missing = cli_resync_roots(ix, &roots, &n, &keep);
    o.keep = keep;
    o.nkeep = missing;
    indexer_counts_t counts;
    indexer_catch_interrupts(o.progress);
    int rc = indexer_sync(ix, roots, n, &o, &counts);
    counts.failed += missing;
    if (!quiet || counts.interrupted)
        indexer_print_counts(stderr, &counts, o.dry_run);
    index_free_strings(roots, n);
    index_free_strings(keep, missing);
    index_close(ix);
    if (rc != 0)
        return EXIT_ERROR;
    if (counts.interrupted)
        return 128 + counts.interrupted;   /* as the shell reports a signal */
    return counts.failed ? EXIT_NONE : EXIT_OK;
}
